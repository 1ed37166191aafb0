"""Build the instructor source of exercises 01 (run from the repository root).

    python exercises/authoring/build_01_qubits.py
    jupyter nbconvert --to notebook --execute --inplace \
        --ExecutePreprocessor.record_timing=False exercises/source/01_qubits/01_qubits.ipynb
    qinternet-edu release
"""

from qinternet_edu.exercises.authoring import (
    Markdown,
    TaskCells,
    build_source_notebook,
    write_notebook,
)

CELLS = [
    Markdown(
        """\
A qubit's state is |ψ⟩ = α|0⟩ + β|1⟩ with complex amplitudes, |α|² + |β|² = 1. Measuring it
in the *Z basis* {|0⟩, |1⟩} gives 0 or 1; measuring in the *X basis* {|+⟩, |−⟩}, with
|±⟩ = (|0⟩ ± |1⟩)/√2, gives + or −. The Born rule turns amplitudes into probabilities."""
    ),
    TaskCells(
        "01.1",
        answer="z_probabilities",
        prompt="""\
**Input:** the amplitudes `alpha` and `beta` (complex numbers) of a normalized state
α|0⟩ + β|1⟩.

**Goal:** return `[p0, p1]`, the probabilities of the outcomes 0 and 1 when the qubit is
measured in the Z basis.""",
        solution='''\
def z_probabilities(alpha, beta):
    """Return [p0, p1] for measuring alpha|0> + beta|1> in the Z basis."""
    ### BEGIN SOLUTION
    return [abs(alpha) ** 2, abs(beta) ** 2]
    ### END SOLUTION''',
    ),
    TaskCells(
        "01.2",
        answer="x_probabilities",
        prompt="""\
**Input:** the amplitudes `alpha` and `beta` of a normalized state α|0⟩ + β|1⟩.

**Goal:** return `[p_plus, p_minus]`, the probabilities of the outcomes + and − when the qubit
is measured in the X basis. Mind the relative phase: (|0⟩ + i|1⟩)/√2 has the same Z-basis
probabilities as |+⟩, but not the same X-basis ones.""",
        solution='''\
def x_probabilities(alpha, beta):
    """Return [p_plus, p_minus] for measuring alpha|0> + beta|1> in the X basis."""
    ### BEGIN SOLUTION
    amplitude_plus = (alpha + beta) / np.sqrt(2)
    amplitude_minus = (alpha - beta) / np.sqrt(2)
    return [abs(amplitude_plus) ** 2, abs(amplitude_minus) ** 2]
    ### END SOLUTION''',
    ),
    Markdown(
        """\
### Circuits in Qiskit

A `QuantumCircuit` starts its qubits in |0⟩ and applies gates: `x` flips 0 and 1, `z` flips
the sign of |1⟩, and `h` (Hadamard) maps |0⟩ to |+⟩ and |1⟩ to |−⟩. `Statevector(circuit)`
shows the state a circuit prepares."""
    ),
    TaskCells(
        "01.3",
        answer="minus_state_circuit",
        prompt="""\
**Input:** none.

**Goal:** return a one-qubit `QuantumCircuit`, without measurements, that prepares |−⟩ from
|0⟩. (Any circuit that prepares |−⟩, up to a global phase, passes.)""",
        solution='''\
def minus_state_circuit():
    """Return a one-qubit QuantumCircuit preparing |->."""
    ### BEGIN SOLUTION
    circuit = QuantumCircuit(1)
    circuit.x(0)
    circuit.h(0)
    return circuit
    ### END SOLUTION''',
    ),
    TaskCells(
        "01.4",
        answer="plus_fraction",
        prompt="""\
Real devices only measure in one basis, the Z basis. To measure in the X basis, rotate first:
apply `h`, which maps |+⟩ to |0⟩ and |−⟩ to |1⟩, then measure.

**Input:** `circuit`, a one-qubit `QuantumCircuit` without measurements; a number of
`shots`; a `seed`.

**Goal:** measure the state the circuit prepares in the X basis, `shots` times, with
`StatevectorSampler(seed=seed)` from `qiskit.primitives`, and return the fraction of shots
that gave + (a float). The check allows for sampling noise.""",
        solution='''\
def plus_fraction(circuit, shots, seed):
    """Return the fraction of `shots` X-basis measurements of `circuit`'s state giving +."""
    ### BEGIN SOLUTION
    measured = circuit.copy()
    measured.h(0)
    measured.measure_all()
    result = StatevectorSampler(seed=seed).run([measured], shots=shots).result()[0]
    counts = result.data.meas.get_counts()
    return counts.get("0", 0) / shots
    ### END SOLUTION''',
    ),
    Markdown(
        """\
### Photons as qubits

A photon's polarization is a qubit: horizontal |H⟩ = |0⟩ and vertical |V⟩ = |1⟩ form the
*rectilinear* basis, diagonal |D⟩ (45°) = |+⟩ and antidiagonal |A⟩ (135°) = |−⟩ the
*diagonal* basis. A photon linearly polarized at angle θ is cos θ |H⟩ + sin θ |V⟩. BB84
(module 05) encodes key bits in exactly these two bases."""
    ),
    TaskCells(
        "01.5",
        answer="polarization_probabilities",
        prompt="""\
**Input:** `polarization_deg`, the angle of a photon's linear polarization in degrees, and
`basis`, either `"rectilinear"` or `"diagonal"`.

**Goal:** return the probabilities of the basis' two outcomes: `[p_H, p_V]` for
`"rectilinear"`, `[p_D, p_A]` for `"diagonal"`.""",
        solution='''\
def polarization_probabilities(polarization_deg, basis):
    """Return [p_H, p_V] (rectilinear) or [p_D, p_A] (diagonal) for a linearly polarized photon."""
    ### BEGIN SOLUTION
    theta = np.radians(polarization_deg)
    alpha, beta = np.cos(theta), np.sin(theta)
    if basis == "rectilinear":
        return z_probabilities(alpha, beta)
    return x_probabilities(alpha, beta)
    ### END SOLUTION''',
    ),
]

if __name__ == "__main__":
    notebook = build_source_notebook(
        "01",
        intro="Amplitudes, the Born rule, two measurement bases, a first Qiskit circuit, and "
        "photon polarization: the physics every later module builds on.",
        imports=(
            "import numpy as np\nfrom qiskit import QuantumCircuit\n"
            "from qiskit.primitives import StatevectorSampler\n\nimport qinternet_edu as qie"
        ),
        cells=CELLS,
    )
    print(write_notebook(notebook, "exercises/source/01_qubits/01_qubits.ipynb"))
