"""Build the instructor source of exercises 09 (run from the repository root).

    python exercises/authoring/build_09_stage2_entanglement_distribution.py
    jupyter nbconvert --to notebook --execute --inplace \
        --ExecutePreprocessor.record_timing=False \
        exercises/source/09_stage2_entanglement_distribution/09_stage2_entanglement_distribution.ipynb
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
Alice and Bob share Werner pairs ρ = V |Φ⁺⟩⟨Φ⁺| + (1 − V) I/4 of **visibility** V (the
fidelity with |Φ⁺⟩ is F = (1 + 3V)/4). They measure along axes in the X-Z plane of the Bloch
sphere; the correlator of two axes at angles a and b is E = V cos(a − b). In BBM92 both measure
in Z or X and keep the rounds where the bases match."""
    ),
    TaskCells(
        "09.1",
        answer="chsh_and_qber",
        prompt="""\
**Input:** `visibility`, the Werner visibility V in [0, 1].

**Goal:** return `[S, Q]`: the largest CHSH value S of the pair (optimal angles), and the
quantum bit error rate Q when both measure in the same basis (Z and Z, or X and X).""",
        solution='''\
def chsh_and_qber(visibility):
    """Return [S, QBER] of a Werner pair of visibility V."""
    ### BEGIN SOLUTION
    return [2 * np.sqrt(2) * visibility, (1 - visibility) / 2]
    ### END SOLUTION''',
    ),
    Markdown(
        """\
### The key

After sifting, Alice and Bob correct the errors (this reveals about h(Q) bits per pair) and
shorten the key by privacy amplification (another h(Q) bits), where
h(q) = −q log₂ q − (1 − q) log₂(1 − q) is the binary entropy (Shor and Preskill 2000)."""
    ),
    TaskCells(
        "09.2",
        answer="key_fraction",
        prompt="""\
**Input:** `visibility`, the Werner visibility V in [0, 1].

**Goal:** return the asymptotic BBM92 secret key per sifted pair, 1 − 2h(Q), or 0 when that is
negative (no key at all).""",
        solution='''\
def key_fraction(visibility):
    """Return BBM92 secret bits per sifted pair for Werner pairs of visibility V."""
    ### BEGIN SOLUTION
    q = (1 - visibility) / 2
    if q <= 0:
        return 1.0
    h = -q * np.log2(q) - (1 - q) * np.log2(1 - q)
    return max(0.0, 1 - 2 * h)
    ### END SOLUTION''',
    ),
    Markdown(
        """\
### Two thresholds

A Bell violation (S > 2) proves the pairs are entangled; a positive key needs more. Find the
smallest visibilities for each."""
    ),
    TaskCells(
        "09.3",
        answer="thresholds",
        prompt="""\
**Input:** none.

**Goal:** return `[V_bell, V_key]`: the smallest visibility for which Werner pairs violate the
CHSH inequality (S > 2), and the smallest for which BBM92 gives a positive key (task 09.2). Three
correct decimals are enough.""",
        solution='''\
def thresholds():
    """Return [V_bell, V_key], the visibility thresholds of a Bell violation and a BBM92 key."""
    ### BEGIN SOLUTION
    from scipy.optimize import brentq

    v_bell = 1 / np.sqrt(2)
    v_key = brentq(lambda v: 1 - 2 * qie.binary_entropy((1 - v) / 2), 0.5, 0.99)
    return [v_bell, v_key]
    ### END SOLUTION''',
    ),
    Markdown(
        """\
### Heralding the pairs

Two nodes `length_km` apart send photons to a station in the middle. Each photon is emitted into
the fiber with probability `emission_efficiency`, crosses half the link of 0.2 dB/km fiber and
is detected with probability `detector_efficiency`; call the product η. A **single-click**
scheme with bright-state population α succeeds with probability 2αη per attempt; the
**double-click** (Barrett-Kok) scheme needs both photons and a linear-optics Bell measurement,
which works half of the time: η²/2. An attempt lasts as long as light takes to cross the whole
link length in fiber (to the station and the herald back): use
`qie.SPEED_OF_LIGHT_IN_FIBER_M_PER_S`."""
    ),
    TaskCells(
        "09.4",
        answer="herald",
        prompt="""\
**Input:** `length_km`, `scheme` (`"single_click"` or `"double_click"`), `detector_efficiency`,
`emission_efficiency`, `bright_state_population` (α, used only by the single-click scheme).

**Goal:** return `[p, mean_waiting_time_s]`: the success probability per attempt and the mean
time until the first success.""",
        solution='''\
def herald(length_km, scheme, detector_efficiency, emission_efficiency, bright_state_population):
    """Return [success probability per attempt, mean waiting time in s] of a heralded link."""
    ### BEGIN SOLUTION
    eta = emission_efficiency * detector_efficiency * 10 ** (-0.2 * (length_km / 2) / 10)
    if scheme == "single_click":
        p = 2 * bright_state_population * eta
    else:
        p = eta**2 / 2
    attempt_s = length_km * 1e3 / qie.SPEED_OF_LIGHT_IN_FIBER_M_PER_S
    return [p, attempt_s / p]
    ### END SOLUTION''',
    ),
    Markdown(
        """\
Compare your two schemes on a 100 km link: which one is faster, and what does the faster one
pay in fidelity? (`qie.heralded_link(...).fidelity` tells you.)"""
    ),
]

if __name__ == "__main__":
    notebook = build_source_notebook(
        "09",
        intro="The CHSH value and error rate of noisy pairs, the BBM92 key, the noise a Bell test "
        "and a key survive, and the success of a heralded link.",
        cells=CELLS,
    )
    print(
        write_notebook(
            notebook,
            "exercises/source/09_stage2_entanglement_distribution/"
            "09_stage2_entanglement_distribution.ipynb",
        )
    )
