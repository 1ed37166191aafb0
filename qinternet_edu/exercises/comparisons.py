"""How answers are compared: named, data-described comparisons, and short texts for values.

A task names its comparison (``compare_allclose(rtol=1e-6, atol=1e-9)``, ``compare_bits()``,
``named("placement")``, ...) instead of holding a function: a :class:`Comparison` is plain
data (a name and parameters), so the installed package can store each task's comparison
beside its public cases, and a fresh process can rebuild it. None of the comparisons holds a
task's answer: they say how close is close enough, never what the answer is.

Example:
    >>> compare_allclose(atol=1e-6)(0.25, 0.25000001) is None
    True
    >>> compare_allclose(atol=1e-6)(0.25, 0.5)
    'expected 0.25, got 0.5'
    >>> compare_allclose(rtol=1e-3, atol=0.0).spec()
    {'name': 'allclose', 'params': {'atol': 0.0, 'rtol': 0.001}}
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

__all__ = [
    "COMPARISONS",
    "Comparison",
    "WrongType",
    "compare_allclose",
    "compare_bits",
    "compare_equal",
    "compare_sampled",
    "named",
    "short",
]


class WrongType(Exception):
    """Raised by a compare function when the answer has the wrong type (not just a wrong value)."""


def short(value: Any, width: int = 60) -> str:
    """A short, rounded text for a value (4 significant digits), for verdict messages.

    Example:
        >>> short(1 / 3)
        '0.3333'
        >>> short([0.5, 2 / 3])
        '[0.5, 0.6667]'
    """
    if isinstance(value, bool | np.bool_):
        text = repr(bool(value))
    elif isinstance(value, numbers.Integral):
        text = str(int(value))
    elif isinstance(value, numbers.Real):
        text = _number(float(value))
    elif isinstance(value, numbers.Complex):
        text = f"{complex(value):.4g}"
    elif isinstance(value, np.ndarray):
        if value.dtype.kind == "f" and value.ndim == 1 and value.size <= 8:
            text = "[" + ", ".join(_number(x) for x in value.tolist()) + "]"
        elif value.dtype.kind in "biuf":
            text = np.array2string(value, precision=4, separator=", ", threshold=8)
            text = " ".join(text.split())
        else:
            text = repr(value.tolist())
    elif isinstance(value, list | tuple):
        inner = ", ".join(short(v, width) for v in value[:8])
        more = ", ..." if len(value) > 8 else ""
        text = f"[{inner}{more}]" if isinstance(value, list) else f"({inner}{more})"
    elif isinstance(value, dict):
        items = sorted(value.items(), key=lambda kv: str(kv[0]))[:8]
        text = "{" + ", ".join(f"{k!r}: {short(v, width)}" for k, v in items) + "}"
    elif isinstance(value, str):
        text = repr(value)
    else:
        text = f"a {type(value).__name__}"
    if len(text) > width:
        text = text[: width - 3] + "..."
    return text


def _number(x: float) -> str:
    return "0" if abs(x) < 1e-12 else f"{x:.4g}"


def _type_name(value: Any) -> str:
    return type(value).__name__


def _is_number(value: Any) -> bool:
    return isinstance(value, numbers.Number) and not isinstance(value, bool | np.bool_)


def _allclose(*, rtol: float = 1e-6, atol: float = 1e-9) -> Callable[[Any, Any], str | None]:
    """Numbers or arrays of numbers, equal within ``|got - expected| <= atol + rtol |expected|``.

    A list or tuple is accepted where an array is expected, and a 0-d array where a
    number is expected; a string, a bool or None is a wrong type.
    """

    def compare(expected: Any, got: Any) -> str | None:
        exp = np.asarray(expected, dtype=float)
        if exp.ndim == 0:
            if isinstance(got, np.ndarray) and got.size == 1:
                got = got.reshape(())[()]
            if not _is_number(got) or (
                isinstance(got, complex) and not isinstance(expected, complex)
            ):
                raise WrongType(f"expected a number (float), got {_type_name(got)} {short(got)}")
            value = complex(got) if isinstance(got, numbers.Complex) else got
            if isinstance(value, complex):
                if value.imag != 0:
                    raise WrongType(f"expected a real number, got the complex number {short(got)}")
                value = value.real
            value = float(value)
            if math.isnan(value):
                return f"expected {short(expected)}, got nan"
            target = float(exp)
            # The same rule as arrays (numpy.isclose), so a number and a list of one agree.
            if not abs(value - target) <= atol + rtol * abs(target):
                shown_exp, shown_got = short(target), short(value)
                if shown_exp == shown_got:  # they differ beyond four digits: show more
                    shown_exp, shown_got = f"{target:.10g}", f"{value:.10g}"
                return f"expected {shown_exp}, got {shown_got}"
            return None
        if not isinstance(got, np.ndarray | list | tuple):
            raise WrongType(
                f"expected an array (or list) of {exp.size} numbers, got {_type_name(got)} "
                f"{short(got)}"
            )
        try:
            arr = np.asarray(got)
        except ValueError:
            raise WrongType("expected an array of numbers, got a ragged list") from None
        if arr.dtype == bool or arr.dtype.kind not in "iufc":
            raise WrongType(f"expected an array of numbers, got elements of type {arr.dtype}")
        if arr.dtype.kind == "c":
            if np.any(arr.imag != 0):
                return "expected real numbers, got complex ones"
            arr = arr.real
        if arr.shape != exp.shape:
            return f"expected shape {exp.shape}, got shape {arr.shape}: {short(arr)}"
        close = np.isclose(arr.astype(float), exp, rtol=rtol, atol=atol)
        if not close.all():
            first = np.argwhere(~close)[0]
            where = int(first[0]) if len(first) == 1 else tuple(int(i) for i in first)
            detail = ""
            if short(exp) == short(arr):  # they differ beyond four digits: show the entry
                detail = f": {exp[tuple(first)]:.10g} expected, {float(arr[tuple(first)]):.10g} got"
            return (
                f"expected {short(exp)}, got {short(arr)} (first difference at index {where}"
                f"{detail})"
            )
        return None

    return compare


def _equal() -> Callable[[Any, Any], str | None]:
    """Exact equality (integers, strings, tuples); a number expected but a string given is a
    wrong type. Integral floats like ``3.0`` count as the integer 3.
    """

    def compare(expected: Any, got: Any) -> str | None:
        if _is_number(expected) and not _is_number(got):
            if isinstance(got, np.ndarray) and got.size == 1 and _is_number(got.reshape(())[()]):
                got = got.reshape(())[()]
            else:
                kind = "an integer" if isinstance(expected, numbers.Integral) else "a number"
                raise WrongType(f"expected {kind}, got {_type_name(got)} {short(got)}")
        if isinstance(expected, str) and not isinstance(got, str):
            raise WrongType(f"expected a string, got {_type_name(got)} {short(got)}")
        if isinstance(expected, list | tuple) and not isinstance(got, list | tuple | np.ndarray):
            raise WrongType(f"expected a list of {len(expected)} items, got {_type_name(got)}")
        try:
            same = bool(np.all(np.asarray(expected) == np.asarray(got))) and np.shape(
                expected
            ) == np.shape(got)
        except (ValueError, TypeError):
            same = expected == got
        return None if same else f"expected {short(expected)}, got {short(got)}"

    return compare


def _bits() -> Callable[[Any, Any], str | None]:
    """Arrays of bits (0/1 as ints or bools): same length, same bits."""

    def compare(expected: Any, got: Any) -> str | None:
        exp = np.asarray(expected).astype(np.uint8)
        if not isinstance(got, np.ndarray | list | tuple):
            raise WrongType(f"expected an array of bits (0/1), got {_type_name(got)} {short(got)}")
        arr = np.asarray(got)
        if arr.size == 0:
            arr = arr.astype(np.uint8)  # an empty list is float64 to numpy, yet a valid empty key
        if arr.dtype != bool and arr.dtype.kind not in "iu":
            raise WrongType(f"expected an array of bits (0/1), got elements of type {arr.dtype}")
        if arr.shape != exp.shape:
            return f"expected {exp.size} bits, got shape {arr.shape}"
        if np.any((arr != 0) & (arr != 1)):
            return f"expected only bits 0 and 1, got {short(arr)}"
        diff = np.flatnonzero(arr.astype(np.uint8) != exp)
        if diff.size:
            return (
                f"expected {short(exp)}, got {short(arr.astype(np.uint8))} ({diff.size} of "
                f"{exp.size} bits differ, first at index {int(diff[0])})"
            )
        return None

    return compare


# ---------------------------------------------------------------------------------------------
# Comparisons of particular tasks (none of them holds an answer).


def _placement() -> Callable[[Any, Any], str | None]:
    """A dict application -> stage; wrong entries are named, without their right stage."""

    def compare(expected: Any, got: Any) -> str | None:
        if not isinstance(got, dict):
            raise WrongType(
                f"expected a dict mapping application -> stage, got {type(got).__name__}"
            )
        missing = [name for name in expected if name not in got]
        if missing:
            return f"missing {len(missing)} application(s), e.g. {missing[0]!r}"
        for name, stage in got.items():
            if name in expected and (isinstance(stage, bool) or not isinstance(stage, int)):
                raise WrongType(f"the stage of {name!r} should be an integer, got {short(stage)}")
        wrong = [name for name in expected if got[name] != expected[name]]
        if wrong:
            return (
                f"{len(wrong)} of {len(expected)} placements are off, e.g. {wrong[0]!r} is not "
                f"at stage {got[wrong[0]]}"
            )
        return None

    return compare


def _amplitude(a: complex) -> str:
    re, im = (0.0 if abs(x) < 1e-12 else round(x, 3) for x in (a.real, a.imag))
    return f"{re:g}" if im == 0 else f"{complex(re, im):g}"


def _circuit_state(*, name: str = "|->") -> Callable[[Any, Any], str | None]:
    """The same one-qubit state as the expected circuit's (up to a global phase)."""

    def compare(expected: Any, got: Any) -> str | None:
        from qiskit import QuantumCircuit
        from qiskit.quantum_info import Statevector

        if type(got) is not QuantumCircuit:
            raise WrongType(f"expected a qiskit QuantumCircuit, got {type(got).__name__}")
        if got.num_qubits != 1:
            return f"expected a circuit on 1 qubit, got {got.num_qubits} qubits"
        if got.num_clbits or any(inst.operation.name == "measure" for inst in got.data):
            return (
                "the circuit should prepare the state without measuring it: remove the measurement"
            )
        state = Statevector(got).data
        target = Statevector(expected).data
        overlap = abs(np.vdot(target, state)) ** 2
        if overlap < 1 - 1e-9:
            amps = ", ".join(_amplitude(a) for a in state)
            return (
                f"your circuit prepares amplitudes [{amps}]; its overlap with {name} is "
                f"{overlap:.3f}"
            )
        return None

    return compare


def _optional(
    *, none_reason: str, what: str = "", unit: str = "", rtol: float = 1e-6, atol: float = 1e-9
) -> Callable[[Any, Any], str | None]:
    """A number within tolerance, or None where the task says no number exists."""
    close = _allclose(rtol=rtol, atol=atol)

    def compare(expected: Any, got: Any) -> str | None:
        if expected is None:
            if got is None:
                return None
            return f"{none_reason}: expected None, got {short(got)}"
        if got is None:
            return f"expected {what}{short(expected)}{unit}, got None"
        return close(expected, got)

    return compare


def _sampled(*, seeds: int, z: float, low: float, high: float) -> Callable[[Any, Any], str | None]:
    """One estimate of a simulation task: a number in [0, 1]. Whether the estimates of all
    seeds look like sampling is decided on all of them together (:func:`.sampling.verdict`)."""

    def compare(expected: Any, got: Any) -> str | None:
        if isinstance(got, bool | np.bool_) or not isinstance(got, int | float | np.number):
            raise WrongType(f"expected a number (the fraction of shots), got {_type_name(got)}")
        if not 0.0 <= float(got) <= 1.0:
            return f"a fraction of shots lies in [0, 1]; got {short(got)}"
        return None

    return compare


def _names() -> Callable[[Any, Any], str | None]:
    """A collection of names (strings), in any order."""

    def compare(expected: Any, got: Any) -> str | None:
        if isinstance(got, str) or not isinstance(got, list | tuple | set | frozenset):
            raise WrongType(f"expected a list (or set) of node names, got {type(got).__name__}")
        if not all(isinstance(n, str) for n in got):
            raise WrongType("expected node names (strings)")
        want, have = set(expected), set(got)
        if want == have:
            return None
        parts = []
        if want - have:
            parts.append(f"missing {sorted(want - have)}")
        if have - want:
            parts.append(f"these do not learn the key: {sorted(have - want)}")
        return "; ".join(parts)

    return compare


def _pair(*, labels: tuple[str, str], rtol: float = 1e-6, atol: float = 1e-6):
    """Two named numbers, each within tolerance."""

    def compare(expected: Any, got: Any) -> str | None:
        if isinstance(got, str) or not isinstance(got, tuple | list | np.ndarray) or len(got) != 2:
            raise WrongType(f"expected a pair ({labels[0]}, {labels[1]})")
        for label, want, have in zip(labels, expected, got, strict=True):
            if isinstance(have, bool | np.bool_) or not isinstance(have, numbers.Real):
                raise WrongType(f"expected numbers, got {type(have).__name__} for the {label}")
            if not abs(float(have) - want) <= atol + rtol * abs(want):
                return f"{label}: expected {want:.4g}, got {float(have):.4g}"
        return None

    return compare


def _count_or_none(*, what: str, none_reason: str) -> Callable[[Any, Any], str | None]:
    """An integer count, or None where the task says none exists."""

    def compare(expected: Any, got: Any) -> str | None:
        if got is not None and (
            isinstance(got, bool | np.bool_) or not isinstance(got, int | np.integer)
        ):
            raise WrongType(f"expected an integer number of {what} or None, got {short(got)}")
        if expected is None and got is None:
            return None
        if expected is None:
            return f"{none_reason}: expected None, got {short(got)}"
        if got is None:
            return f"expected {expected} {what}, got None"
        return None if int(got) == expected else f"expected {expected} {what}, got {int(got)}"

    return compare


def _bit_list(got: Any, what: str) -> list:
    if isinstance(got, str) or not isinstance(got, list | tuple | np.ndarray):
        raise WrongType(f"expected a list of {what}, got {type(got).__name__}")
    values = list(got)
    for v in values:
        if v is not None and (isinstance(v, float) or v not in (0, 1)):
            raise WrongType(f"expected {what} (0, 1 or None), got {short(v)}")
    return [None if v is None else int(v) for v in values]


def _secret_agreement(*, min_fraction: float, min_kept: int) -> Callable[[Any, Any], str | None]:
    """Bits a node program recovered, judged against secret inputs the checker chose.

    ``expected`` is the checker's list: a bit where the protocol must recover that secret bit
    (or say ``None``: lost), ``None`` where the protocol must discard the slot (e.g. sifting).
    ``got`` is the program's list of the same length. At least ``min_kept`` slots must be
    kept, and at least ``min_fraction`` of the kept ones must equal the secret.
    """

    def compare(expected: Any, got: Any) -> str | None:
        got = _bit_list(got, "bits")
        if len(got) != len(expected):
            return f"expected one entry per slot ({len(expected)}), got {len(got)}"
        kept = [i for i, v in enumerate(got) if v is not None]
        wrongly_kept = [i for i in kept if expected[i] is None]
        if wrongly_kept:
            return (
                f"slot {wrongly_kept[0]} should have been discarded (None); "
                f"{len(wrongly_kept)} such slot(s) were kept"
            )
        if len(kept) < min_kept:
            return f"only {len(kept)} slot(s) kept; at least {min_kept} expected"
        right = sum(got[i] == expected[i] for i in kept)
        fraction = right / len(kept) if kept else 1.0
        if fraction < min_fraction:
            return (
                f"{right} of {len(kept)} kept bits match the secret ({fraction:.3f}); "
                f"at least {min_fraction:.3f} expected"
            )
        return None

    return compare


def _agreed_coin(*, low: float, high: float) -> Callable[[Any, Any], str | None]:
    """Two nodes' lists of outcomes (e.g. leaders elected): identical, as long as the expected
    ones (only their length is used), with a fraction of ones in ``[low, high]`` (a fair coin,
    not a constant)."""

    def compare(expected: Any, got: Any) -> str | None:
        if isinstance(got, str) or not isinstance(got, list | tuple) or len(got) != 2:
            raise WrongType("expected a pair of lists (one per node)")
        first, second = _bit_list(got[0], "bits"), _bit_list(got[1], "bits")
        n = len(expected[0])
        if len(first) != n or len(second) != n:
            return f"expected {n} rounds from each node, got {len(first)} and {len(second)}"
        if None in first or None in second:
            return "every round must end with a result at both nodes"
        differ = [i for i, (a, b) in enumerate(zip(first, second, strict=True)) if a != b]
        if differ:
            return f"the nodes disagree in {len(differ)} round(s), first in round {differ[0]}"
        ones = sum(first) / n
        if not low <= ones <= high:
            return f"the outcome is 1 in {ones:.2f} of the rounds; a fair choice gives about 0.5"
        return None

    return compare


def _plan() -> Callable[[Any, Any], str | None]:
    """A design's plan: a dict from each node it changes to the kind bought for it, the same
    purchases as the expected plan (in any order); None where no plan works.

    Example:
        >>> compare = _plan()
        >>> compare({"Hague exchange": "repeater"}, {"Hague exchange": "repeater"}) is None
        True
        >>> print(compare({"Hague exchange": "repeater"}, {"Lab": "repeater"}))
        not the cheapest plan that runs every wish: it buys Lab -> repeater, which the cheapest
        plan does not; it lacks Hague exchange -> repeater, which the cheapest plan buys
    """

    def purchases(plan: dict) -> str:
        return ", ".join(f"{node} -> {kind}" for node, kind in sorted(plan.items()))

    def compare(expected: Any, got: Any) -> str | None:
        if got is not None and not isinstance(got, dict):
            raise WrongType(
                f"expected a dict {{node: kind}} of the upgrades to buy (or None), "
                f"got {_type_name(got)} {short(got)}"
            )
        if got is not None and not all(
            isinstance(k, str) and isinstance(v, str) for k, v in got.items()
        ):
            raise WrongType("a plan maps node names (strings) to the kinds bought (strings)")
        if expected is None:
            return (
                None
                if got is None
                else (f"no plan on offer lets every wish run, so return None; got {short(got)}")
            )
        if got is None:
            return "a plan on offer lets every wish run; got None"
        if got == expected:
            return None
        extra = {n: k for n, k in got.items() if expected.get(n) != k}
        missing = {n: k for n, k in expected.items() if got.get(n) != k}
        parts = []
        if extra:
            parts.append(f"buys {purchases(extra)}, which the cheapest plan does not")
        if missing:
            parts.append(f"lacks {purchases(missing)}, which the cheapest plan buys")
        return "not the cheapest plan that runs every wish: it " + "; it ".join(parts)

    return compare


#: Every comparison by name: ``name -> factory(**params) -> compare(expected, got)``.
COMPARISONS: dict[str, Callable[..., Callable[[Any, Any], str | None]]] = {
    "allclose": _allclose,
    "equal": _equal,
    "bits": _bits,
    "placement": _placement,
    "circuit_state": _circuit_state,
    "optional": _optional,
    "sampled": _sampled,
    "names": _names,
    "pair": _pair,
    "count_or_none": _count_or_none,
    "secret_agreement": _secret_agreement,
    "agreed_coin": _agreed_coin,
    "plan": _plan,
}


@dataclass(frozen=True)
class Comparison:
    """A named comparison with its parameters: ``Comparison("allclose", (("atol", 0.0),))``.

    Calling it compares: ``comparison(expected, got)`` is None when ``got`` is right, else a
    short text saying what is wrong; it may raise :class:`WrongType`.
    """

    name: str
    params: tuple[tuple[str, Any], ...] = ()
    _built: list = field(default_factory=list, compare=False, repr=False)

    def __post_init__(self):
        if self.name not in COMPARISONS:
            raise ValueError(f"comparison must be one of {sorted(COMPARISONS)}; got {self.name!r}")
        object.__setattr__(self, "params", tuple(sorted(self.params)))

    def __call__(self, expected: Any, got: Any) -> str | None:
        if not self._built:
            params = {k: tuple(v) if isinstance(v, list) else v for k, v in self.params}
            self._built.append(COMPARISONS[self.name](**params))
        return self._built[0](expected, got)

    @property
    def seeds(self) -> int | None:
        """Seeds per setting of a simulation comparison (:func:`compare_sampled`), else None."""
        return int(dict(self.params)["seeds"]) if self.name == "sampled" else None

    def spec(self) -> dict:
        """The comparison as JSON-ready data: ``{"name": ..., "params": {...}}``."""
        return {"name": self.name, "params": {k: v for k, v in self.params}}

    @classmethod
    def from_spec(cls, spec: dict) -> Comparison:
        """The comparison described by :meth:`spec`'s data."""
        return cls(str(spec["name"]), tuple(dict(spec.get("params", {})).items()))


def named(name: str, /, **params: Any) -> Comparison:
    """The comparison ``name`` of :data:`COMPARISONS` with its parameters.

    Example:
        >>> named("names")(["Alice", "Bob"], {"Bob", "Alice"}) is None
        True
    """
    return Comparison(name, tuple(params.items()))


def compare_allclose(*, rtol: float = 1e-6, atol: float = 1e-9) -> Comparison:
    """Numbers or arrays of numbers, equal within ``|got - expected| <= atol + rtol |expected|``.

    A list or tuple is accepted where an array is expected, and a 0-d array where a
    number is expected; a string, a bool or None is a wrong type.

    Example:
        >>> compare_allclose()([0.5, 0.5], [0.5, 0.6])
        'expected [0.5, 0.5], got [0.5, 0.6] (first difference at index 1)'
        >>> compare_allclose(rtol=0.1, atol=0.0)(1.0, 1.105)  # the same rule for a number
        'expected 1, got 1.105'
        >>> compare_allclose()(1.0, 1.00001)  # differing beyond four digits: more are shown
        'expected 1, got 1.00001'
    """
    return named("allclose", rtol=float(rtol), atol=float(atol))


def compare_equal() -> Comparison:
    """Exact equality (integers, strings, tuples); a number expected but a string given is a
    wrong type. Integral floats like ``3.0`` count as the integer 3.

    Example:
        >>> compare_equal()(3, 3.0) is None
        True
        >>> compare_equal()(3, 4)
        'expected 3, got 4'
    """
    return named("equal")


def compare_bits() -> Comparison:
    """Arrays of bits (0/1 as ints or bools): same length, same bits.

    Example:
        >>> compare_bits()([0, 1, 1], [0, 1, 0])
        'expected [0, 1, 1], got [0, 1, 0] (1 of 3 bits differ, first at index 2)'
        >>> compare_bits()(np.zeros(0, dtype=np.uint8), []) is None  # an empty key is fine
        True
    """
    return named("bits")


def compare_sampled(
    *, seeds: int, z: float = 5.5, low: float = 0.25, high: float = 2.0
) -> Comparison:
    """A simulation task's comparison: every setting runs with ``seeds`` seeds (and its first
    seed once more); the estimates must repeat for a repeated seed, vary from seed to seed by
    ``low`` to ``high`` times the standard error sampling predicts (pooled over the
    settings), and average, per setting, within ``z`` standard errors of the mean of the
    exact value. See :mod:`.sampling`, whose :func:`~.sampling.honest_failure_probability`
    says how often an honest sampler fails.

    Example:
        >>> c = compare_sampled(seeds=8)
        >>> c.seeds, c(None, 0.5) is None
        (8, True)
        >>> c(None, 1.5)
        'a fraction of shots lies in [0, 1]; got 1.5'
    """
    if isinstance(seeds, bool) or not isinstance(seeds, int) or seeds < 3:
        raise ValueError(f"seeds must be an integer >= 3; got {seeds!r}")
    if not (z > 0 and 0 < low < 1 < high):
        raise ValueError(f"need z > 0 and 0 < low < 1 < high; got z={z}, low={low}, high={high}")
    return named("sampled", seeds=seeds, z=float(z), low=float(low), high=float(high))
