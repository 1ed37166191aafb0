"""Sources, threshold detectors and quantum memories: formulas, sampling and validation."""

import dataclasses
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import qinternet_edu as qie

# ---------------------------------------------------------------- sources


def test_ideal_single_photon_source_emits_exactly_one_photon():
    src = qie.SinglePhotonSource()
    assert src.photon_number_probabilities(3).tolist() == [0.0, 1.0, 0.0, 0.0]
    assert src.probability_multiphoton() == 0.0
    assert src.mean_photon_number == 1.0


@settings(max_examples=50, deadline=None)
@given(st.floats(min_value=0.0, max_value=1.0), st.floats(min_value=0.0, max_value=0.5))
def test_single_photon_source_reproduces_its_g2(efficiency, g2):
    src = qie.SinglePhotonSource(efficiency=efficiency, g2=g2)
    probs = src.photon_number_probabilities(2)
    assert np.all(probs >= -1e-15)
    assert probs.sum() == pytest.approx(1.0, abs=1e-12)
    assert probs[1] + probs[2] == pytest.approx(efficiency, abs=1e-12)
    mean = probs[1] + 2 * probs[2]
    if mean > 1e-6:
        # Glauber: g2 = <n(n-1)> / <n>^2 = 2 P(2) / <n>^2 when P(n >= 3) = 0.
        assert 2 * probs[2] / mean**2 == pytest.approx(g2, rel=1e-9, abs=1e-12)


def test_single_photon_source_small_g2_limit():
    # For small g2, P(2) ~ g2 * efficiency^2 / 2.
    src = qie.SinglePhotonSource(efficiency=0.8, g2=1e-4)
    assert src.probability_multiphoton() == pytest.approx(1e-4 * 0.64 / 2, rel=1e-3)


def test_single_photon_source_sampling_matches_probabilities():
    src = qie.SinglePhotonSource(efficiency=0.7, g2=0.3)
    n = 200_000
    nums = src.sample_photon_numbers(n, seed=11)
    probs = src.photon_number_probabilities(2)
    for k in range(3):
        se = math.sqrt(probs[k] * (1 - probs[k]) / n)
        assert np.mean(nums == k) == pytest.approx(probs[k], abs=4 * se + 1e-12)
    again = src.sample_photon_numbers(n, seed=11)
    assert np.array_equal(nums, again)


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"efficiency": 1.2}, "efficiency"),
        ({"efficiency": -0.1}, "efficiency"),
        ({"efficiency": float("nan")}, "efficiency"),
        ({"g2": 0.6}, "g2"),
        ({"g2": -0.01}, "g2"),
    ],
)
def test_single_photon_source_rejects_bad_values(kwargs, name):
    with pytest.raises(ValueError, match=name):
        qie.SinglePhotonSource(**kwargs)


def test_single_photon_source_rejects_bad_types_and_is_keyword_only():
    with pytest.raises(TypeError, match="efficiency"):
        qie.SinglePhotonSource(efficiency="high")
    with pytest.raises(TypeError, match="g2"):
        qie.SinglePhotonSource(g2=True)
    with pytest.raises(TypeError):
        qie.SinglePhotonSource(0.5)  # keyword-only on purpose
    with pytest.raises(TypeError, match="n_max"):
        qie.SinglePhotonSource().photon_number_probabilities(2.0)
    with pytest.raises(ValueError, match="n_pulses"):
        qie.SinglePhotonSource().sample_photon_numbers(-1)


def test_sources_are_frozen_with_readable_reprs():
    src = qie.WeakCoherentSource(mean_photon_number=0.5)
    with pytest.raises(dataclasses.FrozenInstanceError):
        src.mean_photon_number = 0.1
    assert repr(src) == "WeakCoherentSource(mean_photon_number=0.5)"
    assert eval(repr(src), {"WeakCoherentSource": qie.WeakCoherentSource}) == src


def test_weak_coherent_source_is_poisson():
    mu = 0.5
    probs = qie.WeakCoherentSource(mean_photon_number=mu).photon_number_probabilities(8)
    expected = [math.exp(-mu) * mu**k / math.factorial(k) for k in range(9)]
    assert probs == pytest.approx(expected, rel=1e-12)
    vacuum = qie.WeakCoherentSource(mean_photon_number=0.0)
    assert vacuum.photon_number_probabilities(2).tolist() == [1.0, 0.0, 0.0]
    assert vacuum.probability_multiphoton() == 0.0


@pytest.mark.parametrize("mu", [1e-9, 1e-4, 0.05, 0.0999, 0.1, 0.5, 2.0, 30.0])
def test_weak_coherent_multiphoton_probability_is_accurate(mu):
    src = qie.WeakCoherentSource(mean_photon_number=mu)
    # Independent: the Poisson tail summed term by term from n = 2 (in logs, no overflow).
    tail = math.fsum(math.exp(-mu + k * math.log(mu) - math.lgamma(k + 1)) for k in range(2, 200))
    assert src.probability_multiphoton() == pytest.approx(tail, rel=1e-12)


def test_weak_coherent_sampling_mean_and_seed():
    src = qie.WeakCoherentSource(mean_photon_number=0.3)
    n = 100_000
    nums = src.sample_photon_numbers(n, seed=5)
    assert nums.mean() == pytest.approx(0.3, abs=4 * math.sqrt(0.3 / n))
    assert np.array_equal(nums, src.sample_photon_numbers(n, rng=np.random.default_rng(5)))


@pytest.mark.parametrize("bad", [-0.1, float("nan")])
def test_weak_coherent_source_rejects_bad_values(bad):
    with pytest.raises(ValueError, match="mean_photon_number"):
        qie.WeakCoherentSource(mean_photon_number=bad)


def test_weak_coherent_source_rejects_bad_types():
    with pytest.raises(TypeError, match="mean_photon_number"):
        qie.WeakCoherentSource(mean_photon_number="0.5")
    with pytest.raises(TypeError):
        qie.WeakCoherentSource()
    with pytest.raises(ValueError, match="n_max"):
        qie.WeakCoherentSource(mean_photon_number=0.5).photon_number_probabilities(-1)
    with pytest.raises(TypeError, match="n_pulses"):
        qie.WeakCoherentSource(mean_photon_number=0.5).sample_photon_numbers(10.0)


# ---------------------------------------------------------------- detectors


def test_click_probability_for_coherent_pulses_is_the_decoy_gain():
    # Ma, Qi, Zhao, Lo, PRA 72, 012326 (2005): Q_mu = sum_n Y_n e^-mu mu^n / n!
    # with Y_n = 1 - (1 - Y0)(1 - eta)^n sums to 1 - (1 - Y0) exp(-eta mu).
    det = qie.ThresholdDetector(efficiency=0.1, dark_count_probability=1.7e-6)
    eta_channel, mu = 10 ** (-21 / 10), 0.48  # GYS-like 50 km link of Ma et al. (2005)
    eta = eta_channel * det.efficiency
    y0 = det.dark_count_probability
    direct = sum(
        (1 - (1 - y0) * (1 - eta) ** n) * math.exp(-mu) * mu**n / math.factorial(n)
        for n in range(60)
    )
    assert det.click_probability(eta_channel, mean_photon_number=mu) == pytest.approx(
        direct, rel=1e-12
    )
    # The approximate form Q ~ Y0 + 1 - exp(-eta mu) quoted by Ma et al. agrees to O(Y0 eta).
    approx = y0 + 1 - math.exp(-eta * mu)
    assert det.click_probability(eta_channel, mean_photon_number=mu) == pytest.approx(
        approx, rel=1e-5
    )


def test_click_probability_for_a_single_photon():
    det = qie.ThresholdDetector(efficiency=0.8, dark_count_probability=0.01)
    assert det.click_probability(0.5) == pytest.approx(1 - 0.99 * (1 - 0.4), abs=1e-15)
    assert det.click_probability(0.0) == pytest.approx(0.01, abs=1e-15)


def test_click_probability_is_vectorized_and_monotone():
    det = qie.ThresholdDetector(efficiency=0.6, dark_count_probability=1e-5)
    eta = qie.fiber_transmissivity(np.linspace(0, 300, 31))
    p = det.click_probability(eta, mean_photon_number=0.5)
    assert isinstance(p, np.ndarray)
    assert p.shape == (31,)
    assert np.all(np.diff(p) < 0)
    assert p[-1] == pytest.approx(1e-5, rel=0.05)  # dark counts dominate far away
    grid = det.click_probability(eta[:, None], mean_photon_number=np.array([0.1, 0.5]))
    assert grid.shape == (31, 2)
    assert isinstance(det.click_probability(0.5, mean_photon_number=0.5), float)


@settings(max_examples=50, deadline=None)
@given(
    st.floats(min_value=0.0, max_value=1.0),
    st.floats(min_value=0.0, max_value=1.0),
    st.floats(min_value=0.0, max_value=1.0),
    st.floats(min_value=0.0, max_value=50.0),
)
def test_click_probability_is_a_probability(eff, dark, eta, mu):
    det = qie.ThresholdDetector(efficiency=eff, dark_count_probability=dark)
    for p in (det.click_probability(eta), det.click_probability(eta, mean_photon_number=mu)):
        assert 0.0 <= p <= 1.0
        assert p >= dark - 1e-15


def test_sample_clicks_frequency_matches_click_probability():
    det = qie.ThresholdDetector(efficiency=0.5, dark_count_probability=0.02)
    n = 200_000
    mu, eta_channel = 0.8, 0.5
    rng = np.random.default_rng(2)
    photons = rng.poisson(mu, size=n)
    arriving = rng.binomial(photons, eta_channel)
    clicks = det.sample_clicks(arriving, rng=rng)
    assert clicks.dtype == bool
    assert clicks.shape == (n,)
    p = det.click_probability(eta_channel, mean_photon_number=mu)
    assert clicks.mean() == pytest.approx(p, abs=4 * math.sqrt(p * (1 - p) / n))


def test_sample_clicks_is_seeded_and_exact_at_the_edges():
    det = qie.ThresholdDetector(efficiency=0.3, dark_count_probability=1e-3)
    photons = np.arange(20) % 4
    assert np.array_equal(det.sample_clicks(photons, seed=9), det.sample_clicks(photons, seed=9))
    perfect = qie.ThresholdDetector(efficiency=1.0, dark_count_probability=0.0)
    assert perfect.sample_clicks(photons, seed=1).tolist() == (photons > 0).tolist()
    blind = qie.ThresholdDetector(efficiency=0.0, dark_count_probability=0.0)
    assert not blind.sample_clicks(photons, seed=1).any()
    assert perfect.sample_clicks(np.array([2.0, 0.0]), seed=1).tolist() == [True, False]


@pytest.mark.parametrize(
    ("bad", "error"),
    [
        ([1, -1], ValueError),
        ([0.5, 1.0], ValueError),
        ([1.0, float("nan")], ValueError),
        ([True, False], TypeError),
        (["1", "0"], TypeError),
        (True, TypeError),
    ],
)
def test_sample_clicks_rejects_bad_photon_numbers(bad, error):
    det = qie.ThresholdDetector(efficiency=0.5, dark_count_probability=0.0)
    with pytest.raises(error, match="photon_numbers"):
        det.sample_clicks(bad, seed=1)


def test_dead_time_limits_the_count_rate():
    det = qie.ThresholdDetector(efficiency=0.8, dark_count_probability=0.0, dead_time_s=50e-9)
    rates = np.array([0.0, 1e3, 1e6, 1e9, 1e12])
    out = det.dead_time_limited_rate(rates)
    assert out[0] == 0.0
    assert out[1] == pytest.approx(1e3, rel=1e-4)
    assert out[-1] == pytest.approx(1 / 50e-9, rel=1e-3)  # saturates at 1/tau
    assert np.all(np.diff(out) > 0)
    assert qie.ThresholdDetector(efficiency=1.0, dark_count_probability=0.0).dead_time_limited_rate(
        1e9
    ) == pytest.approx(1e9)


@pytest.mark.parametrize(
    ("kwargs", "name", "error"),
    [
        ({"efficiency": 1.5, "dark_count_probability": 0.0}, "efficiency", ValueError),
        ({"efficiency": 0.5, "dark_count_probability": -1e-6}, "dark_count", ValueError),
        ({"efficiency": 0.5, "dark_count_probability": float("nan")}, "dark_count", ValueError),
        ({"efficiency": 0.5, "dark_count_probability": 0.0, "dead_time_s": -1.0}, "dead_time_s",
         ValueError),
        ({"efficiency": "0.5", "dark_count_probability": 0.0}, "efficiency", TypeError),
        ({"efficiency": 0.5, "dark_count_probability": False}, "dark_count", TypeError),
    ],
)  # fmt: skip
def test_detector_rejects_bad_parameters(kwargs, name, error):
    with pytest.raises(error, match=name):
        qie.ThresholdDetector(**kwargs)


def test_detector_methods_reject_bad_inputs():
    det = qie.ThresholdDetector(efficiency=0.5, dark_count_probability=1e-6)
    with pytest.raises(ValueError, match="eta_channel"):
        det.click_probability(1.5)
    with pytest.raises(ValueError, match="eta_channel"):
        det.click_probability(float("nan"))
    with pytest.raises(TypeError, match="eta_channel"):
        det.click_probability("0.5")
    with pytest.raises(ValueError, match="mean_photon_number"):
        det.click_probability(0.5, mean_photon_number=-0.1)
    with pytest.raises(TypeError, match="mean_photon_number"):
        det.click_probability(0.5, mean_photon_number=True)
    with pytest.raises(ValueError, match="click_rate_hz"):
        det.dead_time_limited_rate(-5.0)
    with pytest.raises(TypeError):
        qie.ThresholdDetector(0.5, 1e-6)  # keyword-only on purpose


# ---------------------------------------------------------------- memories


def test_memory_decays_to_one_quarter_not_zero():
    mem = qie.QuantumMemory(coherence_time_s=0.1)
    assert mem.stored_fidelity(1.0, 0.0) == 1.0
    assert mem.stored_fidelity(1.0, 0.1) == pytest.approx(0.25 + 0.75 * math.exp(-1), abs=1e-15)
    assert mem.stored_fidelity(0.9, 100.0) == pytest.approx(0.25, abs=1e-15)


def test_memory_decay_matches_a_depolarized_werner_density_matrix():
    # Independent: depolarize both qubits with p = 1 - exp(-t / 2T) each; for a
    # Werner pair that multiplies p_werner by (1 - p)^2 = exp(-t/T).
    t, big_t, f0 = 0.3, 0.5, 0.92
    p = 1 - math.exp(-t / (2 * big_t))
    channel = qie.depolarizing_channel(p)
    rho = qie.apply_to_both_qubits_of_pair(qie.werner_state(f0), channel)
    explicit = qie.fidelity(rho, qie.bell_state("phi+"))
    assert qie.memory_decay(f0, t, big_t) == pytest.approx(explicit, abs=1e-12)


@settings(max_examples=50, deadline=None)
@given(
    st.floats(min_value=0.0, max_value=1.0),
    st.floats(min_value=0.0, max_value=1e3),
    st.floats(min_value=1e-6, max_value=1e3),
)
def test_memory_decay_stays_a_fidelity_and_moves_towards_one_quarter(f0, t, big_t):
    f = qie.memory_decay(f0, t, big_t)
    assert 0.0 <= f <= 1.0
    assert abs(f - 0.25) <= abs(f0 - 0.25) + 1e-15


def test_memory_decay_is_vectorized_and_accepts_keywords():
    times = np.linspace(0.0, 1.0, 11)
    out = qie.memory_decay(0.95, time_s=times, coherence_time_s=0.2)
    assert isinstance(out, np.ndarray)
    assert out.shape == (11,)
    assert np.all(np.diff(out) < 0)
    grid = qie.memory_decay(np.array([0.8, 0.9])[:, None], times, 0.2)
    assert grid.shape == (2, 11)
    mem = qie.QuantumMemory(coherence_time_s=0.2)
    assert mem.stored_fidelity(0.95, times) == pytest.approx(out, abs=0)
    assert isinstance(qie.memory_decay(0.9, 0.1, 1.0), float)
    # A perfect memory (T = inf) keeps the fidelity; an infinite wait reaches 1/4.
    assert qie.memory_decay(0.9, 5.0, float("inf")) == 0.9
    assert qie.memory_decay(0.9, float("inf"), 1.0) == 0.25


@pytest.mark.parametrize(
    ("args", "name", "error"),
    [
        ((1.2, 0.1, 1.0), "fidelity", ValueError),
        ((float("nan"), 0.1, 1.0), "fidelity", ValueError),
        ((0.9, -0.1, 1.0), "time_s", ValueError),
        ((0.9, 0.1, 0.0), "coherence_time_s", ValueError),
        ((0.9, 0.1, -1.0), "coherence_time_s", ValueError),
        (("0.9", 0.1, 1.0), "fidelity", TypeError),
        ((0.9, True, 1.0), "time_s", TypeError),
        ((np.ones(3), np.ones(2), 1.0), "broadcastable", ValueError),
        ((0.9, float("inf"), float("inf")), "infinite", ValueError),
    ],
)
def test_memory_decay_rejects_bad_inputs(args, name, error):
    with pytest.raises(error, match=name):
        qie.memory_decay(*args)


def test_quantum_memory_rejects_bad_inputs():
    with pytest.raises(ValueError, match="coherence_time_s"):
        qie.QuantumMemory(coherence_time_s=0.0)
    with pytest.raises(TypeError, match="coherence_time_s"):
        qie.QuantumMemory(coherence_time_s="1s")
    mem = qie.QuantumMemory(coherence_time_s=1.0)
    with pytest.raises(ValueError, match="initial_fidelity"):
        mem.stored_fidelity(1.5, 0.1)
    with pytest.raises(ValueError, match="time_s"):
        mem.stored_fidelity(0.9, -1.0)
    assert repr(mem) == "QuantumMemory(coherence_time_s=1.0)"
