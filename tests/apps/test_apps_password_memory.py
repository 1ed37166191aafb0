"""A fake identification terminal with q qubits of quantum memory: where bounded storage fails."""

import itertools
import math

import numpy as np
import pytest

import qinternet_edu as qie
from qinternet_edu.apps import password as pw


def _solutions_by_enumeration(matrix, target):
    """Count x in {0,1}^u with matrix x = target (mod 2), by trying every x."""
    u = matrix.shape[1]
    count = 0
    for bits in itertools.product((0, 1), repeat=u):
        if np.array_equal((matrix @ np.array(bits, dtype=np.int64)) & 1, target):
            count += 1
    return count


def test_packed_elimination_matches_brute_force():
    """Consistency and rank from the packed GF(2) basis agree with enumerating every x."""
    rng = np.random.default_rng(12)
    ell = 8
    n_cases = 40
    mats = [rng.integers(0, 2, size=(ell, int(rng.integers(0, 11)))) for _ in range(n_cases)]
    targets = []
    for k, m in enumerate(mats):
        if k % 2 and m.shape[1]:  # half the targets are in the span by construction
            targets.append((m @ rng.integers(0, 2, m.shape[1])) & 1)
        else:
            targets.append(rng.integers(0, 2, ell))
    basis = np.zeros((n_cases, ell), dtype=np.int64)
    width = max(m.shape[1] for m in mats)
    for j in range(width):
        col = np.zeros((ell, n_cases), dtype=np.int64)
        for k, m in enumerate(mats):
            if j < m.shape[1]:
                col[:, k] = m[:, j]
        pw._insert(basis, pw._pack_columns(col), ell)
    packed_targets = pw._pack_columns(np.array(targets).T)
    consistent = pw._reduce(basis, packed_targets, ell) == 0
    rank = np.count_nonzero(basis, axis=1)
    for k, (m, t) in enumerate(zip(mats, targets, strict=True)):
        count = _solutions_by_enumeration(m, t)
        assert consistent[k] == (count > 0)
        if count:
            assert count == 2 ** (m.shape[1] - rank[k])


def test_without_memory_it_is_the_one_guess_attack():
    n_pw = 64
    wrong = qie.memory_terminal_attack(10, memory_qubits=0, guess=11, n_passwords=n_pw, seed=3)
    assert wrong.ruled_out == 1  # only the guess is excluded
    assert wrong.posterior_of_password == pytest.approx(1 / (n_pw - 1), rel=1e-9)
    assert not wrong.learned
    right = qie.memory_terminal_attack(10, memory_qubits=0, guess=10, n_passwords=n_pw, seed=3)
    assert right.unknown_hash_bits_of_password == 0
    # Every other candidate keeps likelihood 2^-16: posterior 1 / (1 + 63 / 2^16).
    assert right.posterior_of_password == pytest.approx(1 / (1 + (n_pw - 1) / 2**16), rel=1e-9)
    assert right.learned


def test_with_full_memory_one_run_reveals_the_password():
    for seed in range(5):
        r = qie.memory_terminal_attack(
            7 * seed, memory_qubits=256, guess=None, n_passwords=64, seed=seed
        )
        assert r.ruled_out == 63
        assert r.posterior_of_password == pytest.approx(1.0, abs=1e-12)


def test_unknown_hash_bits_follow_the_counting():
    # With q qubits stored, about (n - q) / 4 positions of I_w were measured wrong.
    n, q = 256, 224
    ranks = [
        qie.memory_terminal_attack(
            s % 64, memory_qubits=q, guess=(s + 1) % 64, n_passwords=64, n_qubits=n, seed=s
        ).unknown_hash_bits_of_password
        for s in range(120)
    ]
    expected = (n - q) / 4  # 8 bits, far below the cap of 16 hash bits
    standard_error = math.sqrt((n - q) * 0.25 * 0.75 / len(ranks))
    assert np.mean(ranks) == pytest.approx(expected, abs=4 * standard_error)


def test_bounded_storage_fails_past_the_threshold():
    sweep = qie.memory_attack_sweep(
        [0, 48, 128], n_trials=30, n_passwords=64, n_qubits=128, hash_bits=16, seed=4
    )
    assert sweep.predicted_threshold == pytest.approx(128 - 4 * (16 - 6))
    low = sweep.success_rates[:2]
    assert (low <= 0.2).all()  # up to 48 qubits of 128: one guess per run at best
    assert sweep.success_rates[2] == 1.0  # everything stored: the password leaks every time
    assert sweep.mean_ruled_out[0] == pytest.approx(1.0, abs=0.1)
    assert sweep.mean_ruled_out[2] == pytest.approx(63.0)


def test_success_jumps_near_the_predicted_memory():
    qs = [68, 88, 108]  # threshold 88 for n = 128, 16-bit hashes, 64 passwords
    s = qie.memory_attack_sweep(qs, n_trials=40, n_passwords=64, n_qubits=128, seed=9)
    assert s.success_rates[0] < 0.25
    assert 0.15 < s.success_rates[1] < 0.85
    assert s.success_rates[2] > 0.75


@pytest.mark.parametrize(
    "kwargs, name",
    [
        (dict(memory_qubits=-1), "memory_qubits"),
        (dict(memory_qubits=300), "memory_qubits"),
        (dict(memory_qubits=0, guess=64), "guess"),
        (dict(memory_qubits=0, hash_bits=63), "hash_bits"),
        (dict(memory_qubits=0, n_qubits=16), "n_qubits"),
    ],
)
def test_bad_inputs_name_the_parameter(kwargs, name):
    with pytest.raises(ValueError, match=name):
        qie.memory_terminal_attack(1, **kwargs)


def test_a_long_guessing_attack_shows_a_progress_bar_and_a_short_one_none(monkeypatch, capsys):
    quick = qie.guess_attack_success(64, 8, n_trials=10, seed=3)
    assert "guess attack" not in capsys.readouterr().err
    monkeypatch.setattr(pw, "_PROGRESS_ELEMENTS", 1)  # as if the run were long
    slow = qie.guess_attack_success(64, 8, n_trials=10, seed=3)
    assert "guess attack" in capsys.readouterr().err
    assert slow == quick  # the bar changes nothing of the result
