"""Small Qiskit circuits used by the course: encode, measure, make Bell pairs, sample.

A lazy submodule (``qie.circuits``): ``import qinternet_edu`` does not load
it until it is used, and it loads Qiskit only inside the functions that build
or run a circuit, so the Bloch-sphere probabilities (and the explorers that
show them) start without it.

Bases are named by the Pauli operator they measure: ``"Z"`` (computational,
|0>/|1>, a photon's H/V polarization), ``"X"`` (|+>/|->, diagonal/antidiagonal)
and ``"Y"`` (|+i>/|-i>, circular). Outcome 0 is the +1 eigenstate.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validation import as_output, check_choice, check_int, check_real
from .states import BELL_STATE_NAMES

__all__ = [
    "BASES",
    "MeasurementProbabilities",
    "bell_pair_circuit",
    "encode_qubit",
    "measure_in_basis",
    "measurement_probabilities",
    "sample_counts",
]

#: The measurement bases the course uses, by Pauli name.
BASES = ("Z", "X", "Y")


def encode_qubit(bit, basis="Z"):
    """A one-qubit circuit preparing ``bit`` in ``basis``, as a BB84 sender does.

    Z: 0 -> |0>, 1 -> |1>.  X: 0 -> |+>, 1 -> |->.  Y: 0 -> |+i>, 1 -> |-i>.

    Args:
        bit: 0 or 1.
        basis: ``"Z"``, ``"X"`` or ``"Y"``.

    Returns:
        A ``QuantumCircuit`` on one qubit, without measurement.

    Source: C. H. Bennett, G. Brassard, "Quantum cryptography: public key
    distribution and coin tossing", Proc. IEEE ICCSSP, Bangalore (1984).

    Example:
        >>> from qiskit.quantum_info import Statevector
        >>> Statevector(encode_qubit(1, "X")).probabilities().round(6).tolist()
        [0.5, 0.5]
    """
    from qiskit import QuantumCircuit

    b = check_int("bit", bit, low=0, high=1)
    name = check_choice("basis", basis, BASES)
    qc = QuantumCircuit(1, name=f"encode_{b}_{name}")
    if b:
        qc.x(0)
    if name in ("X", "Y"):
        qc.h(0)
    if name == "Y":
        qc.s(0)
    return qc


def measure_in_basis(circuit, basis="Z"):
    """A copy of ``circuit`` with a basis change and a measurement of every qubit.

    Args:
        circuit: a ``QuantumCircuit`` (its qubits are all measured).
        basis: one of ``"Z"``, ``"X"``, ``"Y"`` for every qubit, or a string
            with one letter per qubit, qubit 0 first (e.g. ``"ZX"``).

    Returns:
        A new ``QuantumCircuit``: H before measuring X, S-dagger then H before
        measuring Y; qubit k is measured into a new classical bit k (register
        ``"meas"``), so in count keys qubit 0 is the rightmost character.

    Example:
        >>> qc = measure_in_basis(encode_qubit(0, "X"), "X")
        >>> sample_counts(qc, shots=100, seed=1)
        {'0': 100}
    """
    from qiskit import ClassicalRegister, QuantumCircuit

    if not isinstance(circuit, QuantumCircuit):
        raise TypeError(f"circuit must be a qiskit QuantumCircuit; got {type(circuit).__name__}")
    if not isinstance(basis, str):
        raise TypeError(f"basis must be a string of 'Z', 'X', 'Y'; got {basis!r}")
    n = circuit.num_qubits
    if n == 0:
        raise ValueError("circuit must have at least one qubit")
    letters = basis * n if len(basis) == 1 else basis
    if len(letters) != n:
        raise ValueError(f"basis must be one letter or one letter per qubit ({n}); got {basis!r}")
    for letter in letters:
        check_choice("basis", letter, BASES)
    out = circuit.copy()
    register = ClassicalRegister(n, "meas")
    out.add_register(register)
    for qubit, letter in enumerate(letters):
        if letter == "Y":
            out.sdg(qubit)
        if letter in ("X", "Y"):
            out.h(qubit)
    out.barrier()
    for qubit in range(n):
        out.measure(qubit, register[qubit])
    return out


def bell_pair_circuit(name="phi+"):
    """A two-qubit circuit preparing a Bell state: H on qubit 0, CNOT 0 -> 1, then Paulis.

    phi+ needs nothing more; phi- adds Z on qubit 0; psi+ adds X on qubit 1;
    psi- adds both (equal to psi- up to a global phase).

    Args:
        name: ``"phi+"``, ``"phi-"``, ``"psi+"`` or ``"psi-"``.

    Returns:
        A ``QuantumCircuit`` on two qubits, without measurement.

    Example:
        >>> qc = measure_in_basis(bell_pair_circuit("phi+"), "Z")
        >>> sorted(sample_counts(qc, shots=1000, seed=7))  # always equal bits
        ['00', '11']
    """
    from qiskit import QuantumCircuit

    label = check_choice("name", name, BELL_STATE_NAMES)
    qc = QuantumCircuit(2, name=f"bell_{label}")
    qc.h(0)
    qc.cx(0, 1)
    if label in ("psi+", "psi-"):
        qc.x(1)
    if label in ("phi-", "psi-"):
        qc.z(0)
    return qc


def sample_counts(circuit, *, shots, seed=None):
    """Run a measured circuit on Qiskit's ``StatevectorSampler`` and return the counts.

    Args:
        circuit: a ``QuantumCircuit`` with measurements (e.g. from
            :func:`measure_in_basis`).
        shots: number of repetitions, >= 1.
        seed: an integer seed (same seed, same counts) or None.

    Returns:
        A dict from bit strings (classical bit 0 rightmost; several registers
        are joined) to counts, sorted by bit string.

    Example:
        >>> counts = sample_counts(measure_in_basis(encode_qubit(0, "X"), "Z"), shots=1000,
        ...                        seed=3)
        >>> sorted(counts), sum(counts.values())
        (['0', '1'], 1000)
    """
    from qiskit import QuantumCircuit
    from qiskit.primitives import StatevectorSampler

    if not isinstance(circuit, QuantumCircuit):
        raise TypeError(f"circuit must be a qiskit QuantumCircuit; got {type(circuit).__name__}")
    n_shots = check_int("shots", shots, low=1)
    if seed is not None:
        seed = check_int("seed", seed, low=0)
    if circuit.num_clbits == 0:
        raise ValueError("circuit has no measurements; add them with measure_in_basis")
    result = StatevectorSampler(seed=seed).run([circuit], shots=n_shots).result()[0]
    counts = result.join_data().get_counts()
    return {str(k): int(v) for k, v in sorted(counts.items())}


@dataclass(frozen=True)
class MeasurementProbabilities:
    """Outcome probabilities of measuring a qubit in one basis."""

    basis: str
    probability_0: float
    probability_1: float


def measurement_probabilities(theta_rad, phi_rad, basis="Z"):
    """Outcome probabilities of measuring cos(theta/2)|0> + e^(i phi) sin(theta/2)|1>.

    The state sits at polar angle theta and azimuth phi on the Bloch sphere,
    Bloch vector (sin theta cos phi, sin theta sin phi, cos theta). Measuring
    the Pauli operator of ``basis`` gives outcome 0 (eigenvalue +1) with
    probability (1 + r_basis)/2, where r_basis is that Bloch component.

    Args:
        theta_rad: polar angle in radians, in [0, pi] (scalar or array).
        phi_rad: azimuth in radians (any real; scalar or array).
        basis: ``"Z"``, ``"X"`` or ``"Y"``.

    Returns:
        A :class:`MeasurementProbabilities` (floats for scalars, arrays for arrays).

    Source: Born rule on the Bloch sphere; Nielsen and Chuang, Quantum
    Computation and Quantum Information (2000), section 1.2.

    Example:
        >>> import math
        >>> measurement_probabilities(math.pi / 2, 0.0, "X")
        MeasurementProbabilities(basis='X', probability_0=1.0, probability_1=0.0)
        >>> round(measurement_probabilities(math.pi / 3, 0.0, "Z").probability_0, 4)
        0.75
    """
    theta = check_real("theta_rad", theta_rad, low=0.0, high=np.pi)
    phi = check_real("phi_rad", phi_rad)
    name = check_choice("basis", basis, BASES)
    theta_arr, phi_arr = np.asarray(theta), np.asarray(phi)
    if name == "Z":
        component = np.cos(theta_arr) * np.ones_like(phi_arr)
    elif name == "X":
        component = np.sin(theta_arr) * np.cos(phi_arr)
    else:
        component = np.sin(theta_arr) * np.sin(phi_arr)
    p0 = (1.0 + component) / 2.0
    p1 = (1.0 - component) / 2.0
    scalar = all(np.ndim(v) == 0 and not isinstance(v, np.ndarray) for v in (theta_rad, phi_rad))
    like = 0.0 if scalar else p0
    return MeasurementProbabilities(name, as_output(p0, like), as_output(p1, like))
