"""Finite-size vacuum + weak decoy BB84 (Lim, Curty, Walenta, Xu, Zbinden, PRA 89, 022307)."""

from __future__ import annotations

import math

import numpy as np
import pytest

import qinternet_edu as qie

MU, NU = 0.5, 0.1  # signal and weak decoy; the third intensity is the vacuum
PROBS = (0.7, 0.2, 0.1)


def _model(length_km, eta_bob=0.1, y0=6e-7, e_det=0.005):
    eta = 10 ** (-0.2 * length_km / 10) * eta_bob
    gain = {k: 1 - (1 - y0) * math.exp(-eta * k) for k in (MU, NU, 0.0)}
    err = {k: e_det * (1 - math.exp(-eta * k)) + y0 / 2 for k in (MU, NU, 0.0)}
    return eta, gain, err


@pytest.mark.parametrize("length_km", [0.0, 50.0, 100.0])
def test_many_pulses_reach_the_vacuum_weak_bounds_of_ma_qi_zhao_lo(length_km):
    # Independent formulas: Ma, Qi, Zhao, Lo, PRA 72, 012326 (2005), vacuum + weak decoy,
    #   Y1 >= mu/(mu nu - nu^2) (Q_nu e^nu - Q_mu e^mu nu^2/mu^2 - (mu^2 - nu^2)/mu^2 Y0),
    #   e1 <= (E_nu Q_nu e^nu - Y0/2) / (Y1 nu).
    eta, gain, err = _model(length_km)
    y0 = gain[0.0]
    y1_ma = (
        MU
        / (MU * NU - NU**2)
        * (
            gain[NU] * math.exp(NU)
            - gain[MU] * math.exp(MU) * NU**2 / MU**2
            - (MU**2 - NU**2) / MU**2 * y0
        )
    )
    e1_ma = (err[NU] * math.exp(NU) - y0 / 2) / (y1_ma * NU)
    n, p_x = 1e22, 0.9
    r = qie.finite_decoy_key_length(n, length_km=length_km, basis_probability_x=p_x)
    tau1 = sum(p * k * math.exp(-k) for p, k in zip(PROBS, (MU, NU, 0.0), strict=True))
    y1_lim = r.single_photon_detections_x / (n * p_x**2 * tau1)
    assert y1_lim == pytest.approx(y1_ma, rel=1e-3)
    # The bound is below the true single-photon yield Y1 = Y0 + eta - Y0 eta, and close to it.
    y1_true = y0 + eta - y0 * eta
    assert y1_lim <= y1_true
    assert y1_lim == pytest.approx(y1_true, rel=0.1)
    e1_lim = r.single_photon_errors_z / r.single_photon_detections_z
    assert e1_lim == pytest.approx(e1_ma, rel=1e-3)


def test_finite_key_grows_towards_its_limit_and_needs_many_pulses():
    rates = [
        qie.finite_decoy_key_length(n, length_km=25.0).secret_key_rate
        for n in (1e8, 1e9, 1e10, 1e12, 1e16)
    ]
    assert rates == sorted(rates)
    assert rates[0] == 0.0  # 1e8 pulses with these fixed settings: no key at 25 km
    # Per pulse, never above the infinite-decoy asymptotic rate of Lo, Ma and Chen with the
    # same device and sifting p_X^2 (Lo, Ma, Chen, PRL 94, 230504 (2005)).
    asymptotic = qie.decoy_bb84_key_rate(
        25.0,
        attenuation_db_per_km=0.2,
        detector_efficiency=0.1,
        dark_count_probability=6e-7,
        misalignment=0.005,
        ec_efficiency=1.16,
        sifting_factor=0.81,
    )
    assert max(rates) < asymptotic
    # The limit of Eq. (1) as N grows, written out with the vacuum + weak bounds of Ma et al.:
    # p_X^2 [tau_0 Y0 + tau_1 Y1 (1 - h(e1)) - f sum_k p_k Q_k h(E_X)].
    _, gain, err = _model(25.0)
    ks = (MU, NU, 0.0)
    y0 = gain[0.0]
    y1 = (
        MU
        / (MU * NU - NU**2)
        * (
            gain[NU] * math.exp(NU)
            - gain[MU] * math.exp(MU) * NU**2 / MU**2
            - (MU**2 - NU**2) / MU**2 * y0
        )
    )
    e1 = (err[NU] * math.exp(NU) - y0 / 2) / (y1 * NU)
    tau0 = sum(p * math.exp(-k) for p, k in zip(PROBS, ks, strict=True))
    tau1 = sum(p * k * math.exp(-k) for p, k in zip(PROBS, ks, strict=True))
    q_x = sum(p * gain[k] for p, k in zip(PROBS, ks, strict=True))
    e_x = sum(p * err[k] for p, k in zip(PROBS, ks, strict=True)) / q_x
    h = qie.binary_entropy
    limit = 0.81 * (tau0 * y0 + tau1 * y1 * (1 - h(e1)) - 1.16 * q_x * h(e_x))
    assert rates[-1] < limit
    assert rates[-1] == pytest.approx(limit, rel=1e-3)


def test_optimizing_the_settings_helps_short_runs():
    fixed = qie.finite_decoy_key_length(1e8, length_km=25.0)
    best = qie.finite_decoy_key_length(1e8, length_km=25.0, optimize=True)
    assert best.secret_length > fixed.secret_length == 0


def test_from_counts_checks_its_input():
    good = dict(
        detections_x=[8.9e6, 5.1e5, 50],
        errors_x=[4.5e4, 2.6e3, 25],
        detections_z=[1.1e5, 6.3e3, 6],
        errors_z=[550, 32, 3],
        n_pulses=1e9,
    )
    assert qie.finite_decoy_key_from_counts(**good).secret_length > 0
    with pytest.raises(ValueError, match="mu1 > mu2"):
        qie.finite_decoy_key_from_counts(**good, intensities=(0.1, 0.5, 0.0))
    with pytest.raises(ValueError, match="sum to 1"):
        qie.finite_decoy_key_from_counts(**good, probabilities=(0.5, 0.2, 0.1))
    with pytest.raises(ValueError, match="must not exceed"):
        qie.finite_decoy_key_from_counts(**{**good, "errors_x": [9e6, 0, 0]})
    with pytest.raises(ValueError, match="detections_z"):
        qie.finite_decoy_key_from_counts(**{**good, "detections_z": [1, 2]})
    with pytest.raises(ValueError, match="length_km"):
        qie.finite_decoy_key_length(1e9, length_km=-1.0)
    with pytest.raises(TypeError, match="length_km"):
        qie.finite_decoy_key_length(1e9, length_km=np.array([1.0, 2.0]))
