"""Build the instructor source of exercises 02 (run from the repository root).

    python exercises/authoring/build_02_entanglement.py
    jupyter nbconvert --to notebook --execute --inplace \
        --ExecutePreprocessor.record_timing=False \
        exercises/source/02_entanglement/02_entanglement.ipynb
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
Two qubits have four amplitudes, over |00⟩, |01⟩, |10⟩, |11⟩. As in Qiskit, the **right**
character is qubit 0 (Alice's) and the left one qubit 1 (Bob's). The Bell state
|Φ⁺⟩ = (|00⟩ + |11⟩)/√2 is the amplitude list `[1/√2, 0, 0, 1/√2]`.

When both qubits are measured in the same basis, each gives ±1 (outcome 0 is +1). Their
**correlator** is the average of the product, E = P(equal) − P(different): +1 for outcomes
that always agree, −1 for outcomes that always differ, 0 for no correlation."""
    ),
    TaskCells(
        "02.1",
        answer="correlators",
        prompt="""\
**Input:** `amplitudes`, a list of four complex amplitudes `[a00, a01, a10, a11]` of a
normalized two-qubit state.

**Goal:** return `[E_ZZ, E_XX]`, the correlators when both qubits are measured in the Z basis,
and when both are measured in the X basis. (Check yourself: |Φ⁺⟩ gives `[1, 1]`, |Φ⁻⟩
gives `[1, -1]`.)""",
        solution='''\
def correlators(amplitudes):
    """Return [E_ZZ, E_XX] of the two-qubit state with these amplitudes."""
    ### BEGIN SOLUTION
    state = Statevector(np.asarray(amplitudes, dtype=complex))
    return [state.expectation_value(Pauli(label)).real for label in ("ZZ", "XX")]
    ### END SOLUTION''',
    ),
    Markdown(
        """\
### The CHSH game

A referee sends Alice a random bit x and Bob a random bit y. Without talking, they answer
bits a and b, and they win when a ⊕ b = x ∧ y: their answers must agree, unless both
questions were 1, when they must differ. Classically they win at most 3/4 of the rounds.

With a shared |Φ⁺⟩ Alice measures along an axis at angle a_x in the X-Z plane of the Bloch
sphere (0 is Z, π/2 is X), Bob along b_y. For the noisy pair
p |Φ⁺⟩⟨Φ⁺| + (1 − p) I/4 (visibility p) the correlator is E(a, b) = p cos(a − b), and

$$S = E(a_0, b_0) + E(a_0, b_1) + E(a_1, b_0) - E(a_1, b_1), \\qquad
P_\\text{win} = \\tfrac12 + \\tfrac{S}{8}.$$"""
    ),
    TaskCells(
        "02.2",
        answer="chsh",
        prompt="""\
**Input:** Alice's angles `alice_angle_0`, `alice_angle_1`, Bob's angles `bob_angle_0`,
`bob_angle_1` (radians), and the pair's `visibility` p in [0, 1].

**Goal:** return `[S, win_probability]` for these angles on this pair.""",
        solution='''\
def chsh(alice_angle_0, alice_angle_1, bob_angle_0, bob_angle_1, visibility):
    """Return [S, win_probability] of the CHSH game with these angles."""
    ### BEGIN SOLUTION
    def E(a, b):
        return visibility * np.cos(a - b)

    s = (
        E(alice_angle_0, bob_angle_0)
        + E(alice_angle_0, bob_angle_1)
        + E(alice_angle_1, bob_angle_0)
        - E(alice_angle_1, bob_angle_1)
    )
    return [s, 0.5 + s / 8]
    ### END SOLUTION''',
    ),
    Markdown(
        """\
### How much noise a Bell violation survives

Real pairs are noisy. A *Werner pair* of fidelity F with |Φ⁺⟩ has visibility
p = (4F − 1)/3, equivalently F = (1 + 3p)/4. Noise shrinks every correlator by p, so it
shrinks S by p too."""
    ),
    TaskCells(
        "02.3",
        answer="threshold_fidelity",
        prompt="""\
**Input:** the four measurement angles (radians), as in task 02.2.

**Goal:** return the smallest Werner fidelity F for which these angles win the CHSH game
with probability above 3/4 (S > 2). If no pair at all lets them beat 3/4 (not even a
perfect one), return `None`.""",
        solution='''\
def threshold_fidelity(alice_angle_0, alice_angle_1, bob_angle_0, bob_angle_1):
    """Return the Werner fidelity above which these angles give S > 2, or None."""
    ### BEGIN SOLUTION
    s_perfect, _ = chsh(alice_angle_0, alice_angle_1, bob_angle_0, bob_angle_1, 1.0)
    if s_perfect <= 2:
        return None
    p = 2 / s_perfect
    return (1 + 3 * p) / 4
    ### END SOLUTION''',
    ),
    Markdown(
        """\
### Playing the game on a simulated pair

Now play the game with Qiskit instead of the formula. `qie.circuits.bell_pair_circuit()`
prepares |Φ⁺⟩ on qubits 0 (Alice) and 1 (Bob). Measuring a qubit along the axis at angle t
in the X-Z plane is a rotation `qc.ry(-t, qubit)` followed by an ordinary Z measurement;
`qie.circuits.measure_in_basis(qc, "Z")` adds the measurements and
`qie.circuits.sample_counts(circuit, shots=..., seed=...)` runs them. In the count keys,
qubit 0 is the **rightmost** bit."""
    ),
    TaskCells(
        "02.4",
        answer="play_chsh",
        prompt="""\
**Input:** `alice_angles = (a0, a1)`, `bob_angles = (b0, b1)` (radians), a number of `shots`
and a `seed`.

**Goal:** for each of the four question pairs (x, y), simulate `shots` rounds on |Φ⁺⟩ with
Alice measuring along a_x and Bob along b_y, and count the rounds won (a ⊕ b = x ∧ y).
Return the fraction of rounds won, averaged over the four question pairs (a float). Seed
every run (e.g. `seed + 2 * x + y`); the check allows for sampling noise.""",
        solution='''\
def play_chsh(alice_angles, bob_angles, shots, seed):
    """Return the fraction of CHSH rounds won on a simulated |Phi+> pair."""
    ### BEGIN SOLUTION
    fractions = []
    for x in (0, 1):
        for y in (0, 1):
            qc = qie.circuits.bell_pair_circuit("phi+")
            qc.ry(-alice_angles[x], 0)
            qc.ry(-bob_angles[y], 1)
            measured = qie.circuits.measure_in_basis(qc, "Z")
            counts = qie.circuits.sample_counts(measured, shots=shots, seed=seed + 2 * x + y)
            won = 0
            for key, n in counts.items():
                a, b = int(key[1]), int(key[0])  # qubit 0 is the rightmost bit
                if a ^ b == x & y:
                    won += n
            fractions.append(won / shots)
    return float(np.mean(fractions))
    ### END SOLUTION''',
    ),
    Markdown(
        """\
Try your function with the optimal angles `(0, np.pi / 2)` and `(np.pi / 4, -np.pi / 4)`:
you should win about 85 % of the rounds, more than any classical strategy can."""
    ),
]

if __name__ == "__main__":
    notebook = build_source_notebook(
        "02",
        intro="Correlations of Bell states, the CHSH game by formula and by simulation, and the "
        "noise a Bell violation can survive.",
        imports=(
            "import numpy as np\nfrom qiskit.quantum_info import Pauli, Statevector\n\n"
            "import qinternet_edu as qie"
        ),
        cells=CELLS,
    )
    print(write_notebook(notebook, "exercises/source/02_entanglement/02_entanglement.ipynb"))
