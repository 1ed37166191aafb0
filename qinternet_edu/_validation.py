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
    "check_samples",
    "check_scalar",
    "check_size",
    "make_rng",
]


_INT64_MAX = 2**63 - 1


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


def _scalar_float(name: str, value: Any, interval: str) -> float:
    """``float(value)`` of a real scalar; an int too large for a float is refused."""
    try:
        return float(value)
    except OverflowError:
        raise ValueError(
            f"{name} must be a finite number in {interval}; got an integer too large "
            f"for a float ({len(str(abs(int(value))))} digits)"
        ) from None


def check_real(
    name: str,
    value: Any,
    *,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    high_open: bool = False,
    allow_inf: bool = False,
    scalar: bool = False,
) -> Any:
    """Check that ``value`` is a real number (or array of them) within bounds.

    Args:
        name: the parameter's name, used in the error message.
        value: a real number or an array-like of real numbers.
        low, high: the bounds; ``None`` means unbounded on that side.
        low_open, high_open: exclude the bound itself.
        allow_inf: accept ``inf`` or ``-inf`` (within the bounds) where an
            infinite value has a meaning, such as a memory that never decays.
            By default a value must be finite.
        scalar: accept one number only; an array is a ``TypeError``.

    Returns:
        ``float(value)`` for a scalar, a float ``ndarray`` for an array.

    Raises:
        TypeError: a bool, a string, a complex number or another non-real
            type, or an array where ``scalar=True``.
        ValueError: NaN, an infinity (unless ``allow_inf``), or a value
            outside the allowed interval.

    Example:
        >>> check_real("length_km", 10)
        10.0
        >>> check_real("length_km", -1, low=0)
        Traceback (most recent call last):
        ...
        ValueError: length_km must be in [0, inf); got -1
        >>> check_real("length_km", float("inf"), low=0)
        Traceback (most recent call last):
        ...
        ValueError: length_km must be a finite number in [0, inf); got inf
    """
    kind = type(value)
    if kind is float or kind is int:
        # Fast path for the common case, a plain Python number: no numpy at all.
        x = (
            value
            if kind is float
            else _scalar_float(name, value, _interval(low, high, low_open, high_open))
        )
        if x != x:
            raise ValueError(
                f"{name} must be a number in {_interval(low, high, low_open, high_open)}; got NaN"
            )
        if not allow_inf and (x == math.inf or x == -math.inf):
            raise ValueError(
                f"{name} must be a finite number in "
                f"{_interval(low, high, low_open, high_open)}; got {value!r}"
            )
        if (low is not None and (x <= low if low_open else x < low)) or (
            high is not None and (x >= high if high_open else x > high)
        ):
            raise ValueError(
                f"{name} must be in {_interval(low, high, low_open, high_open)}; got {value!r}"
            )
        return x
    interval = _interval(low, high, low_open, high_open)
    if isinstance(value, bool | np.bool_):
        raise TypeError(f"{name} must be a real number in {interval}; got the bool {value!r}")
    if isinstance(value, numbers.Real):
        is_scalar = True
        arr = np.asarray(_scalar_float(name, value, interval))
    elif isinstance(value, np.ndarray | list | tuple):
        if scalar and not (isinstance(value, np.ndarray) and value.ndim == 0):
            raise TypeError(
                f"{name} must be a single real number in {interval}; got "
                + (
                    _describe(value)
                    if isinstance(value, np.ndarray)
                    else f"a {type(value).__name__} of length {len(value)}"
                )
            )
        try:
            arr = np.asarray(value)
        except ValueError:  # a ragged nesting of lists
            raise TypeError(
                f"{name} must be a real number or a regular array of real numbers in "
                f"{interval}; got a ragged {type(value).__name__}"
            ) from None
        if arr.dtype == bool or arr.dtype.kind not in "iuf":
            raise TypeError(
                f"{name} must be a real number or an array of real numbers in {interval}; "
                f"got {_describe(value)} of dtype {arr.dtype}"
            )
        arr = arr.astype(float)
        is_scalar = arr.ndim == 0
    else:
        raise TypeError(
            f"{name} must be a real number in {interval}; got {type(value).__name__} {value!r}"
        )
    if np.isnan(arr).any():
        raise ValueError(f"{name} must be a number in {interval}; got NaN")
    if not allow_inf and np.isinf(arr).any():
        offender = arr[np.isinf(arr)].flat[0].item()
        raise ValueError(f"{name} must be a finite number in {interval}; got {offender!r}")
    bad = np.zeros(arr.shape, dtype=bool)
    if low is not None:
        bad |= (arr <= low) if low_open else (arr < low)
    if high is not None:
        bad |= (arr >= high) if high_open else (arr > high)
    if bad.any():
        offender = arr[bad].flat[0].item() if arr.ndim else arr.item()
        shown = value if is_scalar else offender
        raise ValueError(f"{name} must be in {interval}; got {shown!r}")
    return float(arr) if is_scalar else arr


def check_scalar(
    name: str,
    value: Any,
    *,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    high_open: bool = False,
    allow_inf: bool = False,
) -> float:
    """Check one real number within bounds (an array is a ``TypeError``); return a ``float``.

    Example:
        >>> check_scalar("mean_photon_number", 0.5, low=0, low_open=True)
        0.5
        >>> check_scalar("mu", [0.5, 0.1], low=0, low_open=True)
        Traceback (most recent call last):
        ...
        TypeError: mu must be a single real number in (0, inf); got a list of length 2
    """
    return check_real(
        name,
        value,
        low=low,
        high=high,
        low_open=low_open,
        high_open=high_open,
        allow_inf=allow_inf,
        scalar=True,
    )


def check_probability(name: str, value: Any, *, scalar: bool = False) -> Any:
    """Check a probability in [0, 1] (``scalar=True``: one number, no array).

    Example:
        >>> check_probability("qber", 0.11)
        0.11
    """
    return check_real(name, value, low=0.0, high=1.0, scalar=scalar)


def check_fidelity(name: str, value: Any, *, low: float = 0.0, scalar: bool = False) -> Any:
    """Check a fidelity in [low, 1] (``low`` is 1/4 for a Werner pair, 0 in general).

    Example:
        >>> check_fidelity("fidelity", 0.2, low=0.25)
        Traceback (most recent call last):
        ...
        ValueError: fidelity must be in [0.25, 1]; got 0.2
    """
    return check_real(name, value, low=low, high=1.0, scalar=scalar)


def check_nonnegative(
    name: str, value: Any, *, allow_inf: bool = False, scalar: bool = False
) -> Any:
    """Check a real number >= 0 (a length, a time, a loss in dB); finite unless ``allow_inf``.

    Example:
        >>> check_nonnegative("time_s", 0)
        0.0
    """
    return check_real(name, value, low=0.0, allow_inf=allow_inf, scalar=scalar)


def check_positive(name: str, value: Any, *, allow_inf: bool = False, scalar: bool = False) -> Any:
    """Check a real number > 0 (a coherence time, an aperture, a rate); finite unless ``allow_inf``.

    Example:
        >>> check_positive("coherence_time_s", 0.0)
        Traceback (most recent call last):
        ...
        ValueError: coherence_time_s must be in (0, inf); got 0.0
    """
    return check_real(name, value, low=0.0, low_open=True, allow_inf=allow_inf, scalar=scalar)


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
        shown = _describe(value) if isinstance(value, np.ndarray) else repr(value)
        raise TypeError(f"{name} must be an integer {allowed}; got {type(value).__name__} {shown}")
    value = int(value)
    if abs(value) > _INT64_MAX:
        # numpy and the machine count in 64 bits; such a count cannot be meant.
        raise ValueError(
            f"{name} must be an integer {allowed} within the 64-bit range; "
            f"got an integer of {len(str(abs(value)))} digits"
        )
    if (low is not None and value < low) or (high is not None and value > high):
        raise ValueError(f"{name} must be an integer {allowed}; got {value}")
    return value


#: The most samples (trials, rounds, realizations, bits) a vectorized Monte
#: Carlo draws at once: arrays of 1e8 numbers take about 1 GB, and at a few
#: 1e7 samples per second the call already takes seconds.
MAX_SAMPLES = 10**8


def check_samples(name: str, value: Any, *, low: int = 1) -> int:
    """Check a number of Monte Carlo samples that fits in this machine's memory and time.

    Example:
        >>> check_samples("n_trials", 1000)
        1000
        >>> check_samples("n", 10**12)
        Traceback (most recent call last):
        ...
        ValueError: n must be an integer in [1, 100000000] (beyond that ...); got 1000000000000
    """
    return check_size(
        name,
        value,
        low=low,
        limit=MAX_SAMPLES,
        why=(
            "beyond that the samples need more than about 1 GB of memory; "
            "draw fewer, the statistics improve as 1/sqrt(n)"
        ),
    )


def check_size(name: str, value: Any, *, low: int = 0, limit: int, why: str) -> int:
    """Check a count of work (pulses, samples, trials) that this machine can finish.

    A count beyond ``limit`` is refused at once with the reason, instead of
    running for days or allocating terabytes.

    Args:
        name: the parameter's name.
        value: the requested count.
        low: the smallest allowed count.
        limit: the largest count the function accepts.
        why: what the limit protects, e.g. ``"about 30 minutes of simulation"``.

    Example:
        >>> check_size("n", 10**15, low=1, limit=10**9, why="an hour here")
        Traceback (most recent call last):
        ...
        ValueError: n must be an integer in [1, 1000000000] (an hour here); got 1000000000000000
    """
    n = check_int(name, value, low=low)
    if n > limit:
        raise ValueError(f"{name} must be an integer in [{low}, {limit}] ({why}); got {n}")
    return n


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
