"""Noise channels: Kraus maps are trace preserving; closed forms match density matrices."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from qiskit.quantum_info import DensityMatrix, Kraus, Operator, SuperOp, partial_trace

import qinternet_edu as qie

CHANNELS = {
    "depolarizing": (qie.depolarizing_channel, qie.werner_fidelity_after_depolarizing, "p"),
    "dephasing": (qie.dephasing_channel, qie.werner_fidelity_after_dephasing, "p"),
    "amplitude_damping": (
        qie.amplitude_damping_channel,
        qie.werner_fidelity_after_amplitude_damping,
        "gamma",
    ),
}

probabilities = st.floats(min_value=0.0, max_value=1.0)
werner_fidelities = st.floats(min_value=0.25, max_value=1.0)


@settings(max_examples=50, deadline=None)
@given(name=st.sampled_from(sorted(CHANNELS)), prob=probabilities)
def test_every_kraus_map_is_trace_preserving(name, prob):
    channel = CHANNELS[name][0](prob)
    assert isinstance(channel, Kraus)
    total = sum(k.conj().T @ k for k in channel.data)
    assert np.allclose(total, np.eye(2), atol=1e-12)
    assert channel.is_cptp(atol=1e-10)


@settings(max_examples=50, deadline=None)
@given(
    name=st.sampled_from(sorted(CHANNELS)),
    fidelity=werner_fidelities,
    prob=probabilities,
    qubit=st.sampled_from([0, 1]),
)
def test_closed_forms_match_density_matrices_on_one_qubit(name, fidelity, prob, qubit):
    make_channel, closed_form, _ = CHANNELS[name]
    rho = qie.werner_state(fidelity)
    out = rho.evolve(make_channel(prob), qargs=[qubit])
    explicit = qie.fidelity(out, qie.bell_statevector("phi+"))
    assert closed_form(fidelity, prob) == pytest.approx(explicit, abs=1e-9)
    assert 0.0 <= closed_form(fidelity, prob) <= 1.0


@settings(max_examples=50, deadline=None)
@given(name=st.sampled_from(sorted(CHANNELS)), fidelity=werner_fidelities, prob=probabilities)
def test_closed_forms_match_density_matrices_on_both_qubits(name, fidelity, prob):
    make_channel, closed_form, _ = CHANNELS[name]
    channel = make_channel(prob)
    out = qie.werner_state(fidelity).evolve(channel, qargs=[0]).evolve(channel, qargs=[1])
    explicit = qie.fidelity(out, qie.bell_statevector("phi+"))
    assert closed_form(fidelity, prob, both_qubits=True) == pytest.approx(explicit, abs=1e-9)


def test_closed_forms_on_a_grid_against_a_direct_overlap():
    # Independent of qie.fidelity: <phi+|rho|phi+> from the raw matrix.
    phi = qie.bell_statevector("phi+").data
    grid_f = np.linspace(0.25, 1.0, 7)
    grid_p = np.linspace(0.0, 1.0, 6)
    for name, (make_channel, closed_form, _) in CHANNELS.items():
        for p in grid_p:
            channel = make_channel(float(p))
            values = closed_form(grid_f, float(p))
            both = closed_form(grid_f, float(p), both_qubits=True)
            for f, v, b in zip(grid_f, values, both, strict=True):
                rho = qie.werner_state(float(f))
                one = rho.evolve(channel, qargs=[1]).data
                two = rho.evolve(channel, qargs=[0]).evolve(channel, qargs=[1]).data
                assert v == pytest.approx(np.real(phi.conj() @ one @ phi), abs=1e-12), name
                assert b == pytest.approx(np.real(phi.conj() @ two @ phi), abs=1e-12), name


def test_depolarizing_matches_its_stated_convention():
    p = 0.3
    rho = DensityMatrix(np.array([[0.7, 0.2 + 0.1j], [0.2 - 0.1j, 0.3]]))
    out = rho.evolve(qie.depolarizing_channel(p)).data
    assert np.allclose(out, (1 - p) * rho.data + p * np.eye(2) / 2, atol=1e-14)


def test_dephasing_matches_its_stated_convention():
    p = 0.2
    rho = DensityMatrix(np.array([[0.6, 0.3j], [-0.3j, 0.4]]))
    z = np.diag([1.0, -1.0])
    out = rho.evolve(qie.dephasing_channel(p)).data
    assert np.allclose(out, (1 - p) * rho.data + p * z @ rho.data @ z, atol=1e-14)


def test_amplitude_damping_matches_its_stated_convention():
    g = 0.25
    rho = DensityMatrix(np.array([[0.4, 0.2], [0.2, 0.6]]))
    out = rho.evolve(qie.amplitude_damping_channel(g)).data
    expected = np.array(
        [[0.4 + g * 0.6, np.sqrt(1 - g) * 0.2], [np.sqrt(1 - g) * 0.2, (1 - g) * 0.6]]
    )
    assert np.allclose(out, expected, atol=1e-14)


def test_depolarizing_on_one_qubit_keeps_a_werner_pair():
    out = qie.apply_to_one_qubit_of_pair(qie.werner_state(0.9), qie.depolarizing_channel(0.2))
    f = qie.werner_fidelity_after_depolarizing(0.9, 0.2)
    assert np.allclose(out.data, qie.werner_state(f).data, atol=1e-12)


def test_amplitude_damping_leaves_the_bell_diagonal_family():
    out = qie.apply_to_one_qubit_of_pair(qie.bell_state(), qie.amplitude_damping_channel(0.5))
    # A Bell-diagonal state has maximally mixed marginals; this one does not.
    marginal = partial_trace(out, [1]).data  # the damped qubit 0
    assert not np.allclose(marginal, np.eye(2) / 2, atol=1e-3)


def test_known_values():
    # Depolarizing one qubit of phi+ with p leaves 1 - 3p/4.
    assert qie.werner_fidelity_after_depolarizing(1.0, 0.4) == pytest.approx(0.7, abs=1e-15)
    # Full dephasing (p = 1/2) on one qubit: phi+ becomes (phi+ + phi-)/2 mixture.
    assert qie.werner_fidelity_after_dephasing(1.0, 0.5) == pytest.approx(0.5, abs=1e-15)
    # Dephasing with p = 1 turns phi+ into phi-.
    assert qie.werner_fidelity_after_dephasing(1.0, 1.0) == pytest.approx(0.0, abs=1e-15)
    # Full amplitude damping on one qubit gives |0><0| (x) I/2: fidelity 1/4.
    assert qie.werner_fidelity_after_amplitude_damping(1.0, 1.0) == pytest.approx(0.25, abs=1e-15)
    # White noise stays white noise under unital channels.
    assert qie.werner_fidelity_after_depolarizing(0.25, 0.3) == pytest.approx(0.25, abs=1e-15)


def test_closed_forms_broadcast_and_return_types():
    f = np.array([0.5, 0.75, 1.0])
    out = qie.werner_fidelity_after_depolarizing(f, 0.1)
    assert isinstance(out, np.ndarray)
    assert out.shape == (3,)
    grid = qie.werner_fidelity_after_dephasing(f[:, None], np.array([0.0, 0.5]))
    assert grid.shape == (3, 2)
    assert grid[:, 0] == pytest.approx(f, abs=1e-15)
    assert isinstance(qie.werner_fidelity_after_amplitude_damping(0.9, 0.1), float)
    assert isinstance(qie.werner_fidelity_after_amplitude_damping(0.9, np.array(0.1)), np.ndarray)


def test_apply_to_both_qubits_matches_manual_evolution():
    channel = qie.amplitude_damping_channel(0.3)
    rho = qie.werner_state(0.8)
    manual = rho.evolve(channel, qargs=[1]).evolve(channel, qargs=[0])
    assert np.allclose(qie.apply_to_both_qubits_of_pair(rho, channel).data, manual.data)


def test_apply_accepts_statevectors_and_other_channel_types():
    out = qie.apply_to_one_qubit_of_pair(
        qie.bell_statevector(), qie.dephasing_channel(0.5), qubit=1
    )
    assert isinstance(out, DensityMatrix)
    assert qie.fidelity(out, qie.bell_state()) == pytest.approx(0.5, abs=1e-12)
    unitary = Operator(np.array([[0, 1], [1, 0]]))  # X on qubit 0: phi+ -> psi+
    flipped = qie.apply_to_one_qubit_of_pair(qie.bell_state(), SuperOp(unitary))
    assert qie.fidelity(flipped, qie.bell_state("psi+")) == pytest.approx(1.0, abs=1e-12)


@pytest.mark.parametrize("make_channel", [c[0] for c in CHANNELS.values()])
@pytest.mark.parametrize("bad", [-0.1, 1.1, float("nan")])
def test_channels_reject_bad_probabilities(make_channel, bad):
    with pytest.raises(ValueError, match=r"p must|gamma must"):
        make_channel(bad)


@pytest.mark.parametrize("make_channel", [c[0] for c in CHANNELS.values()])
@pytest.mark.parametrize("bad", [True, "0.1", None, [0.1, 0.2]])
def test_channels_reject_non_numbers(make_channel, bad):
    with pytest.raises(TypeError, match=r"p must|gamma must"):
        make_channel(bad)


@pytest.mark.parametrize("name", sorted(CHANNELS))
def test_closed_forms_reject_bad_inputs(name):
    closed_form, param = CHANNELS[name][1], CHANNELS[name][2]
    with pytest.raises(ValueError, match="fidelity"):
        closed_form(0.2, 0.1)
    with pytest.raises(ValueError, match="fidelity"):
        closed_form(float("nan"), 0.1)
    with pytest.raises(ValueError, match=param):
        closed_form(0.9, 1.5)
    with pytest.raises(ValueError, match=param):
        closed_form(0.9, -0.5)
    with pytest.raises(TypeError, match="fidelity"):
        closed_form("0.9", 0.1)
    with pytest.raises(TypeError, match=param):
        closed_form(0.9, True)
    with pytest.raises(TypeError, match="both_qubits"):
        closed_form(0.9, 0.1, both_qubits="yes")
    with pytest.raises(ValueError, match="broadcastable"):
        closed_form(np.full(3, 0.9), np.full(2, 0.1))


def test_apply_rejects_bad_inputs():
    channel = qie.depolarizing_channel(0.1)
    with pytest.raises(TypeError, match="state"):
        qie.apply_to_one_qubit_of_pair(np.eye(4) / 4, channel)
    with pytest.raises(ValueError, match="two-qubit"):
        qie.apply_to_one_qubit_of_pair(DensityMatrix.from_label("0"), channel)
    with pytest.raises(TypeError, match="channel"):
        qie.apply_to_one_qubit_of_pair(qie.bell_state(), "depolarizing")
    with pytest.raises(ValueError, match="one qubit"):
        qie.apply_to_both_qubits_of_pair(qie.bell_state(), Kraus(np.eye(4)))
    with pytest.raises(ValueError, match="qubit"):
        qie.apply_to_one_qubit_of_pair(qie.bell_state(), channel, qubit=2)
    with pytest.raises(TypeError, match="qubit"):
        qie.apply_to_one_qubit_of_pair(qie.bell_state(), channel, qubit=True)
