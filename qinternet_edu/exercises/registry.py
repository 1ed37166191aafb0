"""The task registry: what a task is, how its answers are compared, and where tasks live.

A task is one graded exercise, numbered ``NN.k`` (module ``NN``, task ``k``).
Each module's tasks are defined in ``qinternet_edu/exercises/tasks/mNN.py``
and registered there with :func:`register`; the first call to
:func:`get_task` or :func:`all_tasks` imports every such file.

A task says how to check an answer, never what the answer looks like: the
learner's function runs on seeded cases and its results are compared with the
reference's within a tolerance, so any equivalent answer passes.

Example:
    >>> from qinternet_edu.exercises.registry import compare_allclose
    >>> compare_allclose(atol=1e-6)(0.25, 0.25000001) is None
    True
    >>> compare_allclose(atol=1e-6)(0.25, 0.5)
    'expected 0.25, got 0.5'
"""

from __future__ import annotations

import importlib
import math
import numbers
import re
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

__all__ = [
    "Case",
    "Task",
    "WrongType",
    "all_tasks",
    "compare_allclose",
    "compare_bits",
    "compare_equal",
    "get_task",
    "module_title",
    "register",
    "register_module",
    "short",
    "task_rng",
]

_TASK_ID = re.compile(r"^\d{2}\.\d{1,2}$")
_KINDS = ("function", "value")


class WrongType(Exception):
    """Raised by a compare function when the answer has the wrong type (not just a wrong value)."""


@dataclass(frozen=True)
class Case:
    """One input on which the learner's function runs: ``answer(*args, **kwargs)``.

    Args:
        kwargs: keyword arguments passed to the function.
        args: positional arguments (rarely needed; keywords read better).
        label: a short description shown when this case fails, e.g. ``"theta = 60 deg"``.
    """

    kwargs: Mapping[str, Any] = field(default_factory=dict)
    args: tuple = ()
    label: str = ""

    def describe(self) -> str:
        """The label, or the arguments written out briefly."""
        if self.label:
            return self.label
        parts = [short(a) for a in self.args]
        parts += [f"{k}={short(v)}" for k, v in self.kwargs.items()]
        return ", ".join(parts) or "no arguments"


@dataclass(frozen=True)
class Task:
    """A graded exercise: a reference behaviour, seeded cases, a comparison, hints and points.

    Args:
        task_id: ``"NN.k"``, e.g. ``"01.2"``.
        title: a short title, shown in headings, verdicts and reports.
        kind: ``"function"`` (the answer is a callable run on every case) or
            ``"value"`` (the answer is a value, or a zero-argument function returning it,
            compared with ``reference()``).
        reference: the correct behaviour (calls the library where it has the physics).
        cases: ``callable(rng) -> list[Case]``; ignored for ``"value"`` tasks.
        hidden_cases: extra cases used only by ``check(..., hidden=True)``.
        compare: ``callable(expected, got) -> None`` if the answer is right, else a short
            string saying what is wrong; it may raise :class:`WrongType`.
        hints: hints shown one at a time by ``hint(task_id)``, gentlest first.
        points: points in an nbgrader course.
    """

    task_id: str
    title: str
    kind: str
    reference: Callable[..., Any]
    cases: Callable[[np.random.Generator], Sequence[Case]] | None = field(default=None, repr=False)
    hidden_cases: Callable[[np.random.Generator], Sequence[Case]] | None = field(
        default=None, repr=False
    )
    compare: Callable[[Any, Any], str | None] | None = field(default=None, repr=False)
    hints: tuple[str, ...] = field(default=(), repr=False)
    points: int = 1

    def __post_init__(self):
        if not isinstance(self.task_id, str) or not _TASK_ID.match(self.task_id):
            raise ValueError(f"task_id must look like 'NN.k' (e.g. '01.2'); got {self.task_id!r}")
        if self.kind not in _KINDS:
            raise ValueError(f"kind must be one of {_KINDS}; got {self.kind!r}")
        if not callable(self.reference):
            raise TypeError(f"reference must be callable; got {type(self.reference).__name__}")
        if self.kind == "function" and not callable(self.cases):
            raise ValueError(f"task {self.task_id}: a 'function' task needs cases=callable(rng)")
        if isinstance(self.points, bool) or not isinstance(self.points, int) or self.points < 0:
            raise ValueError(f"points must be a non-negative integer; got {self.points!r}")
        if isinstance(self.hints, str):
            raise TypeError("hints must be a tuple of strings, not one string")
        object.__setattr__(self, "hints", tuple(self.hints))
        if self.compare is None:
            object.__setattr__(self, "compare", compare_allclose())

    @property
    def module(self) -> str:
        """The module number ``"NN"``."""
        return self.task_id.split(".")[0]

    def make_cases(self, *, hidden: bool = False) -> list[Case]:
        """The seeded cases (plus the hidden ones when ``hidden``); the same on every run."""
        if self.kind == "value":
            return [Case(label="your value")]
        found = list(self.cases(task_rng(self.task_id)))
        if hidden and self.hidden_cases is not None:
            found += list(self.hidden_cases(task_rng(self.task_id, salt="hidden")))
        for case in found:
            if not isinstance(case, Case):
                raise TypeError(f"task {self.task_id}: cases must be Case objects; got {case!r}")
        return found


_REGISTRY: dict[str, Task] = {}
_MODULE_TITLES: dict[str, str] = {}
_LOADED = False


def register(task: Task) -> Task:
    """Add a task to the registry (re-registering the same id from the same file replaces it)."""
    if not isinstance(task, Task):
        raise TypeError(f"task must be a Task; got {type(task).__name__}")
    old = _REGISTRY.get(task.task_id)
    if old is not None and getattr(old.reference, "__module__", None) != getattr(
        task.reference, "__module__", None
    ):
        raise ValueError(f"task {task.task_id} is already registered by {old.reference.__module__}")
    _REGISTRY[task.task_id] = task
    return task


def register_module(module: str, title: str) -> None:
    """Name a module (``register_module("01", "Qubits")``), for progress tables and notebooks."""
    if not isinstance(module, str) or not re.match(r"^\d{2}$", module):
        raise ValueError(f"module must be a two-digit string like '01'; got {module!r}")
    _MODULE_TITLES[module] = str(title)


def module_title(module: str) -> str:
    """The title given by :func:`register_module`, or ``"Module NN"``."""
    _load_tasks()
    return _MODULE_TITLES.get(module, f"Module {module}")


def _load_tasks() -> None:
    global _LOADED
    if not _LOADED:
        _LOADED = True
        importlib.import_module("qinternet_edu.exercises.tasks")


def _sort_key(task_id: str) -> tuple[int, int]:
    module, number = task_id.split(".")
    return int(module), int(number)


def get_task(task_id: str) -> Task:
    """The registered task with this id.

    Raises:
        ValueError: no such task (the message lists the module's tasks).
    """
    _load_tasks()
    if not isinstance(task_id, str):
        raise TypeError(f"task_id must be a string like '01.2'; got {type(task_id).__name__}")
    try:
        return _REGISTRY[task_id]
    except KeyError:
        module = task_id.split(".")[0]
        known = [t for t in sorted(_REGISTRY, key=_sort_key) if t.split(".")[0] == module]
        extra = f" (module {module} has {', '.join(known)})" if known else ""
        raise ValueError(f"task_id {task_id!r} is not a known task{extra}") from None


def all_tasks(module: str | None = None) -> tuple[Task, ...]:
    """Every registered task in order (``"01.2"`` before ``"01.10"``), optionally of one module."""
    _load_tasks()
    ids = sorted(_REGISTRY, key=_sort_key)
    return tuple(_REGISTRY[t] for t in ids if module is None or t.split(".")[0] == module)


def task_rng(task_id: str, *, salt: str = "") -> np.random.Generator:
    """The random generator a task's cases are drawn from: seeded by the id, same everywhere."""
    return np.random.default_rng(zlib.crc32(f"{task_id}/{salt}".encode()))


# ---------------------------------------------------------------------------------------------
# Showing values briefly, and comparing them.


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


def compare_allclose(*, rtol: float = 1e-6, atol: float = 1e-9) -> Callable[[Any, Any], str | None]:
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


def compare_equal() -> Callable[[Any, Any], str | None]:
    """Exact equality (integers, strings, tuples); a number expected but a string given is a
    wrong type. Integral floats like ``3.0`` count as the integer 3.

    Example:
        >>> compare_equal()(3, 3.0) is None
        True
        >>> compare_equal()(3, 4)
        'expected 3, got 4'
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


def compare_bits() -> Callable[[Any, Any], str | None]:
    """Arrays of bits (0/1 as ints or bools): same length, same bits.

    Example:
        >>> compare_bits()([0, 1, 1], [0, 1, 0])
        'expected [0, 1, 1], got [0, 1, 0] (1 of 3 bits differ, first at index 2)'
        >>> compare_bits()(np.zeros(0, dtype=np.uint8), []) is None  # an empty key is fine
        True
    """

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
