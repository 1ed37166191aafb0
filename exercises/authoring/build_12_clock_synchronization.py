"""Build the instructor source of exercises 12 (run from the repository root).

    python exercises/authoring/build_12_clock_synchronization.py
    jupyter nbconvert --to notebook --execute --inplace \
        --ExecutePreprocessor.record_timing=False \
        exercises/source/12_clock_synchronization/12_clock_synchronization.ipynb
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
Alice and Bob share singlets of qubits with transition frequency f (angular frequency
ω = 2πf). Each measures when their own clock reads the agreed time; Bob's clock is behind by
the offset Δ, so his qubit precesses by the extra angle ωΔ before he measures it. Over many
pairs, ⟨X_A X_B⟩ = −cos ωΔ and ⟨X_A Y_B⟩ = −sin ωΔ (Jozsa et al., PRL 85, 2010 (2000))."""
    ),
    TaskCells(
        "12.1",
        answer="singlet_correlations",
        prompt="""\
**Input:** the clock offset `offset_s` (seconds, any real number) and the qubits' transition
frequency `frequency_hz` (Hz).

**Goal:** return `[xx, xy]`, the two correlations ⟨X_A X_B⟩ and ⟨X_A Y_B⟩ that Alice and Bob
will measure.""",
        solution='''\
def singlet_correlations(offset_s, frequency_hz):
    """Return [<X_A X_B>, <X_A Y_B>] for clocks offset by offset_s."""
    ### BEGIN SOLUTION
    phase = 2 * math.pi * frequency_hz * offset_s
    return [-math.cos(phase), -math.sin(phase)]
    ### END SOLUTION''',
    ),
    Markdown(
        """\
### From counts to an offset

In the protocol Bob measures half of the pairs in X and half in Y; Alice always measures X.
Afterwards Alice announces her outcomes and Bob counts, in each basis, how many pairs came
out **anticorrelated** (product of the two ±1 outcomes equal to −1)."""
    ),
    TaskCells(
        "12.2",
        answer="estimate_offset",
        prompt="""\
**Input:** `n_x` pairs measured X–X, of which `anti_x` were anticorrelated; `n_y` pairs
measured X–Y, of which `anti_y` were anticorrelated; the frequency `frequency_hz`.

**Goal:** return the estimated clock offset Δ in seconds, in (−1/(2f), 1/(2f)]. The true
offsets of the test cases lie anywhere in that interval, including beyond a quarter period,
and can be negative.""",
        solution='''\
def estimate_offset(n_x, anti_x, n_y, anti_y, frequency_hz):
    """Return the clock offset (s) estimated from anticorrelation counts."""
    ### BEGIN SOLUTION
    xx = 1 - 2 * anti_x / n_x
    xy = 1 - 2 * anti_y / n_y
    return math.atan2(-xy, -xx) / (2 * math.pi * frequency_hz)
    ### END SOLUTION''',
    ),
    Markdown(
        """\
### A budget of pairs

Each correlation is a mean of ±1 values, so its estimate is noisy. With N pairs split evenly,
N/2 per basis, the standard error of the offset is at most

$$\\sigma_\\Delta = \\frac{1}{\\omega\\sqrt{N/2}},$$

the worst case over the offsets (it is reached when one of the two correlations is ±1)."""
    ),
    TaskCells(
        "12.3",
        answer="pairs_needed",
        prompt="""\
**Input:** a target precision `target_s` (seconds) and the frequency `frequency_hz`.

**Goal:** return the smallest **even** number of pairs N (an `int`) for which the worst-case
standard error above is at most `target_s`.""",
        solution='''\
def pairs_needed(target_s, frequency_hz):
    """Return the smallest even N with 1 / (omega sqrt(N/2)) <= target_s."""
    ### BEGIN SOLUTION
    omega = 2 * math.pi * frequency_hz
    per_basis = math.ceil(1 / (omega * target_s) ** 2)
    return 2 * per_basis
    ### END SOLUTION''',
    ),
    Markdown(
        """\
### A network of clocks

N clocks estimate a common phase. Working independently, they reach a variance of 1/(Nν)
after ν repetitions (the standard quantum limit); sharing one GHZ state, they reach 1/(N²ν)
(the Heisenberg limit; Komar et al., Nat. Phys. 10, 582 (2014))."""
    ),
    TaskCells(
        "12.4",
        answer="repetitions_needed",
        prompt="""\
**Input:** the number of clocks `n_clocks` and a target variance `target_variance_rad2`
(rad²).

**Goal:** return `(nu_independent, nu_ghz)`, the smallest whole numbers of repetitions with
which independent clocks, and clocks sharing a GHZ state, reach the target variance or
better.""",
        solution='''\
def repetitions_needed(n_clocks, target_variance_rad2):
    """Return (repetitions for independent clocks, repetitions for a GHZ state)."""
    ### BEGIN SOLUTION
    nu_independent = math.ceil(1 / (n_clocks * target_variance_rad2))
    nu_ghz = math.ceil(1 / (n_clocks**2 * target_variance_rad2))
    return (nu_independent, nu_ghz)
    ### END SOLUTION''',
    ),
]

if __name__ == "__main__":
    notebook = build_source_notebook(
        "12",
        intro="Entanglement-based clock synchronization: predict the singlet correlations, "
        "estimate an offset from counted pairs, budget the pairs for a target precision, and "
        "compare a GHZ network of clocks with independent ones.",
        imports="import math\n\nimport numpy as np\n\nimport qinternet_edu as qie",
        cells=CELLS,
    )
    print(
        write_notebook(
            notebook, "exercises/source/12_clock_synchronization/12_clock_synchronization.ipynb"
        )
    )
