"""BB84, six-state and B92 simulators: statistics against theory, seeds, bad inputs."""

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import qinternet_edu as qie


def _tol(p, n, k=4.0):
    """k binomial standard errors of a fraction p estimated from n trials."""
    return k * math.sqrt(max(p * (1 - p), 1e-12) / n) + 1e-12


# ------------------------------------------------------------------ simulate_bb84


def test_no_noise_no_eve_gives_zero_qber():
    r = qie.simulate_bb84(200_000, length_km=25.0, seed=1)
    assert r.errors == 0
    assert r.qber == 0.0
    assert r.sifted > 0


def test_sifted_fraction_is_one_half():
    r = qie.simulate_bb84(200_000, seed=2)
    assert r.sifted_fraction == pytest.approx(0.5, abs=_tol(0.5, r.detected))


@pytest.mark.parametrize("length_km", [0.0, 10.0, 50.0])
@pytest.mark.parametrize("efficiency", [1.0, 0.2])
def test_detected_fraction_is_transmissivity_times_efficiency(length_km, efficiency):
    n = 200_000
    r = qie.simulate_bb84(n, length_km=length_km, detector_efficiency=efficiency, seed=3)
    p = qie.fiber_transmissivity(length_km) * efficiency
    assert r.transmissivity == pytest.approx(qie.fiber_transmissivity(length_km))
    assert r.detected_fraction == pytest.approx(p, abs=_tol(p, n))


def test_dark_counts_add_clicks_with_random_bits():
    # Over a dead channel only dark counts click: 1 - (1 - pd)^2 per pulse, QBER 1/2.
    n, pd = 400_000, 0.01
    r = qie.simulate_bb84(n, transmissivity=0.0, dark_count_probability=pd, seed=4)
    p = 1 - (1 - pd) ** 2
    assert r.detected_fraction == pytest.approx(p, abs=_tol(p, n))
    assert r.qber == pytest.approx(0.5, abs=_tol(0.5, r.sifted))


def test_misalignment_sets_the_qber():
    r = qie.simulate_bb84(200_000, misalignment=0.03, seed=5)
    assert r.qber == pytest.approx(0.03, abs=_tol(0.03, r.sifted))


def test_weak_coherent_detection_probability():
    # Threshold detector on a Poisson pulse: 1 - exp(-mu eta eta_d).
    n, mu, eta = 400_000, 0.5, 0.1
    r = qie.simulate_bb84(
        n, transmissivity=eta, source="weak_coherent", mean_photon_number=mu, seed=6
    )
    p = 1 - math.exp(-mu * eta)
    assert r.detected_fraction == pytest.approx(p, abs=_tol(p, n))
    assert r.qber == 0.0


def test_full_intercept_resend_gives_a_quarter():
    r = qie.simulate_bb84(400_000, eve_fraction=1.0, seed=7)
    assert r.qber == pytest.approx(0.25, abs=_tol(0.25, r.sifted))
    assert r.eve_intercepted == r.n_pulses
    # Random-basis Eve guesses 3/4 of the sifted bits (Bennett et al. 1992).
    assert r.eve_guess_probability == pytest.approx(0.75, abs=_tol(0.75, r.eve_sifted))


@pytest.mark.parametrize("fraction", [0.1, 0.3, 0.6])
def test_fraction_f_gives_f_over_four(fraction):
    r = qie.simulate_bb84(300_000, eve_fraction=fraction, length_km=5.0, seed=8)
    assert r.qber == pytest.approx(fraction / 4, abs=_tol(fraction / 4, r.sifted))
    assert r.qber == pytest.approx(
        qie.intercept_resend_qber(fraction), abs=_tol(fraction / 4, r.sifted)
    )


def test_breidbart_eve_same_qber_better_guesses():
    r = qie.simulate_bb84(400_000, eve_fraction=1.0, eve_basis="breidbart", seed=9)
    guess = math.cos(math.pi / 8) ** 2  # 0.854, Bennett et al., J. Cryptology 5, 3 (1992)
    assert r.qber == pytest.approx(0.25, abs=_tol(0.25, r.sifted))
    assert r.eve_guess_probability == pytest.approx(guess, abs=_tol(guess, r.eve_sifted))


def test_intercept_resend_analysis_against_density_matrices():
    """Independent check of the Breidbart numbers with qiskit.quantum_info."""
    from qiskit.quantum_info import Statevector

    c, s = math.cos(math.pi / 8), math.sin(math.pi / 8)
    b0 = Statevector([c, s])
    b1 = Statevector([-s, c])
    states = {
        (0, 0): Statevector([1, 0]),
        (1, 0): Statevector([0, 1]),
        (0, 1): Statevector([1, 1] / np.sqrt(2)),
        (1, 1): Statevector([1, -1] / np.sqrt(2)),
    }
    guess, qber = 0.0, 0.0
    for (bit, basis), psi in states.items():
        for eve_bit, eve_state in ((0, b0), (1, b1)):
            p_eve = abs(eve_state.inner(psi)) ** 2
            guess += 0.25 * p_eve * (eve_bit == bit)
            # Bob measures the resent state in Alice's basis (sifted positions).
            wrong = states[(1 - bit, basis)]
            qber += 0.25 * p_eve * abs(wrong.inner(eve_state)) ** 2
    a = qie.intercept_resend_analysis(eve_basis="breidbart")
    assert a.eve_guess_probability == pytest.approx(guess, abs=1e-12)
    assert a.qber == pytest.approx(qber, abs=1e-12)
    assert a.eve_information_bits == pytest.approx(1 - qie.binary_entropy(1 - guess), abs=1e-12)
    r = qie.intercept_resend_analysis()
    assert (r.qber, r.eve_guess_probability, r.eve_information_bits) == (0.25, 0.75, 0.5)


def test_same_seed_same_result_and_rng_accepted():
    kwargs = dict(length_km=30.0, eve_fraction=0.3, dark_count_probability=1e-3, seed=11)
    assert qie.simulate_bb84(50_000, **kwargs) == qie.simulate_bb84(50_000, **kwargs)
    a = qie.simulate_bb84(50_000, rng=np.random.default_rng(5))
    b = qie.simulate_bb84(50_000, rng=np.random.default_rng(5))
    assert a == b


def test_chunked_and_unchunked_statistics_agree():
    n = 300_000
    kwargs = dict(length_km=20.0, eve_fraction=0.4, misalignment=0.01)
    one = qie.simulate_bb84(n, chunk_size=n, seed=12, **kwargs)
    many = qie.simulate_bb84(n, chunk_size=7_777, seed=13, **kwargs)
    p = one.detected_fraction
    assert many.detected_fraction == pytest.approx(p, abs=2 * _tol(p, n))
    assert many.qber == pytest.approx(one.qber, abs=2 * _tol(one.qber, one.sifted))
    assert many.n_pulses == one.n_pulses == n


def _per_pulse_bb84(n, *, eta, mu, eve_fraction, dark, misalignment, seed):
    """Every pulse drawn on its own, lost ones included: a direct reading of the model."""
    g = np.random.default_rng(seed)
    a, alpha, beta, gamma = (g.integers(0, 2, n) for _ in range(4))
    eve = g.random(n) < eve_fraction
    p_plain = 1 - math.exp(-mu * eta)
    p_eve = (1 - math.exp(-mu)) * eta
    signal = g.random(n) < np.where(eve, p_eve, p_plain)
    eve_bit = np.where(gamma == alpha, a, g.integers(0, 2, n))
    bit, basis = np.where(eve, eve_bit, a), np.where(eve, gamma, alpha)
    bob_sig = np.where(beta == basis, bit, g.integers(0, 2, n)) ^ (g.random(n) < misalignment)
    click0 = (signal & (bob_sig == 0)) | (g.random(n) < dark)
    click1 = (signal & (bob_sig == 1)) | (g.random(n) < dark)
    bob = np.where(click0 & click1, g.integers(0, 2, n), click1)
    sifted = (click0 | click1) & (alpha == beta)
    return int((click0 | click1).sum()), int(sifted.sum()), int((sifted & (a != bob)).sum())


@pytest.mark.parametrize("eve_fraction", [0.0, 0.4, 1.0])
def test_counts_follow_a_pulse_by_pulse_simulation_of_the_same_model(eve_fraction):
    # The simulator draws the detections first; a per-pulse draw must agree in law.
    n, eta, mu, dark, mis = 400_000, 0.2, 0.6, 0.02, 0.03
    r = qie.simulate_bb84(
        n,
        transmissivity=eta,
        source="weak_coherent",
        mean_photon_number=mu,
        dark_count_probability=dark,
        misalignment=mis,
        eve_fraction=eve_fraction,
        seed=21,
    )
    detected, sifted, errors = _per_pulse_bb84(
        n, eta=eta, mu=mu, eve_fraction=eve_fraction, dark=dark, misalignment=mis, seed=22
    )
    p = detected / n
    assert r.detected == pytest.approx(detected, abs=2 * _tol(p, n) * n)
    assert r.sifted / r.detected == pytest.approx(sifted / detected, abs=2 * _tol(0.5, detected))
    q = errors / sifted
    assert r.qber == pytest.approx(q, abs=2 * _tol(q, sifted))


def test_returned_keys_match_the_counts():
    r = qie.simulate_bb84(50_000, eve_fraction=0.5, return_keys=True, chunk_size=10_000, seed=14)
    assert r.alice_key.size == r.bob_key.size == r.sifted
    assert int(np.count_nonzero(r.alice_key != r.bob_key)) == r.errors
    assert qie.simulate_bb84(10, seed=1).alice_key is None


def test_result_is_frozen_and_readable():
    r = qie.simulate_bb84(1_000, seed=1)
    with pytest.raises(AttributeError):
        r.qber = 0.5
    assert "BB84Result(n_pulses=1000" in repr(r)


@settings(max_examples=30, deadline=None)
@given(
    n=st.integers(1, 3_000),
    f=st.floats(0, 1),
    eta=st.floats(0, 1),
    dark=st.floats(0, 0.2),
)
def test_counts_are_consistent(n, f, eta, dark):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", qie.qkd.UndefinedQBERWarning)
        r = qie.simulate_bb84(
            n, transmissivity=eta, eve_fraction=f, dark_count_probability=dark, seed=0
        )
    assert 0 <= r.errors <= r.sifted <= r.detected <= r.n_pulses == n
    if r.sifted:
        assert 0.0 <= r.qber <= 1.0
    else:
        assert math.isnan(r.qber)


@pytest.mark.parametrize(
    "simulate",
    [qie.simulate_bb84, qie.simulate_six_state, qie.simulate_b92],
    ids=["bb84", "six_state", "b92"],
)
def test_nothing_sifted_gives_an_undefined_qber_with_a_warning(simulate):
    # Over a dead channel nothing is sifted: the error rate is 0/0, not a perfect 0.
    with pytest.warns(qie.qkd.UndefinedQBERWarning, match="QBER is undefined"):
        r = simulate(10, transmissivity=0.0, seed=1)
    assert r.sifted == 0
    assert math.isnan(r.qber)
    with pytest.warns(qie.qkd.UndefinedQBERWarning):
        pairs = qie.simulate_bbm92(10, length_a_km=5_000.0, seed=1)
    assert pairs.coincidences == 0 and math.isnan(pairs.qber) and math.isnan(pairs.chsh)
    assert not pairs.violates_chsh


@pytest.mark.parametrize(
    ("kwargs", "error", "name"),
    [
        (dict(n_pulses=0), ValueError, "n_pulses"),
        (dict(n_pulses=10.5), TypeError, "n_pulses"),
        (dict(mean_photon_number=-0.1, source="weak_coherent"), ValueError, "mean_photon_number"),
        (dict(eve_fraction=1.5), ValueError, "eve_fraction"),
        (dict(eve_fraction=-0.1), ValueError, "eve_fraction"),
        (dict(detector_efficiency=2.0), ValueError, "detector_efficiency"),
        (dict(dark_count_probability=-1e-6), ValueError, "dark_count_probability"),
        (dict(misalignment=math.nan), ValueError, "misalignment"),
        (dict(length_km=-1.0), ValueError, "length_km"),
        (dict(length_km=10.0, transmissivity=0.5), ValueError, "transmissivity"),
        (dict(transmissivity=1.2), ValueError, "transmissivity"),
        (dict(source="laser"), ValueError, "source"),
        (dict(eve_basis="clever"), ValueError, "eve_basis"),
        (dict(chunk_size=0), ValueError, "chunk_size"),
        (dict(return_keys="yes"), TypeError, "return_keys"),
        (dict(seed=-1), TypeError, "seed"),
    ],
)
def test_bad_inputs_are_named(kwargs, error, name):
    kwargs = {"n_pulses": 100, **kwargs}
    n = kwargs.pop("n_pulses")
    with pytest.raises(error, match=name):
        qie.simulate_bb84(n, **kwargs)


# ------------------------------------------------------------------ teaching steps


def test_step_by_step_bb84_without_eve_has_no_errors():
    rng = np.random.default_rng(20)
    n = 4_000
    bits = qie.random_bits(n, rng=rng)
    bases = qie.random_bases(n, rng=rng)
    bob_bases = qie.random_bases(n, rng=rng)
    bob = qie.bb84_measure(bits, bases, bob_bases, rng=rng)
    s = qie.sift(bits, bases, bob, bob_bases)
    assert np.array_equal(s.alice_key, s.bob_key)
    assert s.kept_fraction == pytest.approx(0.5, abs=_tol(0.5, n))
    # Mismatched bases give fair coins.
    mismatch = bases != bob_bases
    agree = np.mean(bits[mismatch] == bob[mismatch])
    assert agree == pytest.approx(0.5, abs=_tol(0.5, int(mismatch.sum())))


def test_step_by_step_intercept_resend_gives_a_quarter():
    rng = np.random.default_rng(21)
    n = 40_000
    bits, bases = qie.random_bits(n, rng=rng), qie.random_bases(n, rng=rng)
    eve = qie.intercept_resend(bits, bases, eve_fraction=1.0, rng=rng)
    bob_bases = qie.random_bases(n, rng=rng)
    bob = qie.bb84_measure(eve.bits, eve.bases, bob_bases, rng=rng)
    s = qie.sift(bits, bases, bob, bob_bases)
    e = qie.estimate_qber(s.alice_key, s.bob_key, sample_fraction=1.0, rng=rng)
    assert e.qber == pytest.approx(0.25, abs=_tol(0.25, e.sample_size))
    assert eve.n_intercepted == n


def test_sift_with_detections_and_bad_lengths():
    s = qie.sift([0, 1, 1], [0, 0, 1], [0, 1, 0], [0, 0, 1], detected=np.array([True, False, True]))
    assert s.n_kept == 2
    assert s.alice_key.tolist() == [0, 1]
    with pytest.raises(ValueError, match="bob_bases"):
        qie.sift([0, 1], [0, 0], [0, 1], [0])
    with pytest.raises(ValueError, match="detected"):
        qie.sift([0, 1], [0, 0], [0, 1], [0, 0], detected=[1, 0])
    with pytest.raises(ValueError, match="measure_bases"):
        qie.bb84_measure([0, 1], [0, 1], [0])
    with pytest.raises(ValueError, match="error_probability"):
        qie.bb84_measure([0, 1], [0, 1], [0, 1], error_probability=2.0)
    with pytest.raises(ValueError, match="n"):
        qie.random_bits(-1)
    with pytest.raises(ValueError, match="eve_fraction"):
        qie.intercept_resend([0], [0], eve_fraction=1.1)


# ------------------------------------------------------------------ circuit level


def test_circuit_round_without_eve_has_no_errors():
    r = qie.bb84_circuit_round(24, seed=1)
    assert r.errors == 0
    assert r.n_sifted == int(np.count_nonzero(r.sifted))
    assert len(r.circuits) == 24


def test_circuit_statistics_agree_with_the_array_version():
    # Pool several rounds of circuits with full intercept-resend; compare with the
    # array simulator's QBER (1/4) and sifted fraction (1/2) within 4 standard errors.
    rng = np.random.default_rng(30)
    rounds = [qie.bb84_circuit_round(40, eve_fraction=1.0, rng=rng) for _ in range(8)]
    sifted = sum(r.n_sifted for r in rounds)
    errors = sum(r.errors for r in rounds)
    n = 40 * len(rounds)
    array = qie.simulate_bb84(200_000, eve_fraction=1.0, seed=31)
    assert errors / sifted == pytest.approx(array.qber, abs=_tol(0.25, sifted))
    assert sifted / n == pytest.approx(array.sifted_fraction, abs=_tol(0.5, n))
    # Where Eve's basis matches Alice's, Eve reads Alice's bit exactly.
    for r in rounds:
        same = r.intercepted & (r.eve_bases == r.alice_bases)
        assert np.array_equal(r.eve_bits[same], r.alice_bits[same])


def test_circuit_round_bad_inputs():
    with pytest.raises(ValueError, match="n_qubits"):
        qie.bb84_circuit_round(0)
    with pytest.raises(ValueError, match="eve_fraction"):
        qie.bb84_circuit_round(4, eve_fraction=2.0)


# ------------------------------------------------------------------ six-state, B92


def test_six_state_sifting_and_intercept_resend():
    clean = qie.simulate_six_state(300_000, seed=40)
    assert clean.qber == 0.0
    assert clean.sifted_fraction == pytest.approx(1 / 3, abs=_tol(1 / 3, clean.detected))
    eve = qie.simulate_six_state(300_000, eve_fraction=1.0, seed=41)
    assert eve.qber == pytest.approx(1 / 3, abs=_tol(1 / 3, eve.sifted))  # Bruss 1998
    assert eve.qber == pytest.approx(
        qie.intercept_resend_qber(1.0, protocol="six_state"), abs=_tol(1 / 3, eve.sifted)
    )
    with pytest.raises(ValueError, match="eve_fraction"):
        qie.simulate_six_state(10, eve_fraction=-0.5)


@pytest.mark.parametrize("fraction", [0.0, 0.5, 1.0])
def test_b92_conclusive_rate_and_intercept_resend(fraction):
    n = 400_000
    r = qie.simulate_b92(n, eve_fraction=fraction, seed=50)
    q = fraction / (2 + fraction)  # derived in qinternet_edu.qkd.b92
    conclusive = 0.25 * (1 - fraction) + 0.375 * fraction
    assert r.qber == pytest.approx(q, abs=_tol(q, r.sifted))
    assert r.conclusive_fraction == pytest.approx(conclusive, abs=_tol(conclusive, n))
    assert r.qber == pytest.approx(
        qie.intercept_resend_qber(fraction, protocol="b92"), abs=_tol(q, r.sifted)
    )


def test_b92_keys_and_inputs():
    r = qie.simulate_b92(20_000, length_km=10.0, return_keys=True, seed=51)
    assert np.array_equal(r.alice_key, r.bob_key)
    with pytest.raises(ValueError, match="detector_efficiency"):
        qie.simulate_b92(10, detector_efficiency=-0.1)
    with pytest.raises(ValueError, match="n_pulses"):
        qie.simulate_b92(0)


@pytest.mark.parametrize(
    "call",
    [
        lambda: qie.simulate_bb84(10**15),
        lambda: qie.simulate_six_state(10**15),
        lambda: qie.simulate_b92(10**15),
        lambda: qie.simulate_bbm92(10**15),
        lambda: qie.simulate_e91(10**15),
        lambda: qie.simulate_bb84(10**10, return_keys=True),
        lambda: qie.random_bits(10**12),
    ],
)
def test_sizes_beyond_this_machine_are_refused_at_once(call):
    with pytest.raises(ValueError, match=r"must be an integer in \[\d, \d+\] \(.+\); got \d+"):
        call()


def test_chunk_size_is_bounded_and_scalar_parameters_refuse_arrays():
    with pytest.raises(ValueError, match=r"chunk_size must be an integer in \[1, \d+\]"):
        qie.simulate_bb84(10, chunk_size=10**12)
    with pytest.raises(TypeError, match="mean_photon_number must be a single real number"):
        qie.simulate_bb84(10, source="weak_coherent", mean_photon_number=[0.1, 0.5])
    with pytest.raises(TypeError, match="length_km must be a single real number"):
        qie.simulate_bb84(10, length_km=np.array([1.0, 2.0]))
    with pytest.raises(ValueError, match="length_km must be a finite number"):
        qie.simulate_bb84(10, length_km=math.inf)


def test_a_long_run_shows_a_progress_bar(monkeypatch, capsys):
    from qinternet_edu.qkd import _common

    monkeypatch.setattr(_common, "PROGRESS_ABOVE", 1_000)
    plain = qie.simulate_bb84(5_000, chunk_size=1_000, seed=3)
    assert "BB84" in capsys.readouterr().err
    monkeypatch.setattr(_common, "PROGRESS_ABOVE", 10**9)
    assert qie.simulate_bb84(5_000, chunk_size=1_000, seed=3) == plain  # same counts
    assert capsys.readouterr().err == ""
