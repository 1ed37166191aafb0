"""Every public callable refuses bad input clearly: a ValueError or TypeError, never a silent NaN.

The cases are built from the library itself. For each public function its
docstring example gives one good call (literal arguments only); then one
argument at a time is replaced by a bad value (NaN, an infinity, a negative
number, an array where one number is meant, a size far beyond this machine,
a wrong type). Each bad call must either

* raise ``ValueError`` or ``TypeError`` (not numpy's ``IndexError``, an
  ``OverflowError``, a ``ZeroDivisionError`` ...), within a few seconds, or
* return a result with no NaN or infinity in it (a bad value may be a
  legitimate one for some parameters: ``0`` is a fine length), or else
  warn about it (an undefined QBER is NaN with a warning).

hypothesis draws a bounded number of (function, parameter, bad value)
triples per run, so the test stays fast; ``python tests/test_fuzz_public_api.py``
runs every triple once and prints the failures.
"""

from __future__ import annotations

import ast
import dataclasses
import doctest
import importlib
import inspect
import math
import signal
import sys
import warnings

import numpy as np
import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

#: Subpackages and modules whose ``__all__`` is the public API (``qie.*`` is their union).
MODULES = (
    "apps",
    "channels",
    "entanglement",
    "hardware",
    "heralding",
    "information",
    "noise",
    "qkd",
    "relay",
    "repeaters",
    "satellites",
    "stages",
    "states",
    "units",
    "network",
)

#: Callables left out, with the reason.
SKIP = {
    # Interactive or file-writing helpers, checked by their own tests.
    "bb84_circuit_round": "builds one Qiskit circuit per qubit; slow under fuzzing",
}

#: Known gaps in modules outside the QKD and validation code, left to their
#: owners: (function, parameter) -> what goes wrong. The test tolerates these
#: pairs only; any other failure of the same function is still caught.
KNOWN_GAPS: dict = {}

BAD_VALUES = (
    math.nan,
    math.inf,
    -math.inf,
    -1.0,
    -1,
    1e300,
    10**15,
    10**400,
    True,
    "1",
    None,
    [0.5, 0.25],
    np.array([[0.5]]),
    1j,
    object(),
)

TIMEOUT_S = 5.0


def _literal_call(example: str, name: str):
    """The (args, kwargs) of the first call ``name(...)`` in ``example`` with literal arguments."""
    try:
        tree = ast.parse(example.strip())
    except SyntaxError:
        return None
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        if called != name:
            continue
        try:
            args = [ast.literal_eval(a) for a in node.args]
            kwargs = {k.arg: ast.literal_eval(k.value) for k in node.keywords if k.arg}
        except (ValueError, SyntaxError, TypeError):
            continue
        return args, kwargs
    return None


def _good_call(func, name: str):
    parser = doctest.DocTestParser()
    for example in parser.get_examples(inspect.getdoc(func) or ""):
        found = _literal_call(example.source, name)
        if found is not None:
            return found
    try:
        inspect.signature(func).bind()
    except TypeError:
        return None
    return [], {}


def _public_functions():
    seen = {}
    for module_name in MODULES:
        module = importlib.import_module(f"qinternet_edu.{module_name}")
        for name in module.__all__:
            obj = getattr(module, name)
            if inspect.isfunction(obj) and name not in SKIP and name not in seen:
                seen[name] = obj
    return seen


def _cases():
    """(name, func, args, kwargs, target) with target an int (position) or a keyword."""
    cases = []
    for name, func in sorted(_public_functions().items()):
        good = _good_call(func, name)
        if good is None:
            continue
        args, kwargs = good
        sig = inspect.signature(func)
        positional = [
            p.name
            for p in sig.parameters.values()
            if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
        ]
        targets: list[int | str] = list(range(len(args)))
        for p in sig.parameters.values():
            if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD) or p.name in ("seed", "rng"):
                continue
            if p.name in positional[: len(args)]:
                continue
            targets.append(p.name)
        for target in targets:
            cases.append((name, func, tuple(args), dict(kwargs), target))
    return cases


CASES = _cases()


class _Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise _Timeout


def _non_finite(value, depth=0) -> bool:
    """True when a result holds a NaN or an infinity anywhere (floats, arrays, dataclasses)."""
    if depth > 4:
        return False
    if isinstance(value, bool | int | str | bytes) or value is None:
        return False
    if isinstance(value, float | np.floating):
        return not math.isfinite(value)
    if isinstance(value, complex | np.complexfloating):
        return not (math.isfinite(value.real) and math.isfinite(value.imag))
    if isinstance(value, np.ndarray):
        return value.dtype.kind in "fc" and not np.isfinite(value).all()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return any(
            _non_finite(getattr(value, f.name), depth + 1) for f in dataclasses.fields(value)
        )
    if isinstance(value, dict):
        return any(_non_finite(v, depth + 1) for v in value.values())
    if isinstance(value, list | tuple):
        return any(_non_finite(v, depth + 1) for v in value[:1000])
    return False


def _call(func, args, kwargs, caught=None):
    """``func(*args, **kwargs)`` under a time limit; warnings go to the list ``caught``."""
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, TIMEOUT_S)
    try:
        with warnings.catch_warnings(record=True) as record:
            warnings.simplefilter("always")
            result = func(*args, **kwargs)
        if caught is not None:
            caught.extend(record)
        return result
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


_BASELINE: dict[str, bool] = {}


def _baseline_finite(name, func, args, kwargs) -> bool | None:
    """Whether the good call returns only finite numbers (None if it does not run)."""
    if name not in _BASELINE:
        try:
            _BASELINE[name] = not _non_finite(_call(func, args, kwargs))
        except Exception:
            _BASELINE[name] = None
    return _BASELINE[name]


def check_case(case, bad) -> str | None:
    """Run one bad call; return a description of the failure or None."""
    name, func, args, kwargs, target = case
    baseline = _baseline_finite(name, func, args, kwargs)
    if baseline is None:
        return None
    args = list(args)
    kwargs = dict(kwargs)
    if isinstance(target, int):
        args[target] = bad
        label = f"argument {target}"
    else:
        kwargs[target] = bad
        label = target
    shown = f"{name}({label}={bad!r})"
    caught: list = []
    try:
        result = _call(func, args, kwargs, caught)
    except _Timeout:
        return f"{shown} did not return within {TIMEOUT_S} s"
    except (ValueError, TypeError):
        return None
    except Exception as error:
        return f"{shown} raised {type(error).__name__}: {str(error)[:120]}"
    if baseline and _non_finite(result) and not caught:
        return f"{shown} returned a NaN or an infinity silently (no warning)"
    return None


def test_every_public_function_has_fuzz_cases():
    # The doc examples give most functions a good call; losing them all would hide regressions.
    assert len({c[0] for c in CASES}) >= 100
    assert len(CASES) >= 300


def test_the_checker_catches_silent_nan_unclear_errors_and_hangs(monkeypatch):
    def silent(x=1.0):
        return float(x) * 0.0 if x == x else x  # NaN in, NaN out, no warning

    def unclear(x=1.0):
        return [1.0, 2.0][int(x)]  # IndexError beyond 1

    def hangs(x=1.0):
        while x is None:
            pass
        return 1.0

    monkeypatch.setattr(sys.modules[__name__], "TIMEOUT_S", 0.2)
    assert "silently" in check_case(("silent", silent, (), {}, "x"), math.nan)
    assert "IndexError" in check_case(("unclear", unclear, (), {}, "x"), 5)
    assert "did not return" in check_case(("hangs", hangs, (), {}, "x"), None)
    assert check_case(("silent", silent, (), {}, "x"), "1") is None  # a TypeError is clear


@settings(
    max_examples=1000,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(case=st.sampled_from(CASES), bad=st.sampled_from(BAD_VALUES))
def test_public_api_refuses_bad_input_clearly(case, bad):
    name, _, _, _, target = case
    if (name, target) in KNOWN_GAPS:
        return
    failure = check_case(case, bad)
    assert failure is None, failure


if __name__ == "__main__":  # survey every case once, known gaps included
    failures = [f for c in CASES for b in BAD_VALUES if (f := check_case(c, b))]
    print("\n".join(failures))
    print(f"{len(failures)} failures in {len(CASES) * len(BAD_VALUES)} bad calls", file=sys.stderr)
