"""A round of blind quantum computing written as node programs for the event-level network.

The client and server programs of one UBQC round (the two-qubit fragment of
:mod:`qinternet_edu.apps.blind`), run on :mod:`qinternet_edu.netsim` at circuit
level. The client has no quantum computer: it prepares ``|+_theta>`` and ``|+>``
and hands them to the server by teleportation over two heralded pairs (a stage-3
client here; a client that sends photons directly needs only stage 1, the
rewrite module 16 discusses). The server applies CZ, measures qubit 1 at the
angle ``delta = phi + theta + r pi`` the client sends, and reports the bit; the
client decodes ``s = b XOR r``. The decoded result is 0 with probability
``cos^2(phi / 2)`` whatever ``theta`` and ``r`` are, and the server sees only
``delta`` (uniform on the eight angles) and ``b``.

Source: A. Broadbent, J. Fitzsimons, E. Kashefi, "Universal blind quantum
computation", Proc. 50th IEEE FOCS, 517 (2009), arXiv:0807.4154; teleportation,
C. H. Bennett et al., Phys. Rev. Lett. 70, 1895 (1993).

Example:
    >>> import math
    >>> r = blind_round_on_network(math.pi / 2, seed=3)
    >>> round(r.p_result_0, 6), int(r.stage)
    (0.5, 3)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .._validation import check_int, make_rng
from .blind import _angle_index

__all__ = ["BlindProgramRound", "blind_round_on_network", "blind_round_programs"]


@dataclass(frozen=True)
class BlindProgramRound:
    """One blind round run as node programs.

    Attributes:
        phi_rad: the client's secret angle.
        delta_rad: the angle the server was told (all it learns, with its bit).
        server_bit: the bit the server measured and reported.
        result: the client's decoded bit ``s`` (it undoes the X byproduct on the output).
        p_result_0: probability that the computation's result (the output's read-out
            XOR ``s``) is 0, from the final state: ``cos^2(phi / 2)``.
        stage: the lowest stage the run needed.
    """

    phi_rad: float
    delta_rad: float
    server_bit: int
    result: int
    p_result_0: float
    stage: object


def blind_round_programs(phi_rad, *, theta_index, r, client="Client", server="Server"):
    """The client's and server's programs of one round (dict name -> generator function).

    Args:
        phi_rad: the secret angle, a multiple of pi/4.
        theta_index: the client's secret theta = theta_index x pi/4 (0-7).
        r: the client's secret bit (0 or 1).

    Returns:
        dict: ``{client: program, server: program}``; the client returns
        ``(s, delta, b)``, the server its output qubit.
    """
    k = _angle_index("phi_rad", phi_rad)
    theta = check_int("theta_index", theta_index, low=0, high=7) * math.pi / 4
    r = check_int("r", r, low=0, high=1)
    delta = (k * math.pi / 4 + theta + r * math.pi) % (2 * math.pi)

    def client_program(node):
        q1, q2 = node.new_qubit(), node.new_qubit()
        node.apply("h", q1)
        node.apply("rz", q1, angle=theta)  # |+_theta>
        node.apply("h", q2)  # |+>
        a1, a2 = yield node.all(node.entangle(server), node.entangle(server))
        yield node.send(server, (node.swap(q1, a1), node.swap(q2, a2)))  # teleport both
        yield node.send(server, delta)
        b = yield node.receive(server)
        return b ^ r, delta, b

    def server_program(node):
        h1, h2 = yield node.all(node.entangle(client), node.entangle(client))
        (z1, x1), (z2, x2) = yield node.receive(client)
        node.correct(h1, z1, x1)
        node.correct(h2, z2, x2)
        node.apply("cz", h1, h2)
        angle = yield node.receive(client)
        node.apply("rz", h1, angle=-angle)
        yield node.send(client, node.measure(h1, "X"))  # the |+-_delta> basis
        return h2

    return {client: client_program, server: server_program}


def blind_round_on_network(phi_rad, *, length_km=10.0, seed=None):
    """Run one blind round between a client and a server ``length_km`` apart.

    Both nodes are quantum computers here (the client only prepares two qubits).
    The secret theta and r are drawn from ``seed``.

    Returns:
        A :class:`BlindProgramRound`.
    """
    from .. import netsim
    from ..network import QuantumNetwork

    rng = make_rng(seed)
    theta_index, r = int(rng.integers(8)), int(rng.integers(2))
    net = QuantumNetwork("client and server")
    for name in ("Client", "Server"):
        net.add_node(name, kind="quantum computer")
    net.add_fiber("Client", "Server", length_km=length_km)
    sim = netsim.Simulation(net, backend="circuit", seed=int(rng.integers(2**31)))
    res = sim.run(blind_round_programs(phi_rad, theta_index=theta_index, r=r))
    s, delta, b = res.returns["Client"]
    out = res.returns["Server"]
    rho = np.asarray(sim.backend.density_matrix([out], time_s=res.end_time_s).data)
    return BlindProgramRound(
        phi_rad=float(phi_rad),
        delta_rad=float(delta),
        server_bit=int(b),
        result=int(s),
        p_result_0=float(np.real(rho[s, s])),  # read-out m2 = s means the result m2 ^ s = 0
        stage=res.stage,
    )
