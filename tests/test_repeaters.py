"""Repeater chains: Monte Carlo against closed forms, memories, cut-offs, purification, keys."""

import math

import numpy as np
import pytest

import qinternet_edu as qie
from qinternet_edu.repeaters import _CHUNK

N = 100_000


def chain(**kwargs):
    base = {"total_length_km": 200.0, "n_segments": 2}
    base.update(kwargs)
    return qie.RepeaterChain(**base)


# ---------------------------------------------------------------- the config
def test_chain_derives_its_elementary_link():
    c = qie.RepeaterChain(total_length_km=400.0, n_segments=4, detector_efficiency=0.9)
    assert c.segment_length_km == 100.0
    link = qie.heralded_link(length_km=100.0, detector_efficiency=0.9)
    assert c.link == link
    with pytest.raises(AttributeError):
        c.n_segments = 3  # frozen
    with pytest.raises(TypeError):
        qie.RepeaterChain(400.0, 4)  # keyword-only


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"total_length_km": -1.0}, ValueError, "total_length_km"),
        ({"n_segments": 0}, ValueError, "n_segments"),
        ({"n_segments": 2.0}, TypeError, "n_segments"),
        ({"scheme": "laser"}, ValueError, "scheme"),
        ({"link_fidelity": 0.2}, ValueError, "link_fidelity"),
        ({"coherence_time_s": 0.0}, ValueError, "coherence_time_s"),
        ({"coherence_time_s": -1.0}, ValueError, "coherence_time_s"),
        ({"cutoff_time_s": -1.0}, ValueError, "cutoff_time_s"),
        ({"purification_rounds": -1}, ValueError, "purification_rounds"),
        ({"swap_success_probability": 0.0}, ValueError, "swap_success_probability"),
        ({"swap_success_probability": 1.5}, ValueError, "swap_success_probability"),
        ({"detector_efficiency": 2.0}, ValueError, "detector_efficiency"),
        ({"seed": -3}, TypeError, "seed"),
    ],
)
def test_chain_bad_inputs(kwargs, error, match):
    with pytest.raises(error, match=match):
        chain(**kwargs)


# ---------------------------------------------------------------- delivery times
@pytest.mark.parametrize("n_segments", [1, 2, 3, 4, 8])
def test_deterministic_swaps_wait_for_the_last_link(n_segments):
    # with p_swap = 1 the end-to-end pair exists when the last link does: E[max of n geometrics]
    c = qie.RepeaterChain(total_length_km=50.0 * n_segments, n_segments=n_segments)
    res = qie.simulate_repeater_chain(c, N, seed=5)
    expected = qie.analytic_delivery_time(c)
    assert res.mean_delivery_time_s == pytest.approx(
        expected, abs=4 * res.delivery_time_std_error_s
    )
    assert res.rate_hz == pytest.approx(1 / res.mean_delivery_time_s)


def test_expected_max_geometric_closed_forms():
    p = 0.03
    # two links: (3 - 2p) / (p (2 - p)) exactly
    assert qie.expected_max_geometric(p, 2) == pytest.approx((3 - 2 * p) / (p * (2 - p)), rel=1e-12)
    assert qie.expected_max_geometric(p, 1) == pytest.approx(1 / p, rel=1e-12)
    # small p: H_n / p (harmonic number), e.g. 25/12 for four links
    assert qie.expected_max_geometric(1e-6, 4) == pytest.approx(25 / 12 / 1e-6, rel=1e-5)
    # the alternating sum (n <= 24) and the series (n > 24) agree where they meet
    h = sum(1 / k for k in range(1, 26))
    assert qie.expected_max_geometric(1e-4, 25) == pytest.approx(h / 1e-4, rel=1e-3)
    assert qie.expected_max_geometric(0.2, 24) < qie.expected_max_geometric(0.2, 25)


@pytest.mark.parametrize("n_segments", [2, 4, 8])
def test_three_halves_rule_is_an_upper_bound_close_to_monte_carlo(n_segments):
    # Coopmans, Brand, Elkouss, PRA 105, 012608 (2022): the 3/2 formula is in essence an
    # upper bound. Measured here (p = 0.005, p_swap = 1/2) the Monte Carlo mean lies
    # within 12 % below it for up to 8 segments.
    c = qie.RepeaterChain(
        total_length_km=100.0 * n_segments, n_segments=n_segments, swap_success_probability=0.5
    )
    res = qie.simulate_repeater_chain(c, 40_000, seed=7)
    approx = qie.analytic_delivery_time(c, method="three_halves")
    assert res.mean_delivery_time_s <= approx + 4 * res.delivery_time_std_error_s
    assert res.mean_delivery_time_s == pytest.approx(approx, rel=0.12)


def test_three_halves_rule_exact_for_one_level_small_p():
    # one nested level: each trial waits max(G1, G2) ~ 3/(2p), repeated 1/p_swap times
    c = qie.RepeaterChain(
        total_length_km=300.0, n_segments=2, swap_success_probability=0.5
    )  # p ~ 5e-4
    res = qie.simulate_repeater_chain(c, N, seed=8)
    p = c.link.success_probability
    exact = qie.expected_max_geometric(p, 2) / 0.5 * c.link.attempt_duration_s
    assert res.mean_delivery_time_s == pytest.approx(exact, abs=4 * res.delivery_time_std_error_s)
    assert qie.analytic_delivery_time(c, method="three_halves") == pytest.approx(exact, rel=1e-3)


def test_analytic_delivery_time_published_numbers():
    # (3/2)^n / (p p_swap^n) of Sangouard et al., RMP 83, 33 (2011)
    t = qie.analytic_delivery_time(
        success_probability=0.01, n_segments=8, swap_success_probability=0.5
    )
    assert t == pytest.approx(1.5**3 / (0.01 * 0.5**3))
    t_s = qie.analytic_delivery_time(
        success_probability=0.01, n_segments=1, attempt_duration_s=1e-3
    )
    assert t_s == pytest.approx(0.1)


# ---------------------------------------------------------------- fidelity
def test_perfect_pairs_and_memories_stay_perfect():
    res = qie.simulate_repeater_chain(qie.RepeaterChain(total_length_km=300.0, n_segments=8), 1000)
    assert np.all(res.fidelities == 1.0)


def test_no_memory_noise_gives_werner_product():
    c = qie.RepeaterChain(total_length_km=300.0, n_segments=4, link_fidelity=0.95)
    res = qie.simulate_repeater_chain(c, 2000, seed=1)
    p = qie.werner_fidelity_to_parameter(0.95) ** 4
    np.testing.assert_allclose(res.fidelities, qie.werner_parameter_to_fidelity(p), atol=1e-12)


def test_memory_decoherence_matches_closed_form_for_two_links():
    # pairs of fidelity 1; the first waits tau |N1 - N2| for the second. With
    # P(|D| = d) = p q^|d| / (2 - p), E[x^|D|] = p (1 + q x) / ((2 - p)(1 - q x)), x = e^(-tau/T)
    c = qie.RepeaterChain(total_length_km=100.0, n_segments=2, coherence_time_s=0.02)
    res = qie.simulate_repeater_chain(c, N, seed=9)
    p, tau = c.link.success_probability, c.link.attempt_duration_s
    q, x = 1 - p, math.exp(-tau / 0.02)
    w = p * (1 + q * x) / ((2 - p) * (1 - q * x))
    assert res.mean_fidelity == pytest.approx(0.25 + 0.75 * w, abs=4 * res.fidelity_std_error)
    assert res.mean_fidelity < 0.95


def test_longer_memories_deliver_better_pairs():
    fids = [
        qie.simulate_repeater_chain(
            chain(n_segments=4, coherence_time_s=t), 5000, seed=2
        ).mean_fidelity
        for t in (0.01, 0.1, 1.0)
    ]
    assert fids[0] < fids[1] < fids[2] < 1.0
    assert all(f >= 0.25 for f in fids)


def test_cutoff_bounds_the_storage_and_costs_time():
    t_coh, t_cut = 0.05, 0.01
    free = qie.simulate_repeater_chain(chain(coherence_time_s=t_coh), 20_000, seed=3)
    cut = qie.simulate_repeater_chain(
        chain(coherence_time_s=t_coh, cutoff_time_s=t_cut), 20_000, seed=3
    )
    # with two links, the stored pair waited at most the cut-off
    worst = qie.swap_fidelity(qie.memory_decay(1.0, t_cut, t_coh), 1.0)
    assert cut.fidelities.min() >= worst - 1e-12
    assert free.fidelities.min() < worst
    assert cut.mean_delivery_time_s > free.mean_delivery_time_s
    assert cut.mean_fidelity > free.mean_fidelity


def test_too_short_cutoff_is_reported():
    c = qie.RepeaterChain(total_length_km=400.0, n_segments=2, cutoff_time_s=0.0)
    with pytest.raises(ValueError, match="cutoff_time_s"):
        qie.simulate_repeater_chain(c, 100, seed=1)


def test_hopeless_cutoff_is_refused_before_any_sampling(monkeypatch):
    # 600 km in two links: p = 5e-7 per 1.5 ms attempt, so a 100 ms cut-off window
    # holds ~137 attempts and a try succeeds with q ~ 7e-5; 10,000 tries give each
    # realization about even odds, and all 2,000 of them essentially none.
    c = qie.RepeaterChain(total_length_km=600.0, n_segments=2, cutoff_time_s=0.1)
    link = c.link
    k = math.floor(2 * 0.1 / link.attempt_duration_s) + 1
    q = 1 - (1 - link.success_probability) ** k
    assert q * 10_000 < 5  # the hand estimate: the case is hopeless

    def no_sampling(self, size):
        raise AssertionError("the refusal must come before any draw")

    monkeypatch.setattr(qie.repeaters._Sampler, "attempts", no_sampling)
    with pytest.raises(ValueError, match=r"cutoff_time_s = 0\.1 is too short"):
        qie.simulate_repeater_chain(c, 2_000, seed=1)


def test_feasible_short_cutoffs_still_run():
    # both links must herald in the same 0.05 ms attempt (p ~ 0.3 at 10 km): slow but finite
    tight = qie.RepeaterChain(total_length_km=20.0, n_segments=2, cutoff_time_s=0.0)
    res = qie.simulate_repeater_chain(tight, 2_000, seed=1)
    assert np.all(np.isfinite(res.delivery_times_s))
    short = qie.RepeaterChain(total_length_km=200.0, n_segments=2, cutoff_time_s=0.001)
    assert qie.simulate_repeater_chain(short, 2_000, seed=1).mean_fidelity > 0.9


def test_purification_round_matches_bbpssw_and_costs_time():
    c = qie.RepeaterChain(total_length_km=50.0, n_segments=1, link_fidelity=0.8)
    pur = qie.RepeaterChain(
        total_length_km=50.0, n_segments=1, link_fidelity=0.8, purification_rounds=1
    )
    res = qie.simulate_repeater_chain(pur, N, seed=4)
    result = qie.bbpssw(0.8)
    np.testing.assert_allclose(res.fidelities, result.fidelity, atol=1e-12)
    # each trial waits for two links, and is repeated 1 / success_probability times
    p = c.link.success_probability
    expected = qie.expected_max_geometric(p, 2) / result.success_probability
    assert res.mean_delivery_attempts == pytest.approx(
        expected, abs=4 * res.delivery_time_std_error_s / c.link.attempt_duration_s
    )
    two = qie.RepeaterChain(
        total_length_km=50.0, n_segments=1, link_fidelity=0.8, purification_rounds=2
    )
    assert qie.simulate_repeater_chain(two, 1000, seed=1).mean_fidelity == pytest.approx(
        qie.bbpssw(result.fidelity).fidelity, abs=1e-12
    )


def test_single_click_chain_uses_one_minus_alpha():
    c = qie.RepeaterChain(
        total_length_km=100.0, n_segments=2, scheme="single_click", bright_state_population=0.05
    )
    res = qie.simulate_repeater_chain(c, 1000, seed=1)
    np.testing.assert_allclose(res.fidelities, qie.swap_fidelity(0.95, 0.95), atol=1e-12)


# ---------------------------------------------------------------- seeds, chunks, results
def test_seeded_reproducible_and_chunked():
    c = chain(n_segments=4, coherence_time_s=0.1, swap_success_probability=0.5, seed=12)
    a = qie.simulate_repeater_chain(c, _CHUNK + 10)
    b = qie.simulate_repeater_chain(c, _CHUNK + 10, seed=12)
    np.testing.assert_array_equal(a.delivery_times_s, b.delivery_times_s)
    np.testing.assert_array_equal(a.fidelities, b.fidelities)
    other = qie.simulate_repeater_chain(c, 1000, seed=13)
    assert not np.array_equal(other.delivery_times_s, a.delivery_times_s[:1000])
    assert a.delivery_times_s.shape == (_CHUNK + 10,)
    assert "delivery_times_s" not in repr(a)
    assert a.delivery_time_quantile(0.5) <= a.delivery_time_quantile(0.9)


def test_simulate_bad_inputs():
    with pytest.raises(TypeError, match="chain"):
        qie.simulate_repeater_chain({"total_length_km": 10}, 10)
    with pytest.raises(ValueError, match="n_realizations"):
        qie.simulate_repeater_chain(chain(), 0)
    with pytest.raises(TypeError, match="seed"):
        qie.simulate_repeater_chain(chain(), 10, seed=1.5)
    res = qie.simulate_repeater_chain(chain(), 10, seed=1)
    with pytest.raises(ValueError, match="q"):
        res.delivery_time_quantile(1.5)


def test_analytic_bad_inputs():
    with pytest.raises(ValueError, match="power of two"):
        qie.analytic_delivery_time(
            success_probability=0.1, n_segments=3, swap_success_probability=0.5
        )
    with pytest.raises(ValueError, match="deterministic"):
        qie.analytic_delivery_time(
            success_probability=0.1, n_segments=2, swap_success_probability=0.5, method="exact"
        )
    with pytest.raises(ValueError, match="success_probability"):
        qie.analytic_delivery_time(success_probability=0.0, n_segments=2)
    with pytest.raises(ValueError, match="success_probability and n_segments"):
        qie.analytic_delivery_time(n_segments=2)
    with pytest.raises(ValueError, match="purification_rounds"):
        qie.analytic_delivery_time(chain(purification_rounds=1))
    with pytest.raises(ValueError, match="attempt_duration_s"):
        qie.analytic_delivery_time(success_probability=0.1, n_segments=2, attempt_duration_s=0)
    with pytest.raises(ValueError, match="method"):
        qie.analytic_delivery_time(chain(), method="guess")
    with pytest.raises(ValueError, match="n"):
        qie.expected_max_geometric(0.5, 0)


# ---------------------------------------------------------------- key rates and PLOB
def test_bbm92_key_rate():
    assert qie.secret_key_rate_bbm92(100.0, 1.0) == 100.0
    assert qie.secret_key_rate_bbm92(100.0, 1.0, sifting_factor=0.5) == 50.0
    # Shor-Preskill threshold Q ~ 11.0 %: F = 1 - 3Q/2
    assert qie.secret_key_rate_bbm92(1.0, 1 - 1.5 * 0.105) > 0
    assert qie.secret_key_rate_bbm92(1.0, 1 - 1.5 * 0.115) == 0.0
    q = 2 * (1 - 0.97) / 3
    h = -q * math.log2(q) - (1 - q) * math.log2(1 - q)
    assert qie.secret_key_rate_bbm92(1.0, 0.97) == pytest.approx(1 - 2 * h, rel=1e-12)
    out = qie.secret_key_rate_bbm92(np.array([1.0, 2.0]), 1.0)
    np.testing.assert_allclose(out, [1.0, 2.0])
    with pytest.raises(ValueError, match="rate"):
        qie.secret_key_rate_bbm92(-1.0, 0.9)
    with pytest.raises(ValueError, match="fidelity"):
        qie.secret_key_rate_bbm92(1.0, 1.2)
    with pytest.raises(ValueError, match="sifting_factor"):
        qie.secret_key_rate_bbm92(1.0, 0.9, sifting_factor=0)


def test_repeaters_beat_plob_only_at_long_distance():
    d = np.array([20.0, 100.0, 300.0, 600.0])
    cmp = qie.repeater_vs_plob(d, n_segments=(1, 4), n_realizations=4000, seed=1)
    assert cmp.repeater.shape == (2, 4)
    np.testing.assert_allclose(cmp.plob, qie.plob_bound(qie.fiber_transmissivity(d)))
    assert np.all(cmp.direct < cmp.plob)
    # no repeater (one segment, double click: ~ eta / 2) never beats PLOB
    assert np.all(cmp.repeater[0] < cmp.plob)
    # four segments lose at 20 km and win far out
    assert cmp.repeater[1, 0] < cmp.plob[0]
    assert cmp.repeater[1, -1] > 10 * cmp.plob[-1]
    assert cmp.crossover_km(4) in (100.0, 300.0)
    assert cmp.crossover_km(1) is None
    np.testing.assert_allclose(cmp.fidelity, 1.0)


def test_repeater_vs_plob_bad_inputs():
    with pytest.raises(ValueError, match="distances_km"):
        qie.repeater_vs_plob([0.0, 10.0])
    with pytest.raises(TypeError, match="total_length_km"):
        qie.repeater_vs_plob([10.0], total_length_km=5.0)
    cmp = qie.repeater_vs_plob([10.0], n_segments=(1,), n_realizations=100, seed=1)
    with pytest.raises(ValueError, match="n_segments"):
        cmp.crossover_km(2)


def test_internal_attempt_sampler_is_geometric():
    from qinternet_edu.repeaters import _Sampler

    c = qie.RepeaterChain(total_length_km=60.0)
    p, n = c.link.success_probability, 400_000
    draws = _Sampler(c, np.random.default_rng(2)).attempts(n)
    assert draws.min() == 1.0 and np.all(draws == np.round(draws))
    assert draws.mean() == pytest.approx(1 / p, abs=4 * np.sqrt(1 - p) / p / np.sqrt(n))
    assert np.mean(draws == 1) == pytest.approx(p, abs=4 * np.sqrt(p * (1 - p) / n))
    assert np.mean(draws <= 3) == pytest.approx(1 - (1 - p) ** 3, abs=4 / np.sqrt(n))
    perfect = qie.RepeaterChain(total_length_km=0.0, preparation_time_s=1e-6)
    assert perfect.link.success_probability == 0.5


# ---------------------------------------------------------------- options of issue 14, item 7
def test_new_options_are_off_by_default_and_change_nothing():
    base = chain(coherence_time_s=1.0, swap_success_probability=0.5, cutoff_time_s=0.05)
    explicit = chain(
        coherence_time_s=1.0,
        swap_success_probability=0.5,
        cutoff_time_s=0.05,
        classical_communication=False,
        dark_count_probability=0.0,
        memory_noise="pair",
    )
    a = qie.simulate_repeater_chain(base, 5000, seed=3)
    b = qie.simulate_repeater_chain(explicit, 5000, seed=3)
    assert np.array_equal(a.delivery_times_s, b.delivery_times_s)
    assert np.array_equal(a.fidelities, b.fidelities)
    assert base.link == qie.heralded_link(length_km=100.0)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"classical_communication": 1}, TypeError, "classical_communication"),
        ({"dark_count_probability": -0.1}, ValueError, "dark_count_probability"),
        ({"memory_noise": "one"}, ValueError, "memory_noise"),
    ],
)
def test_new_options_are_validated(kwargs, error, match):
    with pytest.raises(error, match=match):
        chain(**kwargs)


def test_classical_communication_adds_the_swap_message_by_hand():
    # deterministic swap of two 100 km links: the pair exists at the later herald, and the
    # middle station's message then crosses 100 km: E[T] = tau E[max] + 100 km n / c
    c = chain(classical_communication=True)
    res = qie.simulate_repeater_chain(c, N, seed=4)
    link = c.link
    delay = 100e3 * 1.4682 / 299_792_458.0
    expected = (
        link.attempt_duration_s * qie.expected_max_geometric(link.success_probability, 2) + delay
    )
    assert res.mean_delivery_time_s == pytest.approx(
        expected, abs=4 * res.delivery_time_std_error_s
    )
    assert qie.swap_message_delay_s(100.0, 30.0) == pytest.approx(delay, rel=1e-12)
    # the pair waits in memory for that message, so its fidelity drops by the decay over it
    mem = qie.simulate_repeater_chain(chain(coherence_time_s=0.1), N, seed=4)
    mem_cc = qie.simulate_repeater_chain(
        chain(coherence_time_s=0.1, classical_communication=True), N, seed=4
    )
    assert mem_cc.fidelities == pytest.approx(
        qie.memory_decay(mem.fidelities, delay, 0.1), abs=1e-12
    )
    with pytest.raises(ValueError, match="classical_communication"):
        qie.analytic_delivery_time(c)


def _click_level_monte_carlo(eta, p_dark, n, rng):
    """Count heralds of the double-click scheme from simulated detector clicks (two rounds)."""
    genuine = np.ones(n, dtype=bool)
    heralded = np.ones(n, dtype=bool)
    for _ in range(2):
        photon = rng.random(n) < eta  # the round's photon reaches its detector
        dark = rng.random((n, 2)) < p_dark  # dark counts of the two detectors
        # the photon's detector clicks if the photon arrives or it fires dark; the other only dark
        clicks = (photon | dark[:, 0]).astype(int) + dark[:, 1]
        heralded &= clicks == 1
        genuine &= photon
    return heralded, genuine


def test_dark_counts_match_a_click_level_monte_carlo():
    rng = np.random.default_rng(7)
    eta, p_dark, n = 0.1, 0.02, 4_000_000
    heralded, genuine = _click_level_monte_carlo(eta, p_dark, n, rng)
    # the Barrett-Kok linear-optics factor 1/2 is the library's (p = eta^2 / 2)
    p_mc = heralded.mean() / 2.0
    g_mc = (heralded & genuine).sum() / heralded.sum()
    link = qie.heralded_link(length_km=2 * 10 * math.log10(1 / eta) / 0.2, link_fidelity=0.98)
    assert link.arm_efficiency == pytest.approx(eta, rel=1e-9)
    noisy = qie.noisy_heralded_link(link, dark_count_probability=p_dark)
    se = math.sqrt(heralded.mean() / n) / 2.0
    assert noisy.success_probability == pytest.approx(p_mc, abs=4 * se)
    f_mc = g_mc * 0.98 + (1 - g_mc) / 4
    se_g = math.sqrt(g_mc * (1 - g_mc) / heralded.sum())
    assert noisy.fidelity == pytest.approx(f_mc, abs=4 * se_g * (0.98 - 0.25))
    assert noisy.fidelity < 0.9  # a visible effect at these numbers
    # without dark counts the link is unchanged
    assert qie.noisy_heralded_link(link, dark_count_probability=0.0) == link


def test_dark_counts_end_a_one_link_chain_where_the_signal_meets_the_noise():
    # module 03's InGaAs detector (25 %, 1e-6 per window): a direct link's photons fall to the
    # dark counts at a loss of 10 log10(0.25 / 1e-6) = 54 dB, about 270 km. The midpoint station
    # sees each photon after half the link, so the key ends between 270 and 540 km, not at 1000.
    det = dict(detector_efficiency=0.25, dark_count_probability=1e-6)
    distances = np.array([100.0, 270.0, 540.0, 1000.0])
    key = []
    for d in distances:
        link = qie.RepeaterChain(total_length_km=d, **det).link
        key.append(qie.secret_key_rate_bbm92(link.rate_hz, link.fidelity))
    assert key[0] > 0 and key[1] > 0
    assert key[2] == 0 and key[3] == 0
    ideal = qie.RepeaterChain(total_length_km=1000.0, detector_efficiency=0.25).link
    assert qie.secret_key_rate_bbm92(ideal.rate_hz, ideal.fidelity) > 0  # the old, noiseless claim


def test_both_memories_decay_as_depolarizing_on_each_qubit():
    from qiskit.quantum_info import DensityMatrix

    f0, t, t_mem = 0.93, 0.4, 1.3
    value = qie.stored_pair_fidelity(f0, t, coherence_time_a_s=t_mem)
    p = 1 - math.exp(-t / t_mem)
    # the library's closed form for depolarizing both qubits ...
    assert value == pytest.approx(qie.werner_fidelity_after_depolarizing(f0, p, both_qubits=True))
    # ... and an explicit density-matrix computation
    rho = qie.werner_state(f0)
    rho = rho.evolve(qie.depolarizing_channel(p), qargs=[0])
    rho = rho.evolve(qie.depolarizing_channel(p), qargs=[1])
    phi = np.asarray(qie.bell_statevector("phi+").data)
    assert value == pytest.approx(float(np.real(phi.conj() @ DensityMatrix(rho).data @ phi)))
    # in a chain, each memory's time T acts as a pair coherence time T/2
    both = qie.simulate_repeater_chain(
        chain(coherence_time_s=1.0, memory_noise="both_memories"), 20_000, seed=8
    )
    pair = qie.simulate_repeater_chain(chain(coherence_time_s=0.5), 20_000, seed=8)
    assert np.array_equal(both.fidelities, pair.fidelities)


def test_repeater_vs_plob_passes_dark_counts_to_its_chains():
    # with module 03's InGaAs detectors a one-link chain no longer gives key at 1000 km
    det = dict(detector_efficiency=0.25, dark_count_probability=1e-6)
    cmp = qie.repeater_vs_plob([100.0, 1000.0], n_segments=(1,), n_realizations=200, seed=2, **det)
    assert cmp.repeater[0, 0] > 0
    assert cmp.repeater[0, 1] == 0.0
    assert cmp.fidelity[0, 1] < 0.3  # almost every herald at 1000 km is a dark count
