"""Each lesson's Overview states the module's estimated time, and it is the syllabus's.

``book/make_syllabus.py`` writes one ``**Estimated time:**`` line into every lesson's Overview
cell from the numbers of book/syllabus.md, and ``--check`` fails on a missing or stale line.
These tests read the committed line and the committed syllabus row separately and compare
them, and show that a stale, missing or stray line is caught and that rewriting it touches
nothing else in the notebook.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
LESSONS = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))

# "about 3 h 00 min: 50 min for this notebook (...) and 2 h 10 min for [its exercises](...)
# (5 graded tasks, 7 points)": read back with a pattern of its own, not the generator's.
TIME = r"(?:\d+ h \d\d min|\d+ min)"
LINE = re.compile(
    rf"^\*\*Estimated time:\*\* about (?P<total>{TIME}): (?P<lesson>{TIME}) for this notebook "
    rf"\(reading, running every cell, trying the explorer\) and (?P<exercises>{TIME}) for "
    r"\[its exercises\]\(\.\./exercises/(?P<target>[^)]+\.ipynb)\) "
    r"\((?P<tasks>\d+) graded tasks?, (?P<points>[\d.]+) points?\), "
    r"by the rule of the \[syllabus\]\(\.\./book/syllabus\.md\)\.$",
    re.MULTILINE,
)


def _syllabus_rows() -> dict[str, dict[str, str]]:
    page = (ROOT / "book" / "syllabus.md").read_text(encoding="utf-8")
    row = re.compile(
        rf"^\| \d+ \| \[(?P<module>\d\d) [^\]]+\]\(\.\./notebooks/[^)]+\) \| (?P<lesson>{TIME}) "
        rf"\| (?P<tasks>\d+) tasks, (?P<points>[\d.]+) points \((?P<exercises>{TIME})\) "
        rf"\| (?P<total>{TIME}) \|$",
        re.MULTILINE,
    )
    return {m["module"]: m.groupdict() for m in row.finditer(page)}


def _minutes(text: str) -> int:
    hours = re.match(r"(\d+) h (\d\d) min", text)
    return int(hours[1]) * 60 + int(hours[2]) if hours else int(text.split()[0])


def _overview(nb) -> str:
    cells = [c.source for c in nb.cells if c.cell_type == "markdown"]
    return next(s for s in cells if re.search(r"^## Overview\s*$", s, re.MULTILINE))


@pytest.fixture(scope="module")
def syllabus():
    """book/make_syllabus.py loaded as a module."""
    spec = importlib.util.spec_from_file_location("make_syllabus", ROOT / "book/make_syllabus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while defining a class
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    return module


def test_every_lesson_is_in_the_syllabus():
    assert len(LESSONS) == 18
    assert sorted(_syllabus_rows()) == [path.name[:2] for path in LESSONS]


@pytest.mark.parametrize("path", LESSONS, ids=[p.stem for p in LESSONS])
def test_overview_line_agrees_with_the_syllabus(path):
    import qinternet_edu as qie

    nb = nbformat.read(path, as_version=4)
    found = LINE.search(_overview(nb))
    assert found, f"{path.name}: no well-formed '**Estimated time:**' line in the Overview"
    line, row = found.groupdict(), _syllabus_rows()[path.name[:2]]
    for key in ("total", "lesson", "exercises", "tasks", "points"):
        assert line[key] == row[key], f"{path.name}: {key} {line[key]!r}, syllabus {row[key]!r}"
    assert _minutes(line["total"]) == _minutes(line["lesson"]) + _minutes(line["exercises"])
    tasks = qie.exercises.list_tasks(path.name[:2])
    assert int(line["tasks"]) == len(tasks)
    assert float(line["points"]) == sum(task.points for task in tasks)
    task_minutes = sum(task.minutes for task in tasks)
    assert _minutes(line["exercises"]) == -(-task_minutes // 5) * 5  # rounded up to 5 minutes
    assert line["target"] == f"{path.stem}_exercises.ipynb"
    assert (ROOT / "exercises" / line["target"]).is_file()
    others = [
        c for c in nb.cells if c.cell_type == "markdown" and "**Estimated time:**" in c.source
    ]
    assert len(others) == 1, f"{path.name}: more than one estimate"


def _with_overview(path: Path, out: Path, edit) -> Path:
    """A copy of the lesson at ``out`` with its Overview source passed through ``edit``."""
    nb = nbformat.read(path, as_version=4)
    cell = next(c for c in nb.cells if c.cell_type == "markdown" and "## Overview" in c.source)
    cell.source = edit(cell.source)
    nbformat.write(nb, out)
    return out


def _first_line(source: str) -> str:
    return LINE.search(source).group(0)


def test_a_stale_line_is_named(syllabus, tmp_path):
    lesson = NOTEBOOKS / "05_stage1_bb84.ipynb"
    stale = _with_overview(
        lesson,
        tmp_path / lesson.name,
        lambda s: s.replace(_first_line(s), "**Estimated time:** about 75 minutes in all."),
    )
    problem = syllabus.overview_problem(stale)
    assert problem and problem.startswith("05_stage1_bb84.ipynb: ") and "stale" in problem
    assert syllabus.overview_problem(lesson) is None


def test_a_missing_or_stray_line_is_named(syllabus, tmp_path):
    lesson = NOTEBOOKS / "10_repeaters.ipynb"
    missing = _with_overview(
        lesson, tmp_path / lesson.name, lambda s: s.replace(_first_line(s), "").rstrip()
    )
    assert "no '**Estimated time:**' line" in syllabus.overview_problem(missing)
    nb = nbformat.read(lesson, as_version=4)
    nb.cells[-1].source += "\n\n**Estimated time:** about an afternoon."
    (tmp_path / "stray").mkdir()
    nbformat.write(nb, tmp_path / "stray" / lesson.name)
    assert "outside the Overview" in syllabus.overview_problem(tmp_path / "stray" / lesson.name)
    syllabus.write_overview(tmp_path / "stray" / lesson.name)
    assert syllabus.overview_problem(tmp_path / "stray" / lesson.name) is None


def test_check_mode_fails_and_names_the_stale_notebook(syllabus, tmp_path, monkeypatch, capsys):
    for path in LESSONS:
        shutil.copy(path, tmp_path / path.name)
    page = tmp_path / "syllabus.md"
    shutil.copy(ROOT / "book" / "syllabus.md", page)
    monkeypatch.setattr(syllabus, "NOTEBOOKS", tmp_path)
    monkeypatch.setattr(syllabus, "PAGE", page)
    assert syllabus.main(["--check"]) == 0
    name = "13_telescopes.ipynb"
    _with_overview(
        NOTEBOOKS / name, tmp_path / name, lambda s: s.replace(" min: ", " min (old): ", 1)
    )
    capsys.readouterr()
    assert syllabus.main(["--check"]) == 1
    err = capsys.readouterr().err
    assert name in err
    assert [p.name for p in LESSONS if p.name in err] == [name], err
    assert syllabus.main([]) == 0  # writing repairs it
    assert (tmp_path / name).read_bytes() == (NOTEBOOKS / name).read_bytes()
    assert syllabus.main(["--check"]) == 0


@pytest.mark.parametrize(
    "name", ["00_welcome.ipynb", "14_stages4_5_quantum_computing_networks.ipynb"]
)
def test_writing_changes_only_the_line(syllabus, tmp_path, name):
    """Rewriting a stale line, or adding a missing one, gives the committed file byte for byte."""
    lesson = NOTEBOOKS / name
    committed = lesson.read_bytes()
    stale = tmp_path / "stale" / name
    stale.parent.mkdir()
    old = _first_line(_overview(nbformat.read(lesson, as_version=4)))
    stale.write_bytes(committed.replace(old.encode(), b"**Estimated time:** about a week."))
    assert stale.read_bytes() != committed
    assert syllabus.write_overview(stale) is True
    assert stale.read_bytes() == committed
    assert syllabus.write_overview(stale) is False

    missing = _with_overview(
        lesson, tmp_path / name, lambda s: s.replace("\n\n" + _first_line(s), "")
    )
    assert syllabus.overview_problem(missing) is not None
    assert syllabus.write_overview(missing) is True
    assert missing.read_bytes() == committed


def test_the_line_is_not_read_as_lesson(syllabus, tmp_path):
    """The estimate paragraph is left out of the word count, so it cannot feed back."""
    lesson = NOTEBOOKS / "07_password_identification.ipynb"
    words = " ".join(["word"] * 1200)  # 10 minutes at 120 words a minute
    padded = _with_overview(
        lesson,
        tmp_path / "a.ipynb",
        lambda s: s.replace(_first_line(s), f"**Estimated time:** {words}"),
    )
    assert syllabus.lesson_minutes(padded) == pytest.approx(
        syllabus.lesson_minutes(lesson), abs=1e-12
    )
    prose = _with_overview(lesson, tmp_path / "b.ipynb", lambda s: s + f"\n\n{words}")
    assert syllabus.lesson_minutes(prose) == pytest.approx(
        syllabus.lesson_minutes(lesson) + 10, abs=1e-9
    )


def test_line_for_one_task_and_for_none(syllabus):
    lesson = NOTEBOOKS / "00_welcome.ipynb"
    task = {"task_id": "00.1", "title": "t", "skill": "use", "points": 1, "minutes": 10}
    one = syllabus.Estimate("00", lesson, 30, 10, (task,))
    assert "about 40 min: 30 min for this notebook" in syllabus.estimate_line(one)
    assert "(1 graded task, 1 point)" in syllabus.estimate_line(one)
    none = syllabus.Estimate("00", lesson, 65, 0, ())
    line = syllabus.estimate_line(none)
    assert line.startswith("**Estimated time:** about 1 h 05 min: 1 h 05 min for this notebook")
    assert "no graded task yet" in line


def test_line_goes_at_the_end_of_the_overview_section(syllabus):
    source = "## Overview\n\nYou will learn.\n\n## Prerequisites\n\nNone."
    line = "**Estimated time:** about 5 min: ..."
    once = syllabus.with_estimate(source, line)
    assert once == f"## Overview\n\nYou will learn.\n\n{line}\n\n## Prerequisites\n\nNone."
    assert syllabus.with_estimate(once, line) == once
    again = syllabus.with_estimate(once, "**Estimated time:** about 10 min.")
    assert again == once.replace(line, "**Estimated time:** about 10 min.")


def test_a_new_task_makes_the_line_stale(syllabus, monkeypatch, tmp_path):
    """When a module gains a task, --check names its lesson until the line is rewritten."""
    import qinternet_edu.exercises.catalog as catalog

    real = catalog.catalogue
    extra = {"task_id": "01.99", "title": "new", "skill": "use", "points": 2, "minutes": 20}
    monkeypatch.setattr(
        catalog, "catalogue", lambda module=None: real(module) + ([extra] if module == "01" else [])
    )
    lesson = NOTEBOOKS / "01_qubits.ipynb"
    before = len(real("01"))
    assert "stale" in syllabus.overview_problem(lesson)
    assert syllabus.overview_problem(NOTEBOOKS / "02_entanglement.ipynb") is None
    copy = tmp_path / lesson.name
    shutil.copy(lesson, copy)
    assert syllabus.write_overview(copy) is True
    assert f"({before + 1} graded tasks, " in _first_line(_overview(nbformat.read(copy, 4)))
    assert syllabus.overview_problem(copy) is None
