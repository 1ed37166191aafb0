"""Checking a learner's answer: run it on seeded cases, safely, and say in one line how it went.

The learner's function runs in a forked child process (it inherits functions
defined in a notebook, which cannot be pickled), with a time limit: an endless
loop is stopped, an exception becomes a short message naming its type, a
``NotImplementedError`` means "not attempted yet", and a result of the wrong
type says which type was expected. The child has its own process group (its own
children are stopped with it), a memory limit, and its output, even written straight
to file descriptor 1, is captured. Only plain data comes back over the pipe (see
:mod:`.plain`), and the verdict is reached in a separate fresh process (:mod:`.judging`),
which also records a pass. Where ``fork`` is unavailable (Windows) the function runs in a
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
import tempfile
import threading
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .._validation import check_positive
from .judging import JudgeClient, call_case
from .judging import one_line as _one_line
from .plain import dumps as plain_dumps
from .registry import Case, HiddenCasesUnavailable, Task, get_task, helper_source, short
from .shortcuts import switched_off

__all__ = ["STATUSES", "CheckFailed", "CheckResult", "check", "evaluate"]

#: The possible outcomes of a check.
STATUSES = ("passed", "failed", "not attempted", "error", "timeout", "wrong type")

#: Set this environment variable (to anything) and every check also prints one
#: machine-readable line ``QIE-CHECK {"task": ..., "status": ..., ...}`` (used by grading).
GRADING_ENV = "QINTERNET_EDU_GRADING"
MARKER_PREFIX = "QIE-CHECK "

#: Set this environment variable to run answers in a thread instead of a forked process.
NO_FORK_ENV = "QINTERNET_EDU_NO_FORK"

_MAX_OUTPUT = 2000


class CheckFailed(AssertionError):
    """A failed check under nbgrader: the cell's error is the verdict alone.

    Jupyter shows an exception with ``_render_traceback_`` as the lines it returns, so the
    feedback and ``nbgrader validate`` show the friendly verdict, whole (wrapped to 80
    columns: ``validate`` cuts longer lines), and no frames of this library.
    """

    def _render_traceback_(self) -> list[str]:
        import textwrap

        return textwrap.wrap(str(self), 80) or [""]


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
# Running the cases (in the child, or in a thread): only plain results leave.


def _run_cases(task: Task, answer: Any, cases: list[Case], send: Callable[[tuple], None]) -> None:
    """Run the answer on every case; send ("start", i), ("result", i, plain JSON text) and
    finally ("stop", {status, detail, index} or None)."""
    helpers = helper_source(task) if task.from_source else ""
    if (
        helpers
        and task.kind == "function"
        and isinstance(getattr(answer, "__globals__", None), dict)
    ):
        # Known-correct versions of earlier answers this one may call (in this child only).
        exec(compile(helpers, f"<helpers of {task.task_id}>", "exec"), answer.__globals__)
    with switched_off(task.switched_off, task.task_id):
        _run_each(task, answer, cases, send)


def _run_each(task: Task, answer: Any, cases: list[Case], send: Callable[[tuple], None]) -> None:
    for i, case in enumerate(cases):
        send(("start", i))
        try:
            if task.kind == "value":
                got = answer() if callable(answer) else answer
            else:
                got = call_case(answer, case)
        except NotImplementedError:
            send(("stop", {"status": "not attempted", "detail": "", "index": i}))
            return
        except RecursionError:
            detail = "RecursionError: the function calls itself without end"
            send(("stop", {"status": "error", "detail": detail, "index": i}))
            return
        except MemoryError:
            detail = f"MemoryError: it needed more than the {_MEMORY_NOTE} memory a check may use"
            send(("stop", {"status": "error", "detail": detail, "index": i}))
            return
        except Exception as exc:  # the learner's bug, reported by type and message
            detail = _one_line(f"{type(exc).__name__}: {exc}")
            send(("stop", {"status": "error", "detail": detail, "index": i}))
            return
        try:
            text = plain_dumps(got)
        except Exception as exc:
            text = json.dumps(
                {"__unsupported__": _one_line(f"a value that cannot be sent ({exc})")}
            )
        send(("result", i, text))
    send(("stop", None))


_MEMORY_NOTE = "2 GiB"
_MEMORY_BYTES = 2 * 1024**3


def _limit_memory() -> None:
    try:
        import resource

        with open("/proc/self/statm") as f:
            used = int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        limit = used + _MEMORY_BYTES
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ImportError, OSError, ValueError):  # pragma: no cover - not Linux
        pass


def _child_main(work: Callable, conn) -> None:
    """In the forked child: own process group, memory limit, capture prints, run, exit."""
    os.environ["QISKIT_IN_PARALLEL"] = "TRUE"  # the parent's thread pools do not survive fork
    try:
        os.setsid()  # grandchildren belong to this group and are stopped with it
    except OSError:  # pragma: no cover
        pass
    buffer = io.StringIO()
    capture = tempfile.TemporaryFile()
    os.dup2(capture.fileno(), 1)  # output written straight to file descriptor 1 (or 2) too
    os.dup2(capture.fileno(), 2)
    sys.stdout = sys.stderr = buffer
    _limit_memory()
    try:
        work(conn.send)
    except BaseException as exc:  # e.g. SystemExit from the learner's code
        try:
            conn.send(
                (
                    "stop",
                    {
                        "status": "error",
                        "detail": _one_line(f"{type(exc).__name__}: {exc}"),
                        "index": None,
                    },
                )
            )
        except Exception:
            pass
    try:
        capture.seek(0)
        raw = capture.read(_MAX_OUTPUT).decode("utf-8", "replace")
        conn.send(("output", (buffer.getvalue() + raw)[:_MAX_OUTPUT]))
    finally:
        conn.close()
        os._exit(0)


def _fork_available() -> bool:
    if os.environ.get(NO_FORK_ENV):
        return False
    return "fork" in multiprocessing.get_all_start_methods()


def _collect(message: Any, state: dict) -> None:
    """Keep what the child sent, if it has the expected shape (anything else is ignored)."""
    if type(message) is not tuple or not message:
        return
    if message[0] == "start" and len(message) == 2 and type(message[1]) is int:
        state["current"] = message[1]
    elif message[0] == "result" and len(message) == 3 and type(message[2]) is str:
        if message[1] == len(state["results"]):
            try:
                state["results"].append(json.loads(message[2]))
            except ValueError:
                state["results"].append({"__unsupported__": "unreadable data"})
    elif message[0] == "stop" and len(message) == 2:
        state["stopped"] = message[1] if type(message[1]) is dict else None
        state["done"] = True
    elif message[0] == "output" and len(message) == 2 and type(message[1]) is str:
        state["output"] = message[1]


def _run_forked(work: Callable, time_limit_s: float) -> dict:
    """The outcome ({"results", "stopped"}) and printed output, from a forked child."""
    ctx = multiprocessing.get_context("fork")
    receiver, sender = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_child_main, args=(work, sender), daemon=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # "multi-threaded, use of fork()"
        process.start()
    sender.close()
    deadline = time.monotonic() + time_limit_s
    state: dict[str, Any] = {
        "current": None,
        "results": [],
        "stopped": None,
        "done": False,
        "output": "",
    }
    timed_out = False
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not receiver.poll(remaining):
                timed_out = not state["done"]
                break
            try:
                message = receiver.recv()
            except (EOFError, OSError):
                break
            except Exception:  # unpicklable data from a tampered child
                continue
            _collect(message, state)
            if message and message[0] == "output":
                break
    finally:
        receiver.close()
        if process.is_alive():
            _kill_group(process.pid)
        process.join(timeout=2.0)
        if process.is_alive():  # pragma: no cover - a child that ignores SIGKILL
            process.kill()
    if not state["done"]:
        if timed_out:
            state["stopped"] = {"status": "timeout", "detail": "", "index": state["current"]}
        elif process.exitcode is not None and process.exitcode < 0:
            name = _signal_name(-process.exitcode)
            state["stopped"] = {
                "status": "killed",
                "detail": f"stopped by the system ({name}): out of memory?",
                "index": state["current"],
            }
        else:
            state["stopped"] = {
                "status": "error",
                "detail": f"your code stopped the Python process (exit code {process.exitcode})",
                "index": state["current"],
            }
    return state


def _signal_name(number: int) -> str:
    import signal

    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def _kill_group(pid: int) -> None:
    import signal

    try:
        os.killpg(pid, signal.SIGKILL)
    except (OSError, AttributeError):
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass


def _run_threaded(work: Callable, time_limit_s: float) -> dict:
    """The same in a daemon thread (no fork): a timeout cannot stop the thread."""
    state: dict[str, Any] = {
        "current": None,
        "results": [],
        "stopped": None,
        "done": False,
        "output": "",
    }
    lock = threading.Lock()

    def send(message: tuple) -> None:
        with lock:
            _collect(message, state)

    def target() -> None:
        try:
            work(send)
        except BaseException as exc:
            send(
                (
                    "stop",
                    {
                        "status": "error",
                        "detail": _one_line(f"{type(exc).__name__}: {exc}"),
                        "index": None,
                    },
                )
            )

    thread = threading.Thread(target=target, daemon=True, name="qinternet-edu-check")
    thread.start()
    thread.join(time_limit_s)
    with lock:
        if thread.is_alive() and not state["done"]:
            state["stopped"] = {"status": "timeout", "detail": "thread", "index": state["current"]}
        return {k: copy.copy(v) for k, v in state.items()}


# ---------------------------------------------------------------------------------------------
# The verdict.


def _message(task: Task, status: str, detail: str, case: Case | None, n: int, limit: float) -> str:
    """The one-line verdict: an emoji, then a word ("passed", "not yet", "error",
    "timeout"), so it reads right where no emoji font is installed."""
    tid = task.task_id
    hint = f" Hint: qie.exercises.hint('{tid}')" if task.hints else ""
    where = "" if case is None or task.kind == "value" else f" on case {case.describe()}"
    if status == "passed":
        cases = "" if task.kind == "value" else f", all {n} cases"
        if task.seeds is not None:  # a simulation: each setting ran with several seeds
            cases = f", all {n // (task.seeds + 1)} settings with {task.seeds} seeds each"
        return f"✅ passed: Task {tid}{cases}: {task.title}."
    if status == "not attempted":
        return (
            f"⏳ not yet: Task {tid} is not attempted yet: replace `raise NotImplementedError()` "
            f"with your code, then run this cell again."
        )
    if status == "timeout":
        text = f"⏱ timeout: Task {tid}: your code did not finish within {limit:g} s{where}; is "
        if detail == "thread":
            return text + (
                "there an endless loop? It may keep running in the background: restart the "
                "kernel to stop it."
            )
        return text + "there an endless loop? It was stopped."
    if status == "error":
        return f"❌ error: Task {tid}: your code raised {detail}{where}.{hint}"
    if status == "wrong type":
        return f"❌ not yet: Task {tid}: wrong type{where}: {detail}.{hint}"
    return f"❌ not yet: Task {tid}{where}: {detail}.{hint}"


def evaluate(
    task_id: str, answer: Any, *, hidden: bool = False, time_limit_s: float = 5.0
) -> CheckResult:
    """Check an answer without printing anything; return the :class:`CheckResult`.

    The answer runs in a forked child (a thread where there is no fork); its results come
    back as plain data and are judged in a separate fresh process (:mod:`.judging`), never
    in the process the learner's code ran in.

    Args:
        task_id: the task, e.g. ``"01.2"``.
        answer: the learner's function (a ``"function"`` task) or value, or a zero-argument
            function returning the value (a ``"value"`` task).
        hidden: also run the task's hidden cases (where the task's ``tasks.py`` is present;
            elsewhere the public cases run and the message says so).
        time_limit_s: the time the answer may take over all cases, > 0 (default 5 s).

    Example:
        >>> evaluate("00.1", "not a function").status
        'wrong type'
    """
    return _evaluate(task_id, answer, hidden=hidden, time_limit_s=time_limit_s, record=False)


def _evaluate(
    task_id: str, answer: Any, *, hidden: bool, time_limit_s: float, record: bool
) -> CheckResult:
    limit = check_positive("time_limit_s", time_limit_s)
    task = get_task(task_id)
    note = ""
    try:
        cases = task.make_cases(hidden=hidden)
    except HiddenCasesUnavailable:
        hidden, note = False, " (The hidden cases run when your instructor grades.)"
        cases = task.make_cases(hidden=False)
    n = len(cases)
    if task.kind == "function" and not callable(answer):
        detail = f"expected a function (def ...), got {type(answer).__name__} {short(answer)}"
        message = _message(task, "wrong type", detail, None, n, limit)
        return CheckResult(task_id, False, "wrong type", message, None, n, hidden)

    def work(send: Callable[[tuple], None]) -> None:
        _run_cases(task, answer, cases, send)

    runner = _run_forked if _fork_available() else _run_threaded
    state = runner(work, limit)
    outcome = {"results": state["results"], "stopped": state["stopped"]}
    reply = _JUDGE.ask(task_id, hidden, outcome, record=record)
    status = reply.get("status") if reply.get("status") in STATUSES else "error"
    detail = str(reply.get("detail", ""))
    index = reply.get("index")
    index = index if type(index) is int and 0 <= index < n else None
    if status == "timeout" and (state["stopped"] or {}).get("detail") == "thread":
        detail = "thread"
    case = cases[index] if index is not None else None
    message = _message(task, status, detail, case, n, limit) + note
    if reply.get("notice"):
        print(str(reply["notice"]), file=sys.stderr)
    if reply.get("recorded"):
        message += f" (Your progress could not be saved: {reply['recorded']})"
    label = case.describe() if case is not None and status != "passed" else None
    output = state.get("output", "")
    return CheckResult(task_id, status == "passed", status, message, label, n, hidden, output)


_JUDGE = JudgeClient()


def _under_nbgrader() -> bool:
    return bool(os.environ.get("NBGRADER_EXECUTION"))


def check(task_id: str, answer: Any, *, hidden: bool = False, time_limit_s: float = 5.0) -> None:
    """Check an answer and print one verdict line; a pass is recorded in the progress file
    (by the judge process, only for a true pass).

    Under ``nbgrader validate`` (``NBGRADER_EXECUTION`` set) a failed check raises
    ``AssertionError`` with the verdict, so the cell shows it; nothing is recorded. Under
    ``nbgrader autograde`` the answer is not run here at all: the points come from the
    grading preprocessor (:mod:`.nbgrader_grading`), which runs the answer cells again
    outside the student's kernel and replaces this cell's output; without it every
    check cell raises, so a course without that step grades 0, never by the kernel.

    Args: as :func:`evaluate`.

    Example:
        >>> check("00.1", lambda a, b: (a + b) % 2, time_limit_s=5.0)  # doctest: +SKIP
        ✅ passed: Task 00.1, all 4 cases: XOR two bits.
    """
    __tracebackhide__ = True
    try:
        get_task(task_id)
    except (ValueError, TypeError) as exc:
        print(f"❌ {exc}")
        return
    if os.environ.get("NBGRADER_EXECUTION") == "autograde":
        # The points come from GradeOutsideKernel, which replaces this cell's output; running
        # the answer here would only cost time. Without that step the task scores 0.
        raise CheckFailed(
            f"❌ Task {task_id} is graded outside this kernel, by GradeOutsideKernel "
            "(exercises/nbgrader_config.py); without that step it scores 0."
        )
    grading = _under_nbgrader()
    result = _evaluate(
        task_id, answer, hidden=hidden, time_limit_s=time_limit_s, record=not grading
    )
    if result.output:
        print(result.output.rstrip("\n"))
    print(result.message)
    if grading:
        if not result.passed:
            raise CheckFailed(result.message)
        return
    if os.environ.get(GRADING_ENV):
        marker = {"task": result.task_id, "status": result.status, "hidden": result.hidden}
        print(MARKER_PREFIX + json.dumps(marker, sort_keys=True))
