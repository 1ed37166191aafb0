"""Tasks of module 07 (password identification in the bounded-quantum-storage model).

Guessing at a fake terminal, the honest protocol's acceptance over a noisy channel, and how
many candidate passwords a terminal without quantum memory can test in one run. The third
reference calls ``qie.password_codeword``.

Source: I. Damgard, S. Fehr, L. Salvail, C. Schaffner, "Secure identification and QKD in the
bounded-quantum-storage model", CRYPTO 2007; Theor. Comput. Sci. 560, 12 (2014).
"""

from __future__ import annotations

import numpy as np

from qinternet_edu.apps.password import password_codeword
from qinternet_edu.exercises.registry import Case, Task, compare_allclose, register, register_module

register_module("07", "Password identification")


# 07.1 -----------------------------------------------------------------------------------------
def _guess_success(n_passwords, n_runs):
    # One new candidate per run, never the same twice: n_runs / n_passwords (capped at 1).
    return min(n_runs, n_passwords) / n_passwords


def _guess_cases(rng):
    rows = [
        (10_000, 1, "a 4-digit PIN, one run"),
        (10_000, 3, "a 4-digit PIN, three runs (a card is blocked after three)"),
        (10, 5, "10 passwords, 5 runs"),
        (16, 16, "16 passwords, 16 runs: certain"),
        (100, 250, "more runs than passwords"),
        (1_000_000, 1_000, "a 6-digit PIN, 1,000 runs"),
    ]
    return [Case({"n_passwords": n, "n_runs": k}, label=label) for n, k, label in rows]


def _guess_hidden(rng):
    out = []
    for _ in range(3):
        n = int(rng.integers(2, 100_000))
        out.append(Case({"n_passwords": n, "n_runs": int(rng.integers(0, n + 1))}))
    return out


register(
    Task(
        task_id="07.1",
        title="How often guessing pays",
        skill="implement",
        kind="function",
        reference=_guess_success,
        cases=_guess_cases,
        hidden_cases=_guess_hidden,
        compare=compare_allclose(rtol=1e-9, atol=1e-12),
        hints=(
            "Each run lets the fake terminal check one candidate password, and a clever attacker "
            "never checks the same candidate twice. The user's password is uniformly random.",
            "After k runs the attacker has crossed off k different candidates out of N; the "
            "password is among them with probability k / N (not 1 - (1 - 1/N)^k, which is "
            "guessing with repetition).",
            "Return min(n_runs, n_passwords) / n_passwords.",
        ),
        points=1,
    )
)


# 07.2 -----------------------------------------------------------------------------------------
def _acceptance(n_qubits, error_probability):
    # Each qubit lands in I_w with probability 1/2 and is then flipped with probability p:
    # E[(1 - p)^|I_w|] over |I_w| ~ Binomial(n, 1/2) is (1 - p/2)^n.
    return (1.0 - error_probability / 2.0) ** n_qubits


def _accept_case(n, p, label=""):
    return Case({"n_qubits": n, "error_probability": p}, label=label)


def _accept_cases(rng):
    return [
        _accept_case(512, 0.0, "512 qubits, a perfect channel"),
        _accept_case(64, 0.1, "64 qubits, 10 % errors"),
        _accept_case(512, 0.01, "512 qubits, 1 % errors"),
        _accept_case(8192, 0.001, "8192 qubits, 0.1 % errors"),
        _accept_case(16, 0.5, "16 qubits, 50 % errors"),
        _accept_case(int(rng.integers(8, 2000)), round(float(rng.uniform(0.0, 0.05)), 4)),
    ]


def _accept_hidden(rng):
    return [
        _accept_case(int(rng.integers(8, 5000)), round(float(rng.uniform(0.0, 0.2)), 4))
        for _ in range(3)
    ]


register(
    Task(
        task_id="07.2",
        title="An honest user over a noisy channel",
        skill="implement",
        kind="function",
        reference=_acceptance,
        cases=_accept_cases,
        hidden_cases=_accept_hidden,
        compare=compare_allclose(rtol=1e-6, atol=1e-15),
        hints=(
            "Without error correction the terminal accepts only if x' = x on every position of "
            "I_w, the positions where the user's basis matched c(w). Any flipped bit there changes "
            "the hash.",
            "The size of I_w is random: each of the n qubits is in it with probability 1/2. So "
            "each qubit independently causes a rejection with probability p/2 (in I_w AND "
            "flipped).",
            "Return (1 - p/2)^n. (1 - p)^(n/2) plugs in the average size of I_w and is close but "
            "not equal: it ignores that the size fluctuates.",
        ),
        points=2,
    )
)


# 07.3 -----------------------------------------------------------------------------------------
def _testable(terminal_bases, n_passwords):
    bases = np.asarray(terminal_bases, dtype=np.uint8)
    total = 0.0
    for w in range(n_passwords):
        code = password_codeword(w, n_passwords=n_passwords, n_qubits=bases.size)
        d = int(np.count_nonzero(code != bases))
        total += 0.75**d
    return total


def _testable_case(n_passwords, n_qubits, *, guess=None, rng=None, label=""):
    if guess is not None:
        bases = password_codeword(guess, n_passwords=n_passwords, n_qubits=n_qubits)
    else:
        bases = rng.integers(0, 2, n_qubits)
    return Case(
        {"terminal_bases": [int(b) for b in bases], "n_passwords": n_passwords}, label=label
    )


def _testable_cases(rng):
    return [
        _testable_case(16, 8, guess=5, label="16 passwords, 8 qubits, bases of a guess"),
        _testable_case(16, 64, guess=5, label="16 passwords, 64 qubits, bases of a guess"),
        _testable_case(64, 256, guess=42, label="64 passwords, 256 qubits, bases of a guess"),
        _testable_case(16, 8, rng=rng, label="16 passwords, 8 qubits, random bases"),
        _testable_case(4, 2, rng=rng, label="4 passwords, 2 qubits, random bases"),
        _testable_case(32, 64, rng=rng, label="32 passwords, 64 qubits, random bases"),
    ]


def _testable_hidden(rng):
    return [
        _testable_case(16, 16, guess=int(rng.integers(16)), label="16 passwords, 16 qubits"),
        _testable_case(128, 64, rng=rng, label="128 passwords, 64 qubits, random bases"),
    ]


register(
    Task(
        task_id="07.3",
        title="Passwords a fake terminal can test in one run",
        skill="implement",
        kind="function",
        reference=_testable,
        cases=_testable_cases,
        hidden_cases=_testable_hidden,
        compare=compare_allclose(rtol=1e-6, atol=1e-9),
        hints=(
            "Look at one candidate w'. Where the terminal's basis equals c(w')_i, it measured "
            "that qubit exactly as an honest terminal holding w' would. Only the d positions "
            "where its basis differs from c(w') can spoil the test of w'.",
            "At such a position the qubit is in I_w' with probability 1/2 (the user's basis "
            "equals c(w')_i), and then the terminal measured in the wrong basis and its bit is "
            "wrong with probability 1/2: the test of w' survives each such position with "
            "probability 3/4, all d of them with (3/4)^d.",
            "For every w in range(n_passwords), get c(w) with qie.password_codeword(w, "
            "n_passwords=n_passwords, n_qubits=len(terminal_bases)), count the positions d "
            "where it differs from terminal_bases, and add up 0.75 ** d.",
        ),
        points=3,
    )
)
