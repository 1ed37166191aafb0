"""BB84, the first quantum key distribution protocol: step by step, at scale, and as circuits.

Alice sends each bit in one of two conjugate bases (Z: |0>, |1>; X: |+>, |->);
Bob measures in a random basis; they keep the positions where the bases
matched (sifting) and compare a sample to estimate the error rate (QBER).

Three levels, one physics:

* teaching steps on small arrays: :func:`random_bits`, :func:`random_bases`,
  :func:`bb84_measure`, :func:`sift` (and ``estimate_qber`` in
  :mod:`qinternet_edu.qkd.estimation`);
* :func:`simulate_bb84`, a vectorized, chunked simulator of millions of pulses
  with loss, detectors, a weak coherent source and an eavesdropper;
* :func:`bb84_circuit_round`, a few qubits as Qiskit circuits.

Source: C. H. Bennett, G. Brassard, "Quantum cryptography: Public key
distribution and coin tossing", Proc. IEEE Int. Conf. Computers, Systems and
Signal Processing, Bangalore, 175 (1984).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .._validation import (
    check_bits,
    check_choice,
    check_int,
    check_real,
    check_size,
    make_rng,
)
from ._common import (
    MAX_PULSES_WITH_KEYS,
    PrepareMeasureCounts,
    UndefinedQBERWarning,
    bernoulli_mask,
    check_run_size,
    check_scalar_probability,
    error_rate,
    fast_bits,
    progress,
    resolve_transmissivity,
)
from ._engine import Tally, simulate_chunk

__all__ = [
    "BB84CircuitResult",
    "BB84Result",
    "SiftResult",
    "UndefinedQBERWarning",
    "bb84_circuit_round",
    "bb84_measure",
    "random_bases",
    "random_bits",
    "sift",
    "simulate_bb84",
]

_DEFAULT_CHUNK = 1 << 20


def random_bits(n, *, seed=None, rng=None) -> np.ndarray:
    """Draw ``n`` fair random bits (uint8 0/1): Alice's raw key.

    Args:
        n: how many bits, >= 0.
        seed, rng: a seed or a numpy Generator (not both).

    Returns:
        A uint8 array of 0s and 1s.

    Example:
        >>> bits = random_bits(8, seed=1)
        >>> bits.dtype, bits.size, set(bits.tolist()) <= {0, 1}
        (dtype('uint8'), 8, True)
    """
    n = check_size("n", n, low=0, limit=MAX_PULSES_WITH_KEYS, why="one byte per bit in memory")
    return fast_bits(make_rng(seed, rng), n)


def random_bases(n, *, seed=None, rng=None) -> np.ndarray:
    """Draw ``n`` random BB84 bases as uint8: 0 = Z (rectilinear, +), 1 = X (diagonal, x).

    Example:
        >>> random_bases(6, seed=3).tolist()  # doctest: +SKIP
        [0, 1, 1, 0, 0, 1]
        >>> set(random_bases(100, seed=3).tolist())
        {0, 1}
    """
    n = check_size("n", n, low=0, limit=MAX_PULSES_WITH_KEYS, why="one byte per bit in memory")
    return fast_bits(make_rng(seed, rng), n)


def _check_bases(name: str, value, size: int) -> np.ndarray:
    arr = check_bits(name, value)
    if arr.size != size:
        raise ValueError(f"{name} must have the same length as bits ({size}); got {arr.size}")
    return arr


def bb84_measure(bits, bases, measure_bases, *, error_probability=0.0, seed=None, rng=None):
    """Bob's outcomes when he measures Alice's BB84 states in ``measure_bases``.

    A matching basis returns Alice's bit (flipped with ``error_probability``,
    a noisy channel); a mismatched basis returns a fair coin, because a Z
    eigenstate measured in X (or the reverse) gives each outcome with
    probability 1/2.

    Args:
        bits: Alice's bits (0/1 array).
        bases: Alice's bases, 0 = Z, 1 = X (same length).
        measure_bases: Bob's bases (same length).
        error_probability: probability that the channel flips a bit, in [0, 1].
        seed, rng: randomness for the outcomes.

    Returns:
        Bob's bits as a uint8 array.

    Example:
        >>> bb84_measure([0, 1, 1, 0], [0, 0, 1, 1], [0, 0, 1, 1], seed=1).tolist()
        [0, 1, 1, 0]
    """
    a = check_bits("bits", bits)
    alpha = _check_bases("bases", bases, a.size)
    beta = _check_bases("measure_bases", measure_bases, a.size)
    p = check_scalar_probability("error_probability", error_probability)
    generator = make_rng(seed, rng)
    coin = fast_bits(generator, a.size)
    out = np.where(alpha == beta, a, coin)
    if p > 0:
        out = out ^ bernoulli_mask(generator, a.size, p).view(np.uint8)
    return out.astype(np.uint8)


@dataclass(frozen=True)
class SiftResult:
    """The sifted keys: the positions where Alice's and Bob's bases agreed (and Bob detected)."""

    n_sent: int
    n_kept: int
    alice_key: np.ndarray = field(repr=False, compare=False)
    bob_key: np.ndarray = field(repr=False, compare=False)
    kept: np.ndarray = field(repr=False, compare=False)

    @property
    def kept_fraction(self) -> float:
        """Fraction of positions kept (about 1/2 for BB84 with random bases)."""
        return self.n_kept / self.n_sent if self.n_sent else 0.0


def sift(alice_bits, alice_bases, bob_bits, bob_bases, *, detected=None) -> SiftResult:
    """Keep the positions where the bases agree (and, if given, where Bob detected a photon).

    Args:
        alice_bits, alice_bases: Alice's bits and bases (0/1 arrays).
        bob_bits, bob_bases: Bob's outcomes and bases (same length).
        detected: optional boolean array, False where Bob saw nothing.

    Returns:
        A :class:`SiftResult` with both sifted keys and the kept mask.

    Example:
        >>> s = sift([0, 1, 1, 0], [0, 1, 0, 1], [0, 1, 0, 0], [0, 1, 1, 1])
        >>> s.n_kept, s.alice_key.tolist(), s.bob_key.tolist()
        (3, [0, 1, 0], [0, 1, 0])
    """
    a = check_bits("alice_bits", alice_bits)
    alpha = _check_bases("alice_bases", alice_bases, a.size)
    b = _check_bases("bob_bits", bob_bits, a.size)
    beta = _check_bases("bob_bases", bob_bases, a.size)
    kept = alpha == beta
    if detected is not None:
        det = np.asarray(detected)
        if det.dtype != bool or det.shape != a.shape:
            raise ValueError(
                f"detected must be a boolean array of length {a.size}; "
                f"got dtype {det.dtype}, shape {det.shape}"
            )
        kept &= det
    return SiftResult(
        n_sent=int(a.size),
        n_kept=int(np.count_nonzero(kept)),
        alice_key=a[kept],
        bob_key=b[kept],
        kept=kept,
    )


@dataclass(frozen=True)
class BB84Result(PrepareMeasureCounts):
    """Counts of one BB84 run (keys only when asked for with ``return_keys=True``).

    ``qber`` is errors / sifted over the whole sifted key (NaN, with an
    ``UndefinedQBERWarning``, when nothing was sifted). ``eve_correct``
    counts the sifted bits Eve intercepted and guessed right.
    """


def run_prepare_measure(
    n_pulses,
    *,
    result_type,
    n_bases,
    length_km,
    transmissivity,
    attenuation_db_per_km,
    source,
    mean_photon_number,
    detector_efficiency,
    dark_count_probability,
    misalignment,
    eve_fraction,
    eve_basis,
    eve_bases_allowed,
    return_keys,
    chunk_size,
    seed,
    rng,
):
    """Validate inputs, run the chunked engine and return a ``result_type`` (BB84 or six-state)."""
    n, chunk = check_run_size("n_pulses", n_pulses, return_keys=return_keys, chunk_size=chunk_size)
    eta = resolve_transmissivity(length_km, transmissivity, attenuation_db_per_km)
    source = check_choice("source", source, ("single_photon", "weak_coherent"))
    mu = check_real("mean_photon_number", mean_photon_number, low=0.0, low_open=True, scalar=True)
    eta_det = check_scalar_probability("detector_efficiency", detector_efficiency)
    dark = check_scalar_probability("dark_count_probability", dark_count_probability)
    mis = check_scalar_probability("misalignment", misalignment)
    f = check_scalar_probability("eve_fraction", eve_fraction)
    eve_basis = check_choice("eve_basis", eve_basis, eve_bases_allowed)
    if not isinstance(return_keys, bool):
        raise TypeError(f"return_keys must be True or False; got {return_keys!r}")
    generator = make_rng(seed, rng)

    tally = Tally()
    alice_parts, bob_parts = [], []
    bar = progress(n, result_type.__name__.removesuffix("Result"))
    done = 0
    while done < n:
        m = min(chunk, n - done)
        keys = simulate_chunk(
            generator,
            m,
            n_bases=n_bases,
            eta=eta,
            source=source,
            mu=mu,
            eta_det=eta_det,
            dark=dark,
            misalignment=mis,
            eve_fraction=f,
            eve_basis=eve_basis,
            tally=tally,
            keep_keys=return_keys,
        )
        if keys is not None:
            alice_parts.append(keys[0])
            bob_parts.append(keys[1])
        done += m
        if bar is not None:
            bar.update(m)
    if bar is not None:
        bar.close()
    return result_type(
        n_pulses=n,
        detected=tally.detected,
        sifted=tally.sifted,
        errors=tally.errors,
        qber=error_rate(tally.errors, tally.sifted, stacklevel=4),
        transmissivity=eta,
        eve_intercepted=tally.intercepted,
        eve_sifted=tally.eve_sifted,
        eve_correct=tally.eve_correct,
        alice_key=np.concatenate(alice_parts) if return_keys else None,
        bob_key=np.concatenate(bob_parts) if return_keys else None,
    )


def simulate_bb84(
    n_pulses,
    *,
    length_km=None,
    transmissivity=None,
    attenuation_db_per_km=0.2,
    source="single_photon",
    mean_photon_number=0.5,
    detector_efficiency=1.0,
    dark_count_probability=0.0,
    misalignment=0.0,
    eve_fraction=0.0,
    eve_basis="random",
    return_keys=False,
    chunk_size=_DEFAULT_CHUNK,
    seed=None,
    rng=None,
) -> BB84Result:
    """Simulate ``n_pulses`` of BB84 over a lossy channel, optionally with an eavesdropper.

    Every pulse is simulated (bit, basis, loss, Bob's basis, detection), in
    chunks of ``chunk_size`` so memory stays flat for 1e8 pulses. The defaults
    are ideal devices, so without Eve the QBER is exactly 0.

    Args:
        n_pulses: number of pulses Alice sends, >= 1.
        length_km: fiber length in km (or give ``transmissivity``; neither means
            a lossless channel).
        transmissivity: channel transmissivity in [0, 1] instead of a length.
        attenuation_db_per_km: fiber loss, default 0.2 dB/km.
        source: ``"single_photon"`` or ``"weak_coherent"`` (Poissonian pulses).
        mean_photon_number: mean photons per weak coherent pulse, > 0
            (ignored for single photons).
        detector_efficiency: Bob's detector efficiency in [0, 1].
        dark_count_probability: per-pulse dark count probability of each of
            Bob's two detectors, in [0, 1]; a dark click gives a random bit.
        misalignment: probability that Bob's optics flip a bit, in [0, 1].
        eve_fraction: fraction of pulses Eve intercepts and resends, in [0, 1].
        eve_basis: ``"random"`` (Z or X at random) or ``"breidbart"`` (the
            intermediate basis that maximizes her guessing probability).
        return_keys: also return the sifted keys of Alice and Bob.
        chunk_size: pulses simulated per vectorized step.
        seed, rng: randomness (same seed, same result).

    Returns:
        A :class:`BB84Result`.

    Intercept-resend on a fraction f gives QBER f/4 with either basis choice:
    a random basis is wrong half of the time and then Bob errs half of the
    time; a Breidbart measurement errs with sin^2(pi/8) and Bob's reading of
    the resent state with sin^2(pi/8) again, 2 sin^2 cos^2 (pi/8) = 1/4. Eve
    guesses 85 % of the bits in the Breidbart basis (75 % at random), though
    her Shannon information is lower (0.40 vs 0.50 bits).

    Source: Bennett, Brassard (1984); Bennett, Bessette, Brassard, Salvail,
    Smolin, "Experimental quantum cryptography", J. Cryptology 5, 3 (1992)
    (intercept-resend and the Breidbart basis); N. Lütkenhaus, "Security
    against eavesdropping in quantum cryptography", PRA 54, 97 (1996).

    Example:
        >>> r = simulate_bb84(100_000, length_km=10.0, seed=1)
        >>> r.qber, round(r.detected_fraction, 2), round(r.sifted_fraction, 2)
        (0.0, 0.63, 0.5)
        >>> round(simulate_bb84(100_000, eve_fraction=1.0, seed=2).qber, 2)
        0.25
    """
    return run_prepare_measure(
        n_pulses,
        result_type=BB84Result,
        n_bases=2,
        length_km=length_km,
        transmissivity=transmissivity,
        attenuation_db_per_km=attenuation_db_per_km,
        source=source,
        mean_photon_number=mean_photon_number,
        detector_efficiency=detector_efficiency,
        dark_count_probability=dark_count_probability,
        misalignment=misalignment,
        eve_fraction=eve_fraction,
        eve_basis=eve_basis,
        eve_bases_allowed=("random", "breidbart"),
        return_keys=return_keys,
        chunk_size=chunk_size,
        seed=seed,
        rng=rng,
    )


@dataclass(frozen=True)
class BB84CircuitResult:
    """One BB84 round simulated qubit by qubit with Qiskit circuits."""

    n_qubits: int
    n_sifted: int
    errors: int
    alice_bits: np.ndarray = field(repr=False, compare=False)
    alice_bases: np.ndarray = field(repr=False, compare=False)
    bob_bases: np.ndarray = field(repr=False, compare=False)
    bob_bits: np.ndarray = field(repr=False, compare=False)
    intercepted: np.ndarray = field(repr=False, compare=False)
    eve_bases: np.ndarray = field(repr=False, compare=False)
    eve_bits: np.ndarray = field(repr=False, compare=False)
    circuits: tuple = field(repr=False, compare=False, default=())

    @property
    def sifted(self) -> np.ndarray:
        """Boolean mask of the positions where Alice's and Bob's bases agree."""
        return self.alice_bases == self.bob_bases

    @property
    def qber(self) -> float:
        """Errors per sifted bit (NaN with an ``UndefinedQBERWarning`` when nothing was sifted)."""
        return error_rate(self.errors, self.n_sifted, stacklevel=3)


def bb84_circuit_round(n_qubits=8, *, eve_fraction=0.0, seed=None, rng=None) -> BB84CircuitResult:
    """Run a few BB84 qubits as Qiskit circuits: prepare, (intercept), measure.

    Each qubit is one small circuit: Alice applies X for bit 1 and H for the X
    basis; Bob applies H to measure in X and measures. Eve, on an intercepted
    qubit, measures in her own random basis; her measurement is written as a
    CNOT onto a fresh ancilla between basis changes (the deferred-measurement
    principle), which leaves Bob's qubit in exactly the state she would resend.
    The circuits run on ``qiskit.primitives.StatevectorSampler``.

    Args:
        n_qubits: number of qubits, in [1, 256].
        eve_fraction: probability that Eve intercepts each qubit, in [0, 1].
        seed, rng: randomness for the choices and the sampler.

    Returns:
        A :class:`BB84CircuitResult` with every party's bits and bases.

    Source: Bennett, Brassard (1984); M. A. Nielsen, I. L. Chuang, Quantum
    Computation and Quantum Information (2000), Sec. 4.4 (deferred measurement).

    Example:
        >>> r = bb84_circuit_round(6, seed=5)
        >>> r.errors
        0
    """
    from qiskit import ClassicalRegister, QuantumCircuit, QuantumRegister
    from qiskit.primitives import StatevectorSampler

    n = check_int("n_qubits", n_qubits, low=1, high=256)
    f = check_scalar_probability("eve_fraction", eve_fraction)
    generator = make_rng(seed, rng)
    a = fast_bits(generator, n)
    alpha = fast_bits(generator, n)
    beta = fast_bits(generator, n)
    eve = bernoulli_mask(generator, n, f) if f > 0 else np.zeros(n, dtype=bool)
    gamma = fast_bits(generator, n)

    circuits = []
    for i in range(n):
        q = QuantumRegister(2 if eve[i] else 1, "q")
        bob_c = ClassicalRegister(1, "bob")
        regs = [q, bob_c]
        if eve[i]:
            eve_c = ClassicalRegister(1, "eve")
            regs.append(eve_c)
        qc = QuantumCircuit(*regs)
        if a[i]:
            qc.x(0)
        if alpha[i]:
            qc.h(0)
        if eve[i]:
            if gamma[i]:
                qc.h(0)
            qc.cx(0, 1)  # Eve's measurement, deferred onto her ancilla
            if gamma[i]:
                qc.h(0)
            qc.measure(1, eve_c[0])
        if beta[i]:
            qc.h(0)
        qc.measure(0, bob_c[0])
        circuits.append(qc)

    sampler = StatevectorSampler(seed=int(generator.integers(2**32)))
    results = sampler.run([(qc,) for qc in circuits], shots=1).result()
    bob = np.zeros(n, dtype=np.uint8)
    eve_bits = np.zeros(n, dtype=np.uint8)
    for i, res in enumerate(results):
        bob[i] = int(res.data.bob.get_bitstrings()[0])
        if eve[i]:
            eve_bits[i] = int(res.data.eve.get_bitstrings()[0])
    sifted = alpha == beta
    return BB84CircuitResult(
        n_qubits=n,
        n_sifted=int(np.count_nonzero(sifted)),
        errors=int(np.count_nonzero(sifted & (a != bob))),
        alice_bits=a,
        alice_bases=alpha,
        bob_bases=beta,
        bob_bits=bob,
        intercepted=eve,
        eve_bases=np.where(eve, gamma, 0).astype(np.uint8),
        eve_bits=eve_bits,
        circuits=tuple(circuits),
    )
