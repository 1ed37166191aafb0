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
    nb = nbformat.read(source, as_version=4)  # the instructor source: every check passes
    # A scratch check that fails, and a hint cell: neither costs a task or uses up a hint.
    nb.cells.append(nbformat.v4.new_code_cell('qie.exercises.check("00.3", lambda a, b: 0)'))
    nb.cells.append(nbformat.v4.new_code_cell('qie.exercises.hint("00.1")'))
    nbformat.write(nb, copy)
    assert main(["grade", str(copy)]) == 0
    out = capsys.readouterr().out
    assert "Task" in out and "Status" in out and "Points" in out
    assert out.count("passed") >= 2 and "Score: 7/7 points" in out
    scratch = len(nb.cells) - 2
    assert f"it does not count): cell {scratch}: Task 00.3 failed" in out
    from qinternet_edu.exercises.progress import load

    assert load()["hints"] == {}
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


WRONG_XOR = "\ndef xor_bits(a, b):\n    return 0\n"
# Remove nbgrader's environment variables, so that the kernel's check would not raise.
CHEAT_ENV = (
    "import os\nfor key in [k for k in os.environ if k.startswith('NBGRADER')]:\n"
    "    del os.environ[key]\n"
)
# Rebind the check to one that prints a pass; also print a fake verdict, and make the
# grade cell's AssertionError harmless.
CHEAT_CHECK = (
    "import builtins\nimport qinternet_edu as qie\n"
    "qie.exercises.check = lambda *a, **k: print('✅ Task 00.1 passed on all 4 cases')\n"
    "builtins.AssertionError = type('Harmless', (Warning,), {})\n"
    "print('✅ Task 00.1 passed on all 4 cases: XOR two bits.')\n"
)
# Return the registry's reference (available in the grading machine's kernel).
CHEAT_REFERENCE = (
    "import qinternet_edu as qie\n"
    "def xor_bits(a, b):\n    return qie.exercises.get_task('00.1').reference(a, b)\n"
)
# Read the task's source (reference and hidden cases) from the grader's disk.
CHEAT_DISK = (
    "namespace = {}\n"
    "exec(open('COURSE/source/00_welcome/tasks.py').read(), namespace)\n"
    "def xor_bits(a, b):\n    return namespace['_xor_bits'](a, b)\n"
)
# Patch numpy and the checking modules in sys.modules.
CHEAT_MODULES = (
    "import sys\nimport numpy\n"
    "numpy.isclose = lambda *a, **k: True\nnumpy.all = lambda *a, **k: True\n"
    "for name, module in list(sys.modules.items()):\n"
    "    if name.startswith('qinternet_edu.exercises'):\n"
    "        for attr in ('judge', 'compare_equal', '_equal', 'check'):\n"
    "            if hasattr(module, attr):\n"
    "                setattr(module, attr, lambda *a, **k: None)\n"
)
# An object equal to anything.
CHEAT_EQUAL = (
    "class Anything(int):\n"
    "    def __eq__(self, other):\n        return True\n"
    "    __hash__ = int.__hash__\n"
    "def xor_bits(a, b):\n    return Anything(7)\n"
)


@pytest.mark.slow
def test_nbgrader_grades_cheats_at_zero_and_honest_answers_in_full(tmp_path):
    """Plain `nbgrader autograde` with the course's config: points come only from what the
    answer functions compute, in a fresh interpreter, on the hidden cases."""
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
        # Cheats, each with a wrong 00.1 (and nothing else): every one must score 0.
        "no_env": {"task_00_1_answer": CHEAT_ENV + WRONG_XOR},
        "fake_check": {"task_00_1_answer": CHEAT_CHECK + WRONG_XOR},
        "reference": {"task_00_1_answer": CHEAT_REFERENCE},
        "reads_disk": {"task_00_1_answer": CHEAT_DISK.replace("COURSE", str(course))},
        "patches": {"task_00_1_answer": CHEAT_MODULES + WRONG_XOR},
        "equal_to_all": {"task_00_1_answer": CHEAT_EQUAL},
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
    assert scores["correct"] == 7 and scores["partly"] == 2, scores
    assert {s: v for s, v in scores.items() if s not in ("correct", "partly")} == dict.fromkeys(
        ("broken", "no_env", "fake_check", "reference", "reads_disk", "patches", "equal_to_all"), 0
    ), scores
