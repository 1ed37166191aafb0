"""Leader election with a W state and GHZ consensus (D'Hondt and Panangaden 2006), with noise."""

import math

import numpy as np
import pytest

import qinternet_edu as qie


@pytest.mark.parametrize("n, p", [(3, 0.0), (3, 0.2), (4, 0.1), (5, 0.35)])
def test_success_formula_matches_the_density_matrix(n, p):
    probs = qie.w_state_outcome_probabilities(n_parties=n, depolarizing_probability=p)
    exactly_one = sum(v for k, v in probs.items() if k.count("1") == 1)
    closed = qie.leader_election_success_probability(n_parties=n, depolarizing_probability=p)
    assert closed == pytest.approx(exactly_one, abs=1e-12)
    all_same = probs.get("0" * n, 0.0) + probs.get("1" * n, 0.0)
    assert all_same != pytest.approx(closed)  # a W state is no consensus resource
    assert sum(probs.values()) == pytest.approx(1.0, abs=1e-12)


def test_ghz_formula_matches_the_density_matrix():
    from qiskit.quantum_info import DensityMatrix, Statevector

    n, p = 4, 0.15
    amp = np.zeros(2**n)
    amp[0] = amp[-1] = 1 / math.sqrt(2)
    rho = DensityMatrix(Statevector(amp))
    for q in range(n):
        rho = rho.evolve(qie.depolarizing_channel(p), qargs=[q])
    probs = rho.probabilities_dict()
    expected = probs["0" * n] + probs["1" * n]
    closed = qie.ghz_consensus_probability(n_parties=n, depolarizing_probability=p)
    assert closed == pytest.approx(expected, abs=1e-12)


def test_local_coins_tend_to_one_over_e():
    # (1 - 1/N)^(N - 1) -> 1/e (a textbook limit); N = 2 gives exactly 1/2.
    assert qie.leader_election_success_probability(
        n_parties=2, resource="local_coins"
    ) == pytest.approx(0.5)
    big = qie.leader_election_success_probability(n_parties=10_000, resource="local_coins")
    assert big == pytest.approx(1 / math.e, rel=1e-3)


@pytest.mark.parametrize(
    "n, p, resource", [(5, 0.0, "w"), (5, 0.2, "w"), (8, 0.05, "w"), (6, 0.0, "local_coins")]
)
def test_simulated_attempts_match_the_formula(n, p, resource):
    r = qie.simulate_leader_election(
        n_parties=n, n_elections=20_000, depolarizing_probability=p, resource=resource, seed=7
    )
    expected = qie.leader_election_success_probability(
        n_parties=n, depolarizing_probability=p, resource=resource
    )
    assert r.expected_success == pytest.approx(expected)
    if expected == 1.0:
        assert r.attempt_success_rate == 1.0
    else:
        assert abs(r.attempt_success_rate - expected) < 4 * r.standard_error
    assert r.mean_attempts == pytest.approx(1 / r.attempt_success_rate)


def test_the_election_is_fair():
    n, elections = 6, 60_000
    r = qie.simulate_leader_election(
        n_parties=n, n_elections=elections, depolarizing_probability=0.1, seed=3
    )
    counts = np.array(r.leader_counts)
    assert counts.sum() == elections
    expected = elections / n
    chi2 = float(((counts - expected) ** 2 / expected).sum())
    assert chi2 < 20.5  # 99.9 % quantile of chi-square with 5 degrees of freedom


def test_ghz_consensus_sampling():
    r = qie.simulate_ghz_consensus(
        n_parties=5, depolarizing_probability=0.2, n_shots=100_000, seed=4
    )
    assert r.expected_agreement == pytest.approx(0.9**5 + 0.1**5)
    assert abs(r.agreement_rate - r.expected_agreement) < 4 * r.standard_error
    se_bit = math.sqrt(0.25 / (r.agreement_rate * r.n_shots))
    assert r.mean_common_bit == pytest.approx(0.5, abs=4 * se_bit)


def test_same_seed_same_result():
    kw = dict(n_parties=7, n_elections=500, depolarizing_probability=0.3, seed=11)
    assert qie.simulate_leader_election(**kw) == qie.simulate_leader_election(**kw)


@pytest.mark.parametrize(
    "func, kwargs, name",
    [
        (qie.leader_election_success_probability, dict(n_parties=1), "n_parties"),
        (
            qie.leader_election_success_probability,
            dict(n_parties=3, depolarizing_probability=1.2),
            "depolarizing_probability",
        ),
        (
            qie.leader_election_success_probability,
            dict(n_parties=3, depolarizing_probability=0.1, resource="local_coins"),
            "depolarizing_probability",
        ),
        (
            qie.simulate_leader_election,
            dict(n_parties=3, n_elections=10, resource="ghz"),
            "resource",
        ),
        (
            qie.simulate_leader_election,
            dict(n_parties=3, n_elections=10, depolarizing_probability=1.0),
            "depolarizing_probability",
        ),
        (qie.simulate_leader_election, dict(n_parties=3, n_elections=0), "n_elections"),
    ],
)
def test_bad_inputs_name_the_parameter(func, kwargs, name):
    with pytest.raises(ValueError, match=name):
        func(**kwargs)
