"""Password identification (Damgard, Fehr, Salvail, Schaffner 2007): the three outcomes."""

import numpy as np
import pytest

import qinternet_edu as qie
from qinternet_edu.apps import password as pw


def test_right_password_is_accepted():
    for seed in range(10):
        r = qie.identify(1234, user_password=1234, seed=seed)
        assert r.accepted
        # The terminal measured about half the qubits in the user's basis.
        assert abs(r.matching_positions - r.n_qubits / 2) < 4 * (r.n_qubits / 4) ** 0.5


def test_wrong_password_is_rejected():
    for seed in range(10):
        assert not qie.identify(1234, user_password=4321 + seed, seed=seed).accepted
    assert not qie.identify(5, user_password=6, n_passwords=16, n_qubits=64, seed=1).accepted


def test_terminal_without_memory_learns_at_most_one_candidate():
    n_pw = 256
    for seed in range(6):
        secret = 17 * seed + 3
        wrong = qie.dishonest_terminal_attack(secret, guess=secret + 1, n_passwords=n_pw, seed=seed)
        assert wrong.consistent == ()  # even the real password fails its check
        assert not wrong.guess_was_right
        right = qie.dishonest_terminal_attack(secret, guess=secret, n_passwords=n_pw, seed=seed)
        assert right.consistent == (secret,)
        assert right.learned_password == secret
        blind = qie.dishonest_terminal_attack(
            secret, strategy="random", n_passwords=n_pw, seed=seed
        )
        assert blind.consistent == ()
        assert blind.n_candidates_tested == n_pw


def test_fast_candidate_check_equals_the_explicit_protocol_check():
    """The linear shortcut of the attack equals hashing each candidate's positions."""
    n_pw, n, ell = 32, 64, 16
    rng = np.random.default_rng(5)
    theta = rng.integers(0, 2, n, dtype=np.uint8)
    x_prime = rng.integers(0, 2, n, dtype=np.uint8)
    f_matrix = pw._toeplitz(rng, ell, n)
    cands = np.arange(n_pw)
    codes = pw._codewords(cands, n_pw, n)
    masks = (theta[None, :] == codes).astype(np.uint8)
    explicit = pw._hash_f(f_matrix, x_prime, masks)
    gen = pw._generator_matrix(n_pw, n).astype(np.int64)
    y = x_prime & (1 - theta)
    base = (f_matrix.astype(np.int64) @ y) & 1
    slope = (f_matrix.astype(np.int64) @ (gen * x_prime[None, :]).T) & 1
    bits = pw._password_bits(cands, gen.shape[0]).astype(np.int64)
    fast = ((bits @ slope.T) & 1) ^ base[None, :]
    assert np.array_equal(fast, explicit)


def test_codewords_are_half_apart():
    codes = pw._codewords(np.arange(64), 64, 256)
    dist = (codes[:, None, :] != codes[None, :, :]).sum(axis=2)
    off = dist[~np.eye(64, dtype=bool)]
    assert set(off.tolist()) <= {128, 256}
    assert qie.password_codeword(3, n_passwords=64, n_qubits=256).tolist() == codes[3].tolist()


@pytest.mark.parametrize(
    ("n_passwords", "n_qubits", "hash_bits"), [(8, 64, 8), (64, 256, 32), (100, 300, 64)]
)
def test_batched_guess_runs_are_single_attacks_bit_for_bit(n_passwords, n_qubits, hash_bits):
    # The batched runs of guess_attack_success draw in the order of dishonest_terminal_attack,
    # so one run from the same seed must find exactly the same consistent candidates.
    for seed in range(12):
        secret, guess = seed % n_passwords, (seed * 7 + (seed % 2)) % n_passwords
        if seed % 3 == 0:
            guess = secret
        single = qie.dishonest_terminal_attack(
            secret, guess=guess, n_passwords=n_passwords, n_qubits=n_qubits,
            hash_bits=hash_bits, seed=seed,
        )  # fmt: skip
        count, learned = pw._guess_runs(
            np.random.default_rng(seed), np.array([secret]), np.array([guess]),
            n_passwords, n_qubits, hash_bits,
        )  # fmt: skip
        assert count[0] == len(single.consistent)
        assert learned[0] == (single.learned_password == secret)


def test_guessing_with_short_hashes_still_follows_one_guess_per_run():
    # 8-bit hashes let wrong candidates pass now and then (about 2^-8 each), which the
    # per-run maximum shows; the success stays k / N.
    s = qie.guess_attack_success(8, 4, n_trials=2_000, n_qubits=64, hash_bits=8, seed=2)
    assert s.success_rate == pytest.approx(0.5, abs=4 * (0.25 / 2_000) ** 0.5)
    assert s.max_consistent_per_run >= 1


def test_guessing_success_matches_one_guess_per_run():
    s = qie.guess_attack_success(8, 2, n_trials=200, n_qubits=64, seed=3)
    p = 2 / 8
    assert s.success_rate == pytest.approx(p, abs=4 * (p * (1 - p) / 200) ** 0.5)
    assert s.max_consistent_per_run == 1
    assert qie.guess_attack_success(8, 0, n_trials=5, n_qubits=64, seed=1).success_rate == 0.0


@pytest.mark.parametrize(
    ("func", "kwargs", "error", "name"),
    [
        (qie.identify, dict(password=-1, user_password=0), ValueError, "password"),
        (qie.identify, dict(password=0, user_password=10_000), ValueError, "user_password"),
        (qie.identify, dict(password=0, user_password=0, n_passwords=1), ValueError, "n_passwords"),
        (qie.identify, dict(password=0, user_password=0, n_qubits=16), ValueError, "n_qubits"),
        (qie.identify, dict(password=0, user_password=0, hash_bits=4), ValueError, "hash_bits"),
        (qie.identify, dict(password="1234", user_password=0), TypeError, "password"),
        (qie.dishonest_terminal_attack, dict(user_password=0), ValueError, "guess"),
        (
            qie.dishonest_terminal_attack,
            dict(user_password=0, guess=1, strategy="memory"),
            ValueError,
            "strategy",
        ),
        (qie.guess_attack_success, dict(n_passwords=8, n_attempts=9), ValueError, "n_attempts"),
    ],
)
def test_bad_inputs(func, kwargs, error, name):
    with pytest.raises(error, match=name):
        func(**kwargs)
