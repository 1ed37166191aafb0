"""Estimation, Cascade, Toeplitz privacy amplification and the finite-key correction."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import qinternet_edu as qie
from qinternet_edu.qkd.amplification import _toeplitz_direct, _toeplitz_fft


def _noisy_pair(n, q, seed):
    rng = np.random.default_rng(seed)
    alice = rng.integers(0, 2, n).astype(np.uint8)
    bob = alice ^ (rng.random(n) < q).astype(np.uint8)
    return alice, bob


# ------------------------------------------------------------------ estimation


def test_estimate_qber_on_a_sample_removes_it():
    alice, bob = _noisy_pair(20_000, 0.05, 1)
    e = qie.estimate_qber(alice, bob, sample_fraction=0.2, seed=2)
    assert e.sample_size == 4_000
    assert e.remaining == 16_000
    assert e.qber == pytest.approx(0.05, abs=4 * math.sqrt(0.05 * 0.95 / 4_000))
    assert e.standard_error == pytest.approx(math.sqrt(e.qber * (1 - e.qber) / 4_000))
    assert np.array_equal(e.alice_key, alice[~e.sampled])


def test_estimate_and_upper_bound_inputs():
    with pytest.raises(ValueError, match="same length"):
        qie.estimate_qber([0, 1], [0])
    with pytest.raises(ValueError, match="sample_fraction"):
        qie.estimate_qber([0, 1], [0, 1], sample_fraction=0.0)
    with pytest.raises(ValueError, match="sample_size"):
        qie.estimate_qber([0, 1], [0, 1], sample_size=3)
    assert qie.qber_upper_bound(0, 100, epsilon=0.5) > 0
    with pytest.raises(ValueError, match="epsilon"):
        qie.qber_upper_bound(1, 100, epsilon=1.0)
    with pytest.raises(ValueError, match="errors"):
        qie.qber_upper_bound(101, 100)


# ------------------------------------------------------------------ Cascade


def test_cascade_corrects_in_at_least_99_percent_of_runs_at_3_percent():
    n, runs, ok = 4_000, 100, 0
    for seed in range(runs):
        alice, bob = _noisy_pair(n, 0.03, 100 + seed)
        r = qie.cascade(alice, bob, qber=0.03, seed=seed)
        ok += r.success
        # Never below the Shannon limit n h(Q) (Slepian-Wolf).
        assert r.leaked_bits >= n * qie.binary_entropy(r.errors_before / n)
        assert r.efficiency >= 1.0
    assert ok >= 99


def test_cascade_efficiency_at_2_percent():
    # Brassard-Salvail Cascade with 4 passes: f about 1.15-1.2 at QBER 2 %
    # (Martinez-Mateo et al., QIC 15, 453 (2015)).
    alice, bob = _noisy_pair(200_000, 0.02, 7)
    r = qie.cascade(alice, bob, qber=0.02, seed=8)
    assert r.success
    assert np.array_equal(r.corrected_key, alice)
    assert 1.0 < r.efficiency <= 1.2
    assert r.block_sizes == (37, 74, 148, 296)


def test_cascade_on_identical_keys_and_seeds():
    alice, _ = _noisy_pair(1_000, 0.0, 9)
    r = qie.cascade(alice, alice, qber=0.01, seed=1)
    assert r.errors_remaining == 0
    assert r.efficiency == math.inf  # parities were revealed for nothing
    a, b = _noisy_pair(5_000, 0.04, 10)
    assert qie.cascade(a, b, qber=0.04, seed=3) == qie.cascade(a, b, qber=0.04, seed=3)


@settings(max_examples=40, deadline=None)
@given(n=st.integers(2, 400), q=st.floats(0.0, 0.2), seed=st.integers(0, 10_000))
def test_cascade_never_adds_errors_and_leaks_at_least_the_block_parities(n, q, seed):
    alice, bob = _noisy_pair(n, q, seed)
    r = qie.cascade(alice, bob, qber=max(q, 0.01), seed=seed)
    assert 0 <= r.errors_remaining <= r.errors_before
    assert r.leaked_bits >= math.ceil(n / r.block_sizes[0])
    assert r.corrected_key.size == n


def test_cascade_bad_inputs():
    with pytest.raises(ValueError, match="same length"):
        qie.cascade([0, 1, 1], [0, 1], qber=0.1)
    with pytest.raises(ValueError, match="qber"):
        qie.cascade([0, 1], [0, 1], qber=0.5)
    with pytest.raises(ValueError, match="passes"):
        qie.cascade([0, 1], [0, 1], qber=0.1, passes=0)
    with pytest.raises(ValueError, match="alice_key"):
        qie.cascade([1], [1], qber=0.1)
    with pytest.raises(ValueError, match="bob_key"):
        qie.cascade([0, 1], [0, 2], qber=0.1)


# ------------------------------------------------------------------ privacy amplification


@pytest.mark.parametrize(
    ("n", "m"), [(1, 1), (2, 1), (7, 3), (64, 64), (1_000, 123), (3_001, 2_000)]
)
def test_toeplitz_fft_equals_the_direct_matrix_product(n, m):
    rng = np.random.default_rng(n * 31 + m)
    x = rng.integers(0, 2, n).astype(np.uint8)
    t = rng.integers(0, 2, n + m - 1).astype(np.uint8)
    assert np.array_equal(_toeplitz_fft(t, x, m), _toeplitz_direct(t, x, m))
    key = rng.integers(0, 2, n)
    assert np.array_equal(
        qie.toeplitz_hash(key, m, seed=5), qie.toeplitz_hash(key, m, seed=5, method="direct")
    )


def _full_linear_convolution_mod2(t, x, m):
    """The computation before the circular FFT: all 2n + m - 2 entries of t * x, then a slice."""
    n = x.size
    length = t.size + n - 1
    spectrum = np.fft.rfft(t.astype(float), length) * np.fft.rfft(x.astype(float), length)
    conv = np.fft.irfft(spectrum, length)
    return (np.rint(conv[n - 1 : n - 1 + m]).astype(np.int64) & 1).astype(np.uint8)


@pytest.mark.parametrize(
    ("n", "m"), [(1, 1), (5, 5), (999, 1), (4_096, 4_095), (100_003, 80_000), (300_000, 7)]
)
def test_circular_toeplitz_gives_the_bits_of_the_full_convolution(n, m):
    # A circular convolution of length n + m - 1 (rounded up to a fast FFT size)
    # must give exactly the bits of the full linear one over 2n + m - 2 points.
    rng = np.random.default_rng(n + 7 * m)
    x = rng.integers(0, 2, n).astype(np.uint8)
    t = rng.integers(0, 2, n + m - 1).astype(np.uint8)
    assert np.array_equal(_toeplitz_fft(t, x, m), _full_linear_convolution_mod2(t, x, m))


def test_cascade_permutation_is_numpys_permutation_in_32_bits():
    from qinternet_edu.qkd.reconciliation import _permutation

    for n, seed in ((2, 0), (1_000, 1), (123_457, 2)):
        fast = _permutation(np.random.default_rng(seed), n)
        assert fast.dtype == np.int32
        assert np.array_equal(fast, np.random.default_rng(seed).permutation(n))


def test_toeplitz_matches_an_explicit_matrix():
    from scipy.linalg import toeplitz

    rng = np.random.default_rng(3)
    n, m = 50, 20
    x = rng.integers(0, 2, n).astype(np.uint8)
    t = rng.integers(0, 2, n + m - 1).astype(np.uint8)
    # T[i, j] = t[i - j + n - 1]: first column t[n-1:], first row t[n-1::-1].
    matrix = toeplitz(t[n - 1 :], t[n - 1 :: -1])
    assert np.array_equal(_toeplitz_direct(t, x, m), (matrix @ x) % 2)


def test_toeplitz_is_linear_and_seeded():
    rng = np.random.default_rng(4)
    a, b = rng.integers(0, 2, 500), rng.integers(0, 2, 500)
    ha, hb = qie.toeplitz_hash(a, 100, seed=1), qie.toeplitz_hash(b, 100, seed=1)
    assert np.array_equal(qie.toeplitz_hash(a ^ b, 100, seed=1), ha ^ hb)
    assert not np.array_equal(ha, qie.toeplitz_hash(a, 100, seed=2))


def test_full_post_processing_gives_identical_secret_keys():
    r = qie.simulate_bb84(200_000, misalignment=0.02, return_keys=True, seed=11)
    est = qie.estimate_qber(r.alice_key, r.bob_key, sample_fraction=0.1, seed=12)
    ec = qie.cascade(est.alice_key, est.bob_key, qber=max(est.qber, 0.005), seed=13)
    assert ec.success
    pa_alice = qie.privacy_amplification(
        est.alice_key, qber=est.qber, leaked_bits=ec.leaked_bits, epsilon=1e-9, seed=14
    )
    pa_bob = qie.privacy_amplification(
        ec.corrected_key, qber=est.qber, leaked_bits=ec.leaked_bits, epsilon=1e-9, seed=14
    )
    assert pa_alice.output_length > 0
    assert np.array_equal(pa_alice.key, pa_bob.key)
    expected = qie.secure_key_length(
        est.remaining, qber=est.qber, leaked_bits=ec.leaked_bits, epsilon=1e-9
    )
    assert pa_alice.output_length == expected


def test_secure_key_length_formula_and_no_key():
    n, q, leak, eps = 100_000, 0.02, 16_000, 1e-10
    expected = math.floor(n * (1 - qie.binary_entropy(q)) - leak - 2 * math.log2(1 / eps))
    assert qie.secure_key_length(n, qber=q, leaked_bits=leak, epsilon=eps) == expected
    assert qie.secure_key_length(1_000, qber=0.11, leaked_bits=600) == 0
    assert qie.privacy_amplification([0, 1, 1], qber=0.1, leaked_bits=3).output_length == 0


@pytest.mark.parametrize("epsilon", [0.0, 1.0, -0.1, 2.0])
def test_privacy_amplification_rejects_epsilon_outside_the_open_interval(epsilon):
    with pytest.raises(ValueError, match="epsilon"):
        qie.privacy_amplification([0, 1, 1, 0], epsilon=epsilon)


def test_toeplitz_bad_inputs():
    with pytest.raises(ValueError, match="output_length"):
        qie.toeplitz_hash([0, 1], 3)
    with pytest.raises(ValueError, match="key"):
        qie.toeplitz_hash([], 0)
    with pytest.raises(ValueError, match="method"):
        qie.toeplitz_hash([0, 1], 1, method="slow")
    with pytest.raises(ValueError, match="leaked_bits"):
        qie.secure_key_length(10, leaked_bits=-1)


# ------------------------------------------------------------------ finite key


def test_finite_key_approaches_the_asymptotic_rate():
    q, f = 0.02, 1.16
    small = qie.finite_key_length(10_000, qber=q, ec_efficiency=f)
    large = qie.finite_key_length(100_000_000, qber=q, ec_efficiency=f)
    asymptotic = qie.key_rate_with_ec_efficiency(q, f) * 0.9  # 10 % sampled
    assert small.secret_fraction < large.secret_fraction
    assert large.secret_fraction == pytest.approx(asymptotic, rel=0.02)
    assert large.secret_fraction < asymptotic
    assert qie.finite_key_length(1_000, qber=q).secret_length == 0
    # Per bit kept for the key, the fraction tends to 1 - h(Q) - f h(Q) itself.
    per_key_bit = qie.key_rate_with_ec_efficiency(q, f)
    assert large.secret_fraction_of_key == pytest.approx(per_key_bit, rel=0.02)
    assert large.secret_fraction_of_key < per_key_bit


def test_finite_key_inputs():
    assert qie.sampling_deviation(100, 100) > qie.sampling_deviation(10_000, 10_000)
    with pytest.raises(ValueError, match="epsilon_sec"):
        qie.sampling_deviation(10, 10, epsilon_sec=0.0)
    with pytest.raises(ValueError, match="qber"):
        qie.finite_key_length(100, qber=0.6)
    with pytest.raises(ValueError, match="sample_fraction"):
        qie.finite_key_length(100, qber=0.01, sample_fraction=1.0)
