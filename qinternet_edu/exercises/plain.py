"""Plain data for answers, cases and expected outputs: what crosses between processes.

A learner's result leaves the process it was computed in only as JSON text built by
:func:`to_plain`, and is rebuilt on the other side by :func:`from_plain` from builtin types
and ``numpy`` arrays of a builtin dtype. Nothing of the learner's objects survives the trip:
an object whose ``__eq__`` says "equal to anything" arrives as its plain value, or as
"unsupported" when it has none. Only exact types are accepted; a subclass of ``float``,
``int``, ``list``, ``dict`` or ``ndarray`` is refused, because it may change comparison.

Encoding (tags keep what JSON lacks): ``None``, ``bool``, ``int``, ``float`` and ``str`` as
themselves (non-finite floats as ``{"__float__": "nan"}``), lists as lists,
``{"__tuple__": [...]}``, ``{"__set__": [...]}``, ``{"__dict__": [[key, value], ...]}``,
``{"__complex__": [re, im]}``, ``{"__ndarray__": [...], "dtype": "float64", "shape": [...]}``,
``{"__circuit__": "<qpy, base64>"}`` for a Qiskit ``QuantumCircuit``, and
``{"__unsupported__": "why"}`` for anything else.

Example:
    >>> import numpy as np
    >>> from_plain(to_plain((1, np.float64(0.5), [True, None])))
    (1, 0.5, [True, None])
    >>> class Anything(float):
    ...     def __eq__(self, other):
    ...         return True
    >>> to_plain(Anything(0.3))
    {'__unsupported__': 'a Anything (a subclass of float, which may change comparison)'}
"""

from __future__ import annotations

import base64
import io
import json
import math
from typing import Any

import numpy as np

__all__ = ["PlainError", "Unsupported", "dumps", "from_plain", "loads", "to_plain"]

_MAX_DEPTH = 40
_BUILTIN_DTYPES = "biufc"


class PlainError(ValueError):
    """Data that is not a valid plain encoding."""


class Unsupported:
    """Stands for a value that has no plain form (its :attr:`why` says what it was)."""

    def __init__(self, why: str):
        self.why = str(why)

    def __repr__(self) -> str:
        return f"Unsupported({self.why!r})"


def _float(x: float) -> Any:
    return x if math.isfinite(x) else {"__float__": repr(x)}


_EXACT = (bool, int, float, complex, str, list, tuple, dict, set, frozenset, np.ndarray)


def _subclass_note(value: Any) -> dict | None:
    if type(value) in _EXACT:
        return None
    for base in (bool, int, float, complex, str, list, tuple, dict, set, frozenset, np.ndarray):
        if isinstance(value, base) and type(value) is not base:
            if isinstance(value, np.generic) and type(value).__module__ == "numpy":
                return None
            return {
                "__unsupported__": f"a {type(value).__name__} (a subclass of {base.__name__}, "
                "which may change comparison)"
            }
    return None


def to_plain(value: Any, _depth: int = 0) -> Any:
    """The JSON-ready plain encoding of ``value`` (see the module's description)."""
    if _depth > _MAX_DEPTH:
        return {"__unsupported__": "a value nested too deeply"}
    refused = _subclass_note(value)
    if refused is not None:
        return refused
    kind = type(value)
    if value is None or kind is bool or kind is str:
        return value
    if kind is int:
        return value
    if kind is float:
        return _float(value)
    if kind is complex:
        return {"__complex__": [_float(value.real), _float(value.imag)]}
    if isinstance(value, np.generic) and kind.__module__ == "numpy":
        if value.dtype.kind not in _BUILTIN_DTYPES:
            return {"__unsupported__": f"a numpy {value.dtype} scalar"}
        return to_plain(value.item(), _depth + 1)
    if kind is list:
        return [to_plain(v, _depth + 1) for v in value]
    if kind is tuple:
        return {"__tuple__": [to_plain(v, _depth + 1) for v in value]}
    if kind is set or kind is frozenset:
        items = [to_plain(v, _depth + 1) for v in value]  # in a fixed order, for stable data
        return {"__set__": sorted(items, key=lambda v: json.dumps(v, sort_keys=True))}
    if kind is dict:
        return {
            "__dict__": [
                [to_plain(k, _depth + 1), to_plain(v, _depth + 1)] for k, v in value.items()
            ]
        }
    if kind is np.ndarray:
        if value.dtype.kind not in _BUILTIN_DTYPES:
            return {"__unsupported__": f"a numpy array of {value.dtype}"}
        data = value.tolist()
        if value.dtype.kind == "c":
            data = {"__complex_array__": [np.real(value).tolist(), np.imag(value).tolist()]}
        elif value.dtype.kind == "f" and not np.all(np.isfinite(value)):
            data = {"__float_text__": [repr(x) for x in value.ravel().tolist()]}
        return {"__ndarray__": data, "dtype": value.dtype.str, "shape": list(value.shape)}
    circuit = _circuit_plain(value)
    if circuit is not None:
        return circuit
    return {"__unsupported__": f"a {kind.__name__}"}


def _circuit_plain(value: Any) -> dict | None:
    if type(value).__name__ != "QuantumCircuit" or not type(value).__module__.startswith("qiskit"):
        return None
    from qiskit import QuantumCircuit, qpy

    if type(value) is not QuantumCircuit:
        return {"__unsupported__": "a subclass of QuantumCircuit"}
    buffer = io.BytesIO()
    qpy.dump(value.copy(name="circuit"), buffer)  # an automatic name would change each run
    return {"__circuit__": base64.b64encode(buffer.getvalue()).decode("ascii")}


def from_plain(data: Any, _depth: int = 0) -> Any:
    """The value encoded by :func:`to_plain` (builtin types, numpy arrays, circuits).

    Raises:
        PlainError: the data is not a plain encoding (e.g. an unknown tag, a bad array).
    """
    if _depth > _MAX_DEPTH:
        raise PlainError("plain data nested too deeply")
    kind = type(data)
    if data is None or kind in (bool, int, float, str):
        return data
    if kind is list:
        return [from_plain(v, _depth + 1) for v in data]
    if kind is not dict or len(data) == 0:
        raise PlainError(f"not plain data: a {kind.__name__}")
    if "__float__" in data:
        text = data["__float__"]
        if text not in ("nan", "inf", "-inf"):
            raise PlainError(f"not a float: {text!r}")
        return float(text)
    if "__complex__" in data:
        re, im = (from_plain(x, _depth + 1) for x in data["__complex__"])
        return complex(float(re), float(im))
    if "__tuple__" in data:
        return tuple(from_plain(v, _depth + 1) for v in _list(data["__tuple__"]))
    if "__set__" in data:
        return {from_plain(v, _depth + 1) for v in _list(data["__set__"])}
    if "__dict__" in data:
        return {
            from_plain(k, _depth + 1): from_plain(v, _depth + 1)
            for k, v in (_pair(item) for item in _list(data["__dict__"]))
        }
    if "__ndarray__" in data:
        return _array(data)
    if "__circuit__" in data:
        from qiskit import qpy

        raw = base64.b64decode(str(data["__circuit__"]).encode("ascii"), validate=True)
        circuits = qpy.load(io.BytesIO(raw))
        if len(circuits) != 1:
            raise PlainError("expected one circuit")
        return circuits[0]
    if "__unsupported__" in data:
        return Unsupported(str(data["__unsupported__"]))
    raise PlainError(f"unknown tag in plain data: {sorted(data)[:3]}")


def _list(data: Any) -> list:
    if type(data) is not list:
        raise PlainError("expected a list in plain data")
    return data


def _pair(item: Any) -> tuple[Any, Any]:
    if type(item) is not list or len(item) != 2:
        raise PlainError("expected [key, value] in a plain dict")
    return item[0], item[1]


def _array(data: dict) -> np.ndarray:
    dtype = np.dtype(str(data.get("dtype")))
    if dtype.kind not in _BUILTIN_DTYPES or dtype.hasobject:
        raise PlainError(f"an array of {dtype} is not plain data")
    shape = tuple(int(n) for n in _list(data.get("shape")))
    raw = data["__ndarray__"]
    if type(raw) is dict and "__complex_array__" in raw:
        re, im = raw["__complex_array__"]
        values = np.asarray(re, dtype=float) + 1j * np.asarray(im, dtype=float)
    elif type(raw) is dict and "__float_text__" in raw:
        values = np.asarray([float(x) for x in _list(raw["__float_text__"])], dtype=float)
    else:
        values = np.asarray(raw)
        if values.dtype.hasobject:
            raise PlainError("a ragged array is not plain data")
    try:
        return np.asarray(values, dtype=dtype).reshape(shape)
    except (ValueError, TypeError) as exc:
        raise PlainError(f"a bad array: {exc}") from None


def dumps(value: Any) -> str:
    """:func:`to_plain` as JSON text."""
    return json.dumps(to_plain(value), allow_nan=False, separators=(",", ":"))


def loads(text: str) -> Any:
    """:func:`from_plain` of JSON text (strict: no NaN literals, no huge nesting)."""
    try:
        data = json.loads(text, parse_constant=_no_constant)
    except RecursionError:
        raise PlainError("plain data nested too deeply") from None
    except ValueError as exc:
        raise PlainError(f"not JSON: {exc}") from None
    return from_plain(data)


def _no_constant(name: str) -> Any:
    raise PlainError(f"JSON constant {name} is not plain data")
