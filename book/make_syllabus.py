"""Write book/syllabus.md: a week-by-week plan for a 13-week term, from the course itself.

Each module's estimated time is computed from its lesson notebook and its tasks, by a stated
rule (so it changes when the course does): reading at 120 words a minute, 2 minutes per code
cell of the lesson (run it, read the output, try the explorer), and the estimated minutes of
the module's graded tasks from the task catalogue (``qinternet_edu.exercises.catalog``, whose
rule ``estimate_minutes`` is the one home of the estimate), rounded up to 5 minutes. The tasks
are those of the catalogue, with their ids, titles, skills and points.

The same numbers stand in each lesson notebook's Overview cell, as one paragraph beginning
``**Estimated time:**`` (see :func:`estimate_line`), which this script writes too: it edits
only the markdown source of that cell and leaves every other cell and output as it was. The
paragraph is left out of the word count, so writing it never changes the estimate.

    python book/make_syllabus.py            # rewrite book/syllabus.md and the Overview lines
    python book/make_syllabus.py --check    # exit 1 if the page or a notebook is out of date
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
EXERCISES = ROOT / "exercises"
PAGE = ROOT / "book" / "syllabus.md"

WORDS_PER_MINUTE = 120
MINUTES_PER_CODE_CELL = 2

# Week -> modules. Two light modules share a week; the capstone takes the last week.
WEEKS: list[tuple[str, ...]] = [
    ("00", "01"),
    ("02",),
    ("03", "04"),
    ("05",),
    ("06", "07"),
    ("08",),
    ("09",),
    ("10",),
    ("11",),
    ("12", "13"),
    ("14",),
    ("15", "16"),
    ("17",),
]
CAPSTONE_NOTE = (
    "Week 13 is the capstone (module 17): program the Randstad network, serve its requests, "
    "and present the design."
)


def lesson_path(module: str) -> Path:
    matches = sorted(NOTEBOOKS.glob(f"{module}_*.ipynb"))
    if not matches:
        raise FileNotFoundError(f"no lesson notebook notebooks/{module}_*.ipynb")
    return matches[0]


#: The estimate paragraph of an Overview cell: from ``**Estimated time:**`` at the start of a
#: line to the end of its paragraph (a blank line, the next heading, or the end of the cell).
ESTIMATE = re.compile(
    r"^\*\*Estimated time:\*\*.*?(?=\n[ \t]*\n|\n#|\s*\Z)", re.MULTILINE | re.DOTALL
)
_OVERVIEW = re.compile(r"^##\s+Overview\s*$", re.MULTILINE)
_NEXT_H2 = re.compile(r"^##\s", re.MULTILINE)


def reading_source(source: str) -> str:
    """A markdown cell's source without its estimate paragraph (which is not read as lesson)."""
    return ESTIMATE.sub("", source)


def lesson_minutes(path: Path) -> float:
    """Minutes to work through a lesson notebook by the rule of the module docstring."""
    nb = nbformat.read(path, as_version=4)
    words = sum(
        len(re.findall(r"\w+", reading_source(c.source)))
        for c in nb.cells
        if c.cell_type == "markdown"
    )
    code_cells = sum(1 for c in nb.cells if c.cell_type == "code" and c.source.strip())
    return words / WORDS_PER_MINUTE + MINUTES_PER_CODE_CELL * code_cells


def _round5(minutes: float) -> int:
    return int(5 * math.ceil(minutes / 5))


def _hours(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest:02d} min" if hours else f"{rest} min"


def _plural(count: float, word: str) -> str:
    return f"{count:g} {word}{'' if count == 1 else 's'}"


@dataclass(frozen=True)
class Estimate:
    """A module's estimated time, in minutes rounded up to 5, and the tasks it counts."""

    module: str
    lesson: Path
    lesson_minutes: int
    exercise_minutes: int
    tasks: tuple[dict, ...]

    @property
    def points(self) -> float:
        return sum(task["points"] for task in self.tasks)

    @property
    def total_minutes(self) -> int:
        return self.lesson_minutes + self.exercise_minutes


def estimate(module: str, lesson: Path | None = None) -> Estimate:
    """The estimate of module ``"NN"``: its lesson notebook (``lesson``, by default the one in
    notebooks/) by the word and code-cell rule, its tasks by the catalogue's minutes."""
    from qinternet_edu.exercises.catalog import catalogue

    path = lesson_path(module) if lesson is None else Path(lesson)
    tasks = tuple(catalogue(module))
    return Estimate(
        module=module,
        lesson=path,
        lesson_minutes=_round5(lesson_minutes(path)),
        exercise_minutes=_round5(sum(task["minutes"] for task in tasks)),
        tasks=tasks,
    )


def estimate_line(est: Estimate) -> str:
    """The ``**Estimated time:**`` paragraph of a lesson's Overview cell (one line).

    The exercise notebook is ``exercises/<lesson stem>_exercises.ipynb``; it must exist.
    """
    exercises = f"{est.lesson.stem}_exercises.ipynb"
    if not (EXERCISES / exercises).is_file():
        raise FileNotFoundError(f"no exercise notebook exercises/{exercises} for {est.lesson.name}")
    link = f"[its exercises](../exercises/{exercises})"
    if est.tasks:
        tasks = f"({_plural(len(est.tasks), 'graded task')}, {_plural(est.points, 'point')})"
        exercise_part = f"{_hours(est.exercise_minutes)} for {link} {tasks}"
    else:
        exercise_part = f"{link}, which have no graded task yet"
    return (
        f"**Estimated time:** about {_hours(est.total_minutes)}: "
        f"{_hours(est.lesson_minutes)} for this notebook (reading, running every cell, trying "
        f"the explorer) and {exercise_part}, by the rule of the [syllabus](../book/syllabus.md)."
    )


def _overview_cell(nb, name: str) -> int:
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown" and _OVERVIEW.search(cell.source):
            return index
    raise ValueError(f"{name}: no markdown cell with the heading '## Overview'")


def with_estimate(source: str, line: str) -> str:
    """An Overview cell's source with its estimate paragraph set to ``line``: replaced where
    the cell has one, else added as the last paragraph of the Overview section (before the
    whitespace that ends it)."""
    heading = _OVERVIEW.search(source)
    if heading is None:
        raise ValueError("the cell has no '## Overview' heading")
    found = ESTIMATE.search(source, heading.end())
    nxt = _NEXT_H2.search(source, heading.end())
    end = nxt.start() if nxt else len(source)
    if found and found.start() < end:
        return source[: found.start()] + line + source[found.end() :]
    body = source[:end].rstrip()
    return body + "\n\n" + line + source[len(body) :]


def overview_problem(path: Path, module: str | None = None) -> str | None:
    """Why the lesson's Overview estimate is missing or stale, or None if it is current."""
    path = Path(path)
    est = estimate(module or path.name[:2], lesson=path)
    nb = nbformat.read(path, as_version=4)
    index = _overview_cell(nb, path.name)
    expected = estimate_line(est)
    elsewhere = [
        k
        for k, cell in enumerate(nb.cells)
        if k != index and cell.cell_type == "markdown" and ESTIMATE.search(cell.source)
    ]
    if elsewhere:
        return (
            f"{path.name}: an '**Estimated time:**' paragraph outside the Overview "
            f"(cell {elsewhere[0]})"
        )
    found = ESTIMATE.search(nb.cells[index].source)
    if found is None:
        return f"{path.name}: the Overview has no '**Estimated time:**' line"
    if found.group(0) != expected:
        return f"{path.name}: the Overview's estimate is stale; it should read: {expected}"
    return None


def write_overview(path: Path, module: str | None = None) -> bool:
    """Set the lesson's Overview estimate; True if the file changed.

    Only the markdown source of the Overview cell (and of a cell holding a stray estimate
    paragraph) changes; nbformat writes the rest as it read it (format 4, indent 1).
    """
    path = Path(path)
    est = estimate(module or path.name[:2], lesson=path)
    nb = nbformat.read(path, as_version=4)
    index = _overview_cell(nb, path.name)
    changed = False
    for k, cell in enumerate(nb.cells):
        if k != index and cell.cell_type == "markdown" and ESTIMATE.search(cell.source):
            cell.source = ESTIMATE.sub("", cell.source).strip("\n")
            changed = True
    new = with_estimate(nb.cells[index].source, estimate_line(est))
    if new != nb.cells[index].source:
        nb.cells[index].source = new
        changed = True
    if changed:
        nbformat.write(nb, path)
    return changed


def _modules() -> list[str]:
    return [module for modules in WEEKS for module in modules]


def render() -> str:
    from qinternet_edu.exercises.registry import MINUTES_PER_POINT, RATIONALE_MINUTES, module_title

    per_point = ", ".join(f"{m} for {skill}" for skill, m in MINUTES_PER_POINT.items())

    lines = [
        "# Syllabus: a term, week by week",
        "",
        "A plan for a 13-week term, one or two modules a week. Each module is a lesson notebook",
        "(explanation, simulations, an explorer) and an exercise notebook with graded tasks; the",
        "tasks below are those of the course's task catalogue, with their points.",
        "",
        f"*Estimated time* is computed from the course, not guessed: reading at "
        f"{WORDS_PER_MINUTE} words a minute, {MINUTES_PER_CODE_CELL} minutes per code cell of "
        f"the lesson, and the task catalogue's estimate for the tasks (`qinternet-edu tasks`): "
        f"minutes per point by skill ({per_point}), plus {RATIONALE_MINUTES} minutes for a "
        "design task's written rationale, rounded up to 5 minutes. A learner new to Python "
        "needs more; plan a lecture or a tutorial beside it.",
        "",
        "This page is generated by `book/make_syllabus.py`, which also writes each module's "
        "time into the *Estimated time* line of its lesson's Overview; a test checks both are "
        "up to date.",
        "",
        "| week | module | lesson | tasks | estimated time |",
        "|---|---|---|---|---|",
    ]
    details = []
    term_minutes = 0
    for week, modules in enumerate(WEEKS, start=1):
        for module in modules:
            est = estimate(module)
            path, tasks = est.lesson, est.tasks
            lesson, exercises, total = est.lesson_minutes, est.exercise_minutes, est.total_minutes
            term_minutes += total
            title = module_title(module)
            link = f"[{module} {title}](../notebooks/{path.name})"
            lines.append(
                f"| {week} | {link} | {_hours(lesson)} | {len(tasks)} tasks, {est.points:g} points "
                f"({_hours(exercises)}) | {_hours(total)} |"
            )
            details += ["", f"## Week {week}: {module} {title}", ""]
            details += [
                f"Lesson `notebooks/{path.name}` ({_hours(lesson)}), then the exercises "
                f"({_hours(exercises)}):",
                "",
            ]
            details += [
                f"- **{task['task_id']}** {task['title']} ({task['skill']}; {task['points']:g} "
                f"{'point' if task['points'] == 1 else 'points'}, {task['minutes']} min)"
                for task in tasks
            ]
    lines += ["", f"The whole course: about {_hours(term_minutes)} of work.", "", CAPSTONE_NOTE]
    return "\n".join(lines + details) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="fail if the page or a notebook is out of date"
    )
    args = parser.parse_args(argv)
    text = render()
    paths = [lesson_path(module) for module in _modules()]
    if args.check:
        problems = []
        if not PAGE.exists() or PAGE.read_text(encoding="utf-8") != text:
            problems.append(f"{PAGE} is out of date")
        problems += [p for p in (overview_problem(path) for path in paths) if p]
        for problem in problems:
            print(problem, file=sys.stderr)
        if problems:
            print("run python book/make_syllabus.py", file=sys.stderr)
            return 1
        return 0
    PAGE.write_text(text, encoding="utf-8")
    print(PAGE)
    for path in paths:
        if write_overview(path):
            print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
