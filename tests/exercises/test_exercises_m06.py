"""Module 06 tasks: correct answers in another form pass, plausible mistakes fail."""

import math

import numpy as np
import pytest

import qinternet_edu as qie
from qinternet_edu import exercises


@pytest.fixture(autouse=True)
def progress_dir(tmp_path, monkeypatch):
    """Every test writes its progress into its own temporary folder."""
    monkeypatch.setenv("QINTERNET_EDU_DATA_DIR", str(tmp_path / "progress"))
    for name in ("NBGRADER_EXECUTION", "QINTERNET_EDU_GRADING", "QINTERNET_EDU_NO_FORK"):
        monkeypatch.delenv(name, raising=False)


def _h(q):
    return 0.0 if q in (0, 1) else -q * math.log2(q) - (1 - q) * math.log2(1 - q)


def test_06_1_key_fraction():
    def right(qber):
        return max(0.0, 1 - 2 * _h(qber))

    def one_entropy(qber):
        return max(0.0, 1 - _h(qber))

    def unclipped(qber):
        return 1 - 2 * _h(qber)

    def natural_log(qber):
        if qber == 0:
            return 1.0
        return max(0.0, 1 + 2 * (qber * math.log(qber) + (1 - qber) * math.log(1 - qber)))

    assert exercises.evaluate("06.1", right, hidden=True).passed
    for wrong in (one_entropy, unclipped, natural_log):
        assert exercises.evaluate("06.1", wrong).status == "failed", wrong.__name__


def test_06_1_threshold_is_eleven_percent():
    """Shor-Preskill: 1 - 2h(Q) vanishes at Q = 11.0 %."""
    task = exercises.get_task("06.1")
    assert task.reference(0.109) > 0.0
    assert task.reference(0.111) == 0.0


def test_06_2_leakage():
    def right(n_bits, qber, leaked_bits):
        limit = n_bits * _h(qber)
        return (limit, leaked_bits / limit)

    def natural_log(n_bits, qber, leaked_bits):
        limit = -n_bits * (qber * math.log(qber) + (1 - qber) * math.log(1 - qber))
        return [limit, leaked_bits / limit]

    def inverted(n_bits, qber, leaked_bits):
        limit = n_bits * _h(qber)
        return [limit, limit / leaked_bits]

    assert exercises.evaluate("06.2", right, hidden=True).passed
    for wrong in (natural_log, inverted):
        assert exercises.evaluate("06.2", wrong).status == "failed", wrong.__name__


def test_06_2_cascade_case_is_real():
    """The first case's leak is what the library's Cascade reveals on such a key."""
    rng = np.random.default_rng(1)
    alice = rng.integers(0, 2, 100_000).astype(np.uint8)
    bob = alice ^ (rng.random(100_000) < 0.03)
    r = qie.cascade(alice, bob, qber=0.03, seed=2)
    assert r.success
    assert 1.05 < r.efficiency < 1.3


def test_06_3_final_length():
    def right(n_bits, qber, leaked_bits, epsilon):
        return max(0.0, n_bits * (1 - _h(qber)) - leaked_bits - 2 * math.log2(1 / epsilon))

    def twice_entropy(n_bits, qber, leaked_bits, epsilon):
        return max(0, n_bits * (1 - 2 * _h(qber)) - leaked_bits - 2 * math.log2(1 / epsilon))

    def one_log(n_bits, qber, leaked_bits, epsilon):
        return max(0, n_bits * (1 - _h(qber)) - leaked_bits - math.log2(1 / epsilon))

    def negative(n_bits, qber, leaked_bits, epsilon):
        return n_bits * (1 - _h(qber)) - leaked_bits - 2 * math.log2(1 / epsilon)

    assert exercises.evaluate("06.3", right, hidden=True).passed
    for wrong in (twice_entropy, one_log, negative):
        assert exercises.evaluate("06.3", wrong).status == "failed", wrong.__name__


def test_06_4_max_distance():
    def right(detector_efficiency, misalignment, dark_count_probability, attenuation_db_per_km):
        params = dict(
            detector_efficiency=detector_efficiency,
            misalignment=misalignment,
            dark_count_probability=dark_count_probability,
            attenuation_db_per_km=attenuation_db_per_km,
        )
        lo, hi = 0.0, 1000.0
        while hi - lo > 0.02:
            mid = (lo + hi) / 2
            if qie.decoy_bb84_key_rate(mid, **params) > 0:
                lo = mid
            else:
                hi = mid
        return (lo + hi) / 2

    def without_decoys(
        detector_efficiency, misalignment, dark_count_probability, attenuation_db_per_km
    ):
        return qie.decoy_bb84_max_distance_km(
            decoy=False,
            detector_efficiency=detector_efficiency,
            misalignment=misalignment,
            dark_count_probability=dark_count_probability,
            attenuation_db_per_km=attenuation_db_per_km,
        )

    def default_attenuation(
        detector_efficiency, misalignment, dark_count_probability, attenuation_db_per_km
    ):
        return qie.decoy_bb84_max_distance_km(
            detector_efficiency=detector_efficiency,
            misalignment=misalignment,
            dark_count_probability=dark_count_probability,
        )

    assert exercises.evaluate("06.4", right, hidden=True).passed
    for wrong in (without_decoys, default_attenuation):
        # Both call qie.decoy_bb84_max_distance_km, switched off while 06.4 is checked.
        result = exercises.evaluate("06.4", wrong)
        assert result.status == "error", wrong.__name__
        assert "qie.decoy_bb84_max_distance_km is switched off here" in result.message


def test_06_4_gys_reach_is_lo_ma_chen():
    """Lo, Ma, Chen (2005) report a GYS decoy-state reach of over 140 km."""
    task = exercises.get_task("06.4")
    reach = task.reference(0.045, 0.033, 1.7e-6, 0.21)
    assert 140.0 < reach < 145.0
