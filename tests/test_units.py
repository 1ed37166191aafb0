"""Constants and decibel conversions."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import qinternet_edu as qie


def test_constants_have_their_documented_values():
    assert qie.SPEED_OF_LIGHT_M_PER_S == 299_792_458.0  # exact SI value
    assert qie.FIBER_ATTENUATION_DB_PER_KM == 0.2  # ITU-T G.652 figure used by the course
    assert qie.SPEED_OF_LIGHT_IN_FIBER_M_PER_S == pytest.approx(2.042e8, rel=1e-3)
    assert qie.EARTH_RADIUS_KM == 6371.0


@pytest.mark.parametrize(("loss_db", "eta"), [(0.0, 1.0), (10.0, 0.1), (20.0, 0.01), (30.0, 1e-3)])
def test_db_to_transmissivity_known_values(loss_db, eta):
    assert qie.db_to_transmissivity(loss_db) == pytest.approx(eta, rel=1e-14)
    assert qie.transmissivity_to_db(eta) == pytest.approx(loss_db, abs=1e-12)


def test_three_db_is_half():
    assert qie.db_to_transmissivity(3.0) == pytest.approx(0.5, rel=3e-3)  # 10^-0.3 = 0.501


@settings(max_examples=50, deadline=None)
@given(st.floats(min_value=0.0, max_value=300.0))
def test_db_round_trip(loss_db):
    eta = qie.db_to_transmissivity(loss_db)
    assert 0.0 < eta <= 1.0
    assert qie.transmissivity_to_db(eta) == pytest.approx(loss_db, abs=1e-9)


def test_conversions_are_vectorized():
    loss = np.array([0.0, 10.0, 20.0])
    eta = qie.db_to_transmissivity(loss)
    assert isinstance(eta, np.ndarray)
    assert eta == pytest.approx([1.0, 0.1, 0.01], rel=1e-14)
    assert qie.transmissivity_to_db(eta) == pytest.approx(loss, abs=1e-12)
    assert isinstance(qie.db_to_transmissivity(3), float)


def test_fiber_delay_is_about_4_9_microseconds_per_km():
    # Standard fiber, group index 1.468 (Corning SMF-28): about 4.9 us/km.
    assert qie.fiber_delay_s(1.0) == pytest.approx(4.9e-6, rel=0.01)
    assert qie.fiber_delay_s(1.0) == pytest.approx(1e3 * 1.4682 / 299_792_458.0, rel=1e-14)
    assert qie.fiber_delay_s(0.0) == 0.0
    # Vacuum-like index 1: 1 km takes 3.34 us.
    assert qie.fiber_delay_s(1.0, group_index=1.0) == pytest.approx(3.3356e-6, rel=1e-4)


def test_fiber_delay_broadcasts_over_length_and_index():
    lengths = np.array([1.0, 10.0, 100.0])
    assert qie.fiber_delay_s(lengths) == pytest.approx(lengths * qie.fiber_delay_s(1.0))
    out = qie.fiber_delay_s(10.0, group_index=np.array([1.0, 1.5]))
    assert isinstance(out, np.ndarray)
    assert out.shape == (2,)


@pytest.mark.parametrize(
    ("call", "error", "name"),
    [
        (lambda: qie.db_to_transmissivity(-1.0), ValueError, "loss_db"),
        (lambda: qie.db_to_transmissivity(math.nan), ValueError, "loss_db"),
        (lambda: qie.db_to_transmissivity(True), TypeError, "loss_db"),
        (lambda: qie.db_to_transmissivity("3"), TypeError, "loss_db"),
        (lambda: qie.db_to_transmissivity([1.0, -2.0]), ValueError, "loss_db"),
        (lambda: qie.transmissivity_to_db(0.0), ValueError, "eta"),
        (lambda: qie.transmissivity_to_db(1.5), ValueError, "eta"),
        (lambda: qie.transmissivity_to_db(math.nan), ValueError, "eta"),
        (lambda: qie.transmissivity_to_db(False), TypeError, "eta"),
        (lambda: qie.transmissivity_to_db("0.5"), TypeError, "eta"),
        (lambda: qie.fiber_delay_s(-1.0), ValueError, "length_km"),
        (lambda: qie.fiber_delay_s(math.nan), ValueError, "length_km"),
        (lambda: qie.fiber_delay_s(True), TypeError, "length_km"),
        (lambda: qie.fiber_delay_s("1 km"), TypeError, "length_km"),
        (lambda: qie.fiber_delay_s(1.0, group_index=0.5), ValueError, "group_index"),
    ],
)
def test_bad_inputs_name_the_parameter(call, error, name):
    with pytest.raises(error, match=name):
        call()
