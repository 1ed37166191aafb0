"""Module 11 tasks: correct answers in another form pass, plausible mistakes fail."""

import math

import pytest

from qinternet_edu import exercises


@pytest.fixture(autouse=True)
def progress_dir(tmp_path, monkeypatch):
    """Every test writes its progress into its own temporary folder."""
    monkeypatch.setenv("QINTERNET_EDU_DATA_DIR", str(tmp_path / "progress"))
    for name in ("NBGRADER_EXECUTION", "QINTERNET_EDU_GRADING", "QINTERNET_EDU_NO_FORK"):
        monkeypatch.delenv(name, raising=False)


def _stored(fidelity, time_s, coherence_time_s, floor=0.25):
    return floor + (fidelity - floor) * math.exp(-time_s / coherence_time_s)


def test_11_1_decay_mistakes_fail():
    assert exercises.evaluate("11.1", _stored, hidden=True).passed
    wrong = {
        "decays to 0": lambda fidelity, time_s, coherence_time_s: _stored(
            fidelity, time_s, coherence_time_s, floor=0.0
        ),
        "decays to 1/2": lambda fidelity, time_s, coherence_time_s: _stored(
            fidelity, time_s, coherence_time_s, floor=0.5
        ),
    }
    for name, answer in wrong.items():
        assert exercises.evaluate("11.1", answer).status == "failed", name


def test_11_2_storage_time_mistakes_fail():
    def right(initial_fidelity, target_fidelity, coherence_time_s):
        v0, v = (4 * initial_fidelity - 1) / 3, (4 * target_fidelity - 1) / 3
        return coherence_time_s * math.log(v0 / v)

    assert exercises.evaluate("11.2", right, hidden=True).passed

    def no_floor(initial_fidelity, target_fidelity, coherence_time_s):
        return coherence_time_s * math.log(initial_fidelity / target_fidelity)

    assert exercises.evaluate("11.2", no_floor).status == "failed"


def test_11_3_teleportation_after_storage():
    def right(pair_fidelity, storage_time_s, coherence_time_s):
        return (2 * _stored(pair_fidelity, storage_time_s, coherence_time_s) + 1) / 3

    assert exercises.evaluate("11.3", right, hidden=True).passed

    def before_storage(pair_fidelity, storage_time_s, coherence_time_s):
        return (2 * pair_fidelity + 1) / 3

    def decays_teleportation(pair_fidelity, storage_time_s, coherence_time_s):
        return _stored((2 * pair_fidelity + 1) / 3, storage_time_s, coherence_time_s)

    for wrong in (before_storage, decays_teleportation):
        assert exercises.evaluate("11.3", wrong).status == "failed", wrong.__name__


def test_11_4_deadline_mistakes_fail():
    def right(pair_fidelity, coherence_time_s):
        return None if pair_fidelity <= 0.5 else coherence_time_s * math.log(4 * pair_fidelity - 1)

    assert exercises.evaluate("11.4", right, hidden=True).passed

    def pair_threshold_two_thirds(pair_fidelity, coherence_time_s):
        if pair_fidelity <= 2 / 3:
            return None
        return coherence_time_s * math.log((pair_fidelity - 0.25) / (2 / 3 - 0.25))

    def never_none(pair_fidelity, coherence_time_s):
        return max(0.0, coherence_time_s * math.log(4 * pair_fidelity - 1))

    for wrong in (pair_threshold_two_thirds, never_none):
        assert exercises.evaluate("11.4", wrong).status == "failed", wrong.__name__
    assert exercises.evaluate("11.4", lambda pair_fidelity, coherence_time_s: "soon").status == (
        "wrong type"
    )
