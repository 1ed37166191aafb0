"""nbgrader grading outside the student's kernel: the points come only from what the
answer functions compute on the hidden cases.

:class:`GradeOutsideKernel` is an nbgrader preprocessor that ``exercises/nbgrader_config.py``
puts right after nbgrader's ``Execute`` in ``Autograde.autograde_preprocessors``. It runs in
nbgrader's own process. For every locked grade cell that calls
``qie.exercises.check("NN.k", answer, ...)`` it

1. takes the notebook's imports cell and every answer (solution) cell, as submitted;
2. runs them outside nbgrader's process and the kernel (:mod:`.sandbox`: one fresh
   interpreter per notebook, one forked process per task with its own time and memory
   limit and process group), calls ``answer`` on the task's public and hidden cases, and
   returns the results as plain JSON data;
3. compares them here with the expected outputs of the task's ``tasks.py`` (loaded from the
   course's ``source/NN_slug/``, which the student never sees) (:func:`.judging.judge`);
4. replaces the cell's outputs with the verdict: a pass leaves a line of text, anything
   else adds an error output, so nbgrader's ``SaveAutoGrades`` gives full or zero points.

Whatever the kernel printed or raised in a grade cell is discarded: patched functions,
removed environment variables, fake verdicts and exceptions in the grade cell's namespace
all stay in a kernel that no longer counts.
"""

from __future__ import annotations

import ast
import os
import re
import textwrap
from pathlib import Path

from nbformat.v4 import new_output
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Float

from .checking import _message
from .judging import judge
from .plain import to_plain
from .registry import TASKS_DIR_ENV, get_task, helper_source, reload_tasks
from .sandbox import run_tasks_in_sandbox

__all__ = ["GradeOutsideKernel", "parse_check"]

_GRADE_ID = re.compile(r"^task_(\d{2})_(\d{1,2})_check$")


def parse_check(source: str) -> tuple[str, str] | None:
    """``(task_id, answer name)`` of the first ``...check("NN.k", name ...)`` call in a cell.

    Example:
        >>> parse_check('qie.exercises.check("01.2", x_probabilities)')
        ('01.2', 'x_probabilities')
    """
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or len(node.args) < 2:
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        first, second = node.args[0], node.args[1]
        if (
            name == "check"
            and isinstance(first, ast.Constant)
            and isinstance(first.value, str)
            and isinstance(second, ast.Name)
        ):
            return first.value, second.id
    return None


class GradeOutsideKernel(NbGraderPreprocessor):
    """Grade each task's check cell from the answer cells, run outside the student's kernel."""

    time_limit_s = Float(
        60.0, help="Time limit (s) of one task's answer cells and cases in the grading child."
    ).tag(config=True)

    def _course_source(self, resources: dict) -> Path | None:
        root = None
        try:
            from nbgrader.coursedir import CourseDirectory

            root = Path(CourseDirectory(config=self.config).root)
        except Exception:  # pragma: no cover - nbgrader always has one
            root = Path.cwd()
        source = root / "source"
        return source if source.is_dir() else None

    def preprocess(self, nb, resources):
        source = self._course_source(resources)
        saved = os.environ.get(TASKS_DIR_ENV)
        if source is not None:
            os.environ[TASKS_DIR_ENV] = str(source.resolve())
        try:
            reload_tasks()
            imports, answers = [], []
            for cell in nb.cells:
                meta = cell.metadata.get("nbgrader", {})
                if cell.cell_type != "code":
                    continue
                if meta.get("solution"):
                    answers.append(cell.source)
                elif meta.get("locked") and str(meta.get("grade_id", "")).endswith("_imports"):
                    imports.append(cell.source)
            cells = [
                cell
                for cell in nb.cells
                if cell.cell_type == "code"
                and cell.metadata.get("nbgrader", {}).get("grade")
                and not cell.metadata["nbgrader"].get("solution")
            ]
            self._grade_cells(cells, "\n\n".join(imports), answers)
        finally:
            if saved is None:
                os.environ.pop(TASKS_DIR_ENV, None)
            else:
                os.environ[TASKS_DIR_ENV] = saved
            reload_tasks()
        return nb, resources

    def _task_request(self, cell):
        """``(task, cases, request)`` for a grade cell, or ``None`` after writing why not."""
        found = parse_check(cell.source)
        match = _GRADE_ID.match(str(cell.metadata["nbgrader"].get("grade_id", "")))
        if found is None or (match and found[0] != f"{match.group(1)}.{match.group(2)}"):
            self._write(cell, False, "❌ This grade cell is not a qinternet-edu check; 0 points.")
            return None
        task_id, name = found
        try:
            task = get_task(task_id)
            cases = task.make_cases(hidden=True)
            if not task.from_source:
                raise LookupError("the task's tasks.py was not found in the course's source/")
        except (ValueError, LookupError) as exc:
            self.log.error("qinternet-edu grading: %s", exc)
            self._write(cell, False, f"❌ Task {task_id} could not be graded: {exc}")
            return None
        request = {
            "answer": name,
            "kind": task.kind,
            "cases": [
                {"args": to_plain(list(c.args)), "kwargs": to_plain(dict(c.kwargs))} for c in cases
            ],
            "helpers": helper_source(task),
            "task": task_id,
            "switched_off": list(task.switched_off),
        }
        return task, cases, request

    def _grade_cells(self, cells, imports: str, answers: list[str]) -> None:
        """All of a notebook's tasks in one grading child, each judged here."""
        graded = [(cell, self._task_request(cell)) for cell in cells]
        graded = [(cell, found) for cell, found in graded if found is not None]
        requests = [request for _cell, (_task, _cases, request) in graded]
        outcomes = run_tasks_in_sandbox(imports, answers, requests, time_limit_s=self.time_limit_s)
        for (cell, (task, cases, _request)), outcome in zip(graded, outcomes, strict=True):
            status, detail, index = judge(task.task_id, True, outcome)
            case = cases[index] if index is not None and 0 <= index < len(cases) else None
            message = _message(task, status, detail, case, len(cases), self.time_limit_s)
            self.log.info("qinternet-edu grading: task %s %s", task.task_id, status)
            self._write(cell, status == "passed", message)

    @staticmethod
    def _write(cell, passed: bool, message: str) -> None:
        cell.outputs = [new_output("stream", name="stdout", text=message + "\n")]
        if not passed:
            cell.outputs.append(
                new_output(
                    "error",
                    ename="CheckFailed",
                    evalue=message,
                    traceback=textwrap.wrap(message, 80),
                )
            )
