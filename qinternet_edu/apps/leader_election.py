"""Leader election with a W state and consensus with a GHZ state, over noisy qubits.

N parties in an *anonymous* network (no names, the same program everywhere)
must elect exactly one leader. Classically no exact protocol exists: every
party running the same program with its own coin may pick no leader or
several, and symmetric parties cannot break the tie for sure. A shared W
state

    |W_N> = (|10...0> + |01...0> + ... + |00...1>) / sqrt(N)

solves it with no communication at all: every party measures its qubit in
the Z basis, exactly one gets 1, and that party is the leader, uniformly at
random. A GHZ state (|0...0> + |1...1>) / sqrt(2) instead gives every party
the same fair bit: distributed consensus on a random value (a common coin).
D'Hondt and Panangaden show that, among pure states, W-type states are the
ones that solve anonymous leader election exactly, and GHZ-type states the
ones that solve this consensus without classical post-processing.

Noise: each qubit passes a depolarizing channel (1 - p) rho + p I/2 before
its measurement, so each outcome is flipped with probability p/2,
independently. Then

- W: P(exactly one leader) = (1 - p/2)^N + (N - 1) (p/2)^2 (1 - p/2)^(N - 2)
  (no flip, or the leader's 1 lost and one other party's 0 flipped);
- GHZ: P(all agree) = (1 - p/2)^N + (p/2)^N;
- local coins (the classical baseline: each party declares itself leader with
  probability 1/N): P(exactly one) = (1 - 1/N)^(N - 1), which tends to 1/e.

A failed attempt is seen in one classical round (each party announces
whether it claims the lead) and the parties retry with a fresh state, so an
election takes a geometric number of attempts with mean 1 / P.

Source: E. D'Hondt, P. Panangaden, "The computational power of the W and GHZ
states", Quantum Inf. Comput. 6, 173 (2006), arXiv:quant-ph/0412177; the
W state: W. Dur, G. Vidal, J. I. Cirac, Phys. Rev. A 62, 062314 (2000);
the depolarizing channel: Nielsen and Chuang (2010), Sec. 8.3.4.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .._validation import check_choice, check_int, check_probability, make_rng

__all__ = [
    "ConsensusResult",
    "ElectionResult",
    "ghz_consensus_probability",
    "leader_election_success_probability",
    "simulate_ghz_consensus",
    "simulate_leader_election",
    "w_state_outcome_probabilities",
]

_RESOURCES = ("w", "local_coins")
_CHUNK = 2_000_000  # attempts x parties per chunk, so memory stays flat


def leader_election_success_probability(*, n_parties, depolarizing_probability=0.0, resource="w"):
    """Probability that one attempt elects exactly one leader.

    Args:
        n_parties: number of parties N, >= 2.
        depolarizing_probability: p of the depolarizing channel on each qubit
            before measurement, in [0, 1] (only for ``resource="w"``).
        resource: ``"w"`` (a shared W state) or ``"local_coins"`` (each party
            claims the lead with probability 1/N, no entanglement).

    Returns:
        The success probability of one attempt.

    Source: D'Hondt and Panangaden, Quantum Inf. Comput. 6, 173 (2006); see the
    module notes for the two formulas.

    Example:
        >>> leader_election_success_probability(n_parties=5)
        1.0
        >>> round(leader_election_success_probability(n_parties=5, resource="local_coins"), 4)
        0.4096
    """
    n = check_int("n_parties", n_parties, low=2, high=10_000)
    p = float(check_probability("depolarizing_probability", depolarizing_probability))
    kind = check_choice("resource", resource, _RESOURCES)
    if kind == "local_coins":
        if p != 0.0:
            raise ValueError(
                "depolarizing_probability is only used with resource 'w'; "
                f"got {depolarizing_probability!r}"
            )
        return (1.0 - 1.0 / n) ** (n - 1)
    f = p / 2.0
    return (1.0 - f) ** n + (n - 1) * f * f * (1.0 - f) ** (n - 2)


def ghz_consensus_probability(*, n_parties, depolarizing_probability=0.0):
    """Probability that all N parties measuring a noisy GHZ state get the same bit.

    Args:
        n_parties: N, >= 2.
        depolarizing_probability: p per qubit, in [0, 1].

    Returns:
        (1 - p/2)^N + (p/2)^N.

    Source: D'Hondt and Panangaden (2006), consensus with GHZ states; noise as
    in the module notes.

    Example:
        >>> round(ghz_consensus_probability(n_parties=4, depolarizing_probability=0.1), 5)
        0.81451
    """
    n = check_int("n_parties", n_parties, low=2, high=10_000)
    f = float(check_probability("depolarizing_probability", depolarizing_probability)) / 2.0
    return (1.0 - f) ** n + f**n


def w_state_outcome_probabilities(*, n_parties, depolarizing_probability=0.0) -> dict[str, float]:
    """Z-basis outcome probabilities of a depolarized W state, by qiskit density matrices.

    An independent, circuit-level check of the sampled election: build
    |W_N> as a ``Statevector``, apply ``qie.depolarizing_channel(p)`` to every
    qubit, and read the diagonal.

    Args:
        n_parties: N, in [2, 8].
        depolarizing_probability: p per qubit, in [0, 1].

    Returns:
        A dict from outcome strings (qiskit order: party N-1 first) to probabilities.

    Source: Dur, Vidal, Cirac, Phys. Rev. A 62, 062314 (2000) for |W_N>.

    Example:
        >>> probs = w_state_outcome_probabilities(n_parties=3)
        >>> {k: round(v, 6) for k, v in sorted(probs.items()) if v > 1e-12}
        {'001': 0.333333, '010': 0.333333, '100': 0.333333}
    """
    from qiskit.quantum_info import DensityMatrix, Statevector

    from ..noise import depolarizing_channel

    n = check_int("n_parties", n_parties, low=2, high=8)
    p = float(check_probability("depolarizing_probability", depolarizing_probability))
    amplitudes = np.zeros(2**n)
    amplitudes[[1 << k for k in range(n)]] = 1.0 / math.sqrt(n)
    rho = DensityMatrix(Statevector(amplitudes))
    channel = depolarizing_channel(p)
    for qubit in range(n):
        rho = rho.evolve(channel, qargs=[qubit])
    return {str(k): float(v) for k, v in rho.probabilities_dict().items()}


@dataclass(frozen=True)
class ElectionResult:
    """Many leader elections, each retried until exactly one party claims the lead.

    ``attempt_success_rate`` (binomial ``standard_error``) estimates
    :func:`leader_election_success_probability` (``expected_success``);
    ``leader_counts[i]`` counts the elections party i won (uniform for a fair
    protocol); ``mean_attempts`` is the mean number of attempts per election.
    """

    n_parties: int
    resource: str
    depolarizing_probability: float
    n_elections: int
    n_attempts: int
    attempt_success_rate: float
    standard_error: float
    expected_success: float
    mean_attempts: float
    leader_counts: tuple[int, ...]


def _attempt_outcomes(g, size, n, p, resource):
    """Outcomes (size x n, uint8) of ``size`` attempts: who claims the lead."""
    if resource == "local_coins":
        return (g.random((size, n)) < 1.0 / n).astype(np.uint8)
    claims = np.zeros((size, n), dtype=np.uint8)
    claims[np.arange(size), g.integers(0, n, size=size)] = 1  # the W state's one excitation
    flips = (g.random((size, n)) < p / 2.0).astype(np.uint8)  # depolarized outcomes
    return claims ^ flips


def simulate_leader_election(
    *,
    n_parties,
    n_elections,
    depolarizing_probability=0.0,
    resource="w",
    seed=None,
    rng=None,
) -> ElectionResult:
    """Run leader elections, vectorized over attempts, retrying each until it succeeds.

    Each attempt samples every party's measurement outcome at once (the W
    state's single excitation at a uniform party, then independent flips with
    probability p/2 from the depolarizing noise; or independent local coins).
    An attempt succeeds when exactly one party got 1.

    Args:
        n_parties: N, in [2, 1000].
        n_elections: elections to complete, >= 1.
        depolarizing_probability: p per qubit (``resource="w"`` only), in [0, 1).
        resource: ``"w"`` or ``"local_coins"``.
        seed, rng: randomness.

    Returns:
        An :class:`ElectionResult`.

    Source: D'Hondt and Panangaden (2006); see the module notes.

    Example:
        >>> r = simulate_leader_election(n_parties=4, n_elections=2_000, seed=1)
        >>> r.attempt_success_rate, r.mean_attempts, sum(r.leader_counts)
        (1.0, 1.0, 2000)
    """
    n = check_int("n_parties", n_parties, low=2, high=1000)
    elections = check_int("n_elections", n_elections, low=1, high=10**8)
    kind = check_choice("resource", resource, _RESOURCES)
    p = float(check_probability("depolarizing_probability", depolarizing_probability))
    if p == 1.0:
        raise ValueError("depolarizing_probability must be < 1 (no election could end); got 1.0")
    expected = leader_election_success_probability(
        n_parties=n, depolarizing_probability=p, resource=kind
    )
    g = make_rng(seed, rng)
    counts = np.zeros(n, dtype=np.int64)
    won = 0
    attempts = 0
    batch = max(1, min(_CHUNK // n, int(1.5 * elections / expected) + 16))
    while won < elections:
        outcomes = _attempt_outcomes(g, batch, n, p, kind)
        ok = outcomes.sum(axis=1) == 1
        success_rows = np.flatnonzero(ok)
        need = elections - won
        if success_rows.size >= need:
            last = success_rows[need - 1]
            attempts += int(last) + 1
            used = success_rows[:need]
        else:
            attempts += batch
            used = success_rows
        leaders = np.argmax(outcomes[used], axis=1)
        counts += np.bincount(leaders, minlength=n)
        won += used.size
    rate = elections / attempts
    return ElectionResult(
        n_parties=n,
        resource=kind,
        depolarizing_probability=p,
        n_elections=elections,
        n_attempts=attempts,
        attempt_success_rate=rate,
        standard_error=math.sqrt(rate * (1.0 - rate) / attempts),
        expected_success=expected,
        mean_attempts=attempts / elections,
        leader_counts=tuple(int(c) for c in counts),
    )


@dataclass(frozen=True)
class ConsensusResult:
    """Noisy GHZ states measured by N parties: how often they agree, and on what.

    ``agreement_rate`` (binomial ``standard_error``) estimates
    ``expected_agreement``; ``mean_common_bit`` is the mean of the agreed bit
    over the agreeing shots (1/2 for a fair common coin; None if none agreed).
    """

    n_parties: int
    depolarizing_probability: float
    n_shots: int
    agreement_rate: float
    standard_error: float
    expected_agreement: float
    mean_common_bit: float | None


def simulate_ghz_consensus(
    *, n_parties, depolarizing_probability, n_shots, seed=None, rng=None
) -> ConsensusResult:
    """Measure noisy GHZ states at N parties (vectorized) and count the shots where all agree.

    Args:
        n_parties: N, in [2, 1000].
        depolarizing_probability: p per qubit, in [0, 1].
        n_shots: GHZ states measured, >= 1.
        seed, rng: randomness.

    Returns:
        A :class:`ConsensusResult`; theory: :func:`ghz_consensus_probability`
        and a common bit of mean 1/2.

    Source: D'Hondt and Panangaden (2006).

    Example:
        >>> r = simulate_ghz_consensus(n_parties=3,
        ...     depolarizing_probability=0.0, n_shots=10_000, seed=2)
        >>> r.agreement_rate, abs(r.mean_common_bit - 0.5) < 0.02
        (1.0, True)
    """
    n = check_int("n_parties", n_parties, low=2, high=1000)
    p = float(check_probability("depolarizing_probability", depolarizing_probability))
    shots = check_int("n_shots", n_shots, low=1, high=10**8)
    g = make_rng(seed, rng)
    agree = 0
    ones = 0
    done = 0
    chunk = max(1, _CHUNK // n)
    while done < shots:
        size = min(chunk, shots - done)
        bit = g.integers(0, 2, size=size, dtype=np.uint8)
        out = bit[:, None] ^ (g.random((size, n)) < p / 2.0).astype(np.uint8)
        total = out.sum(axis=1)
        same = (total == 0) | (total == n)
        agree += int(np.count_nonzero(same))
        ones += int(np.count_nonzero(total[same] == n))
        done += size
    rate = agree / shots
    return ConsensusResult(
        n_parties=n,
        depolarizing_probability=p,
        n_shots=shots,
        agreement_rate=rate,
        standard_error=math.sqrt(rate * (1.0 - rate) / shots),
        expected_agreement=ghz_consensus_probability(n_parties=n, depolarizing_probability=p),
        mean_common_bit=ones / agree if agree else None,
    )
