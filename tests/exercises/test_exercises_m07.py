"""Module 07 tasks: correct answers in another form pass, plausible mistakes fail."""

import numpy as np
import pytest

import qinternet_edu as qie
from qinternet_edu import exercises


@pytest.fixture(autouse=True)
def progress_dir(tmp_path, monkeypatch):
    """Every test writes its progress into its own temporary folder."""
    monkeypatch.setenv("QINTERNET_EDU_DATA_DIR", str(tmp_path / "progress"))
    for name in ("NBGRADER_EXECUTION", "QINTERNET_EDU_GRADING", "QINTERNET_EDU_NO_FORK"):
        monkeypatch.delenv(name, raising=False)


def test_07_1_guessing():
    def right(n_passwords, n_runs):
        return 1.0 if n_runs >= n_passwords else n_runs / n_passwords

    def with_repetition(n_passwords, n_runs):
        return 1 - (1 - 1 / n_passwords) ** n_runs

    def uncapped(n_passwords, n_runs):
        return n_runs / n_passwords

    assert exercises.evaluate("07.1", right, hidden=True).passed
    for wrong in (with_repetition, uncapped):
        assert exercises.evaluate("07.1", wrong).status == "failed", wrong.__name__


def test_07_1_matches_the_simulated_attack():
    s = qie.guess_attack_success(8, 2, n_trials=400, n_qubits=64, seed=5)
    expected = exercises.get_task("07.1").reference(8, 2)
    assert s.success_rate == pytest.approx(expected, abs=4 * np.sqrt(0.25 * 0.75 / 400))


def test_07_2_noisy_acceptance():
    def right(n_qubits, error_probability):
        return float(np.exp(n_qubits * np.log1p(-error_probability / 2)))

    def average_size(n_qubits, error_probability):
        return (1 - error_probability) ** (n_qubits / 2)

    def all_qubits(n_qubits, error_probability):
        return (1 - error_probability) ** n_qubits

    assert exercises.evaluate("07.2", right, hidden=True).passed
    for wrong in (average_size, all_qubits):
        assert exercises.evaluate("07.2", wrong).status == "failed", wrong.__name__


def test_07_2_matches_a_monte_carlo():
    """Independent check: draw I_w and the flips, count runs with no flip inside I_w."""
    rng = np.random.default_rng(7)
    n, p, runs = 40, 0.05, 40_000
    in_set = rng.random((runs, n)) < 0.5
    flipped = rng.random((runs, n)) < p
    accepted = ~np.any(in_set & flipped, axis=1)
    expected = exercises.get_task("07.2").reference(n, p)
    assert accepted.mean() == pytest.approx(expected, abs=4 * np.sqrt(expected / runs))


def test_07_3_testable_candidates():
    def right(terminal_bases, n_passwords):
        bases = np.array(terminal_bases)
        codes = [
            qie.password_codeword(w, n_passwords=n_passwords, n_qubits=len(bases))
            for w in range(n_passwords)
        ]
        return float(sum(0.75 ** np.sum(c != bases) for c in codes))

    def half(terminal_bases, n_passwords):
        bases = np.array(terminal_bases)
        codes = [
            qie.password_codeword(w, n_passwords=n_passwords, n_qubits=len(bases))
            for w in range(n_passwords)
        ]
        return float(sum(0.5 ** np.sum(c != bases) for c in codes))

    def exact_matches(terminal_bases, n_passwords):
        bases = np.array(terminal_bases)
        return float(
            sum(
                np.array_equal(
                    qie.password_codeword(w, n_passwords=n_passwords, n_qubits=len(bases)), bases
                )
                for w in range(n_passwords)
            )
        )

    assert exercises.evaluate("07.3", right, hidden=True).passed
    for wrong in (half, exact_matches):
        assert exercises.evaluate("07.3", wrong).status == "failed", wrong.__name__


def test_07_3_three_quarters_per_position_matches_the_attack():
    """A terminal measuring in c(guess) confirms a user password at distance d w.p. (3/4)^d."""
    n_pw, n_q = 16, 8
    guess, user = 5, 6
    d = int(
        np.sum(
            qie.password_codeword(guess, n_passwords=n_pw, n_qubits=n_q)
            != qie.password_codeword(user, n_passwords=n_pw, n_qubits=n_q)
        )
    )
    rng = np.random.default_rng(2)
    runs = 3000
    hits = sum(
        user
        in qie.dishonest_terminal_attack(
            user, guess=guess, n_passwords=n_pw, n_qubits=n_q, rng=rng
        ).consistent
        for _ in range(runs)
    )
    p = 0.75**d
    assert hits / runs == pytest.approx(p, abs=4 * np.sqrt(p * (1 - p) / runs))
