"""Build the instructor source of exercises 04 (run from the repository root).

    python exercises/authoring/build_04_stage0_trusted_nodes.py
    jupyter nbconvert --to notebook --execute --inplace \
        --ExecutePreprocessor.record_timing=False \
        exercises/source/04_stage0_trusted_nodes/04_stage0_trusted_nodes.ipynb
    qinternet-edu release
"""

from qinternet_edu.exercises.authoring import (
    Markdown,
    TaskCells,
    build_source_notebook,
    write_notebook,
)

INTRO = """\
Relay a key through trusted nodes with the one-time pad, find out which nodes learn it, and
size a trusted-node chain: what its key rate is and how many relays a target rate needs.
The course notebook is [04 · Stage 0: trusted nodes](../notebooks/04_stage0_trusted_nodes.ipynb)."""

CELLS = [
    Markdown(
        """\
Neighbouring nodes share a fresh QKD link key $k_i$ on each link $i$. To give the two ends a
common key $K$, the first node publishes $m_1 = K \\oplus k_1$; the next node computes
$m_1 \\oplus k_1 = K$ and publishes $m_2 = K \\oplus k_2$, and so on to the far end.
Bits are 0/1 integers; $\\oplus$ is XOR (`^` in Python, `np.bitwise_xor` in numpy)."""
    ),
    TaskCells(
        "04.1",
        answer="relay_messages",
        prompt="""\
**Input:** `key`, the final key $K$ (a list of bits), and `link_keys`, a list with one link key
per link (each a list of bits as long as `key`), from the first end to the last.

**Goal:** return the published messages, one row per link: row $i$ is $K \\oplus k_i$
(a list of lists or a 2-D array of 0/1). Then convince yourself that XOR-ing the last row with
the last link key gives $K$ back at the far end.""",
        solution='''\
def relay_messages(key, link_keys):
    """Return the message published on each link: K xor k_i, one row per link."""
    ### BEGIN SOLUTION
    key = np.asarray(key)
    return np.bitwise_xor(np.asarray(link_keys), key)
    ### END SOLUTION''',
    ),
    Markdown(
        """\
### Who learns the key

In a network the key follows one route, and every node on it decrypts and re-encrypts it.
Here all nodes are trusted relays, all fibers lose 0.2 dB/km, and the key is relayed along the
route with the **least total loss**."""
    ),
    TaskCells(
        "04.2",
        answer="who_learns",
        prompt="""\
**Input:** `links`, a list of fibers `(node_a, node_b, length_km)`, and two node names `a` and
`b`.

**Goal:** return the names of all the nodes that know the key after it is relayed from `a` to
`b` (a list or a set, in any order). `qie.network.QuantumNetwork` can build the network for you
(`add_node(name, kind="trusted relay")`, `add_fiber(a, b, length_km=...)`).""",
        solution='''\
def who_learns(links, a, b):
    """Return the names of the nodes that learn a key relayed from a to b."""
    ### BEGIN SOLUTION
    net = qie.network.QuantumNetwork()
    for name in dict.fromkeys(n for x, y, _ in links for n in (x, y)):
        net.add_node(name, kind="trusted relay")
    for x, y, length in links:
        net.add_fiber(x, y, length_km=length)
    return set(net.lowest_loss_path(a, b))
    ### END SOLUTION''',
    ),
    Markdown(
        """\
### The rate of a chain

Each link runs decoy-state BB84; `qie.decoy_bb84_key_rate(length_km)` gives its secret bits per
pulse over a fiber of that length (with the library's default parameters, 0 beyond about
140 km). A source sending `repetition_rate_hz` pulses per second turns that into bit/s."""
    ),
    TaskCells(
        "04.3",
        answer="chain_key_rate",
        prompt="""\
**Input:** `link_lengths_km`, the length of each link of a trusted-node chain, and
`repetition_rate_hz`, the pulse rate of every link's source.

**Goal:** return the end-to-end secret-key rate of the chain in bit/s (a float).""",
        solution='''\
def chain_key_rate(link_lengths_km, repetition_rate_hz):
    """Return the end-to-end key rate (bit/s) of a chain of decoy-state BB84 links."""
    ### BEGIN SOLUTION
    per_pulse = qie.decoy_bb84_key_rate(np.asarray(link_lengths_km, dtype=float))
    return float(np.min(repetition_rate_hz * np.asarray(per_pulse)))
    ### END SOLUTION''',
    ),
    TaskCells(
        "04.4",
        answer="relays_needed",
        prompt="""\
**Input:** `total_km`, the fiber distance between the two ends; `target_rate_bps`, the key rate
they need; `repetition_rate_hz`, the pulse rate of each link.

**Goal:** return the smallest number of trusted relays (an integer), placed at equal spacing,
for which the chain's end-to-end key rate is at least `target_rate_bps`. Zero relays is a
direct link.""",
        solution='''\
def relays_needed(total_km, target_rate_bps, repetition_rate_hz):
    """Return the fewest equally spaced trusted relays that reach the target key rate."""
    ### BEGIN SOLUTION
    n_relays = 0
    while True:
        hop_km = total_km / (n_relays + 1)
        rate = repetition_rate_hz * float(qie.decoy_bb84_key_rate(hop_km))
        if rate >= target_rate_bps:
            return n_relays
        n_relays += 1
    ### END SOLUTION''',
    ),
    Markdown(
        """\
### Think about it

Your answer to 04.4 for 2,000 km and 100 kbit/s is close to the 32 relays of the
Beijing-Shanghai backbone. How many nodes would then have to be trusted? Which of the
applications on the stage ladder can such a network serve (`qie.required_stage`)?"""
    ),
]


def main():
    nb = build_source_notebook("04", intro=INTRO, cells=CELLS)
    write_notebook(nb, "exercises/source/04_stage0_trusted_nodes/04_stage0_trusted_nodes.ipynb")


if __name__ == "__main__":
    main()
