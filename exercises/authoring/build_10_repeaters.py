"""Build the instructor source of exercises 10 (run from the repository root).

    python exercises/authoring/build_10_repeaters.py
    jupyter nbconvert --to notebook --execute --inplace \
        --ExecutePreprocessor.record_timing=False \
        exercises/source/10_repeaters/10_repeaters.ipynb
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
All pairs here are **Werner pairs**: |Φ⁺⟩ with probability F, and each of the other three Bell
states with probability (1 − F)/3. Their visibility is V = (4F − 1)/3. An entanglement swap
(a Bell measurement on the two middle qubits, then a Pauli correction) joins two pairs into one."""
    ),
    TaskCells(
        "10.1",
        answer="swap",
        prompt="""\
**Input:** the fidelities `f1` and `f2` of two Werner pairs (A-B and B-C), each in [1/4, 1].

**Goal:** return the fidelity of the A-C pair after the swap.""",
        solution='''\
def swap(f1, f2):
    """Return the fidelity after swapping Werner pairs of fidelities f1 and f2."""
    ### BEGIN SOLUTION
    return f1 * f2 + (1 - f1) * (1 - f2) / 3
    ### END SOLUTION''',
    ),
    TaskCells(
        "10.2",
        answer="chain_fidelity",
        prompt="""\
**Input:** `link_fidelity`, the fidelity of every elementary link, and `n_links` ≥ 1, the number
of links in the chain.

**Goal:** return the fidelity of the end-to-end pair once all the links are swapped together
(perfect local operations, no memory noise).""",
        solution='''\
def chain_fidelity(link_fidelity, n_links):
    """Return the end-to-end fidelity of a chain of n_links identical Werner links."""
    ### BEGIN SOLUTION
    v = (4 * link_fidelity - 1) / 3
    return (1 + 3 * v**n_links) / 4
    ### END SOLUTION''',
    ),
    Markdown(
        """\
### Purification

In BBPSSW both nodes apply a CNOT from their qubit of pair 1 to their qubit of pair 2, measure
pair 2 in the Z basis and compare the bits: if they agree, pair 1 is kept (and twirled back to a
Werner pair), otherwise both pairs are lost."""
    ),
    TaskCells(
        "10.3",
        answer="bbpssw_round",
        prompt="""\
**Input:** `fidelity`, the fidelity F of two identical Werner pairs, in [1/4, 1].

**Goal:** return `[F_out, p_success]`: the fidelity of the kept pair and the probability that
the round succeeds.""",
        solution='''\
def bbpssw_round(fidelity):
    """Return [output fidelity, success probability] of one BBPSSW round."""
    ### BEGIN SOLUTION
    f, e = fidelity, (1 - fidelity) / 3
    p = f**2 + 2 * f * e + 5 * e**2
    return [(f**2 + e**2) / p, p]
    ### END SOLUTION''',
    ),
    Markdown(
        """\
### Design a chain

A chain of n equal segments covers `total_length_km` of 0.2 dB/km fiber. Each segment is a
double-click heralded link with ideal hardware (`qie.heralded_link(length_km=...)`) and retries
every round until it succeeds; memories are perfect and swaps always work, so the chain
delivers a pair once its last segment has succeeded. One **channel use** is one attempt round
(all segments in parallel). The delivered pair gives the asymptotic BBM92 key of its fidelity,
`qie.secret_key_rate_bbm92(1.0, F)` bits. More segments mean shorter waits but more swaps."""
    ),
    TaskCells(
        "10.4",
        answer="best_segments",
        prompt="""\
**Input:** `total_length_km`, `link_fidelity` (the fidelity of a fresh pair on any segment),
`max_segments`.

**Goal:** return the number of segments n in 1, 2, …, `max_segments` that gives the most
secret key per channel use (the smallest such n if two tie), or `None` if no n gives any key.""",
        solution='''\
def best_segments(total_length_km, link_fidelity, max_segments):
    """Return the number of segments with the most key per channel use, or None."""
    ### BEGIN SOLUTION
    keys = []
    for n in range(1, max_segments + 1):
        p = qie.heralded_link(length_km=total_length_km / n).success_probability
        rounds = qie.expected_max_geometric(p, n)
        f = chain_fidelity(link_fidelity, n)
        keys.append(qie.secret_key_rate_bbm92(1.0, f) / rounds)
    if max(keys) <= 0:
        return None
    return int(np.argmax(keys)) + 1
    ### END SOLUTION''',
    ),
    Markdown(
        """\
Does your best chain beat the PLOB bound `qie.plob_bound(qie.fiber_transmissivity(L))` of the
whole fiber? Try 300 km with links of 0.99."""
    ),
]

if __name__ == "__main__":
    notebook = build_source_notebook(
        "10",
        intro="Entanglement swapping, the fidelity at the end of a chain, a round of BBPSSW "
        "purification, and the design of a repeater chain for the most key.",
        cells=CELLS,
    )
    print(write_notebook(notebook, "exercises/source/10_repeaters/10_repeaters.ipynb"))
