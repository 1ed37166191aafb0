"""Module 12 tasks: equivalent answers pass, plausible mistakes fail, references agree."""

import math

import numpy as np
import pytest

import qinternet_edu as qie
from qinternet_edu import exercises
from qinternet_edu.exercises.registry import tasks_module

m12 = tasks_module("12")


@pytest.fixture(autouse=True)
def progress_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("QINTERNET_EDU_DATA_DIR", str(tmp_path / "progress"))
    for name in ("NBGRADER_EXECUTION", "QINTERNET_EDU_GRADING", "QINTERNET_EDU_NO_FORK"):
        monkeypatch.delenv(name, raising=False)


def _passes(task_id, answer):
    return exercises.evaluate(task_id, answer, hidden=True, time_limit_s=60.0).passed


def test_12_1_numpy_answer_passes_and_missing_two_pi_or_sign_fails():
    def numpy_answer(offset_s, frequency_hz):
        phase = 2 * np.pi * frequency_hz * offset_s
        return np.array([-np.cos(phase), -np.sin(phase)])

    assert _passes("12.1", numpy_answer)
    assert not _passes(
        "12.1", lambda offset_s, frequency_hz: [-math.cos(frequency_hz * offset_s), 0.0]
    )

    def wrong_sign(offset_s, frequency_hz):
        phase = 2 * math.pi * frequency_hz * offset_s
        return [math.cos(phase), math.sin(phase)]

    assert not _passes("12.1", wrong_sign)


def test_12_2_reference_reproduces_the_library_estimate():
    """Counts recovered from a seeded run give back simulate_clock_sync's own estimate."""
    res = qie.simulate_clock_sync(-0.3e-9, n_pairs=20_000, frequency_hz=1e9, seed=4)
    case = m12._counts_case(-0.3e-9, 20_000, 1e9, seed=4)
    got = m12._offset_from_counts(**case.kwargs)
    assert got == pytest.approx(res.estimated_offset_s, rel=1e-12, abs=1e-20)


def test_12_2_atan_and_dropped_signs_fail():
    def with_atan(n_x, anti_x, n_y, anti_y, frequency_hz):
        xx, xy = 1 - 2 * anti_x / n_x, 1 - 2 * anti_y / n_y
        return math.atan(xy / xx) / (2 * math.pi * frequency_hz)

    def no_signs(n_x, anti_x, n_y, anti_y, frequency_hz):
        xx, xy = 1 - 2 * anti_x / n_x, 1 - 2 * anti_y / n_y
        return math.atan2(xy, xx) / (2 * math.pi * frequency_hz)

    def from_fractions(n_x, anti_x, n_y, anti_y, frequency_hz):  # equivalent: p_anti = (1 + c)/2
        cos_part, sin_part = 2 * anti_x / n_x - 1, 2 * anti_y / n_y - 1
        return np.arctan2(sin_part, cos_part) / (2 * np.pi * frequency_hz)

    assert not _passes("12.2", with_atan)
    assert not _passes("12.2", no_signs)
    assert _passes("12.2", from_fractions)


def test_12_3_rounding_and_factor_mistakes_fail():
    def omega_sigma(t, f):
        return 2 * math.pi * f * t

    assert not _passes(
        "12.3",
        lambda target_s, frequency_hz: 2 * round(1 / omega_sigma(target_s, frequency_hz) ** 2),
    )
    assert not _passes(
        "12.3",
        lambda target_s, frequency_hz: math.ceil(1 / omega_sigma(target_s, frequency_hz) ** 2),
    )
    assert not _passes(
        "12.3", lambda target_s, frequency_hz: 2 * math.ceil(1 / (frequency_hz * target_s) ** 2)
    )
    assert not _passes(
        "12.3", lambda target_s, frequency_hz: 2 / omega_sigma(target_s, frequency_hz) ** 2
    )


def test_12_3_answer_meets_the_target_and_one_pair_per_basis_less_does_not():
    for target, f in ((1e-12, 1e9), (3e-13, 5e9)):
        n = m12._pairs_for_precision(target, f)
        omega = 2 * math.pi * f
        assert n % 2 == 0
        assert 1 / (omega * math.sqrt(n / 2)) <= target < 1 / (omega * math.sqrt(n / 2 - 1))


def test_12_4_list_passes_and_sql_for_both_fails():
    def as_list(n_clocks, target_variance_rad2):
        return [
            math.ceil(1 / (n_clocks * target_variance_rad2)),
            math.ceil(1 / (n_clocks**2 * target_variance_rad2)),
        ]

    def sql_twice(n_clocks, target_variance_rad2):
        nu = math.ceil(1 / (n_clocks * target_variance_rad2))
        return (nu, nu)

    assert _passes("12.4", as_list)
    assert not _passes("12.4", sql_twice)
