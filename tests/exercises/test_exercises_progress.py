"""The progress store: concurrent writers lose nothing, a damaged file is set aside, hints."""

import importlib
import json
import multiprocessing
import os
from pathlib import Path

import pytest

from qinternet_edu import exercises
from qinternet_edu.cli import main

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


def test_hint_and_check_for_unknown_task_say_so_in_one_line(capsys):
    exercises.hint("00.77")
    exercises.check("5.3", lambda: 0)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and all(line.startswith("❌ task_id") for line in lines), lines


@pytest.mark.parametrize(
    "count",
    ['"3"', "null", "NaN", "1e400"],
    ids=["string", "null", "nan", "huge"],
)
def test_a_bad_count_is_set_aside_and_recovered_from_the_backup(progress_dir, count, capsys):
    store.record_pass("00.1")
    store.record_pass("00.2")
    text = (progress_dir / "progress.json").read_text()
    state = json.loads(text)
    state["passed"]["00.1"]["count"] = "PLACEHOLDER"
    bad = json.dumps(state).replace('"PLACEHOLDER"', count)
    (progress_dir / "progress.json").write_text(bad)
    assert sorted(store.passed_tasks()) == ["00.1", "00.2"]
    err = capsys.readouterr().err
    assert "damaged" in err and "recovered 2" in err and len(err.strip().splitlines()) == 1
    repr(exercises.progress())  # and the summary works


def test_deeply_nested_json_and_a_directory_are_set_aside(progress_dir, capsys):
    store.record_pass("00.1")
    (progress_dir / "progress.json").write_text("[" * 100_000 + "]" * 100_000)
    assert list(store.passed_tasks()) == ["00.1"]
    (progress_dir / "progress.json").unlink()
    (progress_dir / "progress.json").mkdir()
    assert list(store.passed_tasks()) == ["00.1"]
    assert len(list(progress_dir.glob("progress.json.corrupt-*"))) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and all("damaged" in line for line in err)


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root ignores modes")
def test_a_read_only_folder_gives_one_line_not_a_traceback(progress_dir, capsys):
    store.record_pass("00.1")
    (progress_dir / "progress.lock").unlink()
    progress_dir.chmod(0o555)
    try:
        assert "00.1" in store.passed_tasks()
        exercises.hint("00.1")
        exercises.check("00.1", lambda a, b: a ^ b)
        out = capsys.readouterr().out
        assert "Hint 1 of" in out and "could not be saved" in out
    finally:
        progress_dir.chmod(0o755)


def test_no_lock_file_in_a_read_only_folder_gives_one_line(progress_dir, monkeypatch, capsys):
    import builtins

    store.record_pass("00.1")
    real_open = builtins.open

    def read_only(file, mode="r", *args, **kwargs):
        if str(file).endswith("progress.lock"):
            raise PermissionError(13, "Permission denied")
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", read_only)
    assert "00.1" in store.passed_tasks()  # reading needs no lock
    exercises.hint("00.1")
    out = capsys.readouterr().out
    assert "Hint 1 of" in out and "Permission denied" in out
    assert main(["progress"]) == 0


def test_a_full_disk_gives_one_line_not_a_traceback(monkeypatch, capsys):
    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store, "_write_atomic", full)
    exercises.hint("00.1")
    out = capsys.readouterr().out
    assert "No space left on device" in out and "Hint 1 of" in out
    assert main(["progress"]) == 0


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
