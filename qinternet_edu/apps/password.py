"""Secure identification with a password in the bounded-quantum-storage model (stage 1).

A user proves to a terminal (an ATM, say) that she knows the password w they
share, while a fake terminal learns almost nothing: each run lets it test at
most one guess of w. The user only prepares BB84 qubits; the terminal only
measures them. Security assumes that a dishonest party cannot store the
qubits (bounded quantum storage): it must measure them as they arrive.

The protocol Q-ID of Damgard, Fehr, Salvail and Schaffner, with a code
c: passwords -> {0, 1}^n whose codewords are far apart:

1. The user picks random x in {0,1}^n and bases theta in {+, x}^n and sends
   the qubits |x_i> in basis theta_i.
2. The terminal measures qubit i in the basis c(w)_i and gets x'.
   (Here the quantum memory bound applies.)
3. The user picks a two-universal hash f and sends theta and f. Both compute
   I_w = {i : theta_i = c(w)_i}, the positions the terminal measured right.
4. The terminal picks a strongly two-universal hash g and sends it.
5. The user sends z = f(x restricted to I_w) XOR g(w).
6. The terminal accepts if and only if z = f(x' restricted to I_w) XOR g(w).

An honest user and terminal always agree (x' = x on I_w). A user who types a
wrong password hashes different positions, so z is off and she is rejected
(up to probability about 2^-hash_bits). A fake terminal without quantum
memory must fix its measurement bases theta' before it sees theta. For any
candidate w' whose codeword is far from theta', about a quarter of the
positions in I_w' were measured in the wrong basis, so x' there is random
and the test says nothing about w'. Because codewords are far apart, at
most one candidate can be close to theta': the terminal tests at most one
password per run, no better than one guess at a classical PIN pad.

Simplifications: a noise-free channel and ideal single photons (the paper
also handles noise with an error-correcting syndrome); the code is a
first-order Reed-Muller (Hadamard) code repeated to n qubits, distance about
n/2; f is a random Toeplitz matrix, g a random affine map over GF(2).

Source: I. Damgard, S. Fehr, L. Salvail, C. Schaffner, "Secure
identification and QKD in the bounded-quantum-storage model", CRYPTO 2007,
LNCS 4622, 342; journal version Theor. Comput. Sci. 560, 12 (2014),
arXiv:0708.2557. Stage 1 application in S. Wehner, D. Elkouss, R. Hanson,
Science 362, eaam9288 (2018).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from .._validation import check_choice, check_int, make_rng

__all__ = [
    "GuessAttackSummary",
    "IdentificationResult",
    "MemoryAttackResult",
    "MemoryAttackSweep",
    "TerminalAttackResult",
    "dishonest_terminal_attack",
    "guess_attack_success",
    "identify",
    "memory_attack_sweep",
    "memory_terminal_attack",
    "password_codeword",
]


def _code_length(n_passwords: int) -> int:
    """Length 2^m of the Reed-Muller RM(1, m) code with 2^(m+1) >= n_passwords codewords."""
    m = max(0, math.ceil(math.log2(n_passwords)) - 1)
    return 2**m


def _default_qubits(n_passwords: int) -> int:
    return max(_code_length(n_passwords), 512)


def _check_setup(n_passwords, n_qubits, hash_bits):
    n_pw = check_int("n_passwords", n_passwords, low=2, high=2**20)
    base = _code_length(n_pw)
    if n_qubits is None:
        n = _default_qubits(n_pw)
    else:
        n = check_int("n_qubits", n_qubits, low=base, high=2**22)
    ell = check_int("hash_bits", hash_bits, low=8, high=64)
    return n_pw, n, ell


def _check_password(name, value, n_passwords):
    return check_int(name, value, low=0, high=n_passwords - 1)


def _password_bits(passwords: np.ndarray, width: int) -> np.ndarray:
    return ((passwords[:, None] >> np.arange(width)[None, :]) & 1).astype(np.uint8)


def _generator_matrix(n_passwords: int, n_qubits: int) -> np.ndarray:
    """Generator of the Hadamard code RM(1, m), repeated to n_qubits: (m + 1) x n_qubits."""
    length = _code_length(n_passwords)
    m = length.bit_length() - 1
    i = np.arange(n_qubits) % length
    rows = [((i >> bit) & 1).astype(np.uint8) for bit in range(m)]
    rows.append(np.ones(n_qubits, dtype=np.uint8))
    return np.array(rows, dtype=np.uint8)


def _codewords(passwords: np.ndarray, n_passwords: int, n_qubits: int) -> np.ndarray:
    """Rows c(w) = bits(w) G mod 2 in {0,1}^n_qubits (a linear code)."""
    gen = _generator_matrix(n_passwords, n_qubits)
    bits = _password_bits(passwords, gen.shape[0]).astype(np.float32)
    return ((bits @ gen.astype(np.float32)).astype(np.int64) & 1).astype(np.uint8)


def password_codeword(password, *, n_passwords=10_000, n_qubits=None) -> np.ndarray:
    """The basis string c(w) in which an honest terminal measures for password ``w``.

    Any two passwords' codewords differ in about half of the positions
    (exactly 2^(m-1) of every 2^m for the Hadamard code, or all of them for a
    complementary pair), so a basis string can be close to at most one of them.

    Args:
        password: an integer in [0, n_passwords).
        n_passwords: size of the password space (e.g. 10,000 four-digit PINs).
        n_qubits: length n (default: the code length, at least 512).

    Returns:
        A uint8 array of n bases (0 = Z, 1 = X).

    Source: Damgard, Fehr, Salvail, Schaffner (CRYPTO 2007); F. J. MacWilliams,
    N. J. A. Sloane, The Theory of Error-Correcting Codes (1977), Ch. 13
    (Reed-Muller codes).

    Example:
        >>> a = password_codeword(1234)
        >>> b = password_codeword(4321)
        >>> a.size, int((a != b).sum())
        (8192, 4096)
    """
    n_pw, n, _ = _check_setup(n_passwords, n_qubits, 32)
    w = _check_password("password", password, n_pw)
    return _codewords(np.array([w]), n_pw, n)[0]


def _toeplitz(generator: np.random.Generator, rows: int, cols: int) -> np.ndarray:
    """A random binary Toeplitz matrix (rows x cols), a two-universal hash family."""
    diagonals = generator.integers(0, 2, size=rows + cols - 1, dtype=np.uint8)
    i = np.arange(rows)[:, None]
    j = np.arange(cols)[None, :]
    return diagonals[i - j + cols - 1]


def _hash_f(matrix: np.ndarray, x: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """f(x restricted to I) = T (x AND 1_I) mod 2, for one or many masks (rows)."""
    masked = (x[None, :] & mask).astype(np.float32)
    # float32 sums of at most 2^22 ones are exact.
    return (masked @ matrix.T.astype(np.float32)).astype(np.int64) & 1


def _hash_g(g_matrix, g_offset, passwords: np.ndarray) -> np.ndarray:
    """g(w) = M bits(w) + c over GF(2): a strongly two-universal (pairwise independent) family."""
    bits = _password_bits(passwords, g_matrix.shape[1]).astype(np.int64)
    return ((bits @ g_matrix.T.astype(np.int64)) & 1) ^ g_offset[None, :]


@dataclass(frozen=True)
class IdentificationResult:
    """One run of the identification protocol between a user and an honest terminal."""

    accepted: bool
    n_qubits: int
    matching_positions: int
    hash_bits: int


def identify(
    password,
    *,
    user_password,
    n_passwords=10_000,
    n_qubits=None,
    hash_bits=32,
    seed=None,
    rng=None,
) -> IdentificationResult:
    """Run the quantum identification protocol: does the user know the terminal's password?

    Args:
        password: the password w the (honest) terminal holds, in [0, n_passwords).
        user_password: the password the user types, in [0, n_passwords).
        n_passwords: size of the password space, >= 2.
        n_qubits: qubits per run (default: the code length, at least 512).
        hash_bits: output length of the hashes f and g, in [8, 64]; a wrong
            password passes with probability about 2^-hash_bits.
        seed, rng: randomness of both parties.

    Returns:
        An :class:`IdentificationResult`: ``accepted`` is True for the right
        password.

    Source: Damgard, Fehr, Salvail, Schaffner, CRYPTO 2007 (protocol Q-ID);
    see the module notes for the steps.

    Example:
        >>> identify(1234, user_password=1234, seed=1).accepted
        True
        >>> identify(1234, user_password=1235, seed=1).accepted
        False
    """
    n_pw, n, ell = _check_setup(n_passwords, n_qubits, hash_bits)
    w = _check_password("password", password, n_pw)
    w_user = _check_password("user_password", user_password, n_pw)
    generator = make_rng(seed, rng)
    width = max(1, (n_pw - 1).bit_length())

    # 1. The user prepares |x>_theta.
    x = generator.integers(0, 2, size=n, dtype=np.uint8)
    theta = generator.integers(0, 2, size=n, dtype=np.uint8)
    # 2. The terminal measures in the bases c(w).
    codes = _codewords(np.array([w, w_user]), n_pw, n)
    c_term, c_user = codes[0], codes[1]
    coin = generator.integers(0, 2, size=n, dtype=np.uint8)
    x_prime = np.where(theta == c_term, x, coin)
    # 3. The user announces theta and a Toeplitz hash f.
    f_matrix = _toeplitz(generator, ell, n)
    # 4. The terminal picks g.
    g_matrix = generator.integers(0, 2, size=(ell, width), dtype=np.uint8)
    g_offset = generator.integers(0, 2, size=ell, dtype=np.int64)
    # 5. The user answers with z = f(x|I_w_user) + g(w_user).
    mask_user = (theta == c_user).astype(np.uint8)[None, :]
    z = _hash_f(f_matrix, x, mask_user)[0] ^ _hash_g(g_matrix, g_offset, np.array([w_user]))[0]
    # 6. The terminal checks z against its own x' on I_w.
    mask_term = (theta == c_term).astype(np.uint8)[None, :]
    expected = (
        _hash_f(f_matrix, x_prime, mask_term)[0] ^ _hash_g(g_matrix, g_offset, np.array([w]))[0]
    )
    return IdentificationResult(
        accepted=bool(np.array_equal(z, expected)),
        n_qubits=n,
        matching_positions=int(mask_term.sum()),
        hash_bits=ell,
    )


@dataclass(frozen=True)
class TerminalAttackResult:
    """What a fake terminal without quantum memory learns from one honest user's run.

    ``consistent`` lists the candidate passwords that pass the terminal's
    check; it is empty or holds the single guess (when the guess was right).
    """

    guess: int | None
    guess_was_right: bool
    n_candidates_tested: int
    consistent: tuple[int, ...] = field(default=())

    @property
    def learned_password(self) -> int | None:
        """The password, if exactly one candidate is consistent; else None."""
        return self.consistent[0] if len(self.consistent) == 1 else None


def dishonest_terminal_attack(
    user_password,
    *,
    guess=None,
    strategy="guess",
    n_passwords=10_000,
    n_qubits=None,
    hash_bits=32,
    seed=None,
    rng=None,
) -> TerminalAttackResult:
    """Simulate a fake terminal with no quantum memory against an honest user.

    The terminal must measure each qubit on arrival. With ``strategy="guess"``
    it measures in the bases c(guess) (the best it can do); with
    ``"random"`` in random bases. After the user's messages it checks
    *every* candidate password w' against z, as an honest terminal holding w'
    would. Only candidates whose codeword is close to its bases can pass: at
    most the one guess.

    Args:
        user_password: the user's real password, in [0, n_passwords).
        guess: the candidate the terminal bets on (``strategy="guess"``).
        strategy: ``"guess"`` or ``"random"``.
        n_passwords, n_qubits, hash_bits: as in :func:`identify`.
        seed, rng: randomness of both parties.

    Returns:
        A :class:`TerminalAttackResult`.

    Source: Damgard, Fehr, Salvail, Schaffner, CRYPTO 2007 (security against
    a dishonest server in the bounded-quantum-storage model).

    Example:
        >>> r = dishonest_terminal_attack(42, guess=7, n_passwords=64, seed=3)
        >>> r.consistent, r.guess_was_right
        ((), False)
        >>> dishonest_terminal_attack(42, guess=42, n_passwords=64, seed=3).consistent
        (42,)
    """
    n_pw, n, ell = _check_setup(n_passwords, n_qubits, hash_bits)
    w_user = _check_password("user_password", user_password, n_pw)
    strategy = check_choice("strategy", strategy, ("guess", "random"))
    if strategy == "guess":
        if guess is None:
            raise ValueError("guess is required for strategy 'guess'")
        w_guess = _check_password("guess", guess, n_pw)
    else:
        if guess is not None:
            raise ValueError("guess is only used with strategy 'guess'")
        w_guess = None
    generator = make_rng(seed, rng)
    width = max(1, (n_pw - 1).bit_length())

    x = generator.integers(0, 2, size=n, dtype=np.uint8)
    theta = generator.integers(0, 2, size=n, dtype=np.uint8)
    if w_guess is None:
        bases = generator.integers(0, 2, size=n, dtype=np.uint8)
    else:
        bases = _codewords(np.array([w_guess]), n_pw, n)[0]
    coin = generator.integers(0, 2, size=n, dtype=np.uint8)
    x_prime = np.where(theta == bases, x, coin)  # measured at once: no memory
    f_matrix = _toeplitz(generator, ell, n)
    g_matrix = generator.integers(0, 2, size=(ell, width), dtype=np.uint8)
    g_offset = generator.integers(0, 2, size=ell, dtype=np.int64)
    c_user = _codewords(np.array([w_user]), n_pw, n)[0]
    mask_user = (theta == c_user).astype(np.uint8)[None, :]
    z = _hash_f(f_matrix, x, mask_user)[0] ^ _hash_g(g_matrix, g_offset, np.array([w_user]))[0]

    # Test every candidate w' at once. The check is linear over GF(2):
    # x' AND [theta == c(w')] = x' AND (1 + theta) + x' AND c(w'), and
    # c(w') = bits(w') G, so f(x' on I_w') = T y + (T (x' AND G)^T) bits(w').
    gen = _generator_matrix(n_pw, n).astype(np.float32)
    t32 = f_matrix.astype(np.float32)
    y = (x_prime & (1 - theta)).astype(np.float32)
    base = (t32 @ y).astype(np.int64) & 1
    slope = (t32 @ (gen * x_prime[None, :].astype(np.float32)).T).astype(np.int64) & 1
    cands = np.arange(n_pw)
    bits = _password_bits(cands, gen.shape[0]).astype(np.int64)
    checks = ((bits @ slope.T) & 1) ^ base[None, :] ^ _hash_g(g_matrix, g_offset, cands)
    passed = np.all(checks == z[None, :], axis=1)
    consistent = [int(c) for c in cands[passed]]
    return TerminalAttackResult(
        guess=w_guess,
        guess_was_right=w_guess == w_user,
        n_candidates_tested=n_pw,
        consistent=tuple(consistent),
    )


_BATCH_ELEMENTS = 1 << 22  # array elements per batch of runs: memory stays flat
#: Array elements past which an attack simulation shows a progress bar (about 3 s here).
_PROGRESS_ELEMENTS = 60_000_000


def _pack_bits(bits: np.ndarray) -> np.ndarray:
    """The last axis of a 0/1 array packed into 64-bit words (bit j of word j // 64)."""
    packed = np.packbits(bits, axis=-1, bitorder="little")
    pad = -packed.shape[-1] % 8
    if pad:
        packed = np.concatenate([packed, np.zeros((*packed.shape[:-1], pad), np.uint8)], axis=-1)
    return np.ascontiguousarray(packed).view(np.uint64)


def _pack_word(bits: np.ndarray, axis: int) -> np.ndarray:
    """Up to 64 bits along ``axis`` as one integer, bit i = entry i."""
    shifts = np.arange(bits.shape[axis], dtype=np.uint64)
    shape = [1] * bits.ndim
    shape[axis] = -1
    return np.bitwise_or.reduce(bits.astype(np.uint64) << shifts.reshape(shape), axis=axis)


def _xor_combination(selectors: np.ndarray, words: np.ndarray) -> np.ndarray:
    """XOR of ``words[r, b]`` over the b with ``selectors[c, b]`` = 1: (R, C) words."""
    picked = np.where(selectors[None, :, :] == 1, words[:, None, :], np.uint64(0))
    return np.bitwise_xor.reduce(picked, axis=2)


def _toeplitz_words(diagonals: np.ndarray, vectors: np.ndarray) -> np.ndarray:
    """T_r v_(r,k) over GF(2), as words of ``rows`` bits, for T_r[i, j] = d_r[i - j + n - 1].

    ``diagonals`` is (R, rows + n - 1) and ``vectors`` (R, K, n). Row i of T_r
    is d_r[i : i + n] reversed, so each output bit is the parity of a packed
    AND of a sliding window with the reversed vector; returns (R, K).
    Source of the hash family: J. L. Carter, M. N. Wegman, J. Comput. Syst.
    Sci. 18, 143 (1979); Toeplitz matrices as in H. Krawczyk, CRYPTO 1994.
    """
    n = vectors.shape[2]
    rows = diagonals.shape[1] - n + 1
    d = _pack_bits(diagonals)
    d = np.concatenate([d, np.zeros((d.shape[0], 1), np.uint64)], axis=1)
    # window i, word w holds diagonal bits i + 64 w ... i + 64 w + 63
    offset = np.arange(rows)[:, None] + 64 * np.arange(-(-n // 64))[None, :]
    word, shift = offset // 64, (offset % 64).astype(np.uint64)
    high = np.where(shift == 0, np.uint64(0), d[:, word + 1] << ((64 - shift) % 64))
    windows = (d[:, word] >> shift) | high  # (R, rows, W); bits past n meet zeros below
    packed = _pack_bits(vectors[:, :, ::-1])  # (R, K, W)
    # the parity of a sum of popcounts is the parity of the popcount of the XOR
    acc = np.zeros((d.shape[0], rows, packed.shape[1]), dtype=np.uint64)
    for w in range(packed.shape[2]):
        acc ^= windows[:, :, w, None] & packed[:, None, :, w]
    return _pack_word(np.bitwise_count(acc) & 1, axis=1)  # (R, rows, K) -> (R, K)


def _guess_runs(generator, secrets, guesses, n_pw, n, ell):
    """Many runs of :func:`dishonest_terminal_attack` (strategy "guess") at once.

    Run r pits an honest user holding ``secrets[r]`` against a fake terminal
    measuring in the bases c(``guesses[r]``); every candidate is then checked
    as in that function (the same draws in the same order, so a single run is
    that function's run bit for bit), on hashes packed into 64-bit words.
    Returns the number of consistent candidates of each run and whether the
    run revealed the password (it alone is consistent).
    """
    runs = secrets.size
    width = max(1, (n_pw - 1).bit_length())
    x = generator.integers(0, 2, size=(runs, n), dtype=np.uint8)
    theta = generator.integers(0, 2, size=(runs, n), dtype=np.uint8)
    coin = generator.integers(0, 2, size=(runs, n), dtype=np.uint8)
    diagonals = generator.integers(0, 2, size=(runs, ell + n - 1), dtype=np.uint8)
    g_matrix = generator.integers(0, 2, size=(runs, ell, width), dtype=np.uint8)
    g_offset = generator.integers(0, 2, size=(runs, ell), dtype=np.int64)

    gen = _generator_matrix(n_pw, n)  # (m + 1, n)
    cands = np.arange(n_pw)
    code_bits = _password_bits(cands, gen.shape[0])  # (N, m + 1)
    codes = (code_bits.astype(np.int64) @ gen.astype(np.int64) & 1).astype(np.uint8)
    x_prime = np.where(theta == codes[guesses], x, coin)  # measured at once: no memory
    # g_r(w') = M_r bits(w') + c_r for every candidate, as words: (R, N)
    g_all = _xor_combination(_password_bits(cands, width), _pack_word(g_matrix, axis=1))
    g_all ^= _pack_word(g_offset, axis=1)[:, None]

    # The user's answer z = f(x on I_w) + g(w), I_w = {i : theta_i = c(w)_i}; then
    # every candidate at once, linear over GF(2) as in dishonest_terminal_attack.
    user_part = (x & (theta == codes[secrets]))[:, None, :]
    y = (x_prime & (1 - theta))[:, None, :]
    slopes = gen[None, :, :] * x_prime[:, None, :]
    words = _toeplitz_words(diagonals, np.concatenate([user_part, y, slopes], axis=1))
    z = words[:, 0] ^ g_all[np.arange(runs), secrets]
    checks = _xor_combination(code_bits, words[:, 2:]) ^ words[:, 1:2] ^ g_all
    passed = checks == z[:, None]  # (R, N)
    n_consistent = passed.sum(axis=1)
    learned = (n_consistent == 1) & passed[np.arange(runs), secrets]
    return n_consistent, learned


@dataclass(frozen=True)
class GuessAttackSummary:
    """How often a fake terminal learns the password within a number of runs."""

    n_passwords: int
    n_attempts: int
    n_trials: int
    success_rate: float
    expected_rate: float
    max_consistent_per_run: int


def guess_attack_success(
    n_passwords, n_attempts, *, n_trials=50, n_qubits=None, hash_bits=32, seed=None, rng=None
) -> GuessAttackSummary:
    """Simulate a fake terminal that tries a new guess in each of ``n_attempts`` runs.

    In every trial the user's password is uniform; the terminal guesses
    distinct candidates, one per run (the best it can do without quantum
    memory). It succeeds if some run reveals the password. Theory:
    n_attempts / n_passwords, exactly the success of guessing at a PIN pad.

    Args:
        n_passwords: password space size, in [2, 4096].
        n_attempts: runs per trial, in [0, n_passwords].
        n_trials: independent trials, >= 1.
        n_qubits, hash_bits: as in :func:`identify`.
        seed, rng: randomness.

    Returns:
        A :class:`GuessAttackSummary`, including the most candidates any single
        run was consistent with (at most 1).

    Source: Damgard, Fehr, Salvail, Schaffner, CRYPTO 2007.

    Example:
        >>> s = guess_attack_success(16, 4, n_trials=40, seed=1)
        >>> s.expected_rate, s.max_consistent_per_run <= 1
        (0.25, True)
    """
    n_pw = check_int("n_passwords", n_passwords, low=2, high=4096)
    k = check_int("n_attempts", n_attempts, low=0, high=n_pw)
    trials = check_int("n_trials", n_trials, low=1, high=100_000)
    _, n, ell = _check_setup(n_pw, n_qubits, hash_bits)
    generator = make_rng(seed, rng)
    wins = 0
    most = 0
    if k:
        # Runs in batches of bounded size (qubits, Toeplitz words, every candidate's check),
        # trials in chunks holding their secrets and guesses.
        width = max(1, (n_pw - 1).bit_length())
        per_run = 16 * n + 2 * n_pw * (width + 2) + ell * (n // 64 + 1)
        batch = max(1, _BATCH_ELEMENTS // per_run)
        chunk = max(1, _BATCH_ELEMENTS // (k * per_run + n_pw))
        bar = None
        if trials * k * per_run > _PROGRESS_ELEMENTS:  # more than a few seconds of work
            from tqdm.auto import tqdm

            bar = tqdm(total=trials * k, desc="guess attack", unit="run", leave=False)
        for first in range(0, trials, chunk):
            size = min(chunk, trials - first)
            secrets = generator.integers(n_pw, size=size)
            order = np.broadcast_to(np.arange(n_pw), (size, n_pw))
            guesses = generator.permuted(order, axis=1)[:, :k]
            # A trial stops at its first run that reveals the password, which is
            # almost always the run that guesses it: simulate the runs up to that
            # one, and the rest only of trials that are still going after it.
            hit = guesses == secrets[:, None]
            last = np.where(hit.any(axis=1), hit.argmax(axis=1), k - 1)
            run = np.arange(k)[None, :]
            todo = run <= last[:, None]
            n_consistent = np.zeros((size, k), dtype=np.int64)
            learned = np.zeros((size, k), dtype=bool)
            while todo.any():
                pending = np.nonzero(todo)
                for lo in range(0, pending[0].size, batch):
                    t_idx, r_idx = (p[lo : lo + batch] for p in pending)
                    counts, found = _guess_runs(
                        generator, secrets[t_idx], guesses[t_idx, r_idx], n_pw, n, ell
                    )
                    n_consistent[t_idx, r_idx] = counts
                    learned[t_idx, r_idx] = found
                    if bar is not None:
                        bar.update(t_idx.size)
                going = ~learned.any(axis=1) & (last < k - 1)
                todo = going[:, None] & (run > last[:, None])
                last = np.where(going, k - 1, last)
            stopped_before = np.cumsum(learned, axis=1) - learned > 0
            counted = n_consistent[~stopped_before & (run <= last[:, None])]
            most = max(most, int(counted.max(initial=0)))
            wins += int(learned.any(axis=1).sum())
        if bar is not None:
            bar.close()
    return GuessAttackSummary(
        n_passwords=n_pw,
        n_attempts=k,
        n_trials=trials,
        success_rate=wins / trials,
        expected_rate=k / n_pw,
        max_consistent_per_run=most,
    )


# --- A fake terminal with quantum memory ---------------------------------------------------------


def _pack_columns(matrix: np.ndarray) -> np.ndarray:
    """Each column of a binary (rows <= 63) matrix as one integer, bit r = entry in row r."""
    weights = (1 << np.arange(matrix.shape[0], dtype=np.int64))[:, None]
    return (matrix.astype(np.int64) * weights).sum(axis=0)


def _reduce(basis: np.ndarray, vectors: np.ndarray, bits: int) -> np.ndarray:
    """Reduce each vector (one per candidate) by that candidate's GF(2) basis (N, bits)."""
    v = vectors.copy()
    for b in range(bits - 1, -1, -1):
        use = (((v >> b) & 1) == 1) & (basis[:, b] != 0)
        v = np.where(use, v ^ basis[:, b], v)
    return v


def _insert(basis: np.ndarray, vectors: np.ndarray, bits: int) -> None:
    """Add each vector to its candidate's basis (Gaussian elimination on packed bits), in place."""
    v = vectors.copy()
    for b in range(bits - 1, -1, -1):
        has = ((v >> b) & 1) == 1
        empty = basis[:, b] == 0
        new = has & empty
        basis[new, b] = v[new]
        v = np.where(new, 0, v)
        use = has & ~empty
        v = np.where(use, v ^ basis[:, b], v)


@dataclass(frozen=True)
class MemoryAttackResult:
    """What a fake terminal with ``memory_qubits`` of quantum memory learns from one run.

    For every candidate w' the terminal computes how likely the run's messages
    were if w' were the password: zero if the check provably fails, else
    2^-rank, where rank counts the independent hash bits that depend on qubits
    it measured in the wrong basis. ``posterior_of_password`` is the
    terminal's resulting belief in the true password (uniform prior);
    ``learned`` is True when that belief exceeds 1/2.
    """

    memory_qubits: int
    n_qubits: int
    n_passwords: int
    hash_bits: int
    guess: int | None
    ruled_out: int
    posterior_of_password: float
    unknown_hash_bits_of_password: int

    @property
    def learned(self) -> bool:
        """True if the terminal now believes the true password more than all others together."""
        return self.posterior_of_password > 0.5


def memory_terminal_attack(
    user_password,
    *,
    memory_qubits,
    guess=None,
    n_passwords=64,
    n_qubits=256,
    hash_bits=16,
    seed=None,
    rng=None,
) -> MemoryAttackResult:
    """Simulate a fake terminal that can store ``memory_qubits`` qubits until the bases are public.

    The terminal keeps ``memory_qubits`` of the user's qubits (random
    positions) in a perfect quantum memory and measures the others on
    arrival, in the bases c(guess) (or random bases if ``guess`` is None).
    When the user announces theta, it measures the stored qubits in the
    right basis. It now knows x_i at the stored positions and wherever its
    basis matched theta_i. For a candidate w', the hash f(x on I_w') is an
    affine function of the unknown bits, so the check z = f(...) + g(w')
    either fails for sure (w' is ruled out) or holds with probability
    2^-rank over the unknown bits; these are the likelihoods it updates a
    uniform prior with. With no memory this is the one-guess attack of
    :func:`dishonest_terminal_attack`; with enough memory almost every wrong
    candidate is ruled out in one run, and the bounded-storage assumption
    has failed.

    This is one natural attack, not the optimal one. Damgard et al. prove
    that no attack works while the memory stays below a fraction of n set
    by their parameters; above that bound security is simply not proven,
    and this attack shows that it does fail once the memory is large.

    Args:
        user_password: the user's password, in [0, n_passwords).
        memory_qubits: qubits the terminal can store, in [0, n_qubits].
        guess: the candidate whose bases it measures the rest in (None: random bases).
        n_passwords: password space size, in [2, 1024] (every candidate is
            checked, so memory grows as n_passwords * n_qubits).
        n_qubits: qubits per run, from the code length to 8192.
        hash_bits: length of the hashes, in [8, 62].
        seed, rng: randomness of both parties.

    Returns:
        A :class:`MemoryAttackResult`.

    Source: protocol Q-ID of I. Damgard, S. Fehr, L. Salvail, C. Schaffner,
    CRYPTO 2007, LNCS 4622, 342, and Theor. Comput. Sci. 560, 12 (2014),
    arXiv:0708.2557 (security for bounded quantum memory); the
    store-and-wait attack is the one the model rules out by assumption.

    Example:
        >>> none = memory_terminal_attack(5, memory_qubits=0, guess=9, seed=1)
        >>> none.ruled_out, none.learned
        (1, False)
        >>> full = memory_terminal_attack(5, memory_qubits=256, guess=9, seed=1)
        >>> full.ruled_out, full.learned
        (63, True)
    """
    n_pw = check_int("n_passwords", n_passwords, low=2, high=1024)
    n = check_int("n_qubits", n_qubits, low=_code_length(n_pw), high=8192)
    ell = check_int("hash_bits", hash_bits, low=8, high=62)
    q = check_int("memory_qubits", memory_qubits, low=0, high=n)
    w_user = _check_password("user_password", user_password, n_pw)
    w_guess = None if guess is None else _check_password("guess", guess, n_pw)
    generator = make_rng(seed, rng)
    width = max(1, (n_pw - 1).bit_length())

    x = generator.integers(0, 2, size=n, dtype=np.uint8)
    theta = generator.integers(0, 2, size=n, dtype=np.uint8)
    stored = np.zeros(n, dtype=bool)
    stored[generator.permutation(n)[:q]] = True
    if w_guess is None:
        bases = generator.integers(0, 2, size=n, dtype=np.uint8)
    else:
        bases = _codewords(np.array([w_guess]), n_pw, n)[0]
    known = stored | (bases == theta)
    f_matrix = _toeplitz(generator, ell, n)
    g_matrix = generator.integers(0, 2, size=(ell, width), dtype=np.uint8)
    g_offset = generator.integers(0, 2, size=ell, dtype=np.int64)
    c_user = _codewords(np.array([w_user]), n_pw, n)[0]
    mask_user = (theta == c_user).astype(np.uint8)[None, :]
    z = _hash_f(f_matrix, x, mask_user)[0] ^ _hash_g(g_matrix, g_offset, np.array([w_user]))[0]

    cands = np.arange(n_pw)
    in_i = _codewords(cands, n_pw, n) == theta[None, :]  # (N, n): positions of I_w'
    known_part = _hash_f(f_matrix, x & known.astype(np.uint8), in_i.astype(np.uint8))
    residual_bits = z[None, :] ^ _hash_g(g_matrix, g_offset, cands) ^ known_part
    weights = 1 << np.arange(ell, dtype=np.int64)
    residual = residual_bits.astype(np.int64) @ weights
    columns = _pack_columns(f_matrix)
    basis = np.zeros((n_pw, ell), dtype=np.int64)
    for j in np.flatnonzero(~known):
        _insert(basis, np.where(in_i[:, j], columns[j], 0), ell)
    consistent = _reduce(basis, residual, ell) == 0
    rank = np.count_nonzero(basis, axis=1)
    log_like = np.where(consistent, -rank * math.log(2.0), -np.inf)
    post = np.exp(log_like - log_like[consistent].max())
    post /= post.sum()
    return MemoryAttackResult(
        memory_qubits=q,
        n_qubits=n,
        n_passwords=n_pw,
        hash_bits=ell,
        guess=w_guess,
        ruled_out=int(np.count_nonzero(~consistent)),
        posterior_of_password=float(post[w_user]),
        unknown_hash_bits_of_password=int(rank[w_user]),
    )


@dataclass(frozen=True)
class MemoryAttackSweep:
    """How often a fake terminal with quantum memory learns the password in one run.

    ``success_rates[k]`` (binomial ``standard_errors``) belongs to
    ``memory_qubits[k]``; ``mean_ruled_out`` is the average number of wrong
    candidates it could exclude. ``predicted_threshold`` is the memory
    n - 4 (hash_bits - log2 n_passwords) above which the attack is expected
    to work (see :func:`memory_attack_sweep`).
    """

    n_qubits: int
    n_passwords: int
    hash_bits: int
    n_trials: int
    memory_qubits: tuple[int, ...]
    success_rates: np.ndarray
    standard_errors: np.ndarray
    mean_ruled_out: np.ndarray
    predicted_threshold: float


def memory_attack_sweep(
    memory_qubits,
    *,
    n_trials=40,
    n_passwords=64,
    n_qubits=256,
    hash_bits=16,
    seed=None,
    rng=None,
) -> MemoryAttackSweep:
    """Run :func:`memory_terminal_attack` for several memory sizes, a uniform password and guess.

    Rough theory of where the attack starts to work: a wrong candidate
    survives the check with probability about 2^(r - hash_bits) when r hash
    bits depend on unknown qubits, and the true password's r is about the
    number of unknown positions in its I_w, about (n - q) / 4 (half of the
    unstored qubits were measured in the wrong basis, half of those lie in
    I_w). The terminal's belief in the truth passes 1/2 once
    2^-r > (N - 1) 2^-hash_bits, that is for memories above about
    q* = n - 4 (hash_bits - log2 N).

    Args:
        memory_qubits: the memory sizes to try, each in [0, n_qubits].
        n_trials: runs per memory size, >= 1.
        n_passwords, n_qubits, hash_bits: as in :func:`memory_terminal_attack`.
        seed, rng: randomness.

    Returns:
        A :class:`MemoryAttackSweep`.

    Source: Damgard, Fehr, Salvail, Schaffner (CRYPTO 2007; arXiv:0708.2557)
    for the protocol; the estimate of q* is this module's own counting.

    Example:
        >>> s = memory_attack_sweep([0, 256], n_trials=10, seed=2)
        >>> s.success_rates.tolist(), s.predicted_threshold
        ([0.0, 1.0], 216.0)
    """
    qs = tuple(check_int("memory_qubits", m, low=0, high=n_qubits) for m in memory_qubits)
    if not qs:
        raise ValueError("memory_qubits must hold at least one memory size; got ()")
    trials = check_int("n_trials", n_trials, low=1, high=100_000)
    n_pw = check_int("n_passwords", n_passwords, low=2, high=1024)
    generator = make_rng(seed, rng)
    rates, ruled = [], []
    for m in qs:
        wins = 0
        excluded = 0
        for _ in range(trials):
            secret = int(generator.integers(n_pw))
            guess = int(generator.integers(n_pw))
            r = memory_terminal_attack(
                secret,
                memory_qubits=m,
                guess=guess,
                n_passwords=n_pw,
                n_qubits=n_qubits,
                hash_bits=hash_bits,
                rng=generator,
            )
            wins += r.learned
            excluded += r.ruled_out
        rates.append(wins / trials)
        ruled.append(excluded / trials)
    rates_arr = np.array(rates)
    return MemoryAttackSweep(
        n_qubits=int(n_qubits),
        n_passwords=n_pw,
        hash_bits=int(hash_bits),
        n_trials=trials,
        memory_qubits=qs,
        success_rates=rates_arr,
        standard_errors=np.sqrt(rates_arr * (1.0 - rates_arr) / trials),
        mean_ruled_out=np.array(ruled),
        predicted_threshold=float(n_qubits - 4 * (hash_bits - math.log2(n_pw))),
    )
