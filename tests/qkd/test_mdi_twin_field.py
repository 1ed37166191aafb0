"""MDI-QKD (Lo, Curty, Qi, PRL 108, 130503 (2012)) and twin-field QKD (Lucamarini et al. 2018)."""

from __future__ import annotations

import math

import numpy as np
import pytest

import qinternet_edu as qie
from qinternet_edu.qkd.twin_field import _z_gains


def _single_click_by_phase_average(a_mean, b_mean, p_d, phased):
    # Two threshold detectors behind a 50:50 beam splitter; exactly one clicks. With two
    # phase-randomized pulses the intensities are a (1 + cos t), a (1 - cos t): average over t.
    t = np.linspace(0.0, 2 * np.pi, 200_001)[:-1]
    if phased:
        ia, ib = a_mean * (1 + np.cos(t)), a_mean * (1 - np.cos(t))
    else:
        ia, ib = np.full_like(t, a_mean), np.full_like(t, b_mean)
    no_a, no_b = (1 - p_d) * np.exp(-ia), (1 - p_d) * np.exp(-ib)
    return float(np.mean((1 - no_a) * no_b + (1 - no_b) * no_a))


@pytest.mark.parametrize("x", [1e-4, 0.01, 0.5])
def test_twin_field_click_probabilities_match_a_phase_average(x):
    p_d = 1e-3
    s00, s01, s11, _, _ = _z_gains(np.array(x), 1.0, 0.1, p_d)
    assert float(s00) == pytest.approx(_single_click_by_phase_average(0, 0, p_d, False), rel=1e-9)
    assert float(s01) == pytest.approx(
        _single_click_by_phase_average(x / 2, x / 2, p_d, False), rel=1e-9
    )
    assert float(s11) == pytest.approx(_single_click_by_phase_average(x, x, p_d, True), rel=1e-6)


def test_twin_field_scales_as_the_square_root_of_eta():
    lengths = np.array([300.0, 400.0, 500.0])
    rate = qie.twin_field_key_rate(lengths, dark_count_probability=0.0)
    eta = qie.fiber_transmissivity(lengths, 0.2)
    per_sqrt = rate / np.sqrt(eta)
    assert per_sqrt == pytest.approx(per_sqrt[0], rel=0.02)
    # 100 km more costs 20 dB of eta but only 10 dB of key (a BB84-like rate would lose 20 dB).
    assert rate[0] / rate[1] == pytest.approx(10.0, rel=0.02)


def test_twin_field_passes_plob_beyond_a_crossover():
    crossover = qie.twin_field_plob_crossover_km()
    assert 150.0 < crossover < 400.0
    lengths = np.array([crossover - 50, crossover + 50, crossover + 250])
    rate = qie.twin_field_key_rate(lengths)
    plob = qie.plob_bound(qie.fiber_transmissivity(lengths, 0.2))
    assert rate[0] < plob[0]
    assert np.all(rate[1:] > plob[1:])
    # Ultra-low-loss fiber (0.16 dB/km) and fewer dark counts reach far beyond 500 km, as the
    # experiments did (1,002 km, Liu et al. PRL 130, 210801 (2023)).
    far = qie.twin_field_key_rate(800.0, attenuation_db_per_km=0.16, dark_count_probability=1e-11)
    assert far > qie.plob_bound(qie.fiber_transmissivity(800.0, 0.16))
    assert qie.TWIN_FIELD_EXPERIMENTS[0]["length_km"] == 1002.0


def test_mdi_yield_of_single_photons_is_half_the_channel():
    # A linear-optics Bell measurement identifies two of the four Bell states: Y11 -> eta/2 with
    # no dark counts, and the rate falls as the whole channel's eta, below PLOB.
    lengths = np.array([100.0, 150.0, 200.0])
    rate = qie.mdi_qkd_key_rate(lengths, dark_count_probability=0.0, misalignment=0.0)
    eta = qie.fiber_transmissivity(lengths, 0.2) * 0.145**2
    per_eta = rate / eta
    assert per_eta == pytest.approx(per_eta[0], rel=0.01)
    # With e_d = 0 and no dark counts there are no errors: R = (mu e^-mu)^2 eta / 2, largest
    # at mu = 1, where it is e^-2 eta / 2.
    assert per_eta[0] == pytest.approx(math.exp(-2) / 2, rel=1e-9)


def test_mdi_stays_below_plob_and_ends_where_dark_counts_win():
    lengths = np.linspace(0.0, 400.0, 81)
    rate = qie.mdi_qkd_key_rate(lengths)
    plob = qie.plob_bound(np.minimum(qie.fiber_transmissivity(lengths, 0.2), 1 - 1e-12))
    assert np.all(rate <= plob)
    positive = lengths[rate > 0]
    assert 150.0 < positive.max() < 300.0  # Lo, Curty, Qi's parameters: a few hundred km
    assert qie.MDI_QKD_EXPERIMENTS[0]["length_km"] == 404.0


def test_inputs_are_checked():
    with pytest.raises(ValueError, match="charlie_fraction"):
        qie.mdi_qkd_key_rate(10.0, charlie_fraction=1.0)
    with pytest.raises(ValueError, match="length_km"):
        qie.twin_field_key_rate(-1.0)
    with pytest.raises(ValueError, match="misalignment"):
        qie.twin_field_key_rate(10.0, misalignment=0.7)
    with pytest.raises(ValueError, match="never exceeds"):
        qie.twin_field_plob_crossover_km(misalignment=0.3)
