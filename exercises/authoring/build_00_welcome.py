"""Build the instructor source of exercises 00 (run from the repository root).

    python exercises/authoring/build_00_welcome.py
    jupyter nbconvert --to notebook --execute --inplace \
        --ExecutePreprocessor.record_timing=False exercises/source/00_welcome/00_welcome.ipynb
    qinternet-edu release
"""

from qinternet_edu.exercises.authoring import (
    Code,
    Markdown,
    TaskCells,
    build_source_notebook,
    write_notebook,
)

CELLS = [
    Markdown(
        """\
### The tasks of this notebook

Every task has an id `NN.k` (module, task) that names its heading and its check. Here are
this notebook's:"""
    ),
    Code(
        """\
for task in qie.exercises.list_tasks("00"):
    print(f"Task {task.task_id}: {task.title} ({task.points} pt)")"""
    ),
    TaskCells(
        "00.1",
        answer="xor_bits",
        prompt="""\
A warm-up to see how a check works. XOR (exclusive or) is the arithmetic of the one-time pad:
a trusted relay node encrypts a key bit `k` with a pad bit `p` as `k XOR p`, and XOR-ing with
`p` again gives `k` back.

**Input:** two bits `a` and `b` (each 0 or 1).

**Goal:** return `a XOR b` as an integer: 1 when exactly one of them is 1, else 0.

Write the function, run its cell, then run the check cell under it. Try a wrong answer
too (for example `return a + b`) to see what the check says.""",
        solution='''\
def xor_bits(a, b):
    """Return a XOR b (an int, 0 or 1) for two bits a and b."""
    ### BEGIN SOLUTION
    return (a + b) % 2
    ### END SOLUTION''',
    ),
    TaskCells(
        "00.2",
        answer="surviving_fraction",
        prompt="""\
Light in telecom fiber at 1550 nm loses about 0.2 dB per km. A loss of D decibels keeps the
fraction 10^(-D/10) of the photons: 10 dB keeps one photon in ten, 20 dB one in a hundred.
Quantum signals cannot be amplified (no-cloning), so this loss decides how far a single link
reaches.

**Input:** a fiber length `length_km` (a number, km).

**Goal:** return the fraction of photons that arrive through 0.2 dB/km fiber (a float in
(0, 1]); 100 km gives 0.01.""",
        solution='''\
def surviving_fraction(length_km):
    """Return the fraction of photons crossing length_km of 0.2 dB/km fiber."""
    ### BEGIN SOLUTION
    loss_db = 0.2 * length_km
    return 10 ** (-loss_db / 10)
    ### END SOLUTION''',
    ),
    Markdown(
        """\
### Trusted relays: stage 0 of the ladder

Because fiber loss grows exponentially, today's long-distance quantum networks are chains of
short links joined by *trusted relay nodes*: each node receives the key, learns it, and passes
it on with a fresh one-time pad. The Beijing-Shanghai backbone spans about 2,000 km with 32
trusted relays (Chen et al., Nature 589, 214 (2021))."""
    ),
    TaskCells(
        "00.3",
        answer="relays_needed",
        prompt="""\
**Input:** the length of a backbone `total_km` (> 0) and the longest hop a single link can
bridge `max_hop_km` (> 0).

**Goal:** return the smallest number of trusted relay nodes (an integer) placed between the two
end nodes so that no hop is longer than `max_hop_km`. Watch the edges: a backbone of exactly
`max_hop_km` needs none.""",
        solution='''\
import math


def relays_needed(total_km, max_hop_km):
    """Return the fewest relay nodes so that every hop is at most max_hop_km long."""
    ### BEGIN SOLUTION
    hops = math.ceil(total_km / max_hop_km)
    return max(hops - 1, 0)
    ### END SOLUTION''',
    ),
    Markdown(
        """\
### The stage ladder

Wehner, Elkouss and Hanson (Science 362, eaam9288 (2018)) order quantum networks by what any
two end nodes can do. Each stage keeps everything the stages below it can do and adds one
capability:

| stage | name | adds the capability | name used below |
|---|---|---|---|
| 0 | trusted repeater | (classical key relay only) | |
| 1 | prepare and measure | send one qubit end to end and measure it | `"end_to_end_qubit"` |
| 2 | entanglement distribution | share an entangled pair, measured at once | `"entanglement"` |
| 3 | quantum memory | store entanglement; teleport a qubit | `"memory"` |
| 4 | few-qubit fault-tolerant | fault-tolerant gates, few qubits | `"few_qubit_fault_tolerance"` |
| 5 | quantum computing | full quantum computers at the nodes | `"quantum_computing"` |

QKD without trusted relays needs only `{"end_to_end_qubit"}` (stage 1); blind quantum
computing needs a memory (stage 3)."""
    ),
    TaskCells(
        "00.4",
        answer="lowest_stage",
        prompt="""\
**Input:** `needs`, a set of capability names from the table above (possibly empty).

**Goal:** return the lowest stage (an integer 0 to 5) of a network that provides every
capability in `needs`.""",
        solution='''\
def lowest_stage(needs):
    """Return the lowest stage (0-5) providing every capability named in the set needs."""
    ### BEGIN SOLUTION
    stage_of = {
        "end_to_end_qubit": 1,
        "entanglement": 2,
        "memory": 3,
        "few_qubit_fault_tolerance": 4,
        "quantum_computing": 5,
    }
    return max((stage_of[need] for need in needs), default=0)
    ### END SOLUTION''',
    ),
    TaskCells(
        "00.5",
        answer="stage_placement",
        prompt="""\
Now decide for real applications. What each one needs between the two end nodes:

- *QKD with trusted nodes*: keys relayed hop by hop; every relay may learn them.
- *secure identification* (a password at an ATM, Damgard et al.): the user sends single
  qubits that the ATM measures.
- *device-independent QKD*: a loophole-free Bell test between the users, measured at once.
- *blind quantum computing*: the client's qubits are kept at the server while it computes.
- *clock synchronization* (Komar et al., Nat. Phys. 2014): entangled states shared by many
  nodes and kept fault-tolerantly.
- *distributed quantum computing*: full quantum computers working together.

**Input:** none.

**Goal:** `stage_placement()` returns a dict mapping each of these six names (spelled as
above) to the lowest stage, an integer 0 to 5, that supports it. The check says how many
placements are off, not which stage is right.""",
        solution='''\
def stage_placement():
    """Return a dict: application name -> the lowest stage (0-5) it needs."""
    ### BEGIN SOLUTION
    return {
        "QKD with trusted nodes": 0,
        "secure identification": 1,
        "device-independent QKD": 2,
        "blind quantum computing": 3,
        "clock synchronization": 4,
        "distributed quantum computing": 5,
    }
    ### END SOLUTION''',
    ),
    Markdown(
        """\
### Your progress

The table below lists the tasks you have passed in every module; press *Refresh* after a
check. From a terminal, `qinternet-edu progress` prints the same table."""
    ),
    Code("qie.exercises.progress_widget()", tags=("nbval-ignore-output",)),
]

if __name__ == "__main__":
    notebook = build_source_notebook(
        "00",
        intro="These exercises show how the checks work, and practise three first ideas of the "
        "course: the XOR of the one-time pad, fiber loss, and the stage ladder.",
        cells=CELLS,
    )
    print(write_notebook(notebook, "exercises/source/00_welcome/00_welcome.ipynb"))
