"""Input checks shared by every public function.

Each checker takes the parameter's *name* first, so the error it raises tells
the learner which argument was wrong, what value it had and what range is
allowed. Checkers accept Python numbers and numpy arrays alike; a scalar comes
back as a ``float`` (or ``int``), an array as a float ``numpy.ndarray``.
Nothing is clipped: a value out of range is an error, never quietly fixed.

Example:
    >>> from qinternet_edu._validation import check_probability
    >>> check_probability("p", 0.25)
    0.25
    >>> check_probability("p", 1.5)
    Traceback (most recent call last):
    ...
    ValueError: p must be in [0, 1]; got 1.5
"""

from __future__ import annotations

import math
import numbers
from typing import Any

import numpy as np

__all__ = [
    "check_bits",
    "check_choice",
    "check_fidelity",
    "check_int",
    "check_nonnegative",
    "check_positive",
    "check_probability",
    "check_real",
    "make_rng",
]


def _describe(value: Any) -> str:
    if isinstance(value, np.ndarray):
        if value.size <= 4:
            return f"array {value.tolist()}"
        return f"array of shape {value.shape}"
    return repr(value)


def _interval(low: float | None, high: float | None, low_open: bool, high_open: bool) -> str:
    left = "(" if low_open or low is None else "["
    right = ")" if high_open or high is None else "]"
    lo = "-inf" if low is None else f"{low:g}"
    hi = "inf" if high is None else f"{high:g}"
    return f"{left}{lo}, {hi}{right}"


def check_real(
    name: str,
    value: Any,
    *,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    high_open: bool = False,
) -> Any:
    """Check that ``value`` is a real number (or array of them) within bounds.

    Args:
        name: the parameter's name, used in the error message.
        value: a real number or an array-like of real numbers.
        low, high: the bounds; ``None`` means unbounded on that side.
        low_open, high_open: exclude the bound itself.

    Returns:
        ``float(value)`` for a scalar, a float ``ndarray`` for an array.

    Raises:
        TypeError: a bool, a string, a complex number or another non-real type.
        ValueError: NaN, or a value outside the allowed interval.

    Example:
        >>> check_real("length_km", 10)
        10.0
        >>> check_real("length_km", -1, low=0)
        Traceback (most recent call last):
        ...
        ValueError: length_km must be in [0, inf); got -1
    """
    interval = _interval(low, high, low_open, high_open)
    if isinstance(value, bool | np.bool_):
        raise TypeError(f"{name} must be a real number in {interval}; got the bool {value!r}")
    if isinstance(value, numbers.Real):
        scalar = True
        arr = np.asarray(float(value))
    elif isinstance(value, np.ndarray | list | tuple):
        arr = np.asarray(value)
        if arr.dtype == bool or arr.dtype.kind not in "iuf":
            raise TypeError(
                f"{name} must be a real number or an array of real numbers in {interval}; "
                f"got {_describe(value)} of dtype {arr.dtype}"
            )
        arr = arr.astype(float)
        scalar = arr.ndim == 0
    else:
        raise TypeError(
            f"{name} must be a real number in {interval}; got {type(value).__name__} {value!r}"
        )
    if np.isnan(arr).any():
        raise ValueError(f"{name} must be a number in {interval}; got NaN")
    bad = np.zeros(arr.shape, dtype=bool)
    if low is not None:
        bad |= (arr <= low) if low_open else (arr < low)
    if high is not None:
        bad |= (arr >= high) if high_open else (arr > high)
    if bad.any():
        offender = arr[bad].flat[0].item() if arr.ndim else arr.item()
        shown = value if scalar else offender
        raise ValueError(f"{name} must be in {interval}; got {shown!r}")
    return float(arr) if scalar else arr


def check_probability(name: str, value: Any) -> Any:
    """Check a probability in [0, 1].

    Example:
        >>> check_probability("qber", 0.11)
        0.11
    """
    return check_real(name, value, low=0.0, high=1.0)


def check_fidelity(name: str, value: Any, *, low: float = 0.0) -> Any:
    """Check a fidelity in [low, 1] (``low`` is 1/4 for a Werner pair, 0 in general).

    Example:
        >>> check_fidelity("fidelity", 0.2, low=0.25)
        Traceback (most recent call last):
        ...
        ValueError: fidelity must be in [0.25, 1]; got 0.2
    """
    return check_real(name, value, low=low, high=1.0)


def check_nonnegative(name: str, value: Any) -> Any:
    """Check a real number >= 0 (a length, a time, a loss in dB).

    Example:
        >>> check_nonnegative("time_s", 0)
        0.0
    """
    return check_real(name, value, low=0.0)


def check_positive(name: str, value: Any) -> Any:
    """Check a real number > 0 (a coherence time, an aperture, a rate).

    Example:
        >>> check_positive("coherence_time_s", 0.0)
        Traceback (most recent call last):
        ...
        ValueError: coherence_time_s must be in (0, inf); got 0.0
    """
    return check_real(name, value, low=0.0, low_open=True)


def check_int(name: str, value: Any, *, low: int | None = None, high: int | None = None) -> int:
    """Check an integer (not a bool, not a float) within optional bounds.

    Example:
        >>> check_int("n_pulses", 1000, low=1)
        1000
        >>> check_int("n_pulses", 2.5, low=1)
        Traceback (most recent call last):
        ...
        TypeError: n_pulses must be an integer >= 1; got float 2.5
    """
    if low is not None and high is not None:
        allowed = f"in [{low}, {high}]"
    elif low is not None:
        allowed = f">= {low}"
    elif high is not None:
        allowed = f"<= {high}"
    else:
        allowed = "(any integer)"
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Integral):
        raise TypeError(
            f"{name} must be an integer {allowed}; got {type(value).__name__} {value!r}"
        )
    value = int(value)
    if (low is not None and value < low) or (high is not None and value > high):
        raise ValueError(f"{name} must be an integer {allowed}; got {value}")
    return value


def check_choice(name: str, value: Any, allowed: tuple[str, ...] | list[str]) -> str:
    """Check that ``value`` is one of the allowed strings.

    Example:
        >>> check_choice("source", "laser", ("single_photon", "weak_coherent"))
        Traceback (most recent call last):
        ...
        ValueError: source must be one of 'single_photon', 'weak_coherent'; got 'laser'
    """
    options = ", ".join(repr(a) for a in allowed)
    if not isinstance(value, str):
        raise TypeError(f"{name} must be one of {options}; got {type(value).__name__} {value!r}")
    if value not in allowed:
        raise ValueError(f"{name} must be one of {options}; got {value!r}")
    return value


def check_bits(name: str, value: Any) -> np.ndarray:
    """Check a one-dimensional array of bits (0/1, ints or bools); return it as uint8.

    Example:
        >>> check_bits("key", [1, 0, 1]).tolist()
        [1, 0, 1]
        >>> check_bits("key", [0, 2])
        Traceback (most recent call last):
        ...
        ValueError: key must contain only bits 0 and 1; got a 2
    """
    arr = np.asarray(value)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be a one-dimensional array of bits; got shape {arr.shape}")
    if arr.size == 0:
        return arr.astype(np.uint8)
    if arr.dtype != bool and arr.dtype.kind not in "iu":
        if arr.dtype.kind == "f" and np.all(np.isfinite(arr)) and np.all(arr == np.round(arr)):
            arr = arr.astype(np.int64)
        else:
            raise TypeError(f"{name} must be an array of bits (0/1); got dtype {arr.dtype}")
    bad = (arr != 0) & (arr != 1)
    if bad.any():
        raise ValueError(f"{name} must contain only bits 0 and 1; got a {arr[bad][0].item()!r}")
    return arr.astype(np.uint8)


def make_rng(seed: Any = None, rng: np.random.Generator | None = None) -> np.random.Generator:
    """Return a numpy Generator from either a seed or an existing generator.

    Pass at most one of them. The same seed gives the same stream on every
    machine (numpy's PCG64).

    Example:
        >>> make_rng(seed=7).integers(0, 2, size=5).tolist() == make_rng(seed=7).integers(
        ...     0, 2, size=5).tolist()
        True
    """
    if seed is not None and rng is not None:
        raise ValueError("pass either seed or rng, not both")
    if rng is not None:
        if not isinstance(rng, np.random.Generator):
            raise TypeError(f"rng must be a numpy.random.Generator; got {type(rng).__name__}")
        return rng
    if seed is not None and (
        isinstance(seed, bool)
        or not isinstance(seed, numbers.Integral | np.random.SeedSequence)
        or (isinstance(seed, numbers.Integral) and seed < 0)
    ):
        raise TypeError(f"seed must be a non-negative integer or None; got {seed!r}")
    return np.random.default_rng(seed)


def as_output(value: Any, *likes: Any) -> Any:
    """Return a Python float when every input in ``likes`` was a scalar, else the array.

    Pass every input that broadcasts into ``value``: one array among them makes
    the result an array (internal helper).
    """
    if all(np.ndim(like) == 0 and not isinstance(like, np.ndarray) for like in likes):
        return float(value)
    return np.asarray(value, dtype=float)


def isclose_sum(values: np.ndarray, target: float = 1.0, tol: float = 1e-9) -> bool:
    """True when the values add up to ``target`` within ``tol`` (internal helper)."""
    return math.isclose(float(np.sum(values)), target, abs_tol=tol)
