"""Key rates, thresholds, decoy-state BB84 against published values, and the PLOB bound."""

import math

import numpy as np
import pytest

import qinternet_edu as qie


def test_bb84_rate_is_one_minus_two_h():
    # Shor & Preskill, PRL 85, 441 (2000): R = 1 - 2 h(Q).
    for q in (0.0, 0.01, 0.05, 0.1):
        assert qie.bb84_asymptotic_key_rate(q) == pytest.approx(
            max(0.0, 1 - 2 * qie.binary_entropy(q)), abs=1e-15
        )
    assert qie.bb84_asymptotic_key_rate(0.2) == 0.0
    rates = qie.bb84_asymptotic_key_rate(np.array([0.0, 0.2]))
    assert isinstance(rates, np.ndarray)
    assert rates.tolist() == [1.0, 0.0]


def test_thresholds():
    # BB84 about 11.0 % (Shor-Preskill 2000), six-state about 12.6 % (Lo 2001).
    assert qie.bb84_qber_threshold() == pytest.approx(0.110, abs=5e-4)
    assert qie.six_state_qber_threshold() == pytest.approx(0.126, abs=5e-4)
    assert qie.bb84_asymptotic_key_rate(qie.bb84_qber_threshold()) == pytest.approx(0, abs=1e-12)
    assert qie.six_state_key_rate(qie.six_state_qber_threshold()) == pytest.approx(0, abs=1e-12)
    assert qie.bb84_qber_threshold(ec_efficiency=1.2) < qie.bb84_qber_threshold()


def test_six_state_rate_against_the_bell_diagonal_entropy():
    # 1 - H(1 - 3Q/2, Q/2, Q/2, Q/2): an independent evaluation of Lo's formula.
    q = 0.07
    probs = np.array([1 - 1.5 * q, q / 2, q / 2, q / 2])
    assert qie.six_state_key_rate(q) == pytest.approx(1 + np.sum(probs * np.log2(probs)), abs=1e-12)
    assert qie.six_state_key_rate(q) > qie.bb84_asymptotic_key_rate(q)
    assert qie.six_state_key_rate(0.0) == 1.0


def test_ec_efficiency_rate():
    assert qie.key_rate_with_ec_efficiency(0.03, 1.0) == pytest.approx(
        qie.bb84_asymptotic_key_rate(0.03)
    )
    assert qie.key_rate_with_ec_efficiency(0.03, 1.2) < qie.key_rate_with_ec_efficiency(0.03, 1.0)


@pytest.mark.parametrize(
    ("func", "kwargs", "name"),
    [
        (qie.bb84_asymptotic_key_rate, dict(qber=0.6), "qber"),
        (qie.six_state_key_rate, dict(qber=-0.1), "qber"),
        (qie.key_rate_with_ec_efficiency, dict(qber=0.1, ec_efficiency=0.9), "ec_efficiency"),
        (qie.bb84_qber_threshold, dict(ec_efficiency=0.5), "ec_efficiency"),
        (qie.compare_to_plob, dict(rate=-1.0, eta=0.1), "rate"),
        (qie.compare_to_plob, dict(rate=1e-3, eta=1.0), "eta"),
    ],
)
def test_bad_inputs(func, kwargs, name):
    with pytest.raises(ValueError, match=name):
        func(**kwargs)


def test_compare_to_plob():
    c = qie.compare_to_plob(1e-3, 0.01)
    assert c.plob == pytest.approx(qie.plob_bound(0.01))
    assert c.ratio == pytest.approx(1e-3 / qie.plob_bound(0.01))
    assert c.below_plob
    assert not qie.compare_to_plob(0.5, 0.01).below_plob
    arr = qie.compare_to_plob(np.array([1e-4, 1e-3]), np.array([0.1, 0.01]))
    assert arr.ratio.shape == (2,)


# ------------------------------------------------------------------ decoy states


def test_decoy_rate_vanishes_near_142_km_for_gys():
    # Lo, Ma, Chen, PRL 94, 230504 (2005), GYS parameters: key "over 140 km"
    # (their Fig. 1 ends near 142 km).
    cutoff = qie.decoy_bb84_max_distance_km()
    assert 135.0 < cutoff < 150.0
    assert qie.decoy_bb84_key_rate(cutoff - 2.0) > 0.0
    assert qie.decoy_bb84_key_rate(cutoff + 2.0) == 0.0
    # Without decoys the reach is far shorter (GLLP worst case).
    assert qie.decoy_bb84_max_distance_km(decoy=False) < 50.0


def test_decoy_rate_never_exceeds_plob():
    lengths = np.linspace(0.5, 300.0, 600)
    rates = qie.decoy_bb84_key_rate(lengths)
    eta = qie.fiber_transmissivity(lengths, 0.21)
    assert np.all(rates <= qie.plob_bound(eta))
    assert np.all(rates <= qie.plob_bound(eta * 0.045))  # even counting the detector as loss
    assert qie.compare_to_plob(rates, eta).below_plob
    # The rate falls monotonically with distance.
    assert np.all(np.diff(rates) <= 0)


def test_decoy_rate_scales_linearly_with_eta_far_from_the_cutoff():
    # Q1 ~ eta mu e^-mu: 10 dB more loss cuts the rate by about 10.
    r40, r90 = qie.decoy_bb84_key_rate([40.0, 90.0])
    assert r40 / r90 == pytest.approx(10 ** (50 * 0.21 / 10), rel=0.25)


def test_decoy_accepts_eta_transmissivity_or_length():
    eta = qie.fiber_transmissivity(50.0, 0.21)
    by_length = qie.decoy_bb84_key_rate(50.0)
    assert qie.decoy_bb84_key_rate(eta=eta) == pytest.approx(by_length, rel=1e-12)
    assert qie.decoy_bb84_key_rate(transmissivity=eta) == pytest.approx(by_length, rel=1e-12)
    assert isinstance(qie.decoy_bb84_key_rate(eta=np.array([0.1, 0.01])), np.ndarray)
    fixed = qie.decoy_bb84_key_rate(50.0, mean_photon_number=0.48)
    assert 0 < fixed <= by_length * (1 + 1e-9)  # the default optimizes mu


def test_decoy_rate_against_an_independent_evaluation():
    # Lo-Ma-Chen formula evaluated by hand at 60 km with mu = 0.5.
    eta = 0.045 * 10 ** (-0.21 * 60 / 10)
    mu, y0, ed, f = 0.5, 1.7e-6, 0.033, 1.22
    q_mu = y0 + 1 - math.exp(-eta * mu)
    e_mu = (0.5 * y0 + ed * (1 - math.exp(-eta * mu))) / q_mu
    y1 = y0 + eta - y0 * eta
    q1 = y1 * mu * math.exp(-mu)
    e1 = (0.5 * y0 + ed * eta) / y1
    h = qie.binary_entropy
    expected = 0.5 * (-q_mu * f * h(e_mu) + q1 * (1 - h(e1)))
    assert qie.decoy_bb84_key_rate(60.0, mean_photon_number=0.5) == pytest.approx(
        expected, rel=1e-12
    )


@pytest.mark.parametrize(
    ("kwargs", "error", "name"),
    [
        (dict(length_km=-5.0), ValueError, "length_km"),
        (dict(eta=1.5), ValueError, "eta"),
        (dict(length_km=10.0, eta=0.1), ValueError, "length_km or eta"),
        (dict(), ValueError, "length_km or eta"),
        (dict(eta=0.1, transmissivity=0.1), ValueError, "transmissivity"),
        (dict(length_km=10.0, mean_photon_number=-0.5), ValueError, "mean_photon_number"),
        (dict(length_km=10.0, detector_efficiency=1.5), ValueError, "detector_efficiency"),
        (dict(length_km=10.0, misalignment=0.7), ValueError, "misalignment"),
        (dict(length_km=10.0, ec_efficiency=0.8), ValueError, "ec_efficiency"),
    ],
)
def test_decoy_bad_inputs(kwargs, error, name):
    with pytest.raises(error, match=name):
        qie.decoy_bb84_key_rate(**kwargs)


# Device-independent QKD: Acín, Brunner, Gisin, Massar, Pironio, Scarani, PRL 98, 230501 (2007).
def test_di_rate_is_one_for_perfect_pairs_and_zero_without_violation():
    assert qie.device_independent_key_rate(2 * math.sqrt(2), 0.0) == pytest.approx(1.0, abs=1e-12)
    assert qie.device_independent_key_rate(2.0, 0.0) == 0.0
    assert qie.device_independent_key_rate(1.5, 0.1) == 0.0


def test_di_rate_for_werner_pairs_vanishes_near_7_1_percent():
    # The paper reports a positive key for Werner-type noise up to Q of about 7.1 %.
    from scipy.optimize import brentq

    def rate(q):
        return qie.device_independent_key_rate(2 * math.sqrt(2) * (1 - 2 * q), q)

    threshold = brentq(lambda q: rate(q) - 1e-12, 0.01, 0.1)
    assert threshold == pytest.approx(0.071, abs=0.001)
    assert rate(0.05) > 0 and rate(0.08) == 0.0


def test_di_rate_matches_an_independent_evaluation():
    s, q = 2.6, 0.03

    def h(p):
        return -p * math.log2(p) - (1 - p) * math.log2(1 - p)

    expected = 1 - h(q) - h((1 + math.sqrt((s / 2) ** 2 - 1)) / 2)
    assert qie.device_independent_key_rate(s, q) == pytest.approx(expected, rel=1e-12)


def test_di_rate_is_vectorized_and_below_bbm92():
    q = np.linspace(0.0, 0.07, 8)
    s = 2 * math.sqrt(2) * (1 - 2 * q)
    di = qie.device_independent_key_rate(s, q)
    assert isinstance(di, np.ndarray) and di.shape == q.shape
    assert np.all(di <= qie.bb84_asymptotic_key_rate(q) + 1e-12)
    assert np.all(np.diff(di) < 0)


@pytest.mark.parametrize(
    ("chsh", "qber", "name"),
    [(3.0, 0.0, "chsh"), (2.5, 0.6, "qber"), (float("nan"), 0.0, "chsh"), (2.5, -0.1, "qber")],
)
def test_di_rate_rejects_bad_input(chsh, qber, name):
    with pytest.raises(ValueError, match=name):
        qie.device_independent_key_rate(chsh, qber)


def test_vacuum_weak_decoy_rate_tends_to_the_infinite_decoy_rate():
    # Ma, Qi, Zhao, Lo, PRA 72, 012326 (2005): as the weak decoy nu -> 0 the vacuum + weak
    # bounds become tight, so the rate meets the infinite-decoy rate of Lo, Ma, Chen at the
    # same mu (a separate formula: Y1 = Y0 + eta - Y0 eta exactly).
    eta = np.array([1e-3, 1e-4])
    options = {"dark_count_probability": 1e-6, "misalignment": 0.015, "sifting_factor": 0.5}
    common = {"transmissivity": eta, "detector_efficiency": 1.0, "mean_photon_number": 0.8}
    weak = qie.vacuum_weak_decoy_key_rate(decoy_intensity=1e-4, **common, **options)
    infinite = qie.decoy_bb84_key_rate(**common, **options)
    assert weak == pytest.approx(infinite, rel=1e-3)
    practical = qie.vacuum_weak_decoy_key_rate(decoy_intensity=0.1, **common, **options)
    assert np.all(practical < infinite) and np.all(practical > 0.7 * infinite)


def test_vacuum_weak_decoy_rate_falls_with_distance_and_with_a_brighter_decoy():
    lengths = np.linspace(0.0, 120.0, 13)
    rates = qie.vacuum_weak_decoy_key_rate(lengths)
    assert np.all(np.diff(rates) < 0) and rates[-1] > 0
    dim, bright = (qie.vacuum_weak_decoy_key_rate(80.0, decoy_intensity=x) for x in (0.02, 0.2))
    assert dim > bright > 0
    assert qie.vacuum_weak_decoy_key_rate(300.0) == 0.0


@pytest.mark.parametrize(
    "kwargs, name",
    [
        ({"decoy_intensity": 0.6}, "decoy_intensity"),
        ({"decoy_intensity": 0.0}, "decoy_intensity"),
        ({"mean_photon_number": -0.1}, "mean_photon_number"),
        ({"misalignment": 0.7}, "misalignment"),
        ({"decoy_intensity": float("nan")}, "decoy_intensity"),
    ],
)
def test_vacuum_weak_decoy_rate_names_a_bad_parameter(kwargs, name):
    with pytest.raises(ValueError, match=name):
        qie.vacuum_weak_decoy_key_rate(50.0, **kwargs)
