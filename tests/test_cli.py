"""The console command: --version, and `lab`, which the README's first command runs."""

import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

import qinternet_edu as qie
from qinternet_edu import cli

ROOT = Path(__file__).resolve().parent.parent


def test_version_prints_the_installed_version(capsys):
    with pytest.raises(SystemExit) as stop:
        cli.main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.strip() == f"qinternet-edu {qie.__version__}"


def test_lab_opens_notebook_00_at_the_course_root(monkeypatch):
    calls = []
    monkeypatch.setattr(cli.subprocess, "call", lambda cmd, cwd: calls.append((cmd, cwd)) or 0)
    assert cli.main(["lab", "--no-browser", "--ServerApp.port=8890"]) == 0
    ((cmd, cwd),) = calls
    assert Path(cwd) == ROOT
    assert cmd[:3] == [sys.executable, "-m", "jupyterlab"]
    assert f"--ServerApp.root_dir={ROOT}" in cmd
    assert str(Path("notebooks") / "00_welcome.ipynb") in cmd
    assert "--no-browser" in cmd and cmd[-1] == "--ServerApp.port=8890"


def test_other_commands_reject_unknown_options(capsys):
    with pytest.raises(SystemExit) as stop:
        cli.main(["progress", "--bogus"])
    assert stop.value.code == 2
    assert "unrecognized arguments: --bogus" in capsys.readouterr().err


@pytest.mark.slow
def test_lab_serves_the_course(get_free_port, tmp_path):
    port = get_free_port()
    env = dict(
        os.environ,
        JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"),
        JUPYTER_CONFIG_DIR=str(tmp_path / "config"),
        JUPYTER_DATA_DIR=str(tmp_path / "data"),
    )
    exe = Path(sys.executable).parent / "qinternet-edu"
    command = [str(exe)] if exe.exists() else [sys.executable, "-m", "qinternet_edu.cli"]
    server = subprocess.Popen(
        [
            *command,
            "lab",
            "--no-browser",
            f"--ServerApp.port={port}",
            "--ServerApp.ip=127.0.0.1",
            "--IdentityProvider.token=",
            "--LabApp.news_url=None",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        url = f"http://127.0.0.1:{port}/api/contents/notebooks/00_welcome.ipynb?content=0"
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    assert response.status == 200
                    break
            except OSError:
                assert server.poll() is None, server.stderr.read().decode()[-2000:]
                assert time.monotonic() < deadline, "JupyterLab did not answer within 60 s"
                time.sleep(0.5)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def test_tasks_lists_the_catalogue_as_a_table_or_json(capsys):
    assert cli.main(["tasks", "--module", "16"]) == 0
    table = capsys.readouterr().out
    assert table.splitlines()[0].split() == ["task", "title", "skill", "points", "minutes"]
    assert re.search(r"^16\.1\s+BB84 as node programs.*\s+program\s+3\s+75$", table, re.M)
    assert "15.1" not in table
    assert cli.main(["tasks", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["task_id"] for r in rows] == [t.task_id for t in qie.exercises.all_tasks()]
    assert rows[0] == {
        "task_id": "00.1",
        "title": "XOR two bits",
        "skill": "implement",
        "points": 1,
        "minutes": 15,
    }
    assert sum(r["skill"] == "program" for r in rows) >= 8
    assert cli.main(["tasks", "--module", "5", "--json"]) == 0  # 5 means 05
    assert {r["task_id"][:2] for r in json.loads(capsys.readouterr().out)} == {"05"}


def test_tasks_refuses_an_unknown_module(capsys):
    assert cli.main(["tasks", "--module", "99"]) == 2
    assert "module 99 has no tasks" in capsys.readouterr().err
    assert cli.main(["tasks", "--module", "x5"]) == 2
    assert "two-digit" in capsys.readouterr().err
