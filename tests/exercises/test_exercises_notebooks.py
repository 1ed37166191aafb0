"""Whole notebooks: every learner copy runs to the end with no task passed, and nbgrader
autogrades the instructor source end to end (both slow: they start Jupyter kernels)."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from qinternet_edu.cli import main
from qinternet_edu.exercises.grading import grade_notebook
from qinternet_edu.exercises.release import source_notebooks

ROOT = Path(__file__).resolve().parents[2]
EXERCISES = ROOT / "exercises"
SOURCES = source_notebooks(EXERCISES)


@pytest.fixture(autouse=True)
def progress_dir(tmp_path, monkeypatch):
    """Every test writes its progress into its own temporary folder."""
    folder = tmp_path / "progress"
    monkeypatch.setenv("QINTERNET_EDU_DATA_DIR", str(folder))
    for name in ("NBGRADER_EXECUTION", "QINTERNET_EDU_GRADING", "QINTERNET_EDU_NO_FORK"):
        monkeypatch.delenv(name, raising=False)
    return folder


@pytest.mark.slow
@pytest.mark.notebooks
@pytest.mark.parametrize("source", SOURCES, ids=[s.stem for s in SOURCES])
def test_learner_copy_runs_to_the_end_with_nothing_passed(source, tmp_path):
    copy = tmp_path / source.name
    shutil.copy(EXERCISES / source.name, copy)
    report = grade_notebook(copy, timeout_s=300)
    assert report.cell_errors == ()
    assert report.tasks, "the notebook's module has registered tasks"
    assert all(t.status == "not attempted" for t in report.tasks), repr(report)
    assert report.points == 0 and not report.all_passed


@pytest.mark.slow
@pytest.mark.notebooks
def test_grade_command_reports_each_task(tmp_path, capsys):
    source = SOURCES[0]
    copy = tmp_path / source.name
    shutil.copy(source, copy)  # the instructor source: every check passes
    assert main(["grade", str(copy)]) == 0
    out = capsys.readouterr().out
    assert "Task" in out and "Status" in out and "Points" in out
    assert out.count("passed") >= 2 and "Score:" in out
    assert main(["grade", str(tmp_path / "missing.ipynb")]) == 2


def _solution_code(cell_source):
    lines = [
        line
        for line in cell_source.splitlines()
        if line.strip() not in ("### BEGIN SOLUTION", "### END SOLUTION")
    ]
    return "\n".join(lines)


def _submission(release_nb, source_nb, answers):
    """The released notebook with solution cells filled in: answers maps grade_id -> code
    (None: the reference solution, absent: left as released)."""
    solutions = {
        c.metadata["nbgrader"]["grade_id"]: _solution_code(c.source)
        for c in source_nb.cells
        if c.metadata.get("nbgrader", {}).get("solution")
    }
    nb = nbformat.from_dict(release_nb)
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            cell.source = solutions[grade_id] if answers[grade_id] is None else answers[grade_id]
    return nb


@pytest.mark.slow
def test_nbgrader_autogrades_three_submissions(tmp_path):
    from nbgrader.api import Gradebook

    assignment = "00_welcome"
    course = tmp_path / "course"
    shutil.copytree(EXERCISES / "source" / assignment, course / "source" / assignment)
    shutil.copy(EXERCISES / "nbgrader_config.py", course / "nbgrader_config.py")
    env = dict(os.environ)
    # nbgrader runs `alembic` by name: the environment's bin/ must be on PATH.
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    nbgrader = [sys.executable, "-m", "nbgrader"]

    def run(*args):
        done = subprocess.run(
            [*nbgrader, *args], cwd=course, env=env, capture_output=True, text=True, timeout=600
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done

    run("generate_assignment", assignment, "--force")
    released = nbformat.read(course / "release" / assignment / f"{assignment}.ipynb", 4)
    source = nbformat.read(course / "source" / assignment / f"{assignment}.ipynb", 4)
    assert "BEGIN SOLUTION" not in nbformat.writes(released)
    all_answers = {
        c.metadata["nbgrader"]["grade_id"]: None
        for c in source.cells
        if c.metadata.get("nbgrader", {}).get("solution")
    }
    submissions = {
        "correct": all_answers,
        # 00.1 and 00.2 right, 00.3 off by one, 00.4 and 00.5 left as released.
        "partly": {
            "task_00_1_answer": None,
            "task_00_2_answer": None,
            "task_00_3_answer": (
                "def relays_needed(total_km, max_hop_km):\n    return int(total_km // max_hop_km)"
            ),
        },
        # A syntax error in the first answer and nothing else done.
        "broken": {"task_00_1_answer": "def xor_bits(a, b)\n    return a ^ b"},
    }
    for student, answers in submissions.items():
        folder = course / "submitted" / student / assignment
        folder.mkdir(parents=True)
        nbformat.write(_submission(released, source, answers), folder / f"{assignment}.ipynb")
    run("autograde", assignment, "--force")
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        scores = {s: gradebook.find_submission(assignment, s).score for s in submissions}
        total = gradebook.find_assignment(assignment).max_score
    assert total == 7  # 00.1-00.5: 1 + 1 + 2 + 2 + 1 points
    assert scores == {"correct": 7, "partly": 2, "broken": 0}
