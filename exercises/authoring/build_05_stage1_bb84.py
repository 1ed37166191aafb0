"""Build the instructor source of exercises 05 (run from the repository root).

    python exercises/authoring/build_05_stage1_bb84.py
    jupyter nbconvert --to notebook --execute --inplace \
        --ExecutePreprocessor.record_timing=False \
        exercises/source/05_stage1_bb84/05_stage1_bb84.ipynb
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
In BB84 Alice sends each bit in a random basis, 0 for Z (+) and 1 for X (×), and Bob measures
in a random basis of his own. Where the bases agree he reads her bit; where they differ his
result is a coin toss. Afterwards they compare **bases** (never bits) in public."""
    ),
    TaskCells(
        "05.1",
        answer="sift_key",
        prompt="""\
**Input:** four lists of equal length with entries 0 or 1: `alice_bits`, `alice_bases`,
`bob_bits` (Bob's results) and `bob_bases`.

**Goal:** return Alice's sifted key: her bits at the positions where the two bases agree, in
order (a list or array of 0/1; it may be empty).""",
        solution='''\
def sift_key(alice_bits, alice_bases, bob_bits, bob_bases):
    """Return Alice's bits where alice_bases and bob_bases agree."""
    ### BEGIN SOLUTION
    a = np.asarray(alice_bits)
    same = np.asarray(alice_bases) == np.asarray(bob_bases)
    return a[same]
    ### END SOLUTION''',
    ),
    Markdown(
        """\
### Estimating the error rate

To learn the quantum bit error rate (QBER), Alice and Bob reveal the bits at a random sample of
positions, chosen in public, count the disagreements, and then discard those bits."""
    ),
    TaskCells(
        "05.2",
        answer="sample_qber",
        prompt="""\
**Input:** the sifted keys `alice_key` and `bob_key` (lists of 0/1 of equal length) and
`sample_positions`, the list of revealed positions (k of them, no repeats).

**Goal:** return `[qber, standard_error]`: the fraction of revealed positions where the keys
differ, and its binomial standard error.""",
        solution='''\
def sample_qber(alice_key, bob_key, sample_positions):
    """Return [QBER on the sample, its standard error]."""
    ### BEGIN SOLUTION
    positions = np.asarray(sample_positions)
    a = np.asarray(alice_key)[positions]
    b = np.asarray(bob_key)[positions]
    k = positions.size
    q = np.count_nonzero(a != b) / k
    return [q, np.sqrt(q * (1 - q) / k)]
    ### END SOLUTION''',
    ),
    Markdown(
        """\
### The eavesdropper's fingerprint

Eve intercepts a fraction of the photons, measures each in a random basis (she cannot copy
them) and resends what she found. Bob's optics are not perfect either: **misalignment** flips
each of his results, independently, with probability e."""
    ),
    TaskCells(
        "05.3",
        answer="qber_with_eve",
        prompt="""\
**Input:** `eve_fraction` f, the probability that Eve intercepts a photon, and
`misalignment` e.

**Goal:** return the QBER of the sifted key (a float).""",
        solution='''\
def qber_with_eve(eve_fraction, misalignment):
    """Return the QBER caused by intercept-resend on a fraction f and misalignment e."""
    ### BEGIN SOLUTION
    q_eve = eve_fraction / 4
    return q_eve * (1 - misalignment) + (1 - q_eve) * misalignment
    ### END SOLUTION''',
    ),
    Markdown(
        """\
### How long a key?

Single photons cross a fiber of loss α dB/km and reach a detector of efficiency η_det. Only
detected photons measured in the matching basis end up in the sifted key."""
    ),
    TaskCells(
        "05.4",
        answer="expected_sifted_bits",
        prompt="""\
**Input:** `n_pulses` single photons sent, `length_km` of fiber with loss
`attenuation_db_per_km`, and Bob's `detector_efficiency`.

**Goal:** return the expected number of sifted bits (a float). Compare with
`qie.simulate_bb84(...).sifted` if you like.""",
        solution='''\
def expected_sifted_bits(n_pulses, length_km, attenuation_db_per_km, detector_efficiency):
    """Return the expected sifted key length."""
    ### BEGIN SOLUTION
    eta = 10 ** (-attenuation_db_per_km * length_km / 10)
    return n_pulses * eta * detector_efficiency / 2
    ### END SOLUTION''',
    ),
]

if __name__ == "__main__":
    notebook = build_source_notebook(
        "05",
        intro="Sifting a BB84 key, estimating its error rate from a sample, the errors an "
        "intercept-resend eavesdropper causes, and the sifted key of a lossy fiber link.",
        cells=CELLS,
    )
    print(write_notebook(notebook, "exercises/source/05_stage1_bb84/05_stage1_bb84.ipynb"))
