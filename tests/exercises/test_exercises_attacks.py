"""Self-paced checks give no false pass: each way a wrong answer once passed is tried here."""

import gc
import importlib
import json
import sys

import numpy as np
import pytest

from qinternet_edu import exercises
from qinternet_edu.exercises import checking

store = importlib.import_module("qinternet_edu.exercises.progress")


@pytest.fixture(autouse=True)
def progress_dir(tmp_path, monkeypatch):
    """Every test writes its progress into its own temporary folder."""
    folder = tmp_path / "progress"
    monkeypatch.setenv("QINTERNET_EDU_DATA_DIR", str(folder))
    for name in ("NBGRADER_EXECUTION", "QINTERNET_EDU_GRADING", "QINTERNET_EDU_NO_FORK"):
        monkeypatch.delenv(name, raising=False)
    return folder


def _no_pass(task_id, answer, capsys):
    exercises.check(task_id, answer)
    out = capsys.readouterr().out
    assert "✅" not in out, out
    assert task_id not in store.passed_tasks()
    return out


class AnyFloat(float):
    def __eq__(self, other):
        return True

    __hash__ = float.__hash__


class AnyInt(int):
    def __eq__(self, other):
        return True

    __hash__ = int.__hash__


class AnyArray(np.ndarray):
    def __eq__(self, other):
        return np.ones(np.shape(other), dtype=bool)


class AnyDict(dict):
    def __contains__(self, key):
        return True

    def __eq__(self, other):
        return True


class AnyNumber:
    def __eq__(self, other):
        return True

    def __float__(self):
        return 0.0


@pytest.mark.parametrize(
    ("task_id", "answer"),
    [
        ("05.3", lambda eve_fraction, misalignment: AnyFloat(9.0)),
        ("00.1", lambda a, b: AnyInt(7)),
        ("01.1", lambda alpha, beta: np.zeros(2).view(AnyArray)),
        ("00.5", lambda: AnyDict({"QKD with trusted nodes": 0})),
        ("05.3", lambda eve_fraction, misalignment: AnyNumber()),
    ],
    ids=["float", "int", "ndarray", "dict", "number"],
)
def test_results_equal_to_anything_do_not_pass(task_id, answer, capsys):
    out = _no_pass(task_id, answer, capsys)
    assert "wrong type" in out


def test_patching_numpy_isclose_does_not_pass(monkeypatch, capsys):
    monkeypatch.setattr(np, "isclose", lambda *a, **k: np.True_)
    monkeypatch.setattr(np, "all", lambda *a, **k: True)
    _no_pass("01.1", lambda alpha, beta: [0.0, 0.0], capsys)


def test_setting_compare_on_the_registry_does_not_pass(capsys):
    task = exercises.get_task("05.3")
    original = task.compare
    try:
        object.__setattr__(task, "compare", lambda expected, got: None)
        _no_pass("05.3", lambda eve_fraction, misalignment: 0.5, capsys)
    finally:
        object.__setattr__(task, "compare", original)


def test_patching_the_checking_module_does_not_pass(monkeypatch, capsys):
    import qinternet_edu.exercises.judging as judging

    monkeypatch.setattr(judging, "judge", lambda *a, **k: ("passed", "", None))
    monkeypatch.setattr(checking, "_run_cases", lambda *a, **k: None)
    _no_pass("05.3", lambda eve_fraction, misalignment: 0.5, capsys)


def test_changing_the_callers_expected_values_does_not_pass(capsys):
    def answer(eve_fraction, misalignment):
        frame = sys._getframe(1)
        while frame is not None:  # replace every "expected" list the caller holds
            for name in ("expected", "want"):
                if isinstance(frame.f_locals.get(name), list):
                    frame.f_locals[name][:] = [0.5] * len(frame.f_locals[name])
            frame = frame.f_back
        return 0.5

    _no_pass("05.3", answer, capsys)


def test_a_fake_passed_message_on_the_childs_pipe_does_not_pass(capsys):
    def answer(eve_fraction, misalignment):
        from multiprocessing.connection import Connection

        for obj in gc.get_objects():
            if isinstance(obj, Connection) and obj.writable:
                obj.send(("done", ("passed", "", None), ""))
                obj.send(("stop", None))
        return 0.5

    _no_pass("05.3", answer, capsys)


def test_a_wrong_answer_records_nothing_and_a_right_one_is_recorded_by_the_judge(capsys):
    _no_pass("00.1", lambda a, b: a | b, capsys)
    exercises.check("00.1", lambda x, y: x ^ y)  # other parameter names pass
    assert "✅" in capsys.readouterr().out
    assert "00.1" in store.passed_tasks()


def test_verdict_comes_from_plain_results_only():
    assert checking.evaluate("00.1", lambda a, b: np.int64(a ^ b)).passed
    wrong = checking.evaluate("00.1", lambda a, b: json)  # a module is no value
    assert wrong.status == "wrong type" and "module" in wrong.message
