"""Blind quantum computing: one round of universal blind quantum computation (UBQC).

A client with only a single-qubit source wants a server to run a
measurement-based computation without learning it. In the protocol of
Broadbent, Fitzsimons and Kashefi every measurement angle ``phi`` of the
computation is hidden:

1. the client prepares ``|+_theta> = (|0> + e^{i theta}|1>)/sqrt2`` with a
   secret ``theta`` drawn uniformly from {0, pi/4, ..., 7 pi/4} and sends it;
2. the server entangles the qubits it received with CZ gates (the brickwork
   state; here the smallest fragment, two qubits in a line);
3. the client sends ``delta = phi + theta + r pi`` with a secret random bit
   ``r``; the server measures in the basis ``|+-_delta>`` and reports the bit
   ``b``;
4. the client decodes the true outcome ``s = b XOR r``.

Because ``theta`` is uniform, ``delta`` is uniform on the eight angles
whatever ``phi`` is, and ``r`` one-time-pads the outcome: what the server sees
is independent of ``phi`` (blindness), yet the computation is exact
(correctness).

The model used here, stated plainly: a two-qubit fragment (input qubit 1,
output qubit 2, one CZ). The computation is one MBQC step
``J(phi) = H P(-phi)`` on ``|+>`` followed by a read-out of the output qubit
in the computational basis, which the server also performs; the X byproduct
``X^s`` of the step only flips that read-out bit, and the client, who knows
``r``, undoes it. The client's result is therefore 0 with probability
``cos^2(phi/2)``, the statistics of measuring ``|+>`` at angle ``phi``.
Angles are restricted to multiples of pi/4, as in the paper: any other angle
would shift ``delta`` off the grid and reveal ``phi`` modulo pi/4.

Source: A. Broadbent, J. Fitzsimons, E. Kashefi, "Universal blind quantum
computation", Proc. 50th IEEE FOCS, 517 (2009), arXiv:0807.4154. MBQC step
``J(phi)``: R. Raussendorf, H. J. Briegel, Phys. Rev. Lett. 86, 5188 (2001).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from .._validation import check_real, check_samples, make_rng

__all__ = [
    "BlindRound",
    "ServerViewStatistics",
    "server_view_distribution",
    "server_view_statistics",
    "ubqc_single_qubit_round",
]

_EIGHTH = math.pi / 4.0
_ANGLE_TOL = 1e-9


def _angle_index(name: str, value) -> int:
    """Index k of an angle k pi/4 (mod 8); other angles are rejected."""
    angle = check_real(name, value)
    k = round(angle / _EIGHTH)
    if abs(angle - k * _EIGHTH) > _ANGLE_TOL:
        raise ValueError(
            f"{name} must be a multiple of pi/4 (UBQC hides only angles on the grid "
            f"k pi/4, k = 0..7); got {value!r}"
        )
    return k % 8


@dataclass(frozen=True)
class BlindRound:
    """One UBQC round on the two-qubit fragment: the secrets, what the server saw, the result.

    ``phi_rad``, ``theta_rad`` and ``r`` are the client's secrets; the server
    sees ``delta_rad``, its own measurement outcome ``server_outcome`` (qubit 1)
    and its read-out ``server_readout`` (qubit 2). ``client_result`` is the
    decoded bit, ``output_fidelity`` the fidelity of the corrected output qubit
    with the ideal ``J(phi)|+>`` (1 up to round-off in every round), and
    ``expected_zero_probability`` is cos^2(phi/2).
    """

    phi_rad: float
    theta_rad: float
    r: int
    delta_rad: float
    server_outcome: int
    server_readout: int
    client_result: int
    output_fidelity: float
    expected_zero_probability: float


def _fragment_statevector(theta: float):
    """The server's two-qubit state CZ (|+_theta> x |+>) (qubit 0 = input, qubit 1 = output)."""
    from qiskit import QuantumCircuit
    from qiskit.quantum_info import Statevector

    qc = QuantumCircuit(2)
    qc.h([0, 1])
    qc.p(theta, 0)
    qc.cz(0, 1)
    return Statevector(qc)


def _measure_at_angle(delta: float):
    """Rotation taking |+-_delta> on qubit 0 to |0>/|1>: P(-delta), then H."""
    from qiskit import QuantumCircuit

    qc = QuantumCircuit(2)
    qc.p(-delta, 0)
    qc.h(0)
    return qc


def _ideal_output(phi: float):
    """The ideal output of the MBQC step, J(phi)|+> = H P(-phi) |+>."""
    from qiskit import QuantumCircuit
    from qiskit.quantum_info import Statevector

    qc = QuantumCircuit(1)
    qc.h(0)
    qc.p(-phi, 0)
    qc.h(0)
    return Statevector(qc)


def ubqc_single_qubit_round(phi_rad, *, seed=None, rng=None):
    """Run one blind round at circuit level (qiskit statevector) and decode the result.

    Args:
        phi_rad: the client's secret measurement angle, a multiple of pi/4.
        seed, rng: randomness for the client's secrets and the measurements.

    Returns:
        A :class:`BlindRound`.

    Source: A. Broadbent, J. Fitzsimons, E. Kashefi, FOCS 2009, Protocol 1
    (delta = phi' + theta + r pi, s = b XOR r).

    Example:
        >>> rnd = ubqc_single_qubit_round(math.pi / 2, seed=3)
        >>> round(rnd.output_fidelity, 9), round(rnd.expected_zero_probability, 3)
        (1.0, 0.5)
        >>> rnd.client_result == rnd.server_readout ^ rnd.server_outcome ^ rnd.r
        True
    """
    from qiskit.quantum_info import Operator, Statevector, partial_trace, state_fidelity

    k_phi = _angle_index("phi_rad", phi_rad)
    generator = make_rng(seed, rng)
    k_theta = int(generator.integers(0, 8))
    r = int(generator.integers(0, 2))
    k_delta = (k_phi + k_theta + 4 * r) % 8
    phi, theta, delta = k_phi * _EIGHTH, k_theta * _EIGHTH, k_delta * _EIGHTH

    state = _fragment_statevector(theta).evolve(_measure_at_angle(delta))
    state.seed(int(generator.integers(0, 2**32)))
    outcome, state = state.measure([0])
    b = int(outcome)
    s = b ^ r
    # The client's view of the output qubit: undo the byproduct X^s.
    output = partial_trace(state, [0])
    if s:
        output = output.evolve(Operator.from_label("X"))
    fidelity = float(state_fidelity(output, _ideal_output(phi)))
    readout_state = Statevector(state.data)
    readout_state.seed(int(generator.integers(0, 2**32)))
    readout, _ = readout_state.measure([1])
    b2 = int(readout)
    return BlindRound(
        phi_rad=phi,
        theta_rad=theta,
        r=r,
        delta_rad=delta,
        server_outcome=b,
        server_readout=b2,
        client_result=b2 ^ s,
        output_fidelity=fidelity,
        expected_zero_probability=math.cos(phi / 2.0) ** 2,
    )


def server_view_distribution(phi_rad, *, blind=True):
    """Exact probabilities of what the server sees, computed from the circuit (qiskit).

    The server's view of one round is (delta index k in 0..7, outcome b,
    read-out b2); the client's secrets theta and r are averaged over.

    Args:
        phi_rad: the client's angle, a multiple of pi/4.
        blind: ``True`` for UBQC; ``False`` sends delta = phi with no
            theta and no r (a naive delegation, for contrast).

    Returns:
        An (8, 2, 2) float array P[k, b, b2] that sums to 1. With
        ``blind=True`` it is uniform, 1/32 everywhere, for every phi.

    Source: A. Broadbent, J. Fitzsimons, E. Kashefi, FOCS 2009 (blindness
    theorem: the server's view is independent of the angles).

    Example:
        >>> p = server_view_distribution(math.pi / 4)
        >>> p.shape, bool(np.allclose(p, 1 / 32))
        ((8, 2, 2), True)
        >>> bool(np.allclose(server_view_distribution(0.0, blind=False), 1 / 32))
        False
    """
    k_phi = _angle_index("phi_rad", phi_rad)
    if not isinstance(blind, bool):
        raise TypeError(f"blind must be True or False; got {blind!r}")
    secrets = [(k, r) for k in range(8) for r in range(2)] if blind else [(0, 0)]
    weight = 1.0 / len(secrets)
    table = np.zeros((8, 2, 2))
    for k_theta, r in secrets:
        k_delta = (k_phi + k_theta + 4 * r) % 8
        state = _fragment_statevector(k_theta * _EIGHTH)
        state = state.evolve(_measure_at_angle(k_delta * _EIGHTH))
        # probabilities_dict keys are 'q1 q0' = 'b2 b'.
        probs = state.probabilities([0, 1]).reshape(2, 2)  # index [b2, b]
        table[k_delta] += weight * probs.T
    return table


@dataclass(frozen=True)
class ServerViewStatistics:
    """Histogram of the server's view over many blind rounds, and the client's results.

    ``counts[k, b, b2]`` counts rounds with delta = k pi/4, outcome b and
    read-out b2. ``total_variation_from_uniform`` and the chi-square statistic
    (31 degrees of freedom) and its p-value compare it with the uniform
    distribution, the exact view of UBQC for every phi.
    ``client_zero_fraction`` estimates cos^2(phi/2).
    """

    phi_rad: float
    n_rounds: int
    blind: bool
    total_variation_from_uniform: float
    chi_square: float
    p_value: float
    client_zero_fraction: float
    expected_zero_probability: float
    counts: np.ndarray = field(repr=False, compare=False)


def server_view_statistics(phi_rad, *, n_rounds, seed=None, rng=None, blind=True):
    """Sample many blind rounds (vectorized) and summarise what the server sees.

    Each round samples the client's secrets theta (one of 8) and r, the
    server's outcome b (uniform: the input qubit of the fragment is maximally
    mixed after the CZ) and the read-out b2 = b XOR r XOR m, where m is the
    client's true result, 1 with probability sin^2(phi/2). These are the exact
    joint statistics of the circuit, see :func:`server_view_distribution`.

    Args:
        phi_rad: the client's angle, a multiple of pi/4.
        n_rounds: number of rounds, >= 1.
        seed, rng: randomness.
        blind: ``False`` drops theta and r (delta = phi), for contrast.

    Returns:
        A :class:`ServerViewStatistics`.

    Source: A. Broadbent, J. Fitzsimons, E. Kashefi, FOCS 2009.

    Example:
        >>> st = server_view_statistics(3 * math.pi / 4, n_rounds=100_000, seed=1)
        >>> st.total_variation_from_uniform < 0.02, round(st.client_zero_fraction, 2)
        (True, 0.15)
        >>> server_view_statistics(0.0, n_rounds=100_000, seed=1, blind=False).p_value < 1e-6
        True
    """
    # The chi-square survival function itself: scipy.special loads in a
    # fraction of the time scipy.stats takes.
    from scipy.special import chdtrc

    k_phi = _angle_index("phi_rad", phi_rad)
    n = check_samples("n_rounds", n_rounds)
    if not isinstance(blind, bool):
        raise TypeError(f"blind must be True or False; got {blind!r}")
    generator = make_rng(seed, rng)
    phi = k_phi * _EIGHTH
    if blind:
        k_theta = generator.integers(0, 8, size=n)
        r = generator.integers(0, 2, size=n)
    else:
        k_theta = np.zeros(n, dtype=np.int64)
        r = np.zeros(n, dtype=np.int64)
    b = generator.integers(0, 2, size=n)
    m = (generator.random(n) < math.sin(phi / 2.0) ** 2).astype(np.int64)
    b2 = b ^ r ^ m
    k_delta = (k_phi + k_theta + 4 * r) % 8
    counts = np.bincount(k_delta * 4 + b * 2 + b2, minlength=32).reshape(8, 2, 2)
    expected = n / 32.0
    chi_square = float(np.sum((counts - expected) ** 2) / expected)
    client = b2 ^ b ^ r
    return ServerViewStatistics(
        phi_rad=phi,
        n_rounds=n,
        blind=blind,
        total_variation_from_uniform=float(0.5 * np.sum(np.abs(counts / n - 1.0 / 32.0))),
        chi_square=chi_square,
        p_value=float(chdtrc(31, chi_square)),
        client_zero_fraction=float(np.mean(client == 0)),
        expected_zero_probability=math.cos(phi / 2.0) ** 2,
        counts=counts,
    )
