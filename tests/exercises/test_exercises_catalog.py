"""The task catalogue: each task's skill and estimated minutes, in the sources and in the
package's public data, and `qinternet-edu tasks`."""

import json
import re
from pathlib import Path

import pytest

from qinternet_edu.exercises import all_tasks, get_task
from qinternet_edu.exercises.catalog import catalogue, catalogue_table
from qinternet_edu.exercises.registry import (
    PUBLIC_DATA,
    PUBLIC_ONLY_ENV,
    SKILLS,
    Task,
    estimate_minutes,
    reload_tasks,
)

ROOT = Path(__file__).resolve().parents[2]

#: The tasks the content review found passing with one call to the library (issue 13);
#: 17.1 is the old 15.1, now the capstone's first task.
SHORTCUT_TASKS = (
    "00.2 01.4 02.2 02.4 05.1 06.4 08.1 08.4 09.4 10.1 10.3 11.1 12.1 13.2 14.1 17.1".split()
)
PROGRAM_TASKS = "15.1 15.2 15.3 15.4 16.1 16.2 16.3 16.4 17.4".split()


def test_every_task_has_a_skill_and_the_catalogue_has_programs_and_designs():
    tasks = all_tasks()
    assert {t.skill for t in tasks} <= set(SKILLS)
    by_skill = {s: [t.task_id for t in tasks if t.skill == s] for s in SKILLS}
    assert sorted(by_skill["program"]) == sorted(PROGRAM_TASKS)
    assert {"15.6", "16.5"} <= set(by_skill["design"])
    assert all(t.skill == "design" for t in tasks if t.title.startswith("Design")), (
        "a task titled 'Design...' is a design task"
    )
    # The sixteen one-call shortcuts: each task now switches its library function off
    # while it is checked, or says it is about using the library.
    for task_id in SHORTCUT_TASKS:
        task = get_task(task_id)
        assert task.skill == "use" or (task.skill == "implement" and task.switched_off), task_id
    assert get_task("06.5").skill == "use"


def test_every_task_in_the_sources_names_its_skill_right_after_its_title():
    """`skill=` is written out in every Task(...), on the line after `title=` (no default)."""
    for path in sorted((ROOT / "exercises" / "source").glob("*/tasks.py")):
        lines = path.read_text(encoding="utf-8").splitlines()
        calls = [i for i, line in enumerate(lines) if re.match(r"\s*Task\($", line)]
        assert calls, path
        for i in calls:
            block = lines[i : i + 8]
            title = next(j for j, line in enumerate(block) if line.strip().startswith("title="))
            assert re.match(r'\s*skill="(\w+)",$', block[title + 1]), (path, block)


def test_minutes_follow_the_stated_rule():
    # Worked by hand from the rule: 15 min a point to implement, 10 to use, 25 to program,
    # 20 to design plus 15 for the rationale.
    assert estimate_minutes(points=1, skill="implement") == 15
    assert estimate_minutes(points=2, skill="use") == 20
    assert estimate_minutes(points=3, skill="program") == 75
    assert estimate_minutes(points=3, skill="design") == 75
    assert get_task("10.4").minutes == 3 * 20 + 15  # 3 points, a design
    assert get_task("16.1").minutes == 3 * 25  # 3 points, a program
    for task in all_tasks():
        assert task.minutes == estimate_minutes(points=task.points, skill=task.skill)


def test_bad_skill_or_minutes_are_refused_with_the_value():
    def ref():
        return 1

    with pytest.raises(ValueError, match=r"skill must be one of .*'guess'"):
        Task(task_id="99.1", title="t", skill="guess", kind="value", reference=ref)
    with pytest.raises(ValueError, match="minutes must be a positive integer; got 0"):
        Task(task_id="99.1", title="t", kind="value", reference=ref, minutes=0)
    with pytest.raises(ValueError, match="skill must be one of"):
        estimate_minutes(points=1, skill="read")
    with pytest.raises(ValueError, match="module must be a two-digit string"):
        catalogue("5")


def test_public_data_carries_skill_and_minutes_so_the_package_has_the_catalogue(monkeypatch):
    data = json.loads(PUBLIC_DATA.read_text(encoding="utf-8"))
    stored = {item["task_id"]: (item["skill"], item["minutes"]) for item in data["tasks"]}
    from_source = catalogue()
    assert stored == {r["task_id"]: (r["skill"], r["minutes"]) for r in from_source}
    monkeypatch.setenv(PUBLIC_ONLY_ENV, "1")
    try:
        reload_tasks()
        assert not get_task("10.4").from_source
        assert catalogue() == from_source
    finally:
        monkeypatch.delenv(PUBLIC_ONLY_ENV)
        reload_tasks()
    assert get_task("10.4").from_source


def test_the_table_lists_each_task_and_the_totals():
    rows = catalogue("10")
    text = catalogue_table(rows)
    lines = text.splitlines()
    assert lines[0].split() == ["task", "title", "skill", "points", "minutes"]
    assert len(lines) == 2 + len(rows) + 1
    assert re.search(r"^10\.4\s+Design a chain.*\s+design\s+3\s+75$", text, re.MULTILINE)
    points = sum(r["points"] for r in rows)
    assert (
        lines[-1]
        == f"{len(rows)} tasks, {points} points, about {sum(r['minutes'] for r in rows)} minutes."
    )


def test_each_check_cells_nbgrader_points_are_its_tasks_points():
    # nbgrader scores a check cell by its metadata; `qinternet-edu grade`, the catalogue and
    # the syllabus by tasks.py: the two must agree for every task, or the grades part ways.
    import nbformat

    from qinternet_edu.exercises.nbgrader_grading import parse_check

    seen = {}
    for path in sorted((ROOT / "exercises" / "source").glob("*/*_exercises.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            meta = cell.metadata.get("nbgrader", {})
            if cell.cell_type != "code" or not meta.get("grade") or meta.get("solution"):
                continue
            found = parse_check(cell.source)
            assert found is not None, (path.name, meta.get("grade_id"))
            seen[found[0]] = meta.get("points")
    tasks = {t.task_id: t.points for t in all_tasks()}
    assert seen == tasks
