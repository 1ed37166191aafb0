"""Build the instructor source of exercises 07 (run from the repository root).

    python exercises/authoring/build_07_password_identification.py
    jupyter nbconvert --to notebook --execute --inplace \
        --ExecutePreprocessor.record_timing=False \
        exercises/source/07_password_identification/07_password_identification.ipynb
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
In the identification protocol of Damgård, Fehr, Salvail and Schaffner, a fake terminal
without quantum memory learns, in each run, at most whether the password equals one candidate
of its choice: no more than typing one guess into a real keypad."""
    ),
    TaskCells(
        "07.1",
        answer="guess_success",
        prompt="""\
**Input:** the number of possible passwords `n_passwords` (the user's is uniformly random) and
the number of runs `n_runs` the fake terminal gets, each testing one new candidate.

**Goal:** return the probability that the terminal has found the password after these runs.""",
        solution='''\
def guess_success(n_passwords, n_runs):
    """Return the probability that n_runs distinct guesses include the password."""
    ### BEGIN SOLUTION
    return min(n_runs, n_passwords) / n_passwords
    ### END SOLUTION''',
    ),
    Markdown(
        """\
### An honest user over a noisy channel

The honest terminal measures in the bases c(w) and compares hashes of the bits at the positions
I_w = {i : θ_i = c(w)_i}, where the user's random basis matched its own. In the simple version of
the course's simulator there is no error correction: a single flipped bit inside I_w changes
the hash, and the honest user is rejected. Each of the user's n bases is random, so each
position is in I_w with probability 1/2, independently."""
    ),
    TaskCells(
        "07.2",
        answer="acceptance_probability",
        prompt="""\
**Input:** the number of qubits `n_qubits` and the probability `error_probability` p that the
channel flips a qubit's measured bit (independently for every qubit).

**Goal:** return the probability that an honest user with the right password is accepted,
averaged over the random size of I_w (ignore the 2^−ℓ chance of a lucky hash collision).""",
        solution='''\
def acceptance_probability(n_qubits, error_probability):
    """Return the probability that no flipped bit falls inside I_w."""
    ### BEGIN SOLUTION
    return (1 - error_probability / 2) ** n_qubits
    ### END SOLUTION''',
    ),
    Markdown(
        """\
With 8192 qubits even 0.1 % noise rejects most honest users; this is why the full protocol
sends an error-correcting syndrome along. Try `acceptance_probability(8192, 0.001)`.

### How many passwords can a fake terminal test?

A fake terminal must fix its measurement bases before it learns the user's. For a candidate w',
only the d positions where its bases differ from c(w') can spoil its test of w', and each of them
does with probability 1/4 (in I_w' with probability 1/2, then a wrong-basis coin toss that is
wrong with probability 1/2). So, if w' is the user's password, the terminal's check confirms it
with probability (3/4)^d. The sum of (3/4)^d over all candidates counts how many passwords one
run can test."""
    ),
    TaskCells(
        "07.3",
        answer="testable_candidates",
        prompt="""\
**Input:** the terminal's measurement bases `terminal_bases` (a list of n bases, 0 = Z,
1 = X) and the size of the password space `n_passwords`. Codewords come from
`qie.password_codeword(w, n_passwords=n_passwords, n_qubits=n)`.

**Goal:** return the sum over all candidates w of (3/4)^d(w), where d(w) is the number of
positions where c(w) differs from `terminal_bases`.""",
        solution='''\
def testable_candidates(terminal_bases, n_passwords):
    """Return the expected number of candidate passwords one run can test."""
    ### BEGIN SOLUTION
    bases = np.asarray(terminal_bases)
    total = 0.0
    for w in range(n_passwords):
        code = qie.password_codeword(w, n_passwords=n_passwords, n_qubits=bases.size)
        total += 0.75 ** np.count_nonzero(code != bases)
    return total
    ### END SOLUTION''',
    ),
    Markdown(
        """\
With a handful of qubits a guess's bases still fit several codewords (try 16 passwords and
8 qubits); with a few hundred qubits the sum is 1 for the guess and essentially 0 for everything
else. Long codes with far-apart codewords are what limits the terminal to one candidate."""
    ),
]

if __name__ == "__main__":
    notebook = build_source_notebook(
        "07",
        intro="Guessing at a fake terminal, an honest user over a noisy channel, and how many "
        "candidate passwords a terminal without quantum memory can test in one run.",
        cells=CELLS,
    )
    print(
        write_notebook(
            notebook,
            "exercises/source/07_password_identification/07_password_identification.ipynb",
        )
    )
