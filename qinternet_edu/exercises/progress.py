"""The learner's progress: which tasks passed, and how many hints each has shown.

Kept in ``progress.json`` in the user's data folder
(``platformdirs.user_data_dir("qinternet-edu")``, or the folder named by the
environment variable ``QINTERNET_EDU_DATA_DIR``). Every change is a
read-modify-write under an exclusive file lock, written atomically (a
temporary file in the same folder, fsync, ``os.replace``), so several
notebooks checking at once lose nothing and a crash never leaves half a file.
A copy of the last good state is kept in ``progress.json.bak``; if the main
file is ever damaged it is set aside (renamed with a timestamp) and the
passes are recovered from that copy.

Example:
    >>> progress_file().name
    'progress.json'
"""

from __future__ import annotations

import contextlib
import html
import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

__all__ = [
    "ModuleProgress",
    "ProgressSummary",
    "data_dir",
    "passed_tasks",
    "progress",
    "progress_file",
    "progress_widget",
    "record_pass",
]

_FILE_NAME = "progress.json"
_VERSION = 1


def data_dir() -> Path:
    """The folder holding the progress file (``QINTERNET_EDU_DATA_DIR`` overrides it).

    By default it is the user's data folder (``platformdirs``), for example
    ``~/.local/share/qinternet-edu`` on Linux. The test suite sets the override to a
    temporary folder, so running it never touches a learner's real progress.
    """
    override = os.environ.get("QINTERNET_EDU_DATA_DIR")
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("qinternet-edu", appauthor=False))


def progress_file() -> Path:
    """The path of the progress JSON file."""
    return data_dir() / _FILE_NAME


def _empty() -> dict[str, Any]:
    return {"version": _VERSION, "passed": {}, "hints": {}}


def _count(value: Any) -> bool:
    return type(value) is int and 0 <= value < 10**9


def _valid(state: Any) -> bool:
    """A progress state as this module writes it: counts are small non-negative integers
    (not strings, null, NaN or 1e400), entries are dicts."""
    if not (
        isinstance(state, dict)
        and isinstance(state.get("passed"), dict)
        and isinstance(state.get("hints", {}), dict)
    ):
        return False
    for entry in state["passed"].values():
        if not isinstance(entry, dict) or not _count(entry.get("count", 0)):
            return False
    return all(_count(v) for v in state.get("hints", {}).values())


@contextlib.contextmanager
def _locked(folder: Path, *, reading: bool = False) -> Iterator[None]:
    """Hold the folder's lock; a reader in a read-only folder (no lock file) reads without."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        import fcntl

        lock = open(folder / "progress.lock", "a+")  # closed by the with below
    except ImportError:  # Windows: no advisory locks; writes stay atomic, but not serialised
        yield
        return
    except OSError:
        if not reading:
            raise
        yield
        return
    with lock:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock.fileno(), fcntl.LOCK_UN)


def _write_atomic(path: Path, state: dict[str, Any]) -> None:
    text = json.dumps(state, indent=1, sort_keys=True) + "\n"
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _read(path: Path) -> dict[str, Any] | None:
    """The parsed state, or None if the file is damaged (missing counts as empty)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return _empty()
    except (UnicodeDecodeError, IsADirectoryError, NotADirectoryError):
        return None  # a directory at the file's path is set aside like a damaged file
    try:
        state = json.loads(text)
    except (ValueError, RecursionError):  # torn writes, and deeply nested JSON
        return None
    if not _valid(state):
        return None
    state.setdefault("hints", {})
    state.setdefault("version", _VERSION)
    return state


def _load_unlocked(path: Path) -> dict[str, Any]:
    state = _read(path)
    if state is not None:
        return state
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.corrupt-{stamp}-{os.getpid()}")
    number = 1
    while aside.exists() or aside.is_symlink():
        number += 1
        aside = path.with_name(f"{path.name}.corrupt-{stamp}-{os.getpid()}-{number}")
    try:
        os.replace(path, aside)
    except OSError as exc:  # e.g. a read-only folder: read the backup, leave the file alone
        backup_path = path.with_name(path.name + ".bak")
        backup = _read(backup_path) if backup_path.is_file() else None
        print(
            f"qinternet-edu: the progress file {path} is damaged and could not be set aside "
            f"({exc.strerror or exc}); showing {'the backup' if backup else 'no progress'}.",
            file=sys.stderr,
        )
        return backup if backup is not None else _empty()
    backup_path = path.with_name(path.name + ".bak")
    backup = _read(backup_path) if backup_path.exists() else None
    if backup is not None:
        state = backup
        recovered = f"recovered {len(state['passed'])} passed task(s) from {backup_path.name}"
    else:
        state = _empty()
        recovered = "no backup was found, so progress starts again"
    print(
        f"qinternet-edu: the progress file {path} was damaged; it was moved to {aside.name} "
        f"and {recovered}.",
        file=sys.stderr,
    )
    _write_atomic(path, state)
    return state


def _update(change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    path = progress_file()
    with _locked(path.parent):
        state = _load_unlocked(path)
        change(state)
        _write_atomic(path, state)
        _write_atomic(path.with_name(path.name + ".bak"), state)
    return state


def load() -> dict[str, Any]:
    """The whole progress state (a fresh dict; changing it changes nothing on disk)."""
    path = progress_file()
    if not path.exists() and not path.is_symlink():
        return _empty()
    with _locked(path.parent, reading=True):
        return _load_unlocked(path)


def record_pass(task_id: str) -> None:
    """Record that ``task_id`` passed its check (the first and latest time, and how often)."""
    now = datetime.now(UTC).isoformat(timespec="seconds")

    def change(state: dict[str, Any]) -> None:
        entry = state["passed"].setdefault(task_id, {"first": now, "count": 0})
        entry["last"] = now
        entry["count"] = int(entry.get("count", 0)) + 1

    _update(change)


def passed_tasks() -> dict[str, dict[str, Any]]:
    """Task id -> ``{"first", "last", "count"}`` for every task that has passed."""
    return dict(load()["passed"])


def _passed_or_note() -> dict[str, dict[str, Any]]:
    try:
        return passed_tasks()
    except OSError as exc:
        print(
            f"qinternet-edu: the progress file {progress_file()} cannot be read "
            f"({exc.strerror or exc}); showing no progress.",
            file=sys.stderr,
        )
        return {}


def next_hint_index(task_id: str, *, advance: bool) -> int:
    """How many hints of ``task_id`` were shown so far; with ``advance``, count one more."""
    shown: list[int] = []

    def change(state: dict[str, Any]) -> None:
        count = int(state["hints"].get(task_id, 0))
        shown.append(count)
        if advance:
            state["hints"][task_id] = count + 1

    _update(change)
    return shown[0]


def reset_hints(task_id: str) -> None:
    """Start the hints of ``task_id`` again from the first."""
    _update(lambda state: state["hints"].pop(task_id, None))


# ---------------------------------------------------------------------------------------------
# The summary table.


@dataclass(frozen=True)
class ModuleProgress:
    """Progress in one module: the tasks passed out of those registered, and the points."""

    module: str
    title: str
    passed: tuple[str, ...]
    total: int
    points: int
    points_total: int


@dataclass(frozen=True, repr=False)
class ProgressSummary:
    """Passed tasks per module, shown as a text table (``repr``) or an HTML table (notebooks)."""

    modules: tuple[ModuleProgress, ...]

    @property
    def passed(self) -> int:
        """Number of tasks passed, over all modules."""
        return sum(len(m.passed) for m in self.modules)

    @property
    def total(self) -> int:
        """Number of registered tasks."""
        return sum(m.total for m in self.modules)

    def _rows(self) -> list[tuple[str, str, str, str]]:
        rows = []
        for m in self.modules:
            bar = "#" * len(m.passed) + "." * (m.total - len(m.passed))
            rows.append(
                (
                    m.module,
                    m.title,
                    f"{len(m.passed)}/{m.total} {bar}",
                    f"{m.points}/{m.points_total}",
                )
            )
        return rows

    def __repr__(self) -> str:
        header = ("Module", "Title", "Tasks passed", "Points")
        rows = [header, *self._rows()]
        widths = [max(len(r[i]) for r in rows) for i in range(4)]
        lines = [
            "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows
        ]
        lines.insert(1, "  ".join("-" * w for w in widths))
        lines.append(f"Total: {self.passed} of {self.total} tasks passed.")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        cells = []
        for m in self.modules:
            share = len(m.passed) / m.total if m.total else 0.0
            bar = (
                '<div style="background:#ddd;width:8em;height:0.8em">'
                f'<div style="background:#2a7;width:{100 * share:.0f}%;height:100%"></div></div>'
            )
            cells.append(
                f"<tr><td>{html.escape(m.module)}</td><td>{html.escape(m.title)}</td>"
                f"<td>{len(m.passed)}/{m.total}</td><td>{bar}</td>"
                f"<td>{m.points}/{m.points_total}</td></tr>"
            )
        return (
            "<table><thead><tr><th>Module</th><th>Title</th><th>Tasks passed</th><th></th>"
            "<th>Points</th></tr></thead><tbody>"
            + "".join(cells)
            + f"</tbody></table><p>Total: {self.passed} of {self.total} tasks passed.</p>"
        )


def progress() -> ProgressSummary:
    """The learner's progress: passed tasks and points per module (a table in a notebook).

    Example:
        >>> summary = progress()
        >>> summary.passed <= summary.total
        True
    """
    from .registry import all_tasks, module_title

    done = _passed_or_note()
    by_module: dict[str, list] = {}
    for task in all_tasks():
        by_module.setdefault(task.module, []).append(task)
    modules = []
    for module, tasks in sorted(by_module.items()):
        passed = tuple(t.task_id for t in tasks if t.task_id in done)
        modules.append(
            ModuleProgress(
                module=module,
                title=module_title(module),
                passed=passed,
                total=len(tasks),
                points=sum(t.points for t in tasks if t.task_id in done),
                points_total=sum(t.points for t in tasks),
            )
        )
    return ProgressSummary(modules=tuple(modules))


def progress_widget():
    """An ipywidgets panel showing :func:`progress` as a table, with a Refresh button."""
    import ipywidgets as widgets

    table = widgets.HTML(value=progress()._repr_html_())
    button = widgets.Button(description="Refresh", icon="refresh", tooltip="Read progress again")

    def refresh(_=None) -> None:
        table.value = progress()._repr_html_()

    button.on_click(refresh)
    box = widgets.VBox([table, button])
    box.refresh = refresh
    return box
