"""Build the instructor source of exercises 15 (run from the repository root).

    python exercises/authoring/build_15_capstone.py
    jupyter nbconvert --to notebook --execute --inplace \
        --ExecutePreprocessor.record_timing=False exercises/source/15_capstone/15_capstone.ipynb
    qinternet-edu release
"""

from qinternet_edu.exercises.authoring import (
    Markdown,
    TaskCells,
    build_source_notebook,
    write_notebook,
)

INTRO = """\
Design with the stage ladder: the stage a set of applications needs, the stage a network
reaches, and the cheapest hardware upgrade that lets an application run. The course notebook
is [15 · Capstone](../notebooks/15_capstone.ipynb)."""

CELLS = [
    TaskCells(
        "15.1",
        answer="lowest_stage",
        prompt="""\
**Input:** `applications`, a list of application names (any name or alias that
`qie.required_stage` knows, e.g. `"QKD"`, `"E91"`, `"clock sync"`).

**Goal:** return the lowest stage (an integer 0-5) of a network on which *all* of them can
run.""",
        solution='''\
def lowest_stage(applications):
    """Return the lowest stage (0-5) that supports every application in the list."""
    ### BEGIN SOLUTION
    return max(int(qie.required_stage(name).stage) for name in applications)
    ### END SOLUTION''',
    ),
    Markdown(
        """\
### Chains of nodes

A chain is given by the kinds of its nodes, from one end to the other (`"end node"`,
`"trusted relay"`, `"repeater"`, `"ground station"`, `"fault-tolerant processor"`,
`"quantum computer"`), and the fiber length of each hop (0.2 dB/km). `qie.network_stage`
decides with the course's rules, including the 100 dB limit on a stretch of fiber that no
memory interrupts."""
    ),
    TaskCells(
        "15.2",
        answer="chain_stage",
        prompt="""\
**Input:** `node_kinds`, a list of node kinds (first and last are the two ends), and
`hop_lengths_km`, one length per hop (one fewer than nodes).

**Goal:** return the highest stage (an integer 0-5) that the two ends reach, or `-1` if they
reach none.""",
        solution='''\
def chain_stage(node_kinds, hop_lengths_km):
    """Return the highest stage (0-5) between the ends of a chain, or -1 for none."""
    ### BEGIN SOLUTION
    net = qie.network.QuantumNetwork()
    names = [f"node {i}" for i in range(len(node_kinds))]
    for name, kind in zip(names, node_kinds):
        net.add_node(name, kind=kind)
    for a, b, length in zip(names, names[1:], hop_lengths_km):
        net.add_fiber(a, b, length_km=length)
    stage = qie.network_stage(net, names[0], names[-1]).stage
    return -1 if stage is None else int(stage)
    ### END SOLUTION''',
    ),
    Markdown(
        """\
### Climbing the ladder with hardware

You may replace the kind of any node, ends included, by one of the kinds in `upgrade_costs`,
paying its price (a `"repeater"` at an end acts as an end node with a quantum memory).
Chains have at most four nodes here, so trying every combination is fine."""
    ),
    TaskCells(
        "15.3",
        answer="cheapest_upgrade",
        prompt="""\
**Input:** `node_kinds` and `hop_lengths_km` as in 15.2, an `application` name, and
`upgrade_costs`, a dict from node kind to the cost of turning a node into that kind.

**Goal:** return the smallest total cost (a number) of upgrades after which the two ends can
run the application; 0 if they already can.""",
        solution='''\
def cheapest_upgrade(node_kinds, hop_lengths_km, application, upgrade_costs):
    """Return the lowest total cost of node upgrades that let the ends run the application."""
    ### BEGIN SOLUTION
    import itertools

    target = int(qie.required_stage(application).stage)
    choices = [[(kind, 0)] + list(upgrade_costs.items()) for kind in node_kinds]
    costs = [
        sum(cost for _, cost in combo)
        for combo in itertools.product(*choices)
        if chain_stage([kind for kind, _ in combo], hop_lengths_km) >= target
    ]
    return min(costs)
    ### END SOLUTION''',
    ),
    Markdown(
        """\
### Think about it

In 15.3, compare "blind quantum computing" (stage 3) with the simplest blind-computing
protocol, in which the client only prepares single qubits and sends them to the server
(`qie.required_stage("blind quantum computing").note`). What would the upgrade cost if the
client did not need a memory? Software that lowers an application's requirements saves
hardware."""
    ),
]


def main():
    nb = build_source_notebook("15", intro=INTRO, cells=CELLS)
    write_notebook(nb, "exercises/source/15_capstone/15_capstone.ipynb")


if __name__ == "__main__":
    main()
