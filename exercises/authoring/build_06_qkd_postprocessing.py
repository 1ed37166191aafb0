"""Build the instructor source of exercises 06 (run from the repository root).

    python exercises/authoring/build_06_qkd_postprocessing.py
    jupyter nbconvert --to notebook --execute --inplace \
        --ExecutePreprocessor.record_timing=False \
        exercises/source/06_qkd_postprocessing/06_qkd_postprocessing.ipynb
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
The binary entropy h(Q) = −Q log₂ Q − (1 − Q) log₂(1 − Q) counts, in bits, the uncertainty of
a bit that is wrong with probability Q; `qie.binary_entropy(Q)` computes it."""
    ),
    TaskCells(
        "06.1",
        answer="secret_fraction",
        prompt="""\
**Input:** the QBER `qber` of a long BB84 key, in [0, 0.5].

**Goal:** return the asymptotic secret fraction of Shor and Preskill, 1 − 2h(Q): secret bits per
sifted bit with ideal error correction. Where no key can be made, return 0.0.""",
        solution='''\
def secret_fraction(qber):
    """Return max(0, 1 - 2 h(qber))."""
    ### BEGIN SOLUTION
    return max(0.0, 1 - 2 * float(qie.binary_entropy(qber)))
    ### END SOLUTION''',
    ),
    Markdown(
        """\
### Error correction and its cost

Cascade corrects the errors by announcing parities; each announced parity is a bit Eve
learns. No protocol can do with fewer than the Shannon limit n h(Q) bits."""
    ),
    TaskCells(
        "06.2",
        answer="leakage_report",
        prompt="""\
**Input:** the key length `n_bits`, its error rate `qber` (in (0, 0.5)) and the number of
parity bits `leaked_bits` that error correction revealed.

**Goal:** return `[shannon_limit_bits, efficiency]`: the minimum number of bits any error
correction must reveal, and the efficiency f = leaked / minimum.""",
        solution='''\
def leakage_report(n_bits, qber, leaked_bits):
    """Return [n h(Q), leaked_bits / (n h(Q))]."""
    ### BEGIN SOLUTION
    limit = n_bits * float(qie.binary_entropy(qber))
    return [limit, leaked_bits / limit]
    ### END SOLUTION''',
    ),
    Markdown(
        """\
### Privacy amplification

Hashing with a random two-universal function (a Toeplitz matrix) shrinks the corrected key to
what Eve knows nothing about. The leftover hash lemma says how short it must be: Eve's
uncertainty, minus a security margin of 2 log₂(1/ε) bits for a key ε-close to perfect."""
    ),
    TaskCells(
        "06.3",
        answer="final_key_length",
        prompt="""\
**Input:** the corrected key length `n_bits`, the QBER `qber`, the bits `leaked_bits` revealed
by error correction, and the security parameter `epsilon` in (0, 1).

**Goal:** return the number of secret bits after privacy amplification, using n h(Q) for what
Eve learned from the phase errors (an integer-valued number ≥ 0; within one bit is fine).""",
        solution='''\
def final_key_length(n_bits, qber, leaked_bits, epsilon):
    """Return the secret key length after privacy amplification."""
    ### BEGIN SOLUTION
    h = float(qie.binary_entropy(qber))
    length = n_bits * (1 - h) - leaked_bits - 2 * np.log2(1 / epsilon)
    return max(0, int(np.floor(length)))
    ### END SOLUTION''',
    ),
    Markdown(
        """\
### How far does a link reach?

`qie.decoy_bb84_key_rate(length_km, detector_efficiency=..., misalignment=...,
dark_count_probability=..., attenuation_db_per_km=...)` gives the asymptotic decoy-state BB84
key rate in secret bits per pulse (Lo, Ma, Chen 2005). It is exactly 0 where no key can be made."""
    ),
    TaskCells(
        "06.4",
        answer="max_distance_km",
        prompt="""\
**Input:** Bob's `detector_efficiency`, the optical error `misalignment`, the
`dark_count_probability` per pulse and the fiber's `attenuation_db_per_km`.

**Goal:** return the longest fiber, in km, over which the decoy-state key rate is still
positive (to within 0.25 km).""",
        solution='''\
def max_distance_km(detector_efficiency, misalignment, dark_count_probability,
                    attenuation_db_per_km):
    """Return the fiber length (km) at which the decoy-state key rate reaches zero."""
    ### BEGIN SOLUTION
    params = dict(detector_efficiency=detector_efficiency, misalignment=misalignment,
                  dark_count_probability=dark_count_probability,
                  attenuation_db_per_km=attenuation_db_per_km)
    lo, hi = 0.0, 1000.0
    while hi - lo > 0.05:
        mid = (lo + hi) / 2
        if qie.decoy_bb84_key_rate(mid, **params) > 0:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2
    ### END SOLUTION''',
    ),
]

if __name__ == "__main__":
    notebook = build_source_notebook(
        "06",
        intro="The asymptotic secret fraction, the cost of error correction against the Shannon "
        "limit, the key left after privacy amplification, and the reach of decoy-state BB84.",
        cells=CELLS,
    )
    print(
        write_notebook(
            notebook, "exercises/source/06_qkd_postprocessing/06_qkd_postprocessing.ipynb"
        )
    )
