"""The verdict on a learner's results, reached where the learner's code never ran.

The learner's answer runs in a child process; what comes back is only its results, as
plain data (:mod:`.plain`). :func:`judge` compares them with the expected outputs and
says ``(status, detail, index)``. It runs

- in the nbgrader preprocessor's process (:mod:`.nbgrader_grading`), for graded courses;
- in a separate fresh interpreter, ``python -m qinternet_edu.exercises.judging``, for the
  self-paced ``check``: the notebook's kernel sends it the results over a pipe, it sends
  back the verdict, and it writes a pass into the progress file itself. Patching numpy,
  the registry or this module inside the kernel changes nothing here; a "passed" made up
  in the kernel is never recorded, since the kernel only ever sends values.

Example:
    >>> from qinternet_edu.exercises.plain import to_plain
    >>> judge("00.1", False, {"results": [to_plain(x) for x in (0, 1, 1, 0)]})
    ('passed', '', None)
    >>> judge("00.1", False, {"results": [0, 1, 1, 2]})[:2]
    ('failed', 'expected 0, got 2')
"""

from __future__ import annotations

import copy
import io
import json
import os
import subprocess
import sys
import threading
from typing import Any

from .comparisons import WrongType, short
from .plain import PlainError, Unsupported, from_plain, to_plain
from .registry import Task, get_task

__all__ = ["JudgeClient", "expected_plain", "judge", "one_line"]

_EXPECTED_CACHE: dict[tuple[str, bool], tuple[Task, list[Any]]] = {}
#: The environment variables that decide which tasks the judge sees.
_TASK_ENV = ("QINTERNET_EDU_TASKS_DIR", "QINTERNET_EDU_PUBLIC_ONLY", "PYTHONPATH")


def one_line(text: str, width: int = 200) -> str:
    """``text`` on one line, at most ``width`` characters."""
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 3] + "..."


def call_case(answer: Any, case: Any) -> Any:
    """Call the learner's function on a case: by keyword when its parameters have the case's
    names, else positionally in the documented order (so any parameter names pass)."""
    import inspect

    args = copy.deepcopy(tuple(case.args))
    kwargs = copy.deepcopy(dict(case.kwargs))
    try:
        params = inspect.signature(answer).parameters.values()
    except (TypeError, ValueError):
        return answer(*args, **kwargs)
    names = {p.name for p in params if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)}
    if any(p.kind == p.VAR_KEYWORD for p in params) or set(kwargs) <= names:
        return answer(*args, **kwargs)
    return answer(*args, *kwargs.values())


def expected_plain(task: Task, hidden: bool) -> list[Any]:
    """The expected output of every case, as plain data (computed once per process)."""
    key = (task.task_id, hidden)
    cached = _EXPECTED_CACHE.get(key)
    if cached is not None and cached[0] is task:  # the same task object, not a reloaded one
        return cached[1]
    if not task.from_source:
        if hidden:
            task.make_cases(hidden=True)  # raises HiddenCasesUnavailable
        values = list(task.public_expected)
    elif task.kind == "value":
        values = [to_plain(task.reference())]
    else:
        # A simulation task is judged against the exact value and standard error per case.
        expect = task.reference if task.seeds is None else task.exact
        values = [to_plain(call_case(expect, c)) for c in task.make_cases(hidden=hidden)]
    _EXPECTED_CACHE[key] = (task, values)
    return values


def _stopped(outcome: dict) -> tuple[str, str, int | None] | None:
    stop = outcome.get("stopped")
    if stop is None:
        return None
    status = stop.get("status")
    if status not in ("error", "not attempted", "timeout", "killed"):
        return ("error", "the check received a result it cannot read", None)
    index = stop.get("index")
    index = index if type(index) is int else None
    if status == "killed":  # e.g. by the kernel's out-of-memory killer: an error, said so
        status = "error"
    return (status, one_line(str(stop.get("detail", ""))), index)


def judge(task_id: str, hidden: bool, outcome: Any) -> tuple[str, str, int | None]:
    """``(status, detail, index of the case)`` for the learner's plain results.

    Args:
        task_id: the task.
        hidden: whether the hidden cases were run too.
        outcome: ``{"results": [plain result per case, in order], "stopped": None or
            {"status": "error" | "not attempted" | "timeout" | "killed", "detail": ...,
            "index": case}}``: the results up to the case where the run stopped, if it did.
    """
    task = get_task(task_id)
    expected = expected_plain(task, hidden)
    if type(outcome) is not dict or type(outcome.get("results", [])) is not list:
        return ("error", "the check received a result it cannot read", None)
    results = outcome.get("results", [])
    if len(results) > len(expected):
        return ("error", "the check received more results than there are cases", None)
    values = []
    for i, plain in enumerate(results):
        try:
            got = from_plain(plain)
        except (PlainError, RecursionError, ValueError, TypeError) as exc:
            return ("wrong type", one_line(f"your result could not be read ({exc})"), i)
        if isinstance(got, Unsupported):
            return (
                "wrong type",
                one_line(f"your result is {got.why}; return a plain number, list or array"),
                i,
            )
        want = from_plain(expected[i])
        try:
            problem = task.compare(want, got)
        except WrongType as exc:
            return ("wrong type", one_line(str(exc)), i)
        except Exception as exc:
            return (
                "wrong type",
                one_line(f"could not compare your result {short(got)} ({exc})"),
                i,
            )
        if problem:
            return ("failed", one_line(problem), i)
        values.append(got)
    stopped = _stopped(outcome)
    if stopped is not None:
        return stopped
    if len(results) < len(expected):
        return ("error", "your code stopped before every case had run", len(results))
    if task.seeds is not None:
        return _judge_sampled(task, expected, values)
    return ("passed", "", None)


def _judge_sampled(task: Task, expected: list, values: list) -> tuple[str, str, int | None]:
    """The verdict of a simulation task on all its runs (:mod:`.sampling`): each setting's
    block is its seeds' estimates and the repeat of its first seed."""
    from .sampling import verdict

    params = dict(task.compare.params)
    size = params["seeds"] + 1
    starts = range(0, len(values), size)
    found = verdict(
        [tuple(from_plain(expected[k])) for k in starts],
        [values[k : k + size] for k in starts],
        seeds=params["seeds"],
        z=params["z"],
        low=params["low"],
        high=params["high"],
    )
    if found is None:
        return ("passed", "", None)
    problem, block = found
    return ("failed", one_line(problem), None if block is None else block * size)


# ---------------------------------------------------------------------------------------------
# The judge process of the self-paced check.


def _serve() -> None:
    """Read one JSON request per line on stdin, answer one JSON line on stdout."""
    out = sys.stdout
    sys.stdout = sys.stderr  # nothing else may write to the answer channel
    for line in sys.stdin:
        try:
            request = json.loads(line)
            for name in ("QINTERNET_EDU_DATA_DIR",):
                if request.get(name):
                    os.environ[name] = str(request[name])
            status, detail, index = judge(
                request["task"], bool(request["hidden"]), request["outcome"]
            )
            recorded, notice = None, io.StringIO()
            if status == "passed" and request.get("record"):
                from .progress import record_pass

                sys.stderr = notice  # e.g. "the progress file was damaged ...": for the learner
                try:
                    record_pass(request["task"])
                    recorded = ""
                except OSError as exc:
                    recorded = one_line(exc.strerror or str(exc))
                finally:
                    sys.stderr = sys.__stderr__
            reply = {
                "status": status,
                "detail": detail,
                "index": index,
                "recorded": recorded,
                "notice": notice.getvalue().strip(),
            }
        except Exception as exc:  # a bad request: say so, keep serving
            reply = {
                "status": "error",
                "detail": one_line(f"{type(exc).__name__}: {exc}"),
                "index": None,
                "recorded": None,
            }
        out.write(json.dumps(reply) + "\n")
        out.flush()


class JudgeClient:
    """A judge process started on first use and kept for the kernel's life."""

    def __init__(self) -> None:
        self._process: subprocess.Popen | None = None
        self._env_key: tuple | None = None
        self._lock = threading.Lock()

    def _start(self) -> subprocess.Popen:
        key = tuple(os.environ.get(k) for k in _TASK_ENV)
        if self._process is not None and (self._process.poll() is not None or key != self._env_key):
            self.close()
        if self._process is None:
            self._process = subprocess.Popen(
                [sys.executable, "-m", "qinternet_edu.exercises.judging"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
                bufsize=1,
                start_new_session=True,
            )
            self._env_key = key
        return self._process

    def ask(self, task_id: str, hidden: bool, outcome: dict, *, record: bool) -> dict:
        """The judge's reply to one request."""
        request = {
            "task": task_id,
            "hidden": hidden,
            "outcome": outcome,
            "record": record,
            "QINTERNET_EDU_DATA_DIR": os.environ.get("QINTERNET_EDU_DATA_DIR"),
        }
        with self._lock:
            for _attempt in (1, 2):
                process = self._start()
                try:
                    process.stdin.write(json.dumps(request) + "\n")
                    process.stdin.flush()
                    line = process.stdout.readline()
                    if line:
                        return json.loads(line)
                except (BrokenPipeError, OSError, ValueError):
                    pass
                self.close()
        return {"status": "error", "detail": "the checker could not start", "index": None}

    def close(self) -> None:
        """Stop the judge process."""
        if self._process is not None:
            try:
                self._process.kill()
                self._process.wait(timeout=5)
            except OSError:
                pass
            self._process = None


if __name__ == "__main__":
    _serve()
