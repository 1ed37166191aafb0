"""Library functions switched off while a task that asks the learner to write them is checked.

A task such as 10.1 ("the fidelity after one swap") must not pass with one call to
``qie.swap_fidelity``. Its ``Task(switched_off=("swap_fidelity",))`` names the function, and
the process that runs the learner's code (the self-paced check's child, or the grading
sandbox) calls :func:`switched_off` before the learner's code runs. The function's own code
object is replaced, so every path to it stops working at once: ``qie.swap_fidelity``,
``qinternet_edu.entanglement.swap_fidelity``, a name bound earlier by
``from qinternet_edu import swap_fidelity``, a default argument or a ``functools.partial``
holding it. A call then raises :class:`SwitchedOff` with a friendly message. Calls made by
the library's own code (outside :mod:`qinternet_edu.exercises`) still reach the original, so
the other library functions a learner may use keep working.

The reference solution never runs in that process: the expected outputs are computed by the
judge (:mod:`.judging`) or the grader, in another process.

Example:
    >>> import qinternet_edu as qie
    >>> with switched_off(("swap_fidelity",), "10.1"):
    ...     try:
    ...         qie.swap_fidelity(0.9, 0.9)
    ...     except SwitchedOff as exc:
    ...         print(exc)
    this task asks you to write it yourself: qie.swap_fidelity is switched off here (task 10.1)
    >>> round(qie.swap_fidelity(0.9, 0.9), 4)
    0.8133
"""

from __future__ import annotations

import os
import sys
import types
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

__all__ = ["SwitchedOff", "check_switchable", "switched_off"]

_PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep
_EXERCISES_DIR = os.path.dirname(os.path.abspath(__file__)) + os.sep
#: name in a switched-off function's module globals -> (original copy, message)
_SLOT = "__qie_switched_off__"

_STUB = """
def {name}(*args, **kwargs):
    return __qie_switched_off__[{name!r}](*args, **kwargs)
"""


class SwitchedOff(RuntimeError):
    """A library function was called while a task asks the learner to write it."""


def check_switchable(names: Sequence[str]) -> tuple[str, ...]:
    """``names`` as a tuple, each a plain function of ``qinternet_edu`` (``"sift"`` for
    ``qie.sift``, ``"circuits.sample_counts"`` for ``qie.circuits.sample_counts``).

    Raises:
        TypeError: ``names`` is one string, or a name is not a plain function.
        ValueError: a name is not found under ``qinternet_edu``.
    """
    if isinstance(names, str):
        raise TypeError(f"switched_off must be a tuple of names, not one string; got {names!r}")
    names = tuple(names)
    for name in names:
        _resolve(name)
    return names


def _resolve(name: str) -> types.FunctionType:
    import importlib

    import qinternet_edu

    if not isinstance(name, str) or not name:
        raise ValueError(f"switched_off names must be qie function names; got {name!r}")
    found: object = qinternet_edu
    parts = name.split(".")
    for i, part in enumerate(parts):
        if not hasattr(found, part) and isinstance(found, types.ModuleType):
            try:
                importlib.import_module(".".join(["qinternet_edu", *parts[: i + 1]]))
            except ImportError:
                pass
        if not hasattr(found, part):
            raise ValueError(
                f"switched_off names must be qie functions (qie.NAME); qie.{name} does not exist"
            )
        found = getattr(found, part)
    if not isinstance(found, types.FunctionType) or found.__closure__:
        raise TypeError(f"switched_off: qie.{name} is not a plain function")
    return found


def _caller_is_library(frame) -> bool:
    path = frame.f_code.co_filename if frame is not None else ""
    return path.startswith(_PACKAGE_DIR) and not path.startswith(_EXERCISES_DIR)


@contextmanager
def switched_off(names: Sequence[str], task_id: str = "") -> Iterator[None]:
    """Within the block, calling any of the ``qie`` functions ``names`` from outside the
    library raises :class:`SwitchedOff`; they are restored after it."""
    names = check_switchable(names)
    saved = []
    try:
        for name in names:
            func = _resolve(name)
            original = types.FunctionType(
                func.__code__, func.__globals__, func.__name__, func.__defaults__
            )
            original.__kwdefaults__ = func.__kwdefaults__
            where = f" (task {task_id})" if task_id else ""
            message = (
                f"this task asks you to write it yourself: qie.{name} is switched off here{where}"
            )

            def gate(*args, _original=original, _message=message, **kwargs):
                if _caller_is_library(sys._getframe(2)):
                    return _original(*args, **kwargs)
                raise SwitchedOff(_message)

            scope: dict = {}
            exec(_STUB.format(name=func.__code__.co_name), scope)
            slots = func.__globals__.setdefault(_SLOT, {})
            slots[func.__code__.co_name] = gate
            saved.append((func, func.__code__))
            func.__code__ = scope[func.__code__.co_name].__code__
        yield
    finally:
        for func, code in reversed(saved):
            func.__code__ = code
            func.__globals__.get(_SLOT, {}).pop(code.co_name, None)
