"""The repetition-code memory with noisy syndrome measurement: decoder, threshold, logical pair."""

import math

import numpy as np
import pytest

import qinternet_edu as qie


def _binomial_tail(d, p):
    """Majority of d copies fails: sum over k > d/2 of C(d, k) p^k (1 - p)^(d - k)."""
    return sum(math.comb(d, k) * p**k * (1 - p) ** (d - k) for k in range(d // 2 + 1, d + 1))


@pytest.mark.parametrize("p", [0.01, 0.1, 0.3])
def test_one_perfect_round_is_the_textbook_code(p):
    # Nielsen and Chuang, Sec. 10.1.1: p_L = 3 p^2 - 2 p^3 for d = 3.
    exact3 = qie.repetition_code_logical_error_exact(
        distance=3, n_rounds=1, data_error_probability=p, measurement_error_probability=0.0
    )
    assert exact3 == pytest.approx(3 * p**2 - 2 * p**3, rel=1e-12)
    assert exact3 == pytest.approx(qie.three_qubit_code_logical_error(p), rel=1e-12)
    exact5 = qie.repetition_code_logical_error_exact(
        distance=5, n_rounds=1, data_error_probability=p, measurement_error_probability=0.0
    )
    assert exact5 == pytest.approx(_binomial_tail(5, p), rel=1e-12)


@pytest.mark.parametrize("p, n_rounds", [(0.05, 3), (0.2, 5)])
def test_distance_one_is_a_bare_qubit(p, n_rounds):
    bare = 0.5 * (1 - (1 - 2 * p) ** n_rounds)
    assert qie.unencoded_memory_error(data_error_probability=p, n_rounds=n_rounds) == pytest.approx(
        bare, rel=1e-12
    )
    exact = qie.repetition_code_logical_error_exact(
        distance=1, n_rounds=n_rounds, data_error_probability=p
    )
    assert exact == pytest.approx(bare, rel=1e-12)
    mc = qie.simulate_repetition_memory(
        distance=1, n_rounds=n_rounds, data_error_probability=p, n_shots=100_000, seed=3
    )
    assert abs(mc.logical_error_rate - bare) < 4 * mc.standard_error


@pytest.mark.parametrize(
    "d, n_rounds, p, q",
    [(3, 3, 0.1, 0.1), (3, 4, 0.05, 0.05), (5, 2, 0.1, 0.1), (3, 2, 0.1, 0.3), (5, 2, 0.03, 0.0)],
)
def test_vectorized_decoder_matches_exact_enumeration(d, n_rounds, p, q):
    exact = qie.repetition_code_logical_error_exact(
        distance=d, n_rounds=n_rounds, data_error_probability=p, measurement_error_probability=q
    )
    mc = qie.simulate_repetition_memory(
        distance=d,
        n_rounds=n_rounds,
        data_error_probability=p,
        measurement_error_probability=q,
        n_shots=100_000,
        seed=11,
    )
    assert mc.standard_error > 0
    assert abs(mc.logical_error_rate - exact) < 4 * mc.standard_error


def test_exact_enumeration_by_hand_for_one_noisy_round():
    # d = 3, one noisy round: 3 data flips, 2 measurement flips, then a perfect readout.
    # The final readout alone fixes E up to complement, so one round of data noise
    # followed by the perfect syndrome is decoded like the textbook code whatever
    # the noisy round showed: p_L = 3 p^2 - 2 p^3.
    p, q = 0.15, 0.4
    exact = qie.repetition_code_logical_error_exact(
        distance=3, n_rounds=1, data_error_probability=p, measurement_error_probability=q
    )
    assert exact == pytest.approx(3 * p**2 - 2 * p**3, rel=1e-12)


def test_noisy_measurements_cost_logical_errors():
    common = dict(distance=3, n_rounds=3, data_error_probability=0.05)
    perfect = qie.repetition_code_logical_error_exact(**common, measurement_error_probability=0.0)
    noisy = qie.repetition_code_logical_error_exact(**common, measurement_error_probability=0.05)
    assert noisy > perfect * 1.2


def test_threshold_near_the_published_value():
    # Dennis et al. (2002): optimal threshold about 0.11 for this space-time problem;
    # small distances cross a little lower (finite size), so allow 0.08-0.13.
    sweep = qie.repetition_code_threshold_sweep(
        distances=(3, 5),
        data_error_probabilities=[0.06, 0.08, 0.10, 0.12, 0.14],
        n_shots=30_000,
        seed=5,
    )
    crossing = sweep.crossing(3, 5)
    assert crossing is not None
    assert crossing == pytest.approx(0.11, abs=0.03)


def test_below_threshold_bigger_codes_win_and_above_they_lose():
    low = [
        qie.simulate_repetition_memory(
            distance=d, n_rounds=d, data_error_probability=0.03, n_shots=40_000, seed=d
        ).logical_error_rate
        for d in (3, 5, 7)
    ]
    assert low[0] > low[1] > low[2]
    high = [
        qie.simulate_repetition_memory(
            distance=d, n_rounds=d, data_error_probability=0.18, n_shots=20_000, seed=d
        ).logical_error_rate
        for d in (3, 5, 7)
    ]
    assert high[0] < high[1] < high[2]


def test_crossing_is_none_when_curves_do_not_cross():
    sweep = qie.repetition_code_threshold_sweep(
        distances=(3, 5), data_error_probabilities=[0.01, 0.03], n_shots=5_000, seed=1
    )
    assert sweep.crossing(3, 5) is None


def test_bare_pair_fidelity_matches_a_density_matrix():
    from qiskit.quantum_info import DensityMatrix, Kraus, state_fidelity

    p, n_rounds = 0.04, 5
    flip = Kraus([math.sqrt(1 - p) * np.eye(2), math.sqrt(p) * np.array([[0, 1], [1, 0]])])
    rho = DensityMatrix(qie.bell_state("phi+"))
    for _ in range(n_rounds):
        rho = rho.evolve(flip, qargs=[0]).evolve(flip, qargs=[1])
    expected = state_fidelity(rho, qie.bell_state("phi+"))
    res = qie.simulate_logical_pair(
        distance=3, n_rounds=n_rounds, data_error_probability=p, n_shots=1_000, seed=0
    )
    assert res.physical_fidelity == pytest.approx(expected, rel=1e-12)


def test_logical_pair_matches_two_independent_memories():
    common = dict(distance=3, n_rounds=3, data_error_probability=0.06)
    p_l = qie.repetition_code_logical_error_exact(**common)
    expected = (1 - p_l) ** 2 + p_l**2
    res = qie.simulate_logical_pair(**common, n_shots=100_000, seed=8)
    assert abs(res.logical_fidelity - expected) < 4 * res.standard_error
    assert res.logical_fidelity > res.physical_fidelity


def test_syndrome_history_without_measurement_errors():
    h = qie.sample_repetition_syndromes(
        distance=5,
        n_rounds=6,
        data_error_probability=0.2,
        measurement_error_probability=0.0,
        seed=2,
    )
    state = np.cumsum(h.data_errors, axis=0) % 2
    assert np.array_equal(h.syndromes[:-1], state[:, :-1] ^ state[:, 1:])
    assert np.array_equal(h.syndromes[-1], h.syndromes[-2])
    assert not h.measurement_errors.any()


def test_a_single_measurement_error_makes_a_time_pair_of_defects():
    h = qie.sample_repetition_syndromes(
        distance=3,
        n_rounds=3,
        data_error_probability=0.0,
        measurement_error_probability=0.3,
        seed=9,
    )
    # No data errors: every defect comes from a lone wrong outcome, which shows as
    # one defect when it appears and one when it is gone, so each column has an even count.
    assert (h.defects.sum(axis=0) % 2 == 0).all()
    assert h.defects.sum() == 2 * _isolated_runs(h.measurement_errors)


def _isolated_runs(errors):
    """Number of runs of consecutive 1s per column (each run makes two defects)."""
    padded = np.vstack(
        [np.zeros((1, errors.shape[1]), int), errors, np.zeros((1, errors.shape[1]), int)]
    )
    return int((np.diff(padded, axis=0) == 1).sum())


def test_same_seed_same_result():
    kw = dict(distance=5, n_rounds=5, data_error_probability=0.08, n_shots=3_000, seed=42)
    assert qie.simulate_repetition_memory(**kw) == qie.simulate_repetition_memory(**kw)


@pytest.mark.parametrize(
    "kwargs, name",
    [
        (dict(distance=4, n_rounds=2, data_error_probability=0.1), "distance"),
        (dict(distance=3, n_rounds=0, data_error_probability=0.1), "n_rounds"),
        (dict(distance=3, n_rounds=2, data_error_probability=1.5), "data_error_probability"),
        (
            dict(
                distance=3,
                n_rounds=2,
                data_error_probability=0.1,
                measurement_error_probability=-0.1,
            ),
            "measurement_error_probability",
        ),
    ],
)
def test_bad_input_names_the_parameter(kwargs, name):
    with pytest.raises(ValueError, match=name):
        qie.simulate_repetition_memory(**kwargs, n_shots=10)


def test_exact_enumeration_refuses_large_problems():
    with pytest.raises(ValueError, match="distance"):
        qie.repetition_code_logical_error_exact(distance=5, n_rounds=3, data_error_probability=0.1)
