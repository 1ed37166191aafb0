"""Authoring helper and learner copies: nbgrader metadata, release --check, determinism."""

import json
from pathlib import Path

import nbformat
import pytest

from qinternet_edu.cli import main
from qinternet_edu.exercises.authoring import (
    Code,
    Markdown,
    TaskCells,
    build_source_notebook,
    write_notebook,
)
from qinternet_edu.exercises.release import learner_copy, release, source_notebooks

ROOT = Path(__file__).resolve().parents[2]
EXERCISES = ROOT / "exercises"


@pytest.fixture(autouse=True)
def progress_dir(tmp_path, monkeypatch):
    """Every test writes its progress into its own temporary folder."""
    folder = tmp_path / "progress"
    monkeypatch.setenv("QINTERNET_EDU_DATA_DIR", str(folder))
    for name in ("NBGRADER_EXECUTION", "QINTERNET_EDU_GRADING", "QINTERNET_EDU_NO_FORK"):
        monkeypatch.delenv(name, raising=False)
    return folder


SOLUTION = '''\
def xor_bits(a, b):
    """Return a XOR b."""
    ### BEGIN SOLUTION
    return a ^ b
    ### END SOLUTION'''


def _small_notebook():
    return build_source_notebook(
        "00",
        intro="A test notebook.",
        cells=[
            Markdown("Before the task."),
            TaskCells(
                "00.1",
                prompt="**Input:** two bits. **Goal:** XOR.",
                solution=SOLUTION,
                answer="xor_bits",
            ),
            Code("qie.exercises.progress_widget()", tags=("nbval-ignore-output",)),
        ],
    )


def test_committed_learner_copies_are_up_to_date(capsys):
    assert main(["release", "--check"]) == 0
    out = capsys.readouterr().out
    assert out.count("unchanged") == len(source_notebooks(EXERCISES)) + 1 >= 3  # + the data


def test_every_source_has_a_learner_copy_without_solutions():
    for source in source_notebooks(EXERCISES):
        copy = EXERCISES / source.name
        text = copy.read_text()
        assert "### BEGIN SOLUTION" not in text and "HIDDEN TESTS" not in text
        assert "raise NotImplementedError()" in text
        nb = nbformat.read(copy, as_version=4)
        assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")
        assert nb.metadata.kernelspec.name == "python3"


def test_release_check_detects_a_stale_copy(tmp_path, capsys):
    course = tmp_path / "exercises"
    write_notebook(_small_notebook(), course / "source" / "00_demo" / "00_demo.ipynb")
    assert main(["release", "--check", "--exercises", str(course)]) == 1
    assert "out of date" in capsys.readouterr().err
    assert main(["release", "--exercises", str(course)]) == 0
    first = (course / "00_demo.ipynb").read_text()
    assert main(["release", "--check", "--exercises", str(course)]) == 0
    assert [i.status for i in release(course)] == ["unchanged"]
    assert (course / "00_demo.ipynb").read_text() == first  # deterministic
    (course / "00_demo.ipynb").write_text(first.replace("XOR", "xor"))
    assert main(["release", "--check", "--exercises", str(course)]) == 1
    assert main(["release", "--exercises", str(tmp_path / "nowhere")]) == 2


def test_authoring_sets_consistent_nbgrader_metadata():
    nb = _small_notebook()
    meta = {c.id: c.metadata.get("nbgrader") for c in nb.cells}
    assert all(m["schema_version"] == 3 for m in meta.values())
    assert meta["task-00-1-answer"] == {
        "grade": False,
        "grade_id": "task_00_1_answer",
        "locked": False,
        "schema_version": 3,
        "solution": True,
    }
    check = meta["task-00-1-check"]
    assert check["grade"] and check["locked"] and check["points"] == 1 and not check["solution"]
    grade_ids = [m["grade_id"] for m in meta.values()]
    assert len(grade_ids) == len(set(grade_ids))
    cells = {c.id: c for c in nb.cells}
    assert cells["task-00-1-prompt"].source.startswith("## Task 00.1: XOR two bits")
    assert "### BEGIN HIDDEN TESTS" in cells["task-00-1-check"].source
    assert cells["m00-title"].source.startswith("# Exercises 00: Welcome")
    assert "import qinternet_edu as qie" in cells["m00-imports"].source
    assert nb.metadata.kernelspec.name == "python3"


def test_learner_copy_clears_solutions_and_hidden_tests(tmp_path):
    path = write_notebook(_small_notebook(), tmp_path / "00_demo.ipynb")
    nb = nbformat.reads(learner_copy(path), as_version=4)
    cells = {c.id: c for c in nb.cells}
    answer = cells["task-00-1-answer"].source
    assert "# YOUR CODE HERE\n    raise NotImplementedError()" in answer
    assert "a ^ b" not in answer and "def xor_bits(a, b):" in answer
    assert "hidden=True" not in cells["task-00-1-check"].source
    assert cells["task-00-1-check"].metadata["editable"] is False
    assert json.loads(learner_copy(path)) == json.loads(learner_copy(path))


@pytest.mark.parametrize(
    ("cells", "match"),
    [
        ([TaskCells("01.1", prompt="p", solution=SOLUTION, answer="xor_bits")], "module 01"),
        (
            [TaskCells("00.1", prompt="p", solution="def xor_bits(a, b): ...", answer="xor_bits")],
            "BEGIN SOLUTION",
        ),
        ([TaskCells("00.1", prompt="p", solution=SOLUTION, answer="xor")], "does not define"),
        ([TaskCells("00.1", prompt="p", solution=SOLUTION, answer="xor_bits")] * 2, "twice"),
        ([TaskCells("00.42", prompt="p", solution=SOLUTION, answer="xor_bits")], "task_id"),
    ],
)
def test_authoring_rejects_inconsistent_cells(cells, match):
    with pytest.raises(ValueError, match=match):
        build_source_notebook("00", cells=cells)


def test_release_never_overwrites_an_edited_copy_without_force(tmp_path, capsys):
    course = tmp_path / "exercises"
    write_notebook(_small_notebook(), course / "source" / "00_demo" / "00_demo.ipynb")
    assert main(["release", "--exercises", str(course)]) == 0
    copy = course / "00_demo.ipynb"
    nb = nbformat.read(copy, as_version=4)
    answer = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution"))
    answer.source = "def xor_bits(a, b):\n    return a ^ b  # my work"
    nbformat.write(nb, copy)
    # The source changes: the edited copy is kept, and the command says how to overwrite.
    source = course / "source" / "00_demo" / "00_demo.ipynb"
    source.write_text(source.read_text().replace("Before the task.", "Before the first task."))
    capsys.readouterr()
    assert main(["release", "--exercises", str(course)]) == 1
    out, err = capsys.readouterr()
    assert "kept (edited)" in out and "--force" in err
    assert "my work" in copy.read_text()
    assert main(["release", "--force", "--exercises", str(course)]) == 0
    assert "my work" not in copy.read_text() and "Before the first task." in copy.read_text()


def test_release_without_nbgrader_says_install_the_instructor_extra(monkeypatch, capsys):
    import builtins

    real_import = builtins.__import__

    def no_nbgrader(name, *args, **kwargs):
        if name.startswith("nbgrader"):
            raise ImportError("No module named 'nbgrader'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_nbgrader)
    assert main(["release", "--check"]) == 2
    err = capsys.readouterr().err
    assert "install the instructor extra" in err and "Traceback" not in err


def test_reset_keeps_a_dated_backup_and_restores_the_learner_copy(tmp_path, capsys):
    course = tmp_path / "exercises"
    write_notebook(_small_notebook(), course / "source" / "00_demo" / "00_demo.ipynb")
    assert main(["release", "--exercises", str(course)]) == 0
    copy = course / "00_demo.ipynb"
    fresh = copy.read_text()
    copy.write_text(fresh.replace("raise NotImplementedError()", "return a ^ b  # mine"))
    assert main(["reset", str(copy)]) == 0
    assert copy.read_text() == fresh
    (backup,) = (course / "backups").glob("00_demo-*.ipynb")
    assert "# mine" in backup.read_text()
    assert "saved as" in capsys.readouterr().out
    assert main(["reset", str(tmp_path / "nothing.ipynb")]) == 2
