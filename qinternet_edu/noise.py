"""Single-qubit noise channels, and what they do to an entangled pair.

Two levels, as everywhere in the library:

* Circuit level: each channel as a qiskit ``Kraus`` map, to apply to a
  ``DensityMatrix`` (:func:`apply_to_one_qubit_of_pair`).
* Network level: closed forms, pure numpy and vectorized, for the fidelity
  with phi+ of a Werner pair after a channel acts on one of its qubits or on
  both (the same channel, independently, on each). Tests check every closed
  form against the density-matrix computation.

Channel conventions (each parameter is a probability in [0, 1]):

* depolarizing(p):      rho -> (1 - p) rho + p I/2
                         = (1 - 3p/4) rho + (p/4)(X rho X + Y rho Y + Z rho Z)
* dephasing(p):         rho -> (1 - p) rho + p Z rho Z   (p = 1/2 erases all coherence)
* amplitude damping(g): |1> decays to |0> with probability g;
                         K0 = [[1, 0], [0, sqrt(1-g)]], K1 = [[0, sqrt(g)], [0, 0]]

Source for the channels: M. A. Nielsen, I. L. Chuang, Quantum Computation and
Quantum Information (Cambridge, 2000), section 8.3.
"""

from __future__ import annotations

import math

import numpy as np

from ._validation import check_int, check_probability
from .states import _werner_fidelity

__all__ = [
    "amplitude_damping_channel",
    "apply_to_both_qubits_of_pair",
    "apply_to_one_qubit_of_pair",
    "dephasing_channel",
    "depolarizing_channel",
    "werner_fidelity_after_amplitude_damping",
    "werner_fidelity_after_dephasing",
    "werner_fidelity_after_depolarizing",
]

_I = np.eye(2, dtype=complex)
_X = np.array([[0, 1], [1, 0]], dtype=complex)
_Y = np.array([[0, -1j], [1j, 0]], dtype=complex)
_Z = np.array([[1, 0], [0, -1]], dtype=complex)


def _scalar_probability(name, value):
    if np.ndim(value) != 0:
        raise TypeError(f"{name} must be a single probability in [0, 1]; got {value!r}")
    return check_probability(name, value)


def depolarizing_channel(p):
    """The depolarizing channel rho -> (1 - p) rho + p I/2, as a qiskit ``Kraus`` map.

    With probability p the qubit is replaced by the maximally mixed state.
    Kraus operators: sqrt(1 - 3p/4) I, sqrt(p/4) X, sqrt(p/4) Y, sqrt(p/4) Z.

    Args:
        p: depolarizing probability in [0, 1].

    Returns:
        A single-qubit ``qiskit.quantum_info.Kraus`` channel.

    Source: Nielsen and Chuang, Quantum Computation and Quantum Information
    (2000), eq. (8.100)-(8.102).

    Example:
        >>> from qiskit.quantum_info import DensityMatrix
        >>> rho = DensityMatrix.from_label("0").evolve(depolarizing_channel(0.2))
        >>> rho.probabilities().round(6).tolist()
        [0.9, 0.1]
    """
    from qiskit.quantum_info import Kraus

    q = _scalar_probability("p", p)
    return Kraus(
        [
            math.sqrt(1.0 - 0.75 * q) * _I,
            math.sqrt(q / 4.0) * _X,
            math.sqrt(q / 4.0) * _Y,
            math.sqrt(q / 4.0) * _Z,
        ]
    )


def dephasing_channel(p):
    """The dephasing (phase-flip) channel rho -> (1 - p) rho + p Z rho Z, as a ``Kraus`` map.

    Populations stay; coherences shrink by (1 - 2p). p = 1/2 erases them.

    Args:
        p: phase-flip probability in [0, 1].

    Returns:
        A single-qubit ``qiskit.quantum_info.Kraus`` channel.

    Source: Nielsen and Chuang (2000), section 8.3.3 (phase flip).

    Example:
        >>> from qiskit.quantum_info import DensityMatrix
        >>> rho = DensityMatrix.from_label("+").evolve(dephasing_channel(0.1))
        >>> round(float(rho.data[0, 1].real), 6)  # 0.5 * (1 - 2p)
        0.4
    """
    from qiskit.quantum_info import Kraus

    q = _scalar_probability("p", p)
    return Kraus([math.sqrt(1.0 - q) * _I, math.sqrt(q) * _Z])


def amplitude_damping_channel(gamma):
    """The amplitude-damping channel (|1> decays to |0> with probability gamma), as ``Kraus``.

    K0 = [[1, 0], [0, sqrt(1 - gamma)]], K1 = [[0, sqrt(gamma)], [0, 0]]. It
    models energy relaxation (T1): gamma = 1 - exp(-t / T1) after a time t.

    Args:
        gamma: decay probability in [0, 1].

    Returns:
        A single-qubit ``qiskit.quantum_info.Kraus`` channel.

    Source: Nielsen and Chuang (2000), eq. (8.108).

    Example:
        >>> from qiskit.quantum_info import DensityMatrix
        >>> rho = DensityMatrix.from_label("1").evolve(amplitude_damping_channel(0.3))
        >>> rho.probabilities().round(6).tolist()
        [0.3, 0.7]
    """
    from qiskit.quantum_info import Kraus

    g = _scalar_probability("gamma", gamma)
    k0 = np.array([[1.0, 0.0], [0.0, math.sqrt(1.0 - g)]], dtype=complex)
    k1 = np.array([[0.0, math.sqrt(g)], [0.0, 0.0]], dtype=complex)
    return Kraus([k0, k1])


def _check_pair_and_channel(state, channel):
    from qiskit.quantum_info import DensityMatrix, Kraus, Statevector
    from qiskit.quantum_info.operators.channel.quantum_channel import QuantumChannel

    if isinstance(state, Statevector):
        state = DensityMatrix(state)
    if not isinstance(state, DensityMatrix):
        raise TypeError(
            f"state must be a qiskit DensityMatrix or Statevector; got {type(state).__name__}"
        )
    if state.dims() != (2, 2):
        raise ValueError(f"state must be a two-qubit state; got dimensions {state.dims()}")
    if not isinstance(channel, QuantumChannel):
        raise TypeError(
            f"channel must be a qiskit quantum channel such as Kraus; got {type(channel).__name__}"
        )
    if channel.input_dims() != (2,) or channel.output_dims() != (2,):
        raise ValueError(
            f"channel must act on one qubit; got input dims {channel.input_dims()} "
            f"and output dims {channel.output_dims()}"
        )
    return state, Kraus(channel)


def apply_to_one_qubit_of_pair(state, channel, *, qubit=0):
    """Send one qubit of a two-qubit state through a single-qubit channel.

    Args:
        state: a two-qubit ``DensityMatrix`` (or ``Statevector``).
        channel: a single-qubit qiskit channel (e.g. from :func:`depolarizing_channel`).
        qubit: 0 (Alice's, the right-hand label character) or 1 (Bob's).

    Returns:
        The new two-qubit ``DensityMatrix``.

    Example:
        >>> from qinternet_edu.states import bell_state, fidelity
        >>> noisy = apply_to_one_qubit_of_pair(bell_state(), depolarizing_channel(0.1), qubit=1)
        >>> round(fidelity(noisy, bell_state()), 6)  # 1 - 3p/4
        0.925
    """
    state, kraus = _check_pair_and_channel(state, channel)
    q = check_int("qubit", qubit, low=0, high=1)
    return state.evolve(kraus, qargs=[q])


def apply_to_both_qubits_of_pair(state, channel):
    """Send each qubit of a two-qubit state through its own copy of a single-qubit channel.

    Args:
        state: a two-qubit ``DensityMatrix`` (or ``Statevector``).
        channel: a single-qubit qiskit channel, applied independently to each qubit.

    Returns:
        The new two-qubit ``DensityMatrix``.

    Example:
        >>> from qinternet_edu.states import bell_state, fidelity
        >>> noisy = apply_to_both_qubits_of_pair(bell_state(), dephasing_channel(0.5))
        >>> round(fidelity(noisy, bell_state()), 6)  # Z on both leaves phi+ alone
        0.5
    """
    state, kraus = _check_pair_and_channel(state, channel)
    return state.evolve(kraus, qargs=[0]).evolve(kraus, qargs=[1])


def _werner_and_probability(fidelity, prob_name, prob, both_qubits):
    f = np.asarray(_werner_fidelity("fidelity", fidelity), dtype=float)
    q = np.asarray(check_probability(prob_name, prob), dtype=float)
    if not isinstance(both_qubits, bool | np.bool_):
        raise TypeError(f"both_qubits must be True or False; got {both_qubits!r}")
    try:
        np.broadcast_shapes(f.shape, q.shape)
    except ValueError:
        raise ValueError(
            f"fidelity and {prob_name} must have broadcastable shapes; got {f.shape} and {q.shape}"
        ) from None
    scalar = all(np.ndim(v) == 0 and not isinstance(v, np.ndarray) for v in (fidelity, prob))
    return f, q, scalar


def _output(value, scalar):
    return float(value) if scalar else np.asarray(value, dtype=float)


def werner_fidelity_after_depolarizing(fidelity, p, *, both_qubits=False):
    """Fidelity with phi+ of a Werner pair after depolarizing noise on one or both qubits.

    Depolarizing one qubit of a Werner pair keeps it a Werner pair and scales
    its parameter by (1 - p): F' = 1/4 + (1 - p)(F - 1/4). On both qubits,
    independently: F' = 1/4 + (1 - p)^2 (F - 1/4).

    Args:
        fidelity: Werner fidelity F in [1/4, 1] (scalar or array).
        p: depolarizing probability in [0, 1], convention rho -> (1-p) rho + p I/2.
        both_qubits: apply the channel to each qubit (True) or to one (False).

    Returns:
        The fidelity F' in [1/4, 1] (arrays broadcast).

    Source: follows from the channel's definition; see W. Dür, H.-J. Briegel,
    "Entanglement purification and quantum error correction", Rep. Prog. Phys.
    70, 1381 (2007), for the Werner-pair picture.

    Example:
        >>> round(werner_fidelity_after_depolarizing(1.0, 0.1), 6)
        0.925
        >>> round(werner_fidelity_after_depolarizing(1.0, 0.1, both_qubits=True), 6)
        0.8575
    """
    f, q, scalar = _werner_and_probability(fidelity, "p", p, both_qubits)
    shrink = (1.0 - q) ** 2 if both_qubits else 1.0 - q
    return _output(0.25 + shrink * (f - 0.25), scalar)


def werner_fidelity_after_dephasing(fidelity, p, *, both_qubits=False):
    """Fidelity with phi+ of a Werner pair after dephasing noise on one or both qubits.

    A Z on one qubit swaps phi+ with phi- (and psi+ with psi-), so
    F' = (1 - q) F + q (1 - F)/3 with q = p for one qubit. Z on both qubits
    leaves every Bell state unchanged, so for both qubits the net flip
    probability is q = 2p(1 - p). The result is Bell-diagonal but no longer
    Werner, and F' can fall below 1/4 (F = 1, p = 1 gives phi-, F' = 0).

    Args:
        fidelity: Werner fidelity F in [1/4, 1] (scalar or array).
        p: phase-flip probability in [0, 1], convention rho -> (1-p) rho + p Z rho Z.
        both_qubits: apply the channel to each qubit (True) or to one (False).

    Returns:
        The fidelity F' in [0, 1].

    Source: Bell-state algebra of the phase-flip channel, Nielsen and Chuang
    (2000), section 8.3.3.

    Example:
        >>> round(werner_fidelity_after_dephasing(1.0, 0.1), 6)
        0.9
        >>> round(werner_fidelity_after_dephasing(1.0, 0.1, both_qubits=True), 6)
        0.82
    """
    f, q, scalar = _werner_and_probability(fidelity, "p", p, both_qubits)
    flip = 2.0 * q * (1.0 - q) if both_qubits else q
    return _output((1.0 - flip) * f + flip * (1.0 - f) / 3.0, scalar)


def werner_fidelity_after_amplitude_damping(fidelity, gamma, *, both_qubits=False):
    """Fidelity with phi+ of a Werner pair after amplitude damping on one or both qubits.

    Amplitude damping takes the pair out of the Bell-diagonal family; its
    fidelity with phi+ is still exact in closed form. With p = (4F - 1)/3:

    * one qubit:   F' = p (1 + sqrt(1 - gamma))^2 / 4 + (1 - p)/4
    * both qubits: F' = p (1 - gamma + gamma^2/2) + (1 - p)(1 + gamma^2)/4

    (The white-noise part gives 1/4 on one qubit, and (1 + gamma^2)/4 on both,
    because the damped noise piles up in |00>.)

    Args:
        fidelity: Werner fidelity F in [1/4, 1] (scalar or array).
        gamma: decay probability in [0, 1] (see :func:`amplitude_damping_channel`).
        both_qubits: apply the channel to each qubit (True) or to one (False).

    Returns:
        The fidelity F' in [1/4, 1].

    Source: derived from the Kraus operators of Nielsen and Chuang (2000),
    eq. (8.108), with <phi+|A (x) B|phi+> = sum_ij A_ij B_ij / 2; checked
    against the density-matrix computation in the tests.

    Example:
        >>> round(werner_fidelity_after_amplitude_damping(1.0, 0.19), 6)  # (1 + 0.9)^2 / 4
        0.9025
        >>> round(werner_fidelity_after_amplitude_damping(1.0, 1.0, both_qubits=True), 6)
        0.5
    """
    f, g, scalar = _werner_and_probability(fidelity, "gamma", gamma, both_qubits)
    w = (4.0 * f - 1.0) / 3.0
    if both_qubits:
        value = w * (1.0 - g + 0.5 * g**2) + (1.0 - w) * (1.0 + g**2) / 4.0
    else:
        value = w * (1.0 + np.sqrt(1.0 - g)) ** 2 / 4.0 + (1.0 - w) / 4.0
    return _output(value, scalar)
