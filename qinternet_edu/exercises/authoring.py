"""Build an nbgrader-ready instructor notebook from a compact list of cells.

One call writes the whole skeleton of an exercise notebook with consistent
nbgrader metadata (``schema_version`` 3, ``grade_id``, ``points``, ``locked``,
``solution``, ``grade``) and deterministic cell ids::

    from qinternet_edu.exercises.authoring import Markdown, TaskCells, build_source_notebook
    nb = build_source_notebook("01", intro="...", cells=[
        Markdown("Some words before the first task."),
        TaskCells("01.1", prompt="**Input:** ... **Goal:** ...", answer="z_probabilities",
                  solution='''def z_probabilities(alpha, beta):
    \"\"\"...\"\"\"
    ### BEGIN SOLUTION
    return [abs(alpha) ** 2, abs(beta) ** 2]
    ### END SOLUTION'''),
    ])
    write_notebook(nb, "exercises/source/01_qubits/01_qubits_exercises.ipynb")

Per task it adds a locked markdown cell (``## Task NN.k: title``, then the
prompt), the solution cell, and a locked grade cell that calls
``qie.exercises.check`` (with a hidden-test block calling it again with
``hidden=True``). Titles and points come from the task registry, so the
notebook and the checks cannot disagree.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .registry import get_task, module_title

__all__ = [
    "DEFAULT_IMPORTS",
    "HOW_TO_WORK",
    "Code",
    "Markdown",
    "TaskCells",
    "build_source_notebook",
    "write_notebook",
]

DEFAULT_IMPORTS = "import numpy as np\n\nimport qinternet_edu as qie"

HOW_TO_WORK = """\
## How to work

- Each task states its **Input** and its **Goal**. Write your code in the cell under it, in
  place of `raise NotImplementedError()`.
- Run the check cell below your code: it runs your function on a few test cases and prints
  one line, ✅ when it passes, or what went wrong and on which case.
- Stuck? `qie.exercises.hint("{example}")` shows the next hint, one at a time.
- `qie.exercises.progress()` shows the tasks you have passed so far (saved on your computer).
- Any correct answer passes: the checks compare what your code does, not how it is written.
- Run the cells from the top (Run > Run All Cells) after restarting the kernel."""

_SCHEMA = 3


@dataclass(frozen=True)
class Markdown:
    """A read-only markdown cell (explanations between tasks)."""

    source: str


@dataclass(frozen=True)
class Code:
    """A read-only code cell (a demonstration the learner runs but does not edit).

    ``tags`` are cell tags, e.g. ``("nbval-ignore-output",)`` for a widget.
    """

    source: str
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class TaskCells:
    """The three cells of one task: prompt, solution and check.

    Args:
        task_id: the registered task, ``"NN.k"``.
        prompt: markdown under the heading, with **Input:** and **Goal:**.
        solution: the code cell, with ``### BEGIN SOLUTION`` / ``### END SOLUTION`` around
            the part the learner writes.
        answer: the name the check receives (the learner's function).
        hidden: add a hidden-test block (``check(..., hidden=True)``) to the check cell.
    """

    task_id: str
    prompt: str
    solution: str
    answer: str
    hidden: bool = True


def _nbgrader(grade_id: str, *, grade=False, solution=False, locked=False, points=None) -> dict:
    meta = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": locked,
        "schema_version": _SCHEMA,
        "solution": solution,
    }
    if grade:
        meta["points"] = points
    return {"nbgrader": meta}


def _check_source(item: TaskCells) -> str:
    line = f'qie.exercises.check("{item.task_id}", {item.answer})'
    if not item.hidden:
        return line
    hidden = f'qie.exercises.check("{item.task_id}", {item.answer}, hidden=True)'
    return f"{line}\n### BEGIN HIDDEN TESTS\n{hidden}\n### END HIDDEN TESTS"


def build_source_notebook(
    module: str,
    *,
    cells: Sequence[Markdown | Code | TaskCells],
    intro: str = "",
    title: str | None = None,
    imports: str = DEFAULT_IMPORTS,
):
    """The instructor source notebook of module ``module`` (an ``nbformat`` NotebookNode).

    Args:
        module: ``"NN"``.
        cells: the body, in order: :class:`Markdown`, :class:`Code` and :class:`TaskCells`.
        intro: markdown under the title (what the exercises practise).
        title: the module title (default: the registry's ``register_module`` title).
        imports: the locked imports cell.

    Raises:
        ValueError: an unregistered task, a task of another module, a solution without its
            markers, an answer name not defined in the solution, or a repeated task.
    """
    import nbformat

    v4 = nbformat.v4
    title = title or module_title(module)
    tasks = [c for c in cells if isinstance(c, TaskCells)]
    example = tasks[0].task_id if tasks else f"{module}.1"
    out = [
        v4.new_markdown_cell(
            f"# Exercises {module}: {title}" + (f"\n\n{intro.strip()}" if intro.strip() else ""),
            id=f"m{module}-title",
            metadata=_nbgrader(f"m{module}_title", locked=True),
        ),
        v4.new_markdown_cell(
            HOW_TO_WORK.format(example=example),
            id=f"m{module}-how-to-work",
            metadata=_nbgrader(f"m{module}_how_to_work", locked=True),
        ),
        v4.new_code_cell(
            imports,
            id=f"m{module}-imports",
            metadata=_nbgrader(f"m{module}_imports", locked=True),
        ),
    ]
    seen: set[str] = set()
    for index, item in enumerate(cells):
        if isinstance(item, Markdown | Code):
            make = v4.new_markdown_cell if isinstance(item, Markdown) else v4.new_code_cell
            grade_id = f"m{module}_cell_{index}"
            metadata = _nbgrader(grade_id, locked=True)
            if isinstance(item, Code) and item.tags:
                metadata["tags"] = list(item.tags)
            out.append(make(item.source.strip(), id=grade_id.replace("_", "-"), metadata=metadata))
            continue
        if not isinstance(item, TaskCells):
            raise TypeError(f"cells must be Markdown, Code or TaskCells; got {item!r}")
        task = get_task(item.task_id)
        if task.module != module:
            raise ValueError(f"task {item.task_id} belongs to module {task.module}, not {module}")
        if item.task_id in seen:
            raise ValueError(f"task {item.task_id} appears twice")
        seen.add(item.task_id)
        if "### BEGIN SOLUTION" not in item.solution or "### END SOLUTION" not in item.solution:
            raise ValueError(
                f"task {item.task_id}: the solution needs ### BEGIN SOLUTION / ### END SOLUTION"
            )
        if not re.search(
            rf"^(def|class)\s+{re.escape(item.answer)}\b|^{re.escape(item.answer)}\s*=",
            item.solution,
            flags=re.MULTILINE,
        ):
            raise ValueError(f"task {item.task_id}: the solution does not define {item.answer!r}")
        stem = f"task_{item.task_id.replace('.', '_')}"
        out += [
            v4.new_markdown_cell(
                f"## Task {task.task_id}: {task.title}\n\n{item.prompt.strip()}\n\n"
                f"*{task.points} point{'s' if task.points != 1 else ''}*",
                id=f"{stem}_prompt".replace("_", "-"),
                metadata=_nbgrader(f"{stem}_prompt", locked=True),
            ),
            v4.new_code_cell(
                item.solution.strip(),
                id=f"{stem}_answer".replace("_", "-"),
                metadata=_nbgrader(f"{stem}_answer", solution=True),
            ),
            v4.new_code_cell(
                _check_source(item),
                id=f"{stem}_check".replace("_", "-"),
                metadata=_nbgrader(f"{stem}_check", grade=True, locked=True, points=task.points),
            ),
        ]
    nb = v4.new_notebook(cells=out)
    nb.metadata = {
        "kernelspec": {
            "display_name": "Python 3 (ipykernel)",
            "language": "python",
            "name": "python3",
        },
        "language_info": {"name": "python"},
    }
    nbformat.validate(nb)
    return nb


def write_notebook(nb, path: str | Path) -> Path:
    """Write a notebook as stable JSON (sorted keys, one-space indent, final newline)."""
    import nbformat

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(nbformat.writes(nb) + "\n", encoding="utf-8")
    return path
