"""Heralded entanglement generation: success probability, fidelity, timing, waiting times."""

import numpy as np
import pytest

import qinternet_edu as qie


def test_double_click_is_barrett_kok_eta_squared_over_two():
    # Barrett & Kok, PRA 71, 060310(R) (2005): p = eta^2 / 2 per attempt
    link = qie.heralded_link(length_km=40.0, detector_efficiency=0.8, emission_efficiency=0.5)
    eta = 0.5 * 0.8 * qie.fiber_transmissivity(20.0)
    assert link.arm_efficiency == pytest.approx(eta, rel=1e-12)
    assert link.success_probability == pytest.approx(eta**2 / 2, rel=1e-12)
    assert link.fidelity == 1.0
    assert qie.heralded_link(length_km=0.0, preparation_time_s=1e-6).success_probability == 0.5


def test_single_click_is_two_alpha_eta_and_one_minus_alpha():
    # Humphreys et al., Nature 558, 268 (2018): p ~ 2 alpha p_det, F ~ 1 - alpha
    link = qie.heralded_link(length_km=10.0, scheme="single_click", bright_state_population=0.1)
    eta = qie.fiber_transmissivity(5.0)
    assert link.success_probability == pytest.approx(2 * 0.1 * eta, rel=1e-12)
    assert link.fidelity == pytest.approx(0.9, abs=1e-12)


def test_single_click_scales_with_sqrt_eta_double_click_with_eta():
    near = qie.heralded_link(length_km=20.0, scheme="single_click")
    far = qie.heralded_link(length_km=120.0, scheme="single_click")
    # 100 km more: 20 dB total, 10 dB per arm
    assert far.success_probability / near.success_probability == pytest.approx(0.1, rel=1e-12)
    near2 = qie.heralded_link(length_km=20.0)
    far2 = qie.heralded_link(length_km=120.0)
    assert far2.success_probability / near2.success_probability == pytest.approx(0.01, rel=1e-12)


def test_timing_is_round_trip_to_midpoint():
    link = qie.heralded_link(length_km=100.0, preparation_time_s=2e-6)
    expected = 100e3 / qie.SPEED_OF_LIGHT_IN_FIBER_M_PER_S + 2e-6
    assert link.attempt_duration_s == pytest.approx(expected, rel=1e-12)
    assert qie.heralding_attempt_duration_s(100.0) == pytest.approx(qie.fiber_delay_s(100.0))
    assert link.mean_waiting_time_s == pytest.approx(expected / link.success_probability)
    assert link.rate_hz == pytest.approx(1 / link.mean_waiting_time_s, rel=1e-12)
    np.testing.assert_allclose(
        qie.heralding_attempt_duration_s(np.array([0.0, 100.0])), [0.0, qie.fiber_delay_s(100.0)]
    )


def test_sample_attempts_is_geometric_with_mean_one_over_p():
    p, n = 0.02, 200_000
    attempts = qie.sample_attempts(p, n, seed=3)
    assert attempts.dtype == np.int64 and attempts.min() >= 1
    sd = np.sqrt(1 - p) / p  # standard deviation of a geometric variable
    assert attempts.mean() == pytest.approx(1 / p, abs=4 * sd / np.sqrt(n))
    # P(N = 1) = p
    assert np.mean(attempts == 1) == pytest.approx(p, abs=4 * np.sqrt(p * (1 - p) / n))


def test_sample_attempts_seeded_and_shapes():
    a = qie.sample_attempts(0.3, (4, 5), seed=11)
    b = qie.sample_attempts(0.3, (4, 5), np.random.default_rng(11))
    assert a.shape == (4, 5)
    np.testing.assert_array_equal(a, b)
    assert isinstance(qie.sample_attempts(0.5, seed=1), int)
    assert qie.sample_attempts(1.0, 3, seed=0).tolist() == [1, 1, 1]


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"length_km": -1.0}, "length_km"),
        ({"length_km": 10.0, "scheme": "triple_click"}, "scheme"),
        ({"length_km": 10.0, "detector_efficiency": 1.2}, "detector_efficiency"),
        ({"length_km": 10.0, "detector_efficiency": 0.0}, "never succeeds"),
        ({"length_km": 10.0, "emission_efficiency": -0.1}, "emission_efficiency"),
        ({"length_km": 10.0, "attenuation_db_per_km": -0.2}, "attenuation_db_per_km"),
        ({"length_km": 10.0, "bright_state_population": 0.6}, "bright_state_population"),
        ({"length_km": 10.0, "bright_state_population": 0.0}, "bright_state_population"),
        ({"length_km": 10.0, "link_fidelity": 1.1}, "link_fidelity"),
        ({"length_km": 10.0, "preparation_time_s": -1e-6}, "preparation_time_s"),
        ({"length_km": 0.0}, "cannot both be 0"),
    ],
)
def test_heralded_link_bad_inputs(kwargs, match):
    with pytest.raises(ValueError, match=match):
        qie.heralded_link(**kwargs)


def test_sample_attempts_bad_inputs():
    with pytest.raises(ValueError, match="success_probability"):
        qie.sample_attempts(0.0, 3)
    with pytest.raises(ValueError, match="success_probability"):
        qie.sample_attempts(1.5, 3)
    with pytest.raises(ValueError, match="size"):
        qie.sample_attempts(0.5, -2)
    with pytest.raises(TypeError, match="seed"):
        qie.sample_attempts(0.5, 2, seed=-1)
