"""The installed package holds the checking engine and the public cases only: no reference
code, no hidden case, no hint. Tested on a wheel built from this checkout."""

import inspect
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from qinternet_edu import exercises
from qinternet_edu.cli import main
from qinternet_edu.exercises.plain import to_plain
from qinternet_edu.exercises.registry import PUBLIC_DATA

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def progress_dir(tmp_path, monkeypatch):
    """Every test writes its progress into its own temporary folder."""
    monkeypatch.setenv("QINTERNET_EDU_DATA_DIR", str(tmp_path / "progress"))
    for name in ("NBGRADER_EXECUTION", "QINTERNET_EDU_GRADING", "QINTERNET_EDU_NO_FORK"):
        monkeypatch.delenv(name, raising=False)


def test_tasks_load_from_their_home_beside_the_instructor_notebook():
    task = exercises.get_task("05.3")
    assert task.from_source and task.reference is not None
    home = Path(sys.modules[task.reference.__module__].__file__)
    assert home == ROOT / "exercises" / "source" / "05_stage1_bb84" / "tasks.py"
    assert (home.parent / "05_stage1_bb84_exercises.ipynb").is_file()
    assert not (ROOT / "qinternet_edu" / "exercises" / "tasks").exists()


def test_public_data_is_current(capsys):
    assert main(["release", "--check"]) == 0
    assert f"unchanged    {PUBLIC_DATA}" in capsys.readouterr().out


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if done.returncode != 0:
        pytest.skip(f"the wheel could not be built here: {done.stderr.strip()[-300:]}")
    (path,) = out.glob("qinternet_edu-*.whl")
    return path


def test_wheel_holds_no_reference_code_no_hidden_case_and_no_hint(wheel):
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        texts = {
            n: zf.read(n).decode("utf-8", "replace") for n in names if n.endswith((".py", ".json"))
        }
    assert "qinternet_edu/exercises/public_cases.json" in names
    assert not [n for n in names if n.endswith("tasks.py") or "/exercises/tasks/" in n]
    everything = "\n".join(texts.values())
    data = json.loads(texts["qinternet_edu/exercises/public_cases.json"])
    stored = {t["task_id"]: t for t in data["tasks"]}
    for task in exercises.all_tasks():
        assert task.from_source
        ref = task.reference
        if ref.__module__.startswith("qinternet_edu_tasks_"):
            assert inspect.getsource(ref).strip() not in everything, task.task_id
        for hint in task.hints:
            assert hint not in everything, task.task_id
        public = task.make_cases(hidden=False)
        hidden = task.make_cases(hidden=True)[len(public) :]
        if task.kind == "function":
            assert len(stored[task.task_id]["cases"]) == len(public)
        stored_cases = {
            json.dumps(c["kwargs"], sort_keys=True) for c in stored[task.task_id]["cases"]
        }
        for case in hidden:
            assert json.dumps(to_plain(dict(case.kwargs)), sort_keys=True) not in stored_cases
            assert case.describe() not in everything or not case.label, task.task_id


def test_installed_wheel_checks_public_cases_and_keeps_no_solution(wheel, tmp_path):
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as zf:
        zf.extractall(site)
    script = """
import inspect, json
import qinternet_edu.exercises as ex
t = ex.get_task("05.3")
try:
    t.make_cases(hidden=True)
    hidden = "available"
except LookupError:
    hidden = "unavailable"
right = lambda eve_fraction, misalignment: (
    eve_fraction / 4 * (1 - misalignment) + (1 - eve_fraction / 4) * misalignment)
import contextlib, io
from qinternet_edu.exercises.catalog import catalogue
from qinternet_edu.exercises.progress import record_pass
record_pass("05.3")
shown = io.StringIO()
with contextlib.redirect_stdout(shown):
    worked = ex.solution("05.3")
print(json.dumps({
    "solution": [worked is None, shown.getvalue()], "row": catalogue("05")[2],
    "file": ex.__file__, "reference": t.reference is None, "hidden": hidden,
    "hints": len(t.hints), "n": len(ex.all_tasks()),
    "right": ex.evaluate("05.3", right).status,
    "wrong": ex.evaluate("05.3", lambda eve_fraction, misalignment: 0.25).status,
}))
"""
    env = {k: v for k, v in os.environ.items() if not k.startswith("QINTERNET_EDU_TASKS")}
    env["PYTHONPATH"] = str(site)
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["file"].startswith(str(site))
    assert report["reference"] and report["hidden"] == "unavailable" and report["hints"] == 0
    assert report["n"] == len(exercises.all_tasks())
    assert (report["right"], report["wrong"]) == ("passed", "failed")
    assert report["solution"][0] and "comes with the course's repository" in report["solution"][1]
    assert report["row"] == {
        "task_id": "05.3",
        "title": exercises.get_task("05.3").title,
        "skill": "implement",
        "points": 2,
        "minutes": 30,
    }
