"""The photon-number-splitting attack (Brassard, Lütkenhaus, Mor, Sanders, PRL 85, 1330 (2000))."""

from __future__ import annotations

import math

import numpy as np
import pytest

import qinternet_edu as qie

N = 2_000_000
ETA_B = 0.1


def _poisson(mu, n):
    return math.exp(-mu) * mu**n / math.factorial(n)


def _multi_gain(mu, eta_b):
    # Eve's lossless multi-photon gain as an explicit Poisson sum (independent of the closed form).
    return sum(_poisson(mu, n) * (1 - (1 - eta_b) ** (n - 1)) for n in range(2, 80))


@pytest.mark.parametrize("eta_ch", [0.01, 0.05, 0.1, 0.3, 0.6])
def test_forward_fractions_reproduce_the_expected_gain(eta_ch):
    r, s = qie.pns_forward_fractions(
        mean_photon_number=0.5, transmissivity=eta_ch, detector_efficiency=ETA_B
    )
    gain = r * _multi_gain(0.5, ETA_B) + s * _poisson(0.5, 1) * ETA_B
    assert gain == pytest.approx(1 - math.exp(-eta_ch * ETA_B * 0.5), rel=1e-9)
    assert 0 <= r <= 1 and 0 <= s <= 1


def test_full_attack_starts_where_multiphoton_pulses_outnumber_detections():
    # With a perfect detector the attack needs P(n >= 2) >= 1 - exp(-eta mu): for small mu,
    # eta <= mu/2 (the condition of Brassard et al.).
    mu = 0.01
    root = -math.log(1 - (1 - math.exp(-mu) - mu * math.exp(-mu))) / mu
    assert root == pytest.approx(mu / 2, rel=0.01)
    below = qie.pns_forward_fractions(
        mean_photon_number=mu, transmissivity=0.99 * root, detector_efficiency=0.999999
    )
    above = qie.pns_forward_fractions(
        mean_photon_number=mu, transmissivity=1.01 * root, detector_efficiency=0.999999
    )
    assert below[1] == 0.0 and below[0] < 1.0
    assert above[0] == 1.0 and above[1] > 0.0


def test_attack_is_invisible_in_signal_gain_and_qber_yet_eve_knows_every_bit():
    eve = qie.simulate_pns_attack(N, length_km=50.0, seed=11)
    honest = qie.simulate_pns_attack(N, length_km=50.0, attack=False, seed=12)
    expected = eve.expected_gain[0]
    sigma = math.sqrt(expected / eve.sent[0])
    assert abs(eve.gain[0] - expected) < 4 * sigma
    assert abs(honest.gain[0] - expected) < 4 * sigma
    sigma_q = math.sqrt(0.01 * 0.99 / eve.sifted[0])
    assert abs(eve.qber[0] - 0.01) < 4 * sigma_q  # misalignment 1 %, no error from Eve
    assert eve.eve_information > 0.99
    assert honest.eve_information == 0.0
    # The naive single-photon rate is positive although Eve knows every bit: it is broken.
    assert eve.naive_key_rate > 0.0
    # GLLP assumes the multi-photon pulses tagged and gives no key here; so do decoys.
    assert eve.gllp_key_rate == 0.0
    assert eve.decoy_key_rate == 0.0
    assert honest.decoy_key_rate > 0.0


def test_decoys_catch_the_attack_through_their_yields():
    eve = qie.simulate_pns_attack(N, length_km=50.0, seed=3)
    r = eve.forward_fraction_multi
    # Under attack the weak decoy's gain is Eve's multi-photon gain at nu, not 1 - exp(-eta nu).
    predicted = r * _multi_gain(0.1, ETA_B) + 1e-6
    sigma = math.sqrt(predicted / eve.sent[1])
    assert abs(eve.gain[1] - predicted) < 4 * sigma
    assert eve.gain[1] < 0.4 * eve.expected_gain[1]
    assert eve.single_photon_yield_bound == 0.0
    honest = qie.simulate_pns_attack(N, length_km=50.0, attack=False, seed=3)
    eta = honest.transmissivity * ETA_B
    assert honest.single_photon_yield_bound == pytest.approx(eta, rel=0.3)


def test_partial_attack_on_a_short_line_leaves_decoy_key_to_single_photons():
    eve = qie.simulate_pns_attack(N, length_km=25.0, seed=5)
    assert 0.0 < eve.pass_fraction_single < 1.0
    assert 0.4 < eve.eve_information < 0.9
    # Eve passes single photons losslessly: the decoy bound sees their yield s eta_B, and
    # she learns nothing of them, so the decoy key (single photons only) stays secret.
    assert eve.single_photon_yield_bound == pytest.approx(eve.pass_fraction_single * ETA_B, rel=0.3)


def test_seeded_and_checked():
    a = qie.simulate_pns_attack(10_000, length_km=10.0, seed=1)
    b = qie.simulate_pns_attack(10_000, length_km=10.0, seed=1)
    assert np.array_equal(a.detected, b.detected) and np.array_equal(a.errors, b.errors)
    with pytest.raises(ValueError, match="intensities"):
        qie.simulate_pns_attack(100, length_km=1.0, intensities=(0.1, 0.5, 0.0))
    with pytest.raises(ValueError, match="probabilities"):
        qie.simulate_pns_attack(100, length_km=1.0, probabilities=(0.5, 0.5, 0.5))
    with pytest.raises(TypeError, match="attack"):
        qie.simulate_pns_attack(100, length_km=1.0, attack="yes")
    with pytest.raises(ValueError, match="detector_efficiency"):
        qie.pns_forward_fractions(mean_photon_number=0.5, transmissivity=0.1, detector_efficiency=1)
