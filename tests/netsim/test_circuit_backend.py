"""Circuit-level backend: node programs that apply gates agree with the library's closed forms."""

import math

import numpy as np
import pytest

import qinternet_edu as qie
from qinternet_edu import netsim
from qinternet_edu.network import QuantumNetwork

CARDINAL = [
    (0.0, 0.0),
    (math.pi, 0.0),
    (math.pi / 2, 0.0),
    (math.pi / 2, math.pi),
    (math.pi / 2, math.pi / 2),
    (math.pi / 2, -math.pi / 2),
]  # (theta, phi) on the sphere


def pair_of_computers(length_km=5.0):
    net = QuantumNetwork()
    net.add_node("Alice", kind="quantum computer").add_node("Bob", kind="quantum computer")
    return net.add_fiber("Alice", "Bob", length_km=length_km)


def target_state(theta, phi):
    return np.array([math.cos(theta / 2), np.exp(1j * phi) * math.sin(theta / 2)])


def teleport(theta, phi, fidelity, seed):
    def alice(node):
        data = node.new_qubit()
        node.apply("ry", data, angle=theta)
        node.apply("rz", data, angle=phi)
        half = yield node.entangle("Bob")
        m_z, m_x = node.swap(data, half)  # the Bell measurement of teleportation
        yield node.send("Bob", (m_z, m_x))

    def bob(node):
        half = yield node.entangle("Alice")
        m_z, m_x = yield node.receive("Alice")
        node.correct(half, m_z, m_x)
        rho = node._sim.backend.density_matrix([half], time_s=node.now)
        psi = target_state(theta, phi)
        return float(np.real(psi.conj() @ np.asarray(rho.data) @ psi))

    res = netsim.run(
        pair_of_computers(),
        {"Alice": alice, "Bob": bob},
        backend="circuit",
        link_fidelity=fidelity,
        seed=seed,
    )
    return res


@pytest.mark.parametrize("fidelity", [1.0, 0.9, 0.7, 0.5])
def test_teleportation_through_a_werner_pair_matches_2f_plus_1_over_3(fidelity):
    fids = [teleport(t, p, fidelity, seed=k).returns["Bob"] for k, (t, p) in enumerate(CARDINAL)]
    # a Werner pair depolarizes every input alike, so each state (not only the mean) gives it
    expected = qie.teleportation_fidelity(fidelity)
    assert np.mean(fids) == pytest.approx(expected, abs=1e-9)
    assert fids == pytest.approx([(2 * fidelity + 1) / 3] * 6, abs=1e-9)  # by hand


def test_teleportation_needs_stage_3():
    res = teleport(0.3, 0.2, 0.9, seed=1)
    assert res.stage == qie.Stage.QUANTUM_MEMORY and res.backend == "circuit"


def test_nonlocal_cnot_process_fidelity_is_the_pair_fidelity():
    fidelity = 0.85

    def alice(node):
        ref, control = node.new_qubit(), node.new_qubit()
        node.apply("h", ref)
        node.apply("cnot", ref, control)  # control maximally entangled with a reference
        a = yield node.entangle("Bob")
        node.apply("cnot", control, a)
        yield node.send("Bob", node.measure(a, "Z"))
        if (yield node.receive("Bob")):
            node.apply("z", control)
        yield node.send("Bob", "done")
        return ref, control

    def bob(node):
        ref, target = node.new_qubit(), node.new_qubit()
        node.apply("h", ref)
        node.apply("cnot", ref, target)
        b = yield node.entangle("Alice")
        if (yield node.receive("Alice")):
            node.apply("x", b)
        node.apply("cnot", b, target)
        yield node.send("Alice", node.measure(b, "X"))
        yield node.receive("Alice")
        return ref, target

    sim = netsim.Simulation(pair_of_computers(), backend="circuit", link_fidelity=fidelity, seed=4)
    res = sim.run({"Alice": alice, "Bob": bob})
    ref_a, control = res.returns["Alice"]
    ref_b, target = res.returns["Bob"]
    rho = sim.backend.density_matrix([control, target, ref_a, ref_b], time_s=res.end_time_s)
    from qiskit import QuantumCircuit
    from qiskit.quantum_info import DensityMatrix, state_fidelity

    ideal = QuantumCircuit(4)
    ideal.h([2, 3])
    ideal.cx(2, 0)
    ideal.cx(3, 1)
    ideal.cx(0, 1)
    f_pro = state_fidelity(rho, DensityMatrix(ideal))
    assert f_pro == pytest.approx(
        qie.nonlocal_cnot_fidelity_closed_form(fidelity, kind="process"), abs=1e-9
    )
    assert f_pro == pytest.approx(qie.nonlocal_cnot_fidelity(fidelity).process_fidelity, abs=1e-9)


@pytest.mark.parametrize("backend", ["werner", "circuit"])
def test_both_backends_agree_on_a_swap_with_decaying_memories(backend):
    net = (
        QuantumNetwork()
        .add_node("Alice", kind="repeater")
        .add_node("R", kind="repeater")
        .add_node("Bob", kind="repeater")
        .add_fiber("Alice", "R", length_km=30.0)
        .add_fiber("R", "Bob", length_km=5.0)
    )

    def repeater(node):
        left, right = yield node.all(node.entangle("Alice"), node.entangle("Bob"))
        yield node.send("Bob", node.swap(left, right))

    def alice(node):
        q = yield node.entangle("R")
        yield node.receive("Bob")
        return node.fidelity(q), node.now

    def bob(node):
        q = yield node.entangle("R")
        m_z, m_x = yield node.receive("R")
        node.correct(q, m_z, m_x)
        yield node.send("Alice", "corrected")
        yield node.wait(0.0)

    times = {"Alice": 0.05, "R": 0.02, "Bob": 0.1}
    sim = netsim.Simulation(
        net, backend=backend, coherence_time_s=times, link_fidelity=0.95, seed=21
    )
    res = sim.run({"Alice": alice, "R": repeater, "Bob": bob})
    f, _ = res.returns["Alice"]
    # the same seed draws the same heralding times in both backends, so the same number results
    reference = netsim.Simulation(
        net, backend="werner", coherence_time_s=times, link_fidelity=0.95, seed=21
    )
    ref = reference.run({"Alice": alice, "R": repeater, "Bob": bob}).returns["Alice"][0]
    assert f == pytest.approx(ref, abs=1e-9)
    assert 0.25 < f < qie.swap_fidelity(0.95, 0.95)


def test_gates_need_the_circuit_backend():
    def alice(node):
        yield node.wait(0.0)
        node.new_qubit()

    with pytest.raises(ValueError, match="backend='circuit'"):
        netsim.run(pair_of_computers(), {"Alice": alice}, seed=1)


@pytest.mark.parametrize("k", range(8))
def test_blind_computing_round_as_node_programs_gives_cos_squared(k):
    # one UBQC round (Broadbent, Fitzsimons, Kashefi 2009) on the two-qubit fragment of
    # qie.apps.blind: the client hides phi with theta and r; the decoded result is 0 with
    # probability cos^2(phi/2), whatever theta and r are
    phi = k * math.pi / 4
    rng = np.random.default_rng(k)
    theta = int(rng.integers(8)) * math.pi / 4
    r = int(rng.integers(2))

    def client(node):
        q1, q2 = node.new_qubit(), node.new_qubit()
        node.apply("h", q1)
        node.apply("rz", q1, angle=theta)  # |+_theta>
        node.apply("h", q2)  # |+>
        a1, a2 = yield node.all(node.entangle("Bob"), node.entangle("Bob"))
        yield node.send("Bob", (node.swap(q1, a1), node.swap(q2, a2)))  # teleport both
        yield node.send("Bob", phi + theta + r * math.pi)  # delta
        b = yield node.receive("Bob")
        return b ^ r  # s

    def server(node):
        h1, h2 = yield node.all(node.entangle("Alice"), node.entangle("Alice"))
        (z1, x1), (z2, x2) = yield node.receive("Alice")
        node.correct(h1, z1, x1)
        node.correct(h2, z2, x2)
        node.apply("cz", h1, h2)
        delta = yield node.receive("Alice")
        node.apply("rz", h1, angle=-delta)
        yield node.send("Alice", node.measure(h1, "X"))  # measured in the |+-_delta> basis
        return h2

    sim = netsim.Simulation(pair_of_computers(), backend="circuit", seed=k)
    res = sim.run({"Alice": client, "Bob": server})
    s, out = res.returns["Alice"], res.returns["Bob"]
    rho = np.asarray(sim.backend.density_matrix([out], time_s=res.end_time_s).data)
    p_result_0 = float(np.real(rho[s, s]))  # the read-out m2 equals s: decoded result m2 ^ s = 0
    assert p_result_0 == pytest.approx(math.cos(phi / 2) ** 2, abs=1e-9)
