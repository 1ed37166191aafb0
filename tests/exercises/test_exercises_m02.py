"""Module 02 tasks: correct answers in another form pass, plausible mistakes fail."""

import math

import numpy as np
import pytest

from qinternet_edu import exercises

H = np.array([[1, 1], [1, -1]]) / math.sqrt(2)


@pytest.fixture(autouse=True)
def progress_dir(tmp_path, monkeypatch):
    """Every test writes its progress into its own temporary folder."""
    monkeypatch.setenv("QINTERNET_EDU_DATA_DIR", str(tmp_path / "progress"))
    for name in ("NBGRADER_EXECUTION", "QINTERNET_EDU_GRADING", "QINTERNET_EDU_NO_FORK"):
        monkeypatch.delenv(name, raising=False)


def _zz(amplitudes):
    p = np.abs(np.asarray(amplitudes)) ** 2
    return float(p[0] - p[1] - p[2] + p[3])


def _correlators(amplitudes):
    return [_zz(amplitudes), _zz(np.kron(H, H) @ np.asarray(amplitudes))]


def _chsh(a0, a1, b0, b1, p):
    e = [p * math.cos(a0 - b0), p * math.cos(a0 - b1), p * math.cos(a1 - b0), p * math.cos(a1 - b1)]
    s = e[0] + e[1] + e[2] - e[3]
    return s, 0.5 + s / 8


def test_02_1_numpy_answer_passes_and_mistakes_fail():
    assert exercises.evaluate("02.1", _correlators, hidden=True).passed
    # X(x)X taken equal to Z(x)Z: phi- has E_ZZ = 1 but E_XX = -1.
    assert not exercises.evaluate("02.1", lambda amplitudes: [_zz(amplitudes)] * 2).passed
    # amplitude**2 instead of |amplitude|**2: wrong for complex amplitudes.
    no_abs = exercises.evaluate(
        "02.1",
        lambda amplitudes: [
            float(np.real(np.sum(np.asarray(amplitudes) ** 2 * [1, -1, -1, 1]))),
            _correlators(amplitudes)[1],
        ],
    )
    assert no_abs.status == "failed"


def test_02_2_mistakes_fail():
    def right(alice_angle_0, alice_angle_1, bob_angle_0, bob_angle_1, visibility):
        return list(_chsh(alice_angle_0, alice_angle_1, bob_angle_0, bob_angle_1, visibility))

    assert exercises.evaluate("02.2", right, hidden=True).passed

    def no_visibility(alice_angle_0, alice_angle_1, bob_angle_0, bob_angle_1, visibility):
        return right(alice_angle_0, alice_angle_1, bob_angle_0, bob_angle_1, 1.0)

    def all_plus(alice_angle_0, alice_angle_1, bob_angle_0, bob_angle_1, visibility):
        s = sum(
            visibility * math.cos(a - b)
            for a in (alice_angle_0, alice_angle_1)
            for b in (bob_angle_0, bob_angle_1)
        )
        return [s, 0.5 + s / 8]

    def sum_of_angles(alice_angle_0, alice_angle_1, bob_angle_0, bob_angle_1, visibility):
        return right(alice_angle_0, alice_angle_1, -bob_angle_0, -bob_angle_1, visibility)

    for wrong in (no_visibility, all_plus, sum_of_angles):
        assert exercises.evaluate("02.2", wrong).status == "failed", wrong.__name__


def _threshold(a0, a1, b0, b1, *, use_abs=False, as_visibility=False):
    s = _chsh(a0, a1, b0, b1, 1.0)[0]
    s = abs(s) if use_abs else s
    if s <= 2:
        return None
    p = 2 / s
    return p if as_visibility else (1 + 3 * p) / 4


def test_02_3_mistakes_fail():
    def right(alice_angle_0, alice_angle_1, bob_angle_0, bob_angle_1):
        return _threshold(alice_angle_0, alice_angle_1, bob_angle_0, bob_angle_1)

    assert exercises.evaluate("02.3", right, hidden=True).passed

    def visibility(alice_angle_0, alice_angle_1, bob_angle_0, bob_angle_1):
        angles = (alice_angle_0, alice_angle_1, bob_angle_0, bob_angle_1)
        return _threshold(*angles, as_visibility=True)

    def magnitude(alice_angle_0, alice_angle_1, bob_angle_0, bob_angle_1):
        angles = (alice_angle_0, alice_angle_1, bob_angle_0, bob_angle_1)
        return _threshold(*angles, use_abs=True)

    def constant(alice_angle_0, alice_angle_1, bob_angle_0, bob_angle_1):
        return (1 + 3 / math.sqrt(2)) / 4

    for wrong in (visibility, magnitude, constant):
        assert exercises.evaluate("02.3", wrong).status == "failed", wrong.__name__
