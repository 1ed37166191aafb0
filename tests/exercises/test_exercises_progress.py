"""The progress store: concurrent writers lose nothing, a damaged file is set aside, hints."""

import importlib
import json
import multiprocessing
import os
from pathlib import Path

import pytest

from qinternet_edu import exercises

# The function progress() shadows the submodule's name on the package.
store = importlib.import_module("qinternet_edu.exercises.progress")


@pytest.fixture(autouse=True)
def progress_dir(tmp_path, monkeypatch):
    """Every test writes its progress into its own temporary folder."""
    folder = tmp_path / "progress"
    monkeypatch.setenv("QINTERNET_EDU_DATA_DIR", str(folder))
    for name in ("NBGRADER_EXECUTION", "QINTERNET_EDU_GRADING", "QINTERNET_EDU_NO_FORK"):
        monkeypatch.delenv(name, raising=False)
    return folder


def _record_many(prefix, n):
    for k in range(1, n + 1):
        store.record_pass(f"{prefix}.{k}")


def test_concurrent_writers_lose_nothing(progress_dir):
    ctx = multiprocessing.get_context("fork")
    workers = [ctx.Process(target=_record_many, args=(f"{50 + i}", 15)) for i in range(4)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(60)
    assert [w.exitcode for w in workers] == [0, 0, 0, 0]
    passed = store.passed_tasks()
    assert sorted(passed) == sorted(f"{50 + i}.{k}" for i in range(4) for k in range(1, 16))
    backup = json.loads((progress_dir / "progress.json.bak").read_text())
    assert backup["passed"].keys() == passed.keys()
    assert not list(progress_dir.glob("*.tmp"))  # no temporary files left behind


def test_corrupt_file_is_set_aside_and_passes_recovered(progress_dir, capsys):
    store.record_pass("00.1")
    store.record_pass("00.2")
    (progress_dir / "progress.json").write_text('{"passed": {"00.1": ')  # a torn write
    store.record_pass("00.3")
    err = capsys.readouterr().err
    assert "damaged" in err and "recovered 2 passed task(s)" in err
    assert sorted(store.passed_tasks()) == ["00.1", "00.2", "00.3"]
    aside = list(progress_dir.glob("progress.json.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_text() == '{"passed": {"00.1": '


def test_corrupt_file_without_backup_starts_again(progress_dir, capsys):
    progress_dir.mkdir(parents=True)
    (progress_dir / "progress.json").write_text("[1, 2, 3]")  # valid JSON, wrong shape
    assert store.passed_tasks() == {}
    assert "no backup was found" in capsys.readouterr().err
    assert list(progress_dir.glob("progress.json.corrupt-*"))


def test_pass_count_and_times(progress_dir):
    store.record_pass("00.1")
    store.record_pass("00.1")
    entry = store.passed_tasks()["00.1"]
    assert entry["count"] == 2 and entry["first"] <= entry["last"]


def test_hints_advance_one_at_a_time(capsys):
    task = exercises.get_task("00.3")
    for k in range(len(task.hints)):
        exercises.hint("00.3")
        out = capsys.readouterr().out
        assert out.count("\n") == 1
        assert out.startswith(f"Hint {k + 1} of {len(task.hints)} for Task 00.3: {task.hints[k]}")
    exercises.hint("00.3")
    assert "That was the last hint" in capsys.readouterr().out
    exercises.hint("00.3", reset=True)
    capsys.readouterr()
    exercises.hint("00.3")
    assert capsys.readouterr().out.startswith("Hint 1 of")
    exercises.hint("00.1")
    assert capsys.readouterr().out.startswith("Hint 1 of")  # each task keeps its own place


def test_hint_for_unknown_task():
    with pytest.raises(ValueError, match="task_id"):
        exercises.hint("00.77")


def test_progress_summary_repr_and_html():
    store.record_pass("00.1")
    store.record_pass("00.3")
    summary = exercises.progress()
    welcome = next(m for m in summary.modules if m.module == "00")
    tasks = exercises.list_tasks("00")
    n = len(tasks)
    assert welcome.passed == ("00.1", "00.3") and welcome.total == n
    assert welcome.points == 3 and welcome.points_total == sum(t.points for t in tasks)
    text = repr(summary)
    assert f"2/{n} ##{'.' * (n - 2)}" in text
    assert f"Total: 2 of {summary.total} tasks passed." in text
    html = summary._repr_html_()
    assert "<table>" in html and "<td>Welcome</td>" in html and f"<td>2/{n}</td>" in html


def test_progress_widget_refreshes():
    n = len(exercises.list_tasks("00"))
    panel = exercises.progress_widget()
    table = panel.children[0]
    assert f"<td>0/{n}</td>" in table.value
    store.record_pass("00.1")
    panel.children[1].click()
    assert f"<td>1/{n}</td>" in table.value


def test_data_dir_override(progress_dir):
    assert store.progress_file() == progress_dir / "progress.json"


def test_default_data_dir_is_the_users_data_folder(monkeypatch):
    monkeypatch.delenv("QINTERNET_EDU_DATA_DIR")
    assert store.data_dir().name == "qinternet-edu"


def test_the_suite_never_touches_the_real_progress():
    # conftest.py at the repository root points every test (and every kernel nbval
    # starts, which inherits the environment) at a temporary folder.
    import tempfile

    folder = Path(os.environ["QINTERNET_EDU_DATA_DIR"]).resolve()
    assert folder.is_relative_to(Path(tempfile.gettempdir()).resolve())
