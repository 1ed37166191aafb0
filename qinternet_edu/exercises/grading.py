"""Grade a whole exercise notebook headless: run it, collect every check's verdict, report.

The notebook runs in a fresh ``python3`` kernel (nbclient) with the environment variable
``QINTERNET_EDU_GRADING`` set, so each ``check`` also prints a machine-readable line
``QIE-CHECK {"task": ..., "status": ...}``; those lines give the per-task report.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .checking import GRADING_ENV, MARKER_PREFIX
from .registry import all_tasks

__all__ = ["GradeReport", "TaskGrade", "grade_notebook"]


@dataclass(frozen=True)
class TaskGrade:
    """One task's line in a report."""

    task_id: str
    title: str
    status: str
    points: int
    points_possible: int


@dataclass(frozen=True, repr=False)
class GradeReport:
    """Per-task statuses and points of one notebook, and any error raised outside the checks."""

    notebook: str
    tasks: tuple[TaskGrade, ...]
    cell_errors: tuple[str, ...] = ()
    stray_checks: tuple[str, ...] = ()

    @property
    def all_passed(self) -> bool:
        """True when every task passed and no cell raised an error."""
        return not self.cell_errors and all(t.status == "passed" for t in self.tasks)

    @property
    def points(self) -> int:
        return sum(t.points for t in self.tasks)

    @property
    def points_possible(self) -> int:
        return sum(t.points_possible for t in self.tasks)

    def __repr__(self) -> str:
        rows = [("Task", "Title", "Status", "Points")]
        rows += [
            (t.task_id, t.title, t.status, f"{t.points}/{t.points_possible}") for t in self.tasks
        ]
        widths = [max(len(r[i]) for r in rows) for i in range(4)]
        lines = [f"Grading {self.notebook}"]
        for n, row in enumerate(rows):
            lines.append("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
            if n == 0:
                lines.append("  ".join("-" * w for w in widths))
        passed = sum(t.status == "passed" for t in self.tasks)
        lines.append(
            f"Score: {self.points}/{self.points_possible} points; "
            f"{passed} of {len(self.tasks)} tasks passed."
        )
        lines += [f"Error outside the checks: {e}" for e in self.cell_errors]
        lines += [
            f"A check outside its task's check cell (it does not count): {e}"
            for e in self.stray_checks
        ]
        return "\n".join(lines)


@contextlib.contextmanager
def _grading_environment() -> Iterator[None]:
    saved = {k: os.environ.get(k) for k in (GRADING_ENV, "NBGRADER_EXECUTION")}
    os.environ[GRADING_ENV] = "1"
    os.environ.pop("NBGRADER_EXECUTION", None)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _merge(old: str | None, new: str) -> str:
    """A task passes only if all its checks passed; otherwise the first problem counts."""
    if old is None or old == "passed":
        return new
    return old


def grade_notebook(
    path: str | Path, *, timeout_s: float = 120.0, kernel_name: str = "python3"
) -> GradeReport:
    """Run a learner notebook headless and report every task of its module.

    Args:
        path: the notebook, named ``NN_slug.ipynb`` (its module is ``NN``).
        timeout_s: the time limit per cell.
        kernel_name: the Jupyter kernel to run it in.

    Returns:
        A :class:`GradeReport`; a task whose check never ran has status ``"not run"``.
    """
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, DeadKernelError

    path = Path(path)
    nb = nbformat.read(str(path), as_version=4)
    client = NotebookClient(
        nb,
        timeout=timeout_s,
        kernel_name=kernel_name,
        allow_errors=True,
        interrupt_on_timeout=True,
        record_timing=False,
        resources={"metadata": {"path": str(path.parent.resolve())}},
    )
    errors: list[str] = []
    with _grading_environment():
        try:
            # The kernel process's own notices stay out of the report; what the
            # notebook prints still arrives through its cell outputs.
            client.execute(stderr=subprocess.DEVNULL)
        except (CellExecutionError, DeadKernelError, RuntimeError) as exc:
            errors.append(f"{type(exc).__name__}: {str(exc).strip().splitlines()[-1][:200]}")
    # A task's grade is its own (locked) check cell, named task_NN_k_check by nbgrader's
    # metadata; a check elsewhere (a scratch cell) is reported with its cell and not counted.
    own_cells: dict[int, str] = {}
    for number, cell in enumerate(nb.cells):
        grade_id = str(cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", ""))
        found = re.match(r"^task_(\d{2})_(\d{1,2})_check$", grade_id)
        if found:
            own_cells[number] = f"{found.group(1)}.{found.group(2)}"
    statuses: dict[str, str] = {}
    loose: dict[str, str] = {}
    stray: list[str] = []
    for number, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                errors.append(f"cell {number}: {output.get('ename')}: {output.get('evalue')}")
            if output.get("output_type") != "stream":
                continue
            for line in str(output.get("text", "")).splitlines():
                if not line.startswith(MARKER_PREFIX):
                    continue
                record = json.loads(line[len(MARKER_PREFIX) :])
                task_id, status = record["task"], record["status"]
                loose[task_id] = _merge(loose.get(task_id), status)
                if own_cells.get(number) == task_id:
                    statuses[task_id] = _merge(statuses.get(task_id), status)
                elif status != "passed":
                    stray.append(f"cell {number}: Task {task_id} {status}")
    owned = set(own_cells.values())
    for task_id, status in loose.items():  # a notebook without nbgrader metadata
        if task_id not in owned:
            statuses[task_id] = status
    match = re.match(r"^(\d{2})_", path.name)
    tasks = list(all_tasks(match.group(1))) if match else []
    known = {t.task_id for t in tasks}
    from .registry import get_task

    tasks += [get_task(t) for t in sorted(statuses) if t not in known]
    rows = []
    for task in tasks:
        status = statuses.get(task.task_id, "not run")
        earned = task.points if status == "passed" else 0
        rows.append(TaskGrade(task.task_id, task.title, status, earned, task.points))
    return GradeReport(
        notebook=str(path), tasks=tuple(rows), cell_errors=tuple(errors), stray_checks=tuple(stray)
    )
