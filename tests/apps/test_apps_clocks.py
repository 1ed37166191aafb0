"""Entangled clock synchronization (Jozsa et al. 2000) and GHZ clocks (Komar et al. 2014)."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from qiskit import QuantumCircuit
from qiskit.quantum_info import Pauli, Statevector

import qinternet_edu as qie
from qinternet_edu.apps.clocks import (
    clock_sync_correlations,
    ghz_vs_independent_clocks,
    simulate_clock_sync,
)

F_HZ = 1e9  # a 1 GHz qubit transition: one period is 1 ns


def _singlet_correlations(offset_s, frequency_hz):
    """<X_A X_B>, <X_A Y_B> from a statevector: singlet, Bob's qubit precesses for Delta."""
    qc = QuantumCircuit(2)  # qubit 0 = Alice, qubit 1 = Bob
    qc.x([0, 1])
    qc.h(0)
    qc.cx(0, 1)  # (|01> - |10>)/sqrt2
    qc.rz(2 * math.pi * frequency_hz * offset_s, 1)  # free evolution exp(-i w t Z / 2)
    psi = Statevector(qc)
    return (
        float(psi.expectation_value(Pauli("XX")).real),
        float(psi.expectation_value(Pauli("YX")).real),  # label q1 q0: Y on Bob, X on Alice
    )


def test_names_are_exported_flat():
    assert qie.simulate_clock_sync is simulate_clock_sync
    assert qie.ghz_vs_independent_clocks is ghz_vs_independent_clocks


def test_singlet_is_the_prepared_state():
    qc = QuantumCircuit(2)
    qc.x([0, 1])
    qc.h(0)
    qc.cx(0, 1)
    assert Statevector(qc).equiv(Statevector(np.array([0, 1, -1, 0]) / math.sqrt(2)))


@pytest.mark.parametrize("offset", [0.0, 1e-10, -2.2e-10, 3.7e-10, -4.9e-10])
def test_correlations_match_a_statevector_computation(offset):
    xx, xy = clock_sync_correlations(offset, frequency_hz=F_HZ)
    exx, exy = _singlet_correlations(offset, F_HZ)
    assert xx == pytest.approx(exx, abs=1e-12)
    assert xy == pytest.approx(exy, abs=1e-12)
    # Jozsa et al.: anticorrelation probability in the X basis is cos^2(w Delta / 2).
    assert (1 - xx) / 2 == pytest.approx(math.cos(math.pi * F_HZ * offset) ** 2, abs=1e-12)


@pytest.mark.parametrize("offset", [0.0, 1.3e-10, -3e-10, 4.5e-10])
def test_estimate_converges_to_the_true_offset(offset):
    previous = None
    for n in (1_000, 10_000, 100_000, 1_000_000):
        res = simulate_clock_sync(offset, n_pairs=n, frequency_hz=F_HZ, seed=n)
        assert res.estimated_offset_s == pytest.approx(offset, abs=4.5 * res.standard_error_s)
        if previous is not None:
            # 10x more pairs: the error shrinks by sqrt(10) (1/sqrt(N)), within 10 %.
            assert previous / res.standard_error_s == pytest.approx(math.sqrt(10), rel=0.1)
        previous = res.standard_error_s
    assert previous < 1e-12


def test_standard_error_matches_the_spread_over_seeds():
    n, offset = 4_000, 2e-10
    runs = [simulate_clock_sync(offset, n_pairs=n, frequency_hz=F_HZ, seed=s) for s in range(400)]
    errors = np.array([r.estimated_offset_s - offset for r in runs])
    predicted = np.mean([r.standard_error_s for r in runs])
    # Sample std of 400 draws is within ~3.5 % (1/sqrt(2*400)); allow 15 %.
    assert np.std(errors) == pytest.approx(predicted, rel=0.15)
    assert abs(np.mean(errors)) < 4 * predicted / math.sqrt(400)


def test_seeded_runs_repeat():
    a = simulate_clock_sync(1e-10, n_pairs=1000, frequency_hz=F_HZ, seed=5)
    assert a == simulate_clock_sync(1e-10, n_pairs=1000, frequency_hz=F_HZ, seed=5)
    g = ghz_vs_independent_clocks(4, n_trials=50, seed=6)
    h = ghz_vs_independent_clocks(4, n_trials=50, seed=6)
    assert g == h
    assert np.array_equal(g.estimates, h.estimates)


def test_ghz_closed_forms_and_gain():
    for n in (1, 2, 5, 10, 50):
        cmp = ghz_vs_independent_clocks(n, n_repetitions=10)
        assert cmp.independent_variance_rad2 == pytest.approx(1 / (10 * n), rel=1e-15)
        assert cmp.ghz_variance_rad2 == pytest.approx(1 / (10 * n * n), rel=1e-15)
        assert cmp.gain == n
        assert cmp.ghz_variance_sampled is None


@pytest.mark.parametrize("n", [1, 3, 8, 20])
def test_ghz_monte_carlo_reaches_the_heisenberg_scaling(n):
    cmp = ghz_vs_independent_clocks(n, n_repetitions=400, n_trials=8000, seed=n)
    # The variance of 8000 samples is within ~1.6 % (sqrt(2/8000)); arcsin bias ~1/nu; allow 8 %.
    assert cmp.independent_variance_sampled == pytest.approx(1 / (400 * n), rel=0.08)
    assert cmp.ghz_variance_sampled == pytest.approx(1 / (400 * n * n), rel=0.08)
    if n > 1:
        assert cmp.ghz_variance_sampled < cmp.independent_variance_sampled


def test_ghz_small_phase_is_estimated_without_bias():
    cmp = ghz_vs_independent_clocks(5, n_repetitions=1000, phase_rad=0.05, n_trials=4000, seed=2)
    ghz_estimates = cmp.estimates[1]
    sigma = math.sqrt(cmp.ghz_variance_rad2 / 4000 / math.cos(5 * 0.05) ** 2)
    assert np.mean(ghz_estimates) == pytest.approx(0.05, abs=5 * sigma)


@settings(max_examples=40, deadline=None)
@given(st.floats(-0.49e-9, 0.49e-9), st.integers(0, 2**31))
def test_estimate_is_within_a_period_and_half_a_period_of_truth(offset, seed):
    res = simulate_clock_sync(offset, n_pairs=200, frequency_hz=F_HZ, seed=seed)
    assert abs(res.estimated_offset_s) <= 0.5e-9 + 1e-21
    assert res.standard_error_s > 0


def test_bad_inputs_are_rejected():
    with pytest.raises(ValueError, match="true_offset_s"):
        simulate_clock_sync(0.6e-9, n_pairs=100, frequency_hz=F_HZ)
    with pytest.raises(TypeError, match="true_offset_s"):
        simulate_clock_sync([0.0, 1e-10], n_pairs=100, frequency_hz=F_HZ)
    with pytest.raises(ValueError, match="n_pairs"):
        simulate_clock_sync(0.0, n_pairs=1, frequency_hz=F_HZ)
    with pytest.raises(TypeError, match="n_pairs"):
        simulate_clock_sync(0.0, n_pairs=10.0, frequency_hz=F_HZ)
    with pytest.raises(ValueError, match="frequency_hz"):
        simulate_clock_sync(0.0, n_pairs=100, frequency_hz=0.0)
    with pytest.raises(ValueError, match="offset_s"):
        clock_sync_correlations(float("nan"), frequency_hz=F_HZ)
    with pytest.raises(ValueError, match="frequency_hz"):
        clock_sync_correlations(0.0, frequency_hz=-1.0)
    with pytest.raises(ValueError, match="n_clocks"):
        ghz_vs_independent_clocks(0)
    with pytest.raises(ValueError, match="n_repetitions"):
        ghz_vs_independent_clocks(3, n_repetitions=0)
    with pytest.raises(ValueError, match="phase_rad"):
        ghz_vs_independent_clocks(10, phase_rad=0.2)
    with pytest.raises(ValueError, match="n_trials"):
        ghz_vs_independent_clocks(3, n_trials=-1)
    with pytest.raises(TypeError, match="phase_rad"):
        ghz_vs_independent_clocks(3, phase_rad=[0.0])
