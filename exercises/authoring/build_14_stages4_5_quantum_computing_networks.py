"""Build the instructor source of exercises 14 (run from the repository root).

    python exercises/authoring/build_14_stages4_5_quantum_computing_networks.py
    jupyter nbconvert --to notebook --execute --inplace \
        --ExecutePreprocessor.record_timing=False \
        exercises/source/14_stages4_5_quantum_computing_networks/14_stages4_5_quantum_computing_networks.ipynb
    qinternet-edu release
"""

from qinternet_edu.exercises.authoring import (
    Markdown,
    TaskCells,
    build_source_notebook,
    write_notebook,
)

SLUG = "14_stages4_5_quantum_computing_networks"

CELLS = [
    Markdown(
        """\
The three-qubit code encodes a|0⟩ + b|1⟩ as a|000⟩ + b|111⟩; each carrier crosses a channel
that flips it with probability p; the receiver measures the syndrome, corrects the qubit it
points to, and decodes (Nielsen and Chuang, Sec. 10.1.1)."""
    ),
    TaskCells(
        "14.1",
        answer="logical_error",
        prompt="""\
**Input:** the flip probability `p` of each carrier, in [0, 1].

**Goal:** return the probability p_L that the decoded qubit carries a logical error.""",
        solution='''\
def logical_error(p):
    """Return the logical error probability of the three-qubit code."""
    ### BEGIN SOLUTION
    return 3 * p**2 * (1 - p) + p**3
    ### END SOLUTION''',
    ),
    TaskCells(
        "14.2",
        answer="tolerable_flip",
        prompt="""\
Encoding helps only below the break-even point p = 1/2. A network designer asks the other
question: how noisy may the channel be?

**Input:** a target logical error `target_logical_error` in (0, 0.5].

**Goal:** return the largest flip probability p in [0, 0.5] for which the encoded transfer
meets the target, p_L(p) ≤ target. (p_L increases with p on this interval, so this is the p
with p_L(p) = target.)""",
        solution='''\
def tolerable_flip(target_logical_error):
    """Return the p in [0, 0.5] with 3 p^2 - 2 p^3 = target."""
    ### BEGIN SOLUTION
    return brentq(lambda p: logical_error(p) - target_logical_error, 0.0, 0.5, xtol=1e-15)
    ### END SOLUTION''',
    ),
    Markdown(
        """\
### Gates across the network

A CNOT between a qubit at Alice's node and a qubit at Bob's consumes one shared pair and two
classical bits (Eisert et al., PRA 62, 052317 (2000)). With a Werner pair of fidelity F its
average gate fidelity is (4F + 1)/5. Between distant nodes the pair comes from a repeater
chain: Werner pairs on each link, joined by entanglement swapping (module 10)."""
    ),
    TaskCells(
        "14.3",
        answer="chain_cnot_fidelity",
        prompt="""\
**Input:** `link_fidelities`, a list of the Werner fidelities of the links of a repeater
chain from Alice to Bob (one entry: a direct link).

**Goal:** return the average gate fidelity of a nonlocal CNOT built on the end-to-end pair
that swapping the links produces.""",
        solution='''\
def chain_cnot_fidelity(link_fidelities):
    """Return the nonlocal CNOT's average gate fidelity over a swapped chain."""
    ### BEGIN SOLUTION
    f = link_fidelities[0]
    for g in link_fidelities[1:]:
        f = f * g + (1 - f) * (1 - g) / 3
    return (4 * f + 1) / 5
    ### END SOLUTION''',
    ),
    TaskCells(
        "14.4",
        answer="pairs_needed",
        prompt="""\
A circuit is compiled onto several quantum processors. Every two-qubit gate between qubits
on different nodes is a nonlocal CNOT (or an equivalent gate) and consumes one fresh shared
pair; gates inside a node are local.

**Input:** `gates`, a list of two-qubit gates as pairs of qubit names, and `placement`, a
dict from each qubit name to the name of its node.

**Goal:** return the number of shared pairs the circuit consumes (an `int`).""",
        solution='''\
def pairs_needed(gates, placement):
    """Return the number of nonlocal two-qubit gates in the circuit."""
    ### BEGIN SOLUTION
    return sum(1 for a, b in gates if placement[a] != placement[b])
    ### END SOLUTION''',
    ),
]

if __name__ == "__main__":
    notebook = build_source_notebook(
        "14",
        intro="Stages 4 and 5: error-corrected transfer with the three-qubit code, the noise it "
        "tolerates, a nonlocal CNOT over a repeater chain, and the entanglement a distributed "
        "circuit consumes.",
        imports=(
            "import numpy as np\nfrom scipy.optimize import brentq\n\nimport qinternet_edu as qie"
        ),
        cells=CELLS,
    )
    print(write_notebook(notebook, f"exercises/source/{SLUG}/{SLUG}.ipynb"))
