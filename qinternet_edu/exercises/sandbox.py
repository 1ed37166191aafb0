"""Run a notebook's answer cells in a fresh interpreter and send back only plain results.

Used for grading (:mod:`.nbgrader_grading`): the grader starts
``python -m qinternet_edu.exercises.sandbox`` with one JSON request on stdin (a
notebook's imports cell, its answer cells and the tasks to run), and reads one JSON
outcome per task (``{"results": [...], "stopped": ...}``, see :func:`.judging.judge`)
from the child's stdout. The child

- sees only the package's public task data (``QINTERNET_EDU_PUBLIC_ONLY``): no reference,
  no hidden expected output;
- loads the packages and runs the locked imports cell once, then forks one process per
  task (so a notebook pays for one interpreter, not one per task). Each of those has its
  own process group, time limit and memory limit, never holds the answer channel, and
  runs the student's answer cells behind a Python audit hook: the hook refuses to open
  files outside the Python installation and a private temporary folder (so the course's
  ``tasks.py``, gradebook and other submissions cannot be read), to write outside that
  folder, to start programs or fork, to load C libraries through ``ctypes`` other than
  those of the installed packages, and to open network connections;
- points file descriptors 1 and 2 at a file, so printing (even straight to descriptor 1)
  cannot disturb the answer channel.

The grader, not this child, compares the results and decides.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from typing import Any

__all__ = ["run_in_sandbox", "run_tasks_in_sandbox"]

_MEMORY_BYTES = 2 * 1024**3
_BLOCKED_EVENTS = (
    "subprocess.Popen",
    "os.system",
    "os.exec",
    "os.posix_spawn",
    "os.spawn",
    "os.fork",
    "os.forkpty",
    "pty.spawn",
    "socket.connect",
    "socket.bind",
    "sys.setprofile",
    "sys.settrace",
    "os.kill",
    "os.killpg",
    "signal.pthread_kill",
)


def _install_guard(private: str) -> None:
    import site
    import sysconfig

    import qinternet_edu

    readable = {
        sys.prefix,
        sys.base_prefix,
        sys.exec_prefix,
        *(sysconfig.get_paths().values()),
        *site.getsitepackages(),
        os.path.dirname(os.path.abspath(qinternet_edu.__file__)),
        "/usr",
        "/lib",
        "/lib64",
        "/etc",
        "/proc",
        "/sys",
        "/dev",
        private,
    }
    readable = tuple(sorted(os.path.realpath(p).rstrip("/") + "/" for p in readable if p))
    writable = (os.path.realpath(private).rstrip("/") + "/", "/dev/null/")
    code = tuple(p for p in readable if not p.startswith(("/proc/", "/dev/", "/sys/", "/etc/")))
    write_flags = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC

    def allowed(path: str, prefixes: tuple[str, ...]) -> bool:
        real = os.path.realpath(path) + "/"
        return any(real.startswith(p) for p in prefixes)

    def hook(event: str, args: tuple) -> None:
        if event == "open":
            path, mode, flags = [*list(args), None, None, None][:3]
            if isinstance(path, int) or path is None:
                return
            path = os.fsdecode(path)
            writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
                isinstance(flags, int) and flags & write_flags
            )
            if not allowed(path, writable if writing else readable):
                raise PermissionError(f"grading sandbox: {path!r} may not be opened")
        elif event == "ctypes.dlopen":  # a library of the installed packages only, by path
            name = args[0] if args else None
            if not isinstance(name, str) or not os.path.isabs(name) or not allowed(name, code):
                raise PermissionError(f"grading sandbox: loading the C library {name!r}")
        elif event.startswith(_BLOCKED_EVENTS) or event in ("sys.addaudithook",):
            raise PermissionError(f"grading sandbox: {event} is not allowed")

    sys.addaudithook(hook)


def _limit_memory(extra: int) -> None:
    try:
        import resource

        with open("/proc/self/statm") as f:
            used = int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = used + extra
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ImportError, OSError, ValueError):  # pragma: no cover - not Linux
        pass


_TASK_KEYS = ("answer", "kind", "cases", "helpers", "task", "switched_off", "memory_bytes")
_MAX_RESULT_BYTES = 50_000_000


def _stopped(status: str, detail: str = "") -> dict:
    return {"results": [], "stopped": {"status": status, "detail": detail, "index": None}}


def _run_task(request: dict, task: dict, namespace: dict, private: str) -> dict:
    """In a forked grandchild: switch off, guard, limit memory, run the answer cells, call."""
    from qinternet_edu.exercises.judging import call_case, one_line
    from qinternet_edu.exercises.plain import from_plain, to_plain
    from qinternet_edu.exercises.registry import Case
    from qinternet_edu.exercises.shortcuts import switched_off

    outcome: dict[str, Any] = {"results": [], "stopped": None}
    index = None
    try:
        cases = [
            Case(kwargs=from_plain(c["kwargs"]), args=tuple(from_plain(c["args"])))
            for c in task["cases"]
        ]
        # Before the answer cells run (a name they bind is the switched-off function), kept
        # switched off until this process ends (the reference never runs in it).
        switch = switched_off(task.get("switched_off", ()), task.get("task", ""))
        switch.__enter__()
        _install_guard(private)
        _limit_memory(int(task.get("memory_bytes", _MEMORY_BYTES)))
        for number, code in enumerate(request["code"]):
            try:
                exec(compile(code, f"<answer cell {number + 1}>", "exec"), namespace)
            except Exception:  # a broken cell elsewhere: the task's own function may still run
                pass
        if task.get("helpers"):
            exec(compile(task["helpers"], "<known-correct helpers>", "exec"), namespace)
        name = task["answer"]
        if name not in namespace:
            raise NameError(f"name {name!r} is not defined")
        answer = namespace[name]
        for number, case in enumerate(cases):
            index = number
            if task["kind"] == "value":
                got = answer() if callable(answer) else answer
            else:
                got = call_case(answer, case)
            outcome["results"].append(to_plain(got))
    except NotImplementedError:
        outcome["stopped"] = {"status": "not attempted", "detail": "", "index": index}
    except MemoryError:
        detail = "MemoryError: it needed more memory than a check may use"
        outcome["stopped"] = {"status": "error", "detail": detail, "index": index}
    except RecursionError:
        detail = "RecursionError: the function calls itself without end"
        outcome["stopped"] = {"status": "error", "detail": detail, "index": index}
    except BaseException as exc:
        detail = one_line(f"{type(exc).__name__}: {exc}")
        outcome["stopped"] = {"status": "error", "detail": detail, "index": index}
    return outcome


def _collect(pid: int, read_end: int, time_limit_s: float) -> dict:
    """The outcome a grandchild sends through its pipe, or why it sent none."""
    import select

    deadline = time.monotonic() + time_limit_s
    chunks, size, timed_out = [], 0, False
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            timed_out = True
            break
        ready, _, _ = select.select([read_end], [], [], left)
        if not ready:
            continue
        chunk = os.read(read_end, 1 << 20)
        if not chunk:
            break
        size += len(chunk)
        if size > _MAX_RESULT_BYTES:
            break
        chunks.append(chunk)
    os.close(read_end)
    try:
        os.killpg(pid, signal.SIGKILL)  # the grandchild and any thread or child it left
    except OSError:
        pass
    _, status = os.waitpid(pid, 0)
    if timed_out:
        return _stopped("timeout")
    if size > _MAX_RESULT_BYTES:
        return _stopped("error", "the results are too large to send back")
    raw = b"".join(chunks)
    if raw:
        try:
            return json.loads(raw)
        except ValueError:
            return _stopped("error", "unreadable result")
    if os.WIFSIGNALED(status) and os.WTERMSIG(status) != signal.SIGKILL:
        return _killed(os.WTERMSIG(status))
    if os.WIFSIGNALED(status):
        return _killed(signal.SIGKILL)
    return _stopped(
        "error", f"your code stopped the Python process (exit code {os.WEXITSTATUS(status)})"
    )


def _killed(number: int) -> dict:
    name = signal.Signals(number).name if number in signal.Signals._value2member_map_ else number
    return _stopped("killed", f"stopped by the system ({name}): out of memory?")


def _child() -> None:
    """One interpreter per notebook: load the packages and the imports cell once, then fork
    one grandchild per task, so each task still runs alone, switched off and guarded."""
    request = json.loads(sys.stdin.read())
    answer_fd = os.dup(1)
    private = tempfile.mkdtemp(prefix="qie-sandbox-")
    capture = os.open(os.path.join(private, "output.txt"), os.O_WRONLY | os.O_CREAT, 0o600)
    os.dup2(capture, 1)
    os.dup2(capture, 2)
    os.close(capture)
    os.chdir(private)
    import numpy  # noqa: F401  (loaded before the guard: its libraries, its files)

    import qinternet_edu  # noqa: F401
    from qinternet_edu.exercises import judging, plain, registry, shortcuts  # noqa: F401
    from qinternet_edu.exercises.judging import one_line

    namespace: dict[str, Any] = {"__name__": "__main__"}
    limit = float(request.get("time_limit_s", 60.0))
    outcomes = []
    try:
        exec(compile(request["imports"], "<imports cell>", "exec"), namespace)
        imported = None
    except BaseException as exc:
        imported = _stopped("error", one_line(f"imports cell: {type(exc).__name__}: {exc}"))
    for task in request["tasks"]:
        if imported is not None:
            outcomes.append(imported)
            continue
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the grandchild: it never sees the answer channel or the other pipes
            try:
                os.setpgid(0, 0)
                os.close(read_end)
                os.close(answer_fd)
                outcome = _run_task(request, task, namespace, private)
                try:
                    text = json.dumps(outcome, allow_nan=False)
                except (TypeError, ValueError):
                    text = json.dumps(_stopped("error", "bad"))
                with os.fdopen(write_end, "w") as channel:
                    channel.write(text)
            finally:
                os._exit(0)
        os.close(write_end)
        try:
            os.setpgid(pid, pid)
        except OSError:  # it already has its group, or has already ended
            pass
        outcomes.append(_collect(pid, read_end, limit))
    with os.fdopen(answer_fd, "w") as channel:
        channel.write(json.dumps({"outcomes": outcomes}, allow_nan=False))
    os._exit(0)


def _environment() -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QINTERNET_EDU_", "NBGRADER"))}
    env["QINTERNET_EDU_PUBLIC_ONLY"] = "1"
    env["QISKIT_IN_PARALLEL"] = "TRUE"
    return env


def run_tasks_in_sandbox(
    imports: str, code: list[str], tasks: list[dict], *, time_limit_s: float = 60.0
) -> list[dict]:
    """Run a notebook's ``imports`` cell and answer cells (``code``) for each of ``tasks``
    (``answer``, ``kind``, ``cases``, ``helpers``, ``task``, ``switched_off``) in one fresh
    interpreter; one outcome per task, in order.

    The interpreter loads the packages and runs the imports cell once, then forks one
    process per task that runs the answer cells and calls the answer, each within
    ``time_limit_s`` (> 0 s). A task that overruns, crashes or is killed gets its own
    timeout, error or killed outcome; the others are unaffected.
    """
    limit = float(time_limit_s)
    if not limit > 0 or limit == float("inf"):
        raise ValueError(
            f"time_limit_s must be a finite number of seconds > 0, got {time_limit_s!r}"
        )
    if not tasks:
        return []
    request = {
        "imports": imports,
        "code": list(code),
        "tasks": [{k: t[k] for k in _TASK_KEYS if k in t} for t in tasks],
        "time_limit_s": limit,
    }
    # Each task has its own limit inside; this one also covers start-up and a stuck child.
    overall = limit * len(tasks) + 60.0
    with tempfile.TemporaryFile() as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "qinternet_edu.exercises.sandbox"],
            stdin=subprocess.PIPE,
            stdout=out,
            stderr=subprocess.DEVNULL,
            env=_environment(),
            start_new_session=True,
        )
        started = time.monotonic()
        try:
            process.communicate(json.dumps(request).encode(), timeout=overall)
        except subprocess.TimeoutExpired:
            pass
        finally:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except OSError:
                pass
            process.wait()
        elapsed = time.monotonic() - started
        out.seek(0)
        raw = out.read(len(tasks) * _MAX_RESULT_BYTES + 1_000_000)
    if raw:
        try:
            outcomes = json.loads(raw)["outcomes"]
            if isinstance(outcomes, list) and len(outcomes) == len(tasks):
                return outcomes
        except (ValueError, KeyError, TypeError):
            pass
        return [_stopped("error", "unreadable result") for _ in tasks]
    if elapsed >= overall:
        return [_stopped("timeout") for _ in tasks]
    code_ = process.returncode
    if code_ is not None and code_ < 0:
        return [_killed(-code_) for _ in tasks]
    detail = f"the grading process stopped (exit code {code_})"
    return [_stopped("error", detail) for _ in tasks]


def run_in_sandbox(request: dict, *, time_limit_s: float = 60.0) -> dict:
    """Run one task's ``request`` (imports, code, answer, kind, cases, helpers) in a fresh
    interpreter; the outcome, or a timeout / stopped-by-the-system outcome
    (:func:`run_tasks_in_sandbox` with one task)."""
    task = {k: request[k] for k in _TASK_KEYS if k in request}
    return run_tasks_in_sandbox(
        request["imports"], request["code"], [task], time_limit_s=time_limit_s
    )[0]


if __name__ == "__main__":
    _child()
