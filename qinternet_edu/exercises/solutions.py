"""Worked solutions, shown once the learner has passed the task.

``qie.exercises.solution("NN.k")`` returns the instructor's solution of task ``NN.k`` (the
answer cell of ``exercises/source/NN_slug/NN_slug_exercises.ipynb``, and a design task's
model rationale) with the task's hints as its explanation, once the learner's progress file
records a pass of that task. Before that it prints one line asking for a pass first.

An instructor turns solutions off for the whole course with the environment variable
``QINTERNET_EDU_SOLUTIONS=off`` (also ``0``, ``no`` or ``false``), e.g. in the JupyterHub
spawner's environment; they are off while a notebook is graded, too. In an installed
package without the course's sources there is no solution to show: it says so.

Limit: the progress file is the learner's own file, so a self-paced learner who writes a
pass into it by hand sees the solution. In a graded course the solutions are not in the
student's package at all (see ``docs/grading.md``).

Example:
    >>> solution("00.1")  # doctest: +SKIP
    Pass Task 00.1 first (qie.exercises.check("00.1", ...)); its worked solution opens then.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass

from .checking import GRADING_ENV
from .progress import passed_tasks, progress_file
from .registry import _SOURCES, get_task

__all__ = ["SOLUTIONS_ENV", "WorkedSolution", "solution", "solutions_enabled"]

#: Set to ``off`` (or ``0``, ``no``, ``false``) to turn worked solutions off for the course.
SOLUTIONS_ENV = "QINTERNET_EDU_SOLUTIONS"
_OFF = ("off", "0", "no", "false")
_MARKERS = ("### BEGIN SOLUTION", "### END SOLUTION")


@dataclass(frozen=True, repr=False)
class WorkedSolution:
    """A task's worked solution: the instructor's code, a model rationale (design tasks, else
    ""), and the explanation (the task's hints, gentlest first)."""

    task_id: str
    title: str
    code: str
    rationale: str
    explanation: tuple[str, ...]

    def __repr__(self) -> str:
        lines = [f"Worked solution of Task {self.task_id}: {self.title}", "", self.code]
        if self.rationale:
            lines += ["", "A model rationale:", self.rationale]
        lines += ["", "Why it works:"]
        lines += [f"{i}. {step}" for i, step in enumerate(self.explanation, start=1)]
        return "\n".join(lines).rstrip() + "\n"

    def _repr_markdown_(self) -> str:
        parts = [f"**Worked solution of Task {self.task_id}: {self.title}**", ""]
        parts += ["```python", self.code.rstrip(), "```"]
        if self.rationale:
            parts += ["", "*A model rationale:*", "", self.rationale]
        parts += ["", "*Why it works:*", ""]
        parts += [f"{i}. {step}" for i, step in enumerate(self.explanation, start=1)]
        return "\n".join(parts) + "\n"


def solutions_enabled() -> bool:
    """False when the course turned solutions off (``QINTERNET_EDU_SOLUTIONS=off``) or while
    a notebook is graded."""
    if os.environ.get(GRADING_ENV) or os.environ.get("NBGRADER_EXECUTION"):
        return False
    return os.environ.get(SOLUTIONS_ENV, "").strip().lower() not in _OFF


def _cells(task_id: str) -> tuple[str, str]:
    """The solution code and the model rationale of a task, from its source notebook."""
    module, number = task_id.split(".")
    path = _SOURCES[module]
    notebook = path.parent / f"{path.parent.name}_exercises.ipynb"
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    code, rationale = [], []
    for cell in cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if not meta.get("solution") or not re.fullmatch(
            rf"task_{module}_{number}_\w+", meta.get("grade_id", "")
        ):
            continue
        text = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        text = "\n".join(line for line in text.splitlines() if line.strip() not in _MARKERS)
        (code if cell.get("cell_type") == "code" else rationale).append(text.strip())
    if not code:
        raise LookupError(f"the notebook {notebook.name} has no solution cell of Task {task_id}")
    return "\n\n".join(code) + "\n", "\n\n".join(rationale)


def solution(task_id: str) -> WorkedSolution | None:
    """The worked solution of ``task_id`` once it has passed; otherwise print why not (one
    line) and return None."""
    try:
        task = get_task(task_id)
    except (ValueError, TypeError) as exc:
        print(f"❌ {exc}")
        return None
    if not solutions_enabled():
        print(f"Worked solutions are turned off in this course (Task {task_id}).")
        return None
    try:
        passed = task_id in passed_tasks()
    except OSError as exc:
        print(f"Your progress cannot be read ({exc.strerror or exc} at {progress_file()}).")
        return None
    if not passed:
        print(
            f'Pass Task {task_id} first (qie.exercises.check("{task_id}", ...)); '
            "its worked solution opens then."
        )
        return None
    if not task.from_source or task.module not in _SOURCES:
        print(
            f"The worked solution of Task {task_id} comes with the course's repository "
            "(exercises/source/); work in a clone of it to see it."
        )
        return None
    code, rationale = _cells(task_id)
    return WorkedSolution(
        task_id=task_id,
        title=task.title,
        code=code,
        rationale=rationale,
        explanation=task.hints,
    )
