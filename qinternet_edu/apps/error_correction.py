"""Error-corrected transfer: the three-qubit bit-flip code through a bit-flip channel.

A qubit a|0> + b|1> is encoded as a|000> + b|111>, each of the three
qubits crosses a channel that flips it (X) with probability p, and the
receiver measures the two parities Z1Z2 and Z2Z3 (the syndrome), flips the
qubit they point to, and decodes. One flip is always corrected; two or three
flips fool the majority into a logical X error. Hence

    p_L = 3 p^2 (1 - p) + p^3 = 3 p^2 - 2 p^3,

which is smaller than p exactly when 0 < p < 1/2 (p_L - p = -p (1 - p)(1 - 2p)):
the break-even point is p = 1/2. The code protects only against bit flips
(phase flips need the dual code, both need e.g. Shor's nine-qubit code); this
is the first step of the stage-5 idea of error-corrected transfer.

Source: M. A. Nielsen, I. L. Chuang, Quantum Computation and Quantum
Information (Cambridge University Press, 2000), Sec. 10.1.1; A. Peres,
Phys. Rev. A 32, 3266 (1985).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .._validation import as_output, check_probability, check_samples, make_rng

__all__ = [
    "THREE_QUBIT_CODE_BREAK_EVEN",
    "ThreeQubitTransfer",
    "simulate_three_qubit_transfer",
    "three_qubit_code_logical_error",
    "three_qubit_code_logical_error_circuit",
]

#: Physical flip probability below which the code helps: p_L < p exactly when 0 < p < 1/2.
THREE_QUBIT_CODE_BREAK_EVEN = 0.5

_CHUNK = 1_000_000  # trials per chunk, so memory stays flat for long runs


def three_qubit_code_logical_error(p):
    """Logical error probability of the three-qubit repetition code, 3 p^2 - 2 p^3.

    Args:
        p: bit-flip probability of each physical qubit, in [0, 1] (scalar or array).

    Returns:
        The probability that majority decoding returns the wrong logical state.

    Source: M. A. Nielsen, I. L. Chuang, Quantum Computation and Quantum
    Information (2000), Sec. 10.1.1.

    Example:
        >>> round(three_qubit_code_logical_error(0.1), 6)
        0.028
        >>> three_qubit_code_logical_error([0.0, 0.5, 1.0]).tolist()
        [0.0, 0.5, 1.0]
    """
    q = np.asarray(check_probability("p", p), dtype=float)
    return as_output(q * q * (3.0 - 2.0 * q), p)


@dataclass(frozen=True)
class ThreeQubitTransfer:
    """Monte Carlo of encoded transfers: how many logical bits arrived wrong.

    ``logical_error_rate`` estimates 3 p^2 - 2 p^3 (``expected_logical_error``)
    with binomial ``standard_error``; ``physical_error_rate`` is the rate of
    wrong bits an unencoded transfer through the same channel would have had
    (the first of the three qubits, sent bare).
    """

    p: float
    n_trials: int
    logical_errors: int
    logical_error_rate: float
    standard_error: float
    expected_logical_error: float
    physical_error_rate: float


def simulate_three_qubit_transfer(p, *, n_trials, seed=None, rng=None):
    """Send random bits encoded in the repetition code through a bit-flip channel (vectorized).

    Each trial draws a message bit, copies it to three carriers, flips each
    with probability p, and decodes by majority (the syndrome decoder does the
    same on basis states). Runs in chunks of a million trials.

    Args:
        p: flip probability per carrier, in [0, 1].
        n_trials: number of transfers, >= 1.
        seed, rng: randomness.

    Returns:
        A :class:`ThreeQubitTransfer`.

    Source: M. A. Nielsen, I. L. Chuang (2000), Sec. 10.1.1.

    Example:
        >>> res = simulate_three_qubit_transfer(0.1, n_trials=200_000, seed=1)
        >>> abs(res.logical_error_rate - 0.028) < 4 * res.standard_error
        True
    """
    q = check_probability("p", p)
    n = check_samples("n_trials", n_trials)
    generator = make_rng(seed, rng)
    logical_errors = 0
    bare_errors = 0
    done = 0
    while done < n:
        size = min(_CHUNK, n - done)
        message = generator.integers(0, 2, size=size, dtype=np.int8)
        flips = generator.random((size, 3)) < q
        received = message[:, None] ^ flips.astype(np.int8)
        decoded = (received.sum(axis=1) >= 2).astype(np.int8)
        logical_errors += int(np.count_nonzero(decoded != message))
        bare_errors += int(np.count_nonzero(flips[:, 0]))
        done += size
    rate = logical_errors / n
    return ThreeQubitTransfer(
        p=q,
        n_trials=n,
        logical_errors=logical_errors,
        logical_error_rate=rate,
        standard_error=math.sqrt(rate * (1.0 - rate) / n),
        expected_logical_error=float(three_qubit_code_logical_error(q)),
        physical_error_rate=bare_errors / n,
    )


def _bit_flip_kraus(p: float):
    from qiskit.quantum_info import Kraus

    return Kraus(
        [math.sqrt(1.0 - p) * np.eye(2), math.sqrt(p) * np.array([[0.0, 1.0], [1.0, 0.0]])]
    )


def _recovery(rho):
    """Syndrome measurement (explicit projectors) and correction on three data qubits."""
    from qiskit.quantum_info import DensityMatrix, Operator, Pauli

    eye = np.eye(8)
    z01 = Pauli("IZZ").to_matrix()  # Z on qubits 0 and 1 (qiskit labels: q2 q1 q0)
    z12 = Pauli("ZZI").to_matrix()
    # syndrome (s01, s12) -> the qubit to flip
    correction = {(0, 0): "III", (1, 0): "IIX", (1, 1): "IXI", (0, 1): "XII"}
    out = np.zeros((8, 8), dtype=complex)
    for (s01, s12), label in correction.items():
        proj = (eye + (-1) ** s01 * z01) @ (eye + (-1) ** s12 * z12) / 4.0
        fix = Operator(Pauli(label)).data @ proj
        out += fix @ rho.data @ fix.conj().T
    return DensityMatrix(out)


def three_qubit_code_logical_error_circuit(p, *, amplitudes=(1.0, 0.0)):
    """Logical error of the three-qubit code computed with qiskit density matrices.

    Encode a|0> + b|1> with two CNOTs, apply the bit-flip channel (a qiskit
    ``Kraus`` map) to each qubit, measure the syndrome with explicit parity
    projectors, correct, decode with the inverse encoder and keep qubit 0.
    The result is (1 - p_L) rho + p_L X rho X; p_L is read off as the weight
    of X rho X, which needs an input that X changes (the default |0>).

    Args:
        p: flip probability per qubit, in [0, 1] (a scalar).
        amplitudes: the logical input (a, b), normalised; its Bloch vector
            must not lie on the X axis.

    Returns:
        p_L as a float; it equals 3 p^2 - 2 p^3 to round-off.

    Source: M. A. Nielsen, I. L. Chuang (2000), Sec. 10.1.1, Fig. 10.2 and
    Eq. (10.5) for the syndrome projectors.

    Example:
        >>> round(three_qubit_code_logical_error_circuit(0.1), 9)
        0.028
    """
    from qiskit import QuantumCircuit
    from qiskit.quantum_info import DensityMatrix, Pauli, Statevector, partial_trace

    if np.ndim(p) != 0:
        raise TypeError(f"p must be a single number for the circuit check; got {p!r}")
    q = check_probability("p", p)
    try:
        amp = np.asarray(amplitudes, dtype=complex)
    except OverflowError:
        raise ValueError(f"amplitudes must be finite numbers; got {amplitudes!r}") from None
    if amp.shape != (2,) or not math.isclose(float(np.vdot(amp, amp).real), 1.0, abs_tol=1e-9):
        raise ValueError(f"amplitudes must be a normalised pair (a, b); got {amplitudes!r}")
    psi = Statevector(amp)
    x_expect = float(psi.expectation_value(Pauli("X")).real)
    if abs(x_expect) > 1.0 - 1e-6:
        raise ValueError(
            "amplitudes must not be an X eigenstate (X errors leave it unchanged); "
            f"got {amplitudes!r}"
        )

    encoder = QuantumCircuit(3)
    encoder.cx(0, 1)
    encoder.cx(0, 2)
    rho = DensityMatrix(Statevector.from_label("00").tensor(psi)).evolve(encoder)
    channel = _bit_flip_kraus(q)
    for qubit in range(3):
        rho = rho.evolve(channel, qargs=[qubit])
    rho = _recovery(rho).evolve(encoder.inverse())
    out = partial_trace(rho, [1, 2]).data
    ideal = np.outer(amp, amp.conj())
    flipped = np.array([[0, 1], [1, 0]]) @ ideal @ np.array([[0, 1], [1, 0]])
    # out = (1 - p_L) ideal + p_L flipped: solve by least squares on the 2x2 entries.
    diff = (flipped - ideal).ravel()
    p_logical = float(np.real(np.vdot(diff, (out - ideal).ravel()) / np.vdot(diff, diff)))
    return p_logical
