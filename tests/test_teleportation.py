"""Teleportation through noisy Werner pairs: circuit, density matrices, (2F+1)/3."""

import numpy as np
import pytest
from qiskit.quantum_info import DensityMatrix, Statevector, partial_trace, state_fidelity

import qinternet_edu as qie


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_perfect_pair_teleports_exactly(seed):
    qc = qie.teleport_circuit(seed=seed)
    state = Statevector(qc.data[0].operation.params)  # the prepared (random) input
    bob = partial_trace(Statevector(qc), [0, 1])
    assert state_fidelity(bob, state) == pytest.approx(1.0, abs=1e-9)


def test_circuit_is_seeded_and_measurement_does_not_change_bob():
    a = qie.teleport_circuit(seed=4)
    b = qie.teleport_circuit(seed=4)
    np.testing.assert_allclose(a.data[0].operation.params, b.data[0].operation.params)
    measured = qie.teleport_circuit([0.6, 0.8j], measure=True)
    assert measured.count_ops()["measure"] == 2
    unmeasured = qie.teleport_circuit([0.6, 0.8j])
    rho = DensityMatrix(unmeasured)
    assert state_fidelity(partial_trace(rho, [0, 1]), Statevector([0.6, 0.8j])) == (
        pytest.approx(1.0, abs=1e-9)
    )
    assert measured.num_clbits == 2 and unmeasured.num_clbits == 0


@pytest.mark.parametrize("f", [0.25, 0.4, 0.5, 0.75, 0.9, 1.0])
def test_cardinal_average_is_two_f_plus_one_over_three(f):
    res = qie.simulate_teleportation(f, n_states=6)
    assert res.average_fidelity == pytest.approx((2 * f + 1) / 3, abs=1e-9)
    assert res.expected_fidelity == pytest.approx(qie.teleportation_fidelity(f), abs=1e-15)
    assert res.beats_classical == (f > 0.5)
    assert res.classical_limit == pytest.approx(2 / 3)


def test_teleport_state_matches_qiskit_density_matrix_evolution():
    # independent route: DensityMatrix.evolve of the circuit with the Werner pair as input
    f = 0.7
    state = Statevector([np.cos(0.4), np.exp(0.3j) * np.sin(0.4)])
    body = qie.teleport_circuit(state, prepare_pair=False)
    rho = DensityMatrix(Statevector([1, 0])).expand(qie.werner_state(f)).evolve(body)
    expected = partial_trace(rho, [0, 1])
    got = qie.teleport_state(state, pair_fidelity=f)
    np.testing.assert_allclose(got.data, expected.data, atol=1e-9)
    # for a Werner pair the fidelity is the same for every input: (2F + 1)/3
    assert state_fidelity(got, state) == pytest.approx((2 * f + 1) / 3, abs=1e-9)


def test_haar_average_within_statistics():
    res = qie.simulate_teleportation(0.6, n_states=200, states="haar", seed=3)
    se = res.fidelities.std(ddof=1) / np.sqrt(200) + 1e-12
    assert res.average_fidelity == pytest.approx((2 * 0.6 + 1) / 3, abs=4 * se + 1e-9)
    again = qie.simulate_teleportation(0.6, n_states=200, states="haar", seed=3)
    np.testing.assert_array_equal(res.fidelities, again.fidelities)


def test_beats_two_thirds_exactly_above_one_half():
    for f in np.linspace(0.25, 1.0, 16):
        res = qie.simulate_teleportation(float(f))
        assert res.beats_classical == (f > 0.5 + 1e-12)


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: qie.simulate_teleportation(1.2), ValueError, "pair_fidelity"),
        (lambda: qie.simulate_teleportation(0.1), ValueError, "pair_fidelity"),
        (lambda: qie.simulate_teleportation(0.9, n_states=0), ValueError, "n_states"),
        (lambda: qie.simulate_teleportation(0.9, states="all"), ValueError, "states"),
        (lambda: qie.teleport_state([1, 1], pair_fidelity=0.9), ValueError, "normalized"),
        (lambda: qie.teleport_state([1, 0, 0], pair_fidelity=0.9), ValueError, "state"),
        (lambda: qie.teleport_state([1, 0], pair_fidelity=-1), ValueError, "pair_fidelity"),
        (lambda: qie.teleport_circuit("abc"), TypeError, "state"),
        (lambda: qie.teleport_circuit(seed=-1), TypeError, "seed"),
    ],
)
def test_bad_inputs(call, error, match):
    with pytest.raises(error, match=match):
        call()
