"""Checking a learner's answer: run it on seeded cases, safely, and say in one line how it went.

The learner's function runs in a forked child process (it inherits functions
defined in a notebook, which cannot be pickled), with a time limit: an endless
loop is stopped, an exception becomes a short message naming its type, a
``NotImplementedError`` means "not attempted yet", and a result of the wrong
type says which type was expected. Only short outcome strings come back over
the pipe. Where ``fork`` is unavailable (Windows) the function runs in a
thread instead, and a loop that never ends may keep running in the background.

Example:
    >>> from qinternet_edu.exercises import evaluate
    >>> evaluate("00.1", lambda a, b: a ^ b).status
    'passed'
    >>> evaluate("00.1", lambda a, b: a + b).status
    'failed'
"""

from __future__ import annotations

import copy
import io
import json
import multiprocessing
import os
import sys
import threading
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .._validation import check_positive
from .registry import Case, Task, WrongType, get_task, short

__all__ = ["STATUSES", "CheckResult", "check", "evaluate"]

#: The possible outcomes of a check.
STATUSES = ("passed", "failed", "not attempted", "error", "timeout", "wrong type")

#: Set this environment variable (to anything) and every check also prints one
#: machine-readable line ``QIE-CHECK {"task": ..., "status": ..., ...}`` (used by grading).
GRADING_ENV = "QINTERNET_EDU_GRADING"
MARKER_PREFIX = "QIE-CHECK "

#: Set this environment variable to run answers in a thread instead of a forked process.
NO_FORK_ENV = "QINTERNET_EDU_NO_FORK"

_MAX_OUTPUT = 2000
_EXPECTED_CACHE: dict[tuple[str, bool], list[Any]] = {}


@dataclass(frozen=True)
class CheckResult:
    """The outcome of checking one answer.

    Attributes:
        task_id: the task, e.g. ``"01.2"``.
        passed: True when every case matched.
        status: one of :data:`STATUSES`.
        message: the one-line verdict shown to the learner.
        case: the case that failed (its label), or None.
        n_cases: how many cases were checked.
        hidden: whether the hidden cases were included.
        output: what the learner's code printed while it ran (not shown in the repr).
    """

    task_id: str
    passed: bool
    status: str
    message: str
    case: str | None = None
    n_cases: int = 0
    hidden: bool = False
    output: str = field(default="", repr=False)


# ---------------------------------------------------------------------------------------------
# Running the cases (in the child, or in a thread).


def _one_line(text: str, width: int = 200) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 3] + "..."


def _run_cases(
    task: Task, answer: Any, cases: list[Case], expected: list[Any], started: Callable[[int], None]
) -> tuple[str, str, int | None]:
    """(status, detail, index of the case) for the learner's answer on every case."""
    for i, case in enumerate(cases):
        started(i)
        try:
            if task.kind == "value":
                got = answer() if callable(answer) else answer
            else:
                got = answer(*copy.deepcopy(case.args), **copy.deepcopy(dict(case.kwargs)))
        except NotImplementedError:
            return "not attempted", "", i
        except RecursionError:
            return "error", "RecursionError: the function calls itself without end", i
        except Exception as exc:  # the learner's bug, reported by type and message
            return "error", _one_line(f"{type(exc).__name__}: {exc}"), i
        try:
            problem = task.compare(expected[i], got)
        except WrongType as exc:
            return "wrong type", _one_line(str(exc)), i
        except Exception as exc:
            return "wrong type", _one_line(f"could not compare your result {short(got)} ({exc})"), i
        if problem:
            return "failed", _one_line(problem), i
    return "passed", "", None


def _child_main(work: Callable, conn) -> None:
    """In the forked child: capture prints, run the work, send the outcome, exit."""
    os.environ["QISKIT_IN_PARALLEL"] = "TRUE"  # the parent's thread pools do not survive fork
    buffer = io.StringIO()
    sys.stdout = sys.stderr = buffer
    try:
        outcome = work(lambda i: conn.send(("start", i)))
    except BaseException as exc:  # e.g. SystemExit from the learner's code
        outcome = ("error", _one_line(f"{type(exc).__name__}: {exc}"), None)
    try:
        conn.send(("done", outcome, buffer.getvalue()[:_MAX_OUTPUT]))
    finally:
        conn.close()


def _fork_available() -> bool:
    if os.environ.get(NO_FORK_ENV):
        return False
    return "fork" in multiprocessing.get_all_start_methods()


def _run_forked(work: Callable, time_limit_s: float) -> tuple[tuple, str, int | None]:
    """((status, detail, case), printed output, case running at the time) in a child process."""
    ctx = multiprocessing.get_context("fork")
    receiver, sender = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_child_main, args=(work, sender), daemon=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # "multi-threaded, use of fork()"
        process.start()
    sender.close()
    deadline = time.monotonic() + time_limit_s
    current: int | None = None
    outcome = None
    output = ""
    try:
        while outcome is None:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not receiver.poll(remaining):
                break
            try:
                message = receiver.recv()
            except (EOFError, OSError):
                break
            if message[0] == "start":
                current = message[1]
            else:
                outcome, output = message[1], message[2]
    finally:
        receiver.close()
        if outcome is None and process.is_alive():
            process.kill()
        process.join(timeout=2.0)
        if process.is_alive():  # pragma: no cover - a child that ignores SIGKILL
            process.kill()
    if outcome is None:
        if process.exitcode is None or process.exitcode == -9:
            outcome = ("timeout", "", current)
        else:
            outcome = (
                "error",
                f"your code stopped the Python process (exit code {process.exitcode})",
                current,
            )
    return outcome, output, current


def _run_threaded(work: Callable, time_limit_s: float) -> tuple[tuple, str, int | None]:
    """The same in a daemon thread (no fork): a timeout cannot stop the thread."""
    state: dict[str, Any] = {"current": None, "outcome": None}

    def target() -> None:
        def started(i: int) -> None:
            state["current"] = i

        try:
            state["outcome"] = work(started)
        except BaseException as exc:
            state["outcome"] = ("error", _one_line(f"{type(exc).__name__}: {exc}"), None)

    thread = threading.Thread(target=target, daemon=True, name="qinternet-edu-check")
    thread.start()
    thread.join(time_limit_s)
    if thread.is_alive():
        return ("timeout", "thread", state["current"]), "", state["current"]
    return state["outcome"], "", state["current"]


# ---------------------------------------------------------------------------------------------
# The verdict.


def _expected(task: Task, cases: list[Case], hidden: bool) -> list[Any]:
    key = (task.task_id, hidden)
    if key not in _EXPECTED_CACHE:
        if task.kind == "value":
            _EXPECTED_CACHE[key] = [task.reference()]
        else:
            _EXPECTED_CACHE[key] = [
                task.reference(*copy.deepcopy(c.args), **copy.deepcopy(dict(c.kwargs)))
                for c in cases
            ]
    return _EXPECTED_CACHE[key]


def _message(task: Task, status: str, detail: str, case: Case | None, n: int, limit: float) -> str:
    tid = task.task_id
    hint = f" Hint: qie.exercises.hint('{tid}')" if task.hints else ""
    where = "" if case is None or task.kind == "value" else f" on case {case.describe()}"
    if status == "passed":
        cases = "" if task.kind == "value" else f" on all {n} cases"
        return f"✅ Task {tid} passed{cases}: {task.title}."
    if status == "not attempted":
        return (
            f"⏳ Task {tid} not attempted yet: replace `raise NotImplementedError()` with "
            f"your code, then run this cell again."
        )
    if status == "timeout":
        text = f"⏱ Task {tid}: your code did not finish within {limit:g} s{where}; is there an "
        if detail == "thread":
            return text + (
                "endless loop? It may keep running in the background: restart the kernel "
                "to stop it."
            )
        return text + "endless loop? It was stopped."
    if status == "error":
        return f"❌ Task {tid}: your code raised {detail}{where}.{hint}"
    if status == "wrong type":
        return f"❌ Task {tid}: wrong type{where}: {detail}.{hint}"
    return f"❌ Task {tid} not yet right{where}: {detail}.{hint}"


def evaluate(
    task_id: str, answer: Any, *, hidden: bool = False, time_limit_s: float = 5.0
) -> CheckResult:
    """Check an answer without printing anything; return the :class:`CheckResult`.

    Args:
        task_id: the task, e.g. ``"01.2"``.
        answer: the learner's function (a ``"function"`` task) or value, or a zero-argument
            function returning the value (a ``"value"`` task).
        hidden: also run the task's hidden cases.
        time_limit_s: the time the answer may take over all cases, > 0 (default 5 s).

    Example:
        >>> evaluate("00.1", "not a function").status
        'wrong type'
    """
    limit = check_positive("time_limit_s", time_limit_s)
    task = get_task(task_id)
    cases = task.make_cases(hidden=hidden)
    n = len(cases)
    if task.kind == "function" and not callable(answer):
        detail = f"expected a function (def ...), got {type(answer).__name__} {short(answer)}"
        message = _message(task, "wrong type", detail, None, n, limit)
        return CheckResult(task_id, False, "wrong type", message, None, n, hidden)
    expected = _expected(task, cases, hidden)

    def work(started: Callable[[int], None]) -> tuple[str, str, int | None]:
        return _run_cases(task, answer, cases, expected, started)

    runner = _run_forked if _fork_available() else _run_threaded
    (status, detail, index), output, _ = runner(work, limit)
    case = cases[index] if index is not None and 0 <= index < n else None
    message = _message(task, status, detail, case, n, limit)
    label = case.describe() if case is not None and status != "passed" else None
    return CheckResult(task_id, status == "passed", status, message, label, n, hidden, output)


def _under_nbgrader() -> bool:
    return bool(os.environ.get("NBGRADER_EXECUTION"))


def check(task_id: str, answer: Any, *, hidden: bool = False, time_limit_s: float = 5.0) -> None:
    """Check an answer and print one verdict line; record a pass in the progress file.

    Under nbgrader (``NBGRADER_EXECUTION`` set) a failed check raises ``AssertionError``
    with the verdict, so the grade cell scores zero; nothing is recorded there.

    Args: as :func:`evaluate`.

    Example:
        >>> check("00.1", lambda a, b: (a + b) % 2, time_limit_s=5.0)  # doctest: +SKIP
        ✅ Task 00.1 passed on all 4 cases: XOR two bits.
    """
    result = evaluate(task_id, answer, hidden=hidden, time_limit_s=time_limit_s)
    if result.output:
        print(result.output.rstrip("\n"))
    if _under_nbgrader():
        if not result.passed:
            raise AssertionError(result.message)
        print(result.message)
        return
    print(result.message)
    if os.environ.get(GRADING_ENV):
        marker = {"task": result.task_id, "status": result.status, "hidden": result.hidden}
        print(MARKER_PREFIX + json.dumps(marker, sort_keys=True))
    if result.passed:
        from .progress import record_pass

        try:
            record_pass(task_id)
        except OSError as exc:
            print(f"(Your progress could not be saved: {exc})", file=sys.stderr)
