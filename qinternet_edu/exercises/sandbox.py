"""Run a notebook's answer cells in a fresh interpreter and send back only plain results.

Used for grading (:mod:`.nbgrader_grading`): the grader starts
``python -m qinternet_edu.exercises.sandbox`` with one JSON request on stdin, and reads
one JSON outcome (``{"results": [...], "stopped": ...}``, see :func:`.judging.judge`) from
the child's stdout. The child

- sees only the package's public task data (``QINTERNET_EDU_PUBLIC_ONLY``): no reference,
  no hidden expected output;
- runs the locked imports cell, then, behind a Python audit hook, the student's answer
  cells: the hook refuses to open files outside the Python installation and a private
  temporary folder (so the course's ``tasks.py``, gradebook and other submissions cannot
  be read), to write outside that folder, to start programs, to load C libraries through
  ``ctypes`` other than those of the installed packages, and to open network connections;
- has its own process group, a memory limit, and file descriptors 1 and 2 pointed at a
  file, so printing (even straight to descriptor 1) cannot disturb the answer channel.

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

__all__ = ["run_in_sandbox"]

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


def _child() -> None:
    request = json.loads(sys.stdin.read())
    answer_out = os.fdopen(os.dup(1), "w")
    private = tempfile.mkdtemp(prefix="qie-sandbox-")
    capture = os.open(os.path.join(private, "output.txt"), os.O_WRONLY | os.O_CREAT, 0o600)
    os.dup2(capture, 1)
    os.dup2(capture, 2)
    os.chdir(private)
    import numpy  # noqa: F401  (loaded before the guard: its libraries, its files)

    import qinternet_edu  # noqa: F401
    from qinternet_edu.exercises.judging import call_case, one_line
    from qinternet_edu.exercises.plain import from_plain, to_plain
    from qinternet_edu.exercises.registry import Case

    namespace: dict[str, Any] = {"__name__": "__main__"}
    outcome: dict[str, Any] = {"results": [], "stopped": None}
    index = None
    try:
        exec(compile(request["imports"], "<imports cell>", "exec"), namespace)
        cases = [
            Case(kwargs=from_plain(c["kwargs"]), args=tuple(from_plain(c["args"])))
            for c in request["cases"]
        ]
        from qinternet_edu.exercises.shortcuts import switched_off

        # Before the answer cells run (a name they bind is the switched-off function), kept
        # switched off until this process ends (the reference never runs in it).
        switch = switched_off(request.get("switched_off", ()), request.get("task", ""))
        switch.__enter__()
        _install_guard(private)
        _limit_memory(int(request.get("memory_bytes", _MEMORY_BYTES)))
        for number, code in enumerate(request["code"]):
            try:
                exec(compile(code, f"<answer cell {number + 1}>", "exec"), namespace)
            except Exception:  # a broken cell elsewhere: the task's own function may still run
                pass
        if request.get("helpers"):
            exec(compile(request["helpers"], "<known-correct helpers>", "exec"), namespace)
        name = request["answer"]
        if name not in namespace:
            raise NameError(f"name {name!r} is not defined")
        answer = namespace[name]
        for number, case in enumerate(cases):
            index = number
            if request["kind"] == "value":
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
    try:
        text = json.dumps(outcome, allow_nan=False)
    except (TypeError, ValueError):
        text = json.dumps({"results": [], "stopped": {"status": "error", "detail": "bad"}})
    answer_out.write(text)
    answer_out.flush()
    os._exit(0)


def run_in_sandbox(request: dict, *, time_limit_s: float = 60.0) -> dict:
    """Run ``request`` (imports, code, answer, kind, cases, helpers) in a fresh interpreter;
    the child's outcome, or a timeout / stopped-by-the-system outcome."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QINTERNET_EDU_", "NBGRADER"))}
    env["QINTERNET_EDU_PUBLIC_ONLY"] = "1"
    env["QISKIT_IN_PARALLEL"] = "TRUE"
    with tempfile.TemporaryFile() as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "qinternet_edu.exercises.sandbox"],
            stdin=subprocess.PIPE,
            stdout=out,
            stderr=subprocess.DEVNULL,
            env=env,
            start_new_session=True,
        )
        started = time.monotonic()
        try:
            process.communicate(json.dumps(request).encode(), timeout=time_limit_s)
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
        raw = out.read(50_000_000)
    if raw:
        try:
            return json.loads(raw)
        except ValueError:
            return {"results": [], "stopped": {"status": "error", "detail": "unreadable result"}}
    if elapsed >= time_limit_s:
        return {"results": [], "stopped": {"status": "timeout", "detail": "", "index": None}}
    code = process.returncode
    if code is not None and code < 0:
        name = signal.Signals(-code).name if -code in signal.Signals._value2member_map_ else code
        detail = f"stopped by the system ({name}): out of memory?"
        return {"results": [], "stopped": {"status": "killed", "detail": detail, "index": None}}
    detail = f"your code stopped the Python process (exit code {code})"
    return {"results": [], "stopped": {"status": "error", "detail": detail, "index": None}}


if __name__ == "__main__":
    _child()
