"""Fiber transmissivity and the PLOB / TGW repeaterless bounds, against published values."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import qinternet_edu as qie


def test_100_km_of_standard_fiber_transmits_one_percent():
    # 0.2 dB/km x 100 km = 20 dB = 1 % (ITU-T G.652 loss figure).
    assert qie.fiber_transmissivity(100.0) == pytest.approx(0.01, rel=1e-14)
    assert qie.fiber_transmissivity(0.0) == 1.0
    assert qie.fiber_transmissivity(50.0, attenuation_db_per_km=0.16) == pytest.approx(
        10 ** (-0.8), rel=1e-14
    )


@settings(max_examples=50, deadline=None)
@given(
    st.floats(min_value=0.0, max_value=1000.0),
    st.floats(min_value=0.01, max_value=100.0),
    st.floats(min_value=0.05, max_value=1.0),
)
def test_transmissivity_is_in_unit_interval_and_decreasing(length, extra, alpha):
    eta = qie.fiber_transmissivity(length, attenuation_db_per_km=alpha)
    longer = qie.fiber_transmissivity(length + extra, attenuation_db_per_km=alpha)
    assert 0.0 < eta <= 1.0
    assert longer < eta


def test_transmissivity_is_vectorized_and_broadcasts():
    lengths = np.linspace(0, 500, 11)
    eta = qie.fiber_transmissivity(lengths)
    assert isinstance(eta, np.ndarray)
    assert np.all(np.diff(eta) < 0)
    assert eta == pytest.approx(10 ** (-0.02 * lengths), rel=1e-12)
    grid = qie.fiber_transmissivity(lengths[:, None], np.array([0.16, 0.2]))
    assert grid.shape == (11, 2)
    assert isinstance(qie.fiber_transmissivity(10.0, np.array([0.2, 0.3])), np.ndarray)


def test_plob_at_100_km_is_1_45e_minus_2():
    # Pirandola, Laurenza, Ottaviani, Banchi, Nat. Commun. 8, 15043 (2017):
    # -log2(1 - eta) with eta = 0.01 gives ~1.45e-2 bits per use.
    assert qie.plob_bound(qie.fiber_transmissivity(100.0)) == pytest.approx(1.45e-2, rel=1e-3)
    assert qie.plob_bound(0.01) == pytest.approx(-math.log2(0.99), rel=1e-14)


def test_plob_is_accurate_for_tiny_transmissivity():
    # For eta -> 0, -log2(1 - eta) = (eta + eta^2/2 + ...)/ln 2; 1 - 1e-30 rounds to 1.
    eta = 1e-30
    assert qie.plob_bound(eta) == pytest.approx(eta / math.log(2), rel=1e-14)
    assert qie.plob_bound(1e-300) == pytest.approx(1e-300 / math.log(2), rel=1e-14)
    assert qie.plob_bound(0.0) == 0.0


def test_plob_is_about_1_44_eta_at_small_eta():
    # Pirandola et al. (2017): the rate-loss scaling ~1.44 eta bits per use (1/ln 2).
    eta = 1e-4
    assert qie.plob_bound(eta) / eta == pytest.approx(1.44, abs=5e-3)
    assert qie.plob_bound(eta) / eta == pytest.approx((1 + eta / 2) / math.log(2), rel=1e-7)


def test_tgw_is_twice_plob_asymptotically():
    # Takeoka, Guha, Wilde, Nat. Commun. 5, 5235 (2014): log2((1+eta)/(1-eta)) ~ 2.88 eta.
    eta = np.array([1e-3, 1e-6, 1e-12])
    ratio = qie.tgw_bound(eta) / qie.plob_bound(eta)
    assert ratio == pytest.approx(2.0, rel=1e-3)
    assert ratio[-1] == pytest.approx(2.0, rel=1e-11)
    assert qie.tgw_bound(0.01) == pytest.approx(math.log2(1.01 / 0.99), rel=1e-14)


@settings(max_examples=50, deadline=None)
@given(st.floats(min_value=0.0, max_value=0.999999))
def test_tgw_is_never_below_plob(eta):
    assert qie.tgw_bound(eta) >= qie.plob_bound(eta) - 1e-15
    assert qie.plob_bound(eta) >= 0.0


def test_bounds_grow_with_transmissivity():
    eta = np.linspace(0.0, 0.99, 50)
    assert np.all(np.diff(qie.plob_bound(eta)) > 0)
    assert np.all(np.diff(qie.tgw_bound(eta)) > 0)


@pytest.mark.parametrize(
    ("call", "error", "name"),
    [
        (lambda: qie.fiber_transmissivity(-1.0), ValueError, "length_km"),
        (lambda: qie.fiber_transmissivity(math.nan), ValueError, "length_km"),
        (lambda: qie.fiber_transmissivity(True), TypeError, "length_km"),
        (lambda: qie.fiber_transmissivity("100"), TypeError, "length_km"),
        (lambda: qie.fiber_transmissivity([10.0, -5.0]), ValueError, "length_km"),
        (lambda: qie.fiber_transmissivity(10.0, -0.2), ValueError, "attenuation_db_per_km"),
        (lambda: qie.fiber_transmissivity(10.0, math.nan), ValueError, "attenuation_db_per_km"),
        (lambda: qie.fiber_transmissivity(10.0, "0.2"), TypeError, "attenuation_db_per_km"),
        (lambda: qie.plob_bound(1.0), ValueError, "lossless"),
        (lambda: qie.plob_bound(-0.1), ValueError, "eta"),
        (lambda: qie.plob_bound(1.5), ValueError, "eta"),
        (lambda: qie.plob_bound(math.nan), ValueError, "eta"),
        (lambda: qie.plob_bound(True), TypeError, "eta"),
        (lambda: qie.plob_bound("0.1"), TypeError, "eta"),
        (lambda: qie.plob_bound(np.array([0.5, 1.0])), ValueError, "eta"),
        (lambda: qie.tgw_bound(1.0), ValueError, "lossless"),
        (lambda: qie.tgw_bound(-0.1), ValueError, "eta"),
        (lambda: qie.tgw_bound(math.nan), ValueError, "eta"),
        (lambda: qie.tgw_bound(False), TypeError, "eta"),
        (lambda: qie.tgw_bound(None), TypeError, "eta"),
    ],
)
def test_bad_inputs_name_the_parameter(call, error, name):
    with pytest.raises(error, match=name):
        call()
