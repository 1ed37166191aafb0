"""Build the instructor source of exercises 11 (run from the repository root).

    python exercises/authoring/build_11_stage3_quantum_memory.py
    jupyter nbconvert --to notebook --execute --inplace \
        --ExecutePreprocessor.record_timing=False \
        exercises/source/11_stage3_quantum_memory/11_stage3_quantum_memory.ipynb
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
A memory holds one half of a Werner pair of fidelity F₀. It is **depolarizing** with coherence
time T: after a time t the pair is unchanged with probability e^(−t/T), and otherwise it has
become white noise I/4 (whose fidelity with |Φ⁺⟩ is 1/4)."""
    ),
    TaskCells(
        "11.1",
        answer="stored_fidelity",
        prompt="""\
**Input:** `fidelity` F₀ in [1/4, 1], `time_s` ≥ 0, `coherence_time_s` T > 0.

**Goal:** return the fidelity of the pair after storing it for `time_s`.""",
        solution='''\
def stored_fidelity(fidelity, time_s, coherence_time_s):
    """Return the fidelity of a Werner pair after time_s in a depolarizing memory."""
    ### BEGIN SOLUTION
    return 0.25 + (fidelity - 0.25) * np.exp(-time_s / coherence_time_s)
    ### END SOLUTION''',
    ),
    TaskCells(
        "11.2",
        answer="longest_storage",
        prompt="""\
**Input:** `initial_fidelity` F₀, `target_fidelity` (with 1/4 < target ≤ F₀),
`coherence_time_s` T.

**Goal:** return the longest storage time, in seconds, after which the pair still has at
least the target fidelity.""",
        solution='''\
def longest_storage(initial_fidelity, target_fidelity, coherence_time_s):
    """Return the longest time (s) the pair stays at or above target_fidelity."""
    ### BEGIN SOLUTION
    return coherence_time_s * np.log((initial_fidelity - 0.25) / (target_fidelity - 0.25))
    ### END SOLUTION''',
    ),
    Markdown(
        """\
### Teleportation

Teleporting a qubit through a Werner pair of fidelity F gives Bob a state whose fidelity with
the input, averaged over all input states, is (2F + 1)/3. Measuring the qubit and sending the
result (no entanglement) reaches 2/3 at best."""
    ),
    TaskCells(
        "11.3",
        answer="teleport_after_storage",
        prompt="""\
**Input:** `pair_fidelity` F₀, `storage_time_s`, `coherence_time_s`: the pair waits in the
memory for `storage_time_s` before it is used.

**Goal:** return the average fidelity of teleporting a qubit through the stored pair.""",
        solution='''\
def teleport_after_storage(pair_fidelity, storage_time_s, coherence_time_s):
    """Return the average teleportation fidelity through a pair stored for storage_time_s."""
    ### BEGIN SOLUTION
    f = stored_fidelity(pair_fidelity, storage_time_s, coherence_time_s)
    return (2 * f + 1) / 3
    ### END SOLUTION''',
    ),
    TaskCells(
        "11.4",
        answer="teleport_deadline",
        prompt="""\
**Input:** `pair_fidelity` F₀ and `coherence_time_s` T.

**Goal:** return how long (in seconds) the pair may wait in the memory and still teleport
better than any classical method (average fidelity above 2/3). Return `None` if the pair cannot
beat 2/3 even when used at once.""",
        solution='''\
def teleport_deadline(pair_fidelity, coherence_time_s):
    """Return the longest wait (s) for teleportation to beat 2/3, or None."""
    ### BEGIN SOLUTION
    if pair_fidelity <= 0.5:
        return None
    return longest_storage(pair_fidelity, 0.5, coherence_time_s)
    ### END SOLUTION''',
    ),
    Markdown(
        """\
How long may a pair of fidelity 0.9 wait in a 10 ms memory, an NV electron spin (about 0.2 s)
and a carbon-13 spin (10 s)? Compare with the tenth of a second a 100 km link needs to herald
a pair."""
    ),
]

if __name__ == "__main__":
    notebook = build_source_notebook(
        "11",
        intro="How a stored pair decays, how long it may be stored, and what that means for "
        "teleportation.",
        cells=CELLS,
    )
    print(
        write_notebook(
            notebook, "exercises/source/11_stage3_quantum_memory/11_stage3_quantum_memory.ipynb"
        )
    )
