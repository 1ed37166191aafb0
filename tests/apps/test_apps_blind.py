"""Blind quantum computation (Broadbent, Fitzsimons, Kashefi 2009): blindness, correctness."""

import math

import numpy as np
import pytest
from qiskit import QuantumCircuit
from qiskit.quantum_info import Statevector
from scipy.stats import chi2_contingency

import qinternet_edu as qie
from qinternet_edu.apps.blind import (
    server_view_distribution,
    server_view_statistics,
    ubqc_single_qubit_round,
)

GRID = [k * math.pi / 4 for k in range(8)]


def _measure_plus_at(phi):
    """P(outcome 0) when |+> is measured in the basis |+-_phi>, from a statevector."""
    qc = QuantumCircuit(1)
    qc.h(0)
    qc.p(-phi, 0)
    qc.h(0)
    return float(Statevector(qc).probabilities()[0])


def test_names_are_exported_flat():
    assert qie.ubqc_single_qubit_round is ubqc_single_qubit_round
    assert qie.server_view_statistics is server_view_statistics


@pytest.mark.parametrize("phi", GRID)
def test_server_view_is_exactly_uniform_for_every_angle(phi):
    # Blindness: the circuit-level distribution of (delta, b, b2) is 1/32 for every phi.
    assert server_view_distribution(phi) == pytest.approx(np.full((8, 2, 2), 1 / 32), abs=1e-12)


def test_without_hiding_the_server_view_reveals_the_angle():
    views = [server_view_distribution(phi, blind=False) for phi in GRID]
    for k, view in enumerate(views):
        # delta = phi exactly, and b XOR b2 is the result: P(b2 != b) = sin^2(phi/2).
        assert view[k].sum() == pytest.approx(1.0, abs=1e-12)
        flip = view[k, 0, 1] + view[k, 1, 0]
        assert flip == pytest.approx(math.sin(GRID[k] / 2) ** 2, abs=1e-12)


@pytest.mark.parametrize("phi", [0.0, math.pi / 4, math.pi / 2, math.pi, 7 * math.pi / 4])
def test_sampled_view_matches_the_circuit_distribution(phi):
    n = 64_000
    st = server_view_statistics(phi, n_rounds=n, seed=11)
    expected = server_view_distribution(phi) * n
    sigma = np.sqrt(expected * (1 - 1 / 32))
    assert np.all(np.abs(st.counts - expected) < 5 * sigma)
    assert st.counts.sum() == n


def test_server_statistics_are_independent_of_the_angle():
    # Chi-square test of homogeneity across the eight angles (8 x 32 table); a seeded run
    # of a true null hypothesis, so p is not tiny. Total variation from uniform is within
    # a bound of about sqrt(32 / n).
    n = 40_000
    stats = [server_view_statistics(phi, n_rounds=n, seed=100 + i) for i, phi in enumerate(GRID)]
    table = np.array([s.counts.ravel() for s in stats])
    assert chi2_contingency(table).pvalue > 1e-3
    for s in stats:
        assert s.total_variation_from_uniform < math.sqrt(32 / n)
        assert s.p_value > 1e-4


def test_a_naive_delegation_is_not_blind():
    n = 20_000
    a = server_view_statistics(0.0, n_rounds=n, seed=1, blind=False)
    b = server_view_statistics(math.pi / 2, n_rounds=n, seed=2, blind=False)
    table = np.array([a.counts.ravel(), b.counts.ravel()])
    table = table[:, table.sum(axis=0) > 0]
    assert chi2_contingency(table).pvalue < 1e-12
    assert a.total_variation_from_uniform > 0.5


@pytest.mark.parametrize("phi", GRID)
def test_client_recovers_the_measurement_at_phi(phi):
    n = 50_000
    st = server_view_statistics(phi, n_rounds=n, seed=5)
    expected = _measure_plus_at(phi)
    assert st.expected_zero_probability == pytest.approx(expected, abs=1e-12)
    tol = 4 * math.sqrt(max(expected * (1 - expected), 1e-9) / n) + 1e-12
    assert st.client_zero_fraction == pytest.approx(expected, abs=tol)


def test_circuit_rounds_are_correct_and_seeded():
    rounds = [ubqc_single_qubit_round(3 * math.pi / 4, seed=s) for s in range(300)]
    for rnd in rounds:
        assert rnd.output_fidelity == pytest.approx(1.0, abs=1e-9)
        k = round((rnd.phi_rad + rnd.theta_rad + rnd.r * math.pi) / (math.pi / 4)) % 8
        assert rnd.delta_rad == pytest.approx(k * math.pi / 4, abs=1e-12)
        assert rnd.client_result == rnd.server_readout ^ rnd.server_outcome ^ rnd.r
    p0 = _measure_plus_at(3 * math.pi / 4)
    frac = np.mean([rnd.client_result == 0 for rnd in rounds])
    assert frac == pytest.approx(p0, abs=4 * math.sqrt(p0 * (1 - p0) / 300))
    assert ubqc_single_qubit_round(math.pi, seed=9) == ubqc_single_qubit_round(math.pi, seed=9)
    a = server_view_statistics(math.pi, n_rounds=100, seed=4)
    b = server_view_statistics(math.pi, n_rounds=100, seed=4)
    assert a == b
    assert np.array_equal(a.counts, b.counts)


def test_angles_equal_modulo_two_pi_are_accepted():
    assert server_view_distribution(-math.pi / 4) == pytest.approx(
        server_view_distribution(7 * math.pi / 4), abs=1e-12
    )


@pytest.mark.parametrize(
    ("func", "kwargs"),
    [
        (ubqc_single_qubit_round, {}),
        (server_view_distribution, {}),
        (server_view_statistics, {"n_rounds": 10}),
    ],
)
def test_angles_off_the_grid_are_rejected(func, kwargs):
    with pytest.raises(ValueError, match="phi_rad"):
        func(0.3, **kwargs)
    with pytest.raises(ValueError, match="phi_rad"):
        func(float("nan"), **kwargs)
    with pytest.raises(TypeError, match="phi_rad"):
        func("pi", **kwargs)


def test_bad_inputs_are_rejected():
    with pytest.raises(ValueError, match="n_rounds"):
        server_view_statistics(0.0, n_rounds=0)
    with pytest.raises(TypeError, match="n_rounds"):
        server_view_statistics(0.0, n_rounds=10.0)
    with pytest.raises(TypeError, match="blind"):
        server_view_statistics(0.0, n_rounds=10, blind=1)
    with pytest.raises(TypeError, match="blind"):
        server_view_distribution(0.0, blind="yes")
    with pytest.raises(TypeError, match="seed"):
        ubqc_single_qubit_round(0.0, seed=-1)
