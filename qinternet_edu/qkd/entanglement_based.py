"""Entanglement-based QKD: BBM92 and E91, with the CHSH value as the security test.

A source between Alice and Bob emits pairs in the Werner state
rho = V |Phi+><Phi+| + (1 - V) I/4 (visibility V). Each photon crosses its own
fiber; each side measures along an angle theta in the X-Z plane of the Bloch
sphere (theta = 0 is Z, theta = pi/2 is X; a polarizer turns by theta/2).
For these measurements the outcomes agree with probability
(1 + V cos(theta_A - theta_B)) / 2, so the correlator is
E = V cos(theta_A - theta_B) and the CHSH value is S = 2 sqrt(2) V at the
optimal angles. S > 2 certifies entanglement; the key's QBER in matching
bases is (1 - V) / 2.

Source: A. K. Ekert, "Quantum cryptography based on Bell's theorem", PRL 67,
661 (1991); C. H. Bennett, G. Brassard, N. D. Mermin, "Quantum cryptography
without Bell's theorem", PRL 68, 557 (1992); J. F. Clauser, M. A. Horne,
A. Shimony, R. A. Holt, PRL 23, 880 (1969).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from .._validation import as_output, check_nonnegative, check_real, make_rng
from ..channels import fiber_transmissivity
from ._common import (
    bernoulli_mask,
    check_run_size,
    check_scalar_probability,
    error_rate,
    fast_bits,
)

__all__ = [
    "EntanglementQKDResult",
    "chsh_from_visibility",
    "simulate_bbm92",
    "simulate_e91",
]

_QUARTER = math.pi / 4


def chsh_from_visibility(visibility):
    """The CHSH value 2 sqrt(2) V of a Werner pair of visibility V at the optimal angles.

    Args:
        visibility: V in [0, 1] (scalar or array).

    Returns:
        S in [0, 2 sqrt(2)]; S > 2 (V > 1/sqrt(2), about 0.707) violates CHSH.

    Source: Clauser, Horne, Shimony, Holt, PRL 23, 880 (1969); B. S. Cirel'son,
    Lett. Math. Phys. 4, 93 (1980) for the maximum 2 sqrt(2).

    Example:
        >>> round(chsh_from_visibility(1.0), 4)
        2.8284
    """
    v = check_real("visibility", visibility, low=0.0, high=1.0)
    return as_output(2.0 * math.sqrt(2.0) * np.asarray(v), visibility)


@dataclass(frozen=True)
class EntanglementQKDResult:
    """Counts, key statistics and the CHSH estimate of one entanglement-based QKD run.

    ``chsh`` is estimated from the test rounds, ``chsh_standard_error`` is
    sqrt(sum_ij (1 - E_ij^2) / N_ij) over the four correlators. Without a
    round for every correlator ``chsh`` is NaN and its standard error inf;
    without a sifted bit ``qber`` is NaN (with an ``UndefinedQBERWarning``,
    unless no key round was asked for: BBM92 with ``chsh_fraction=1``).
    """

    protocol: str
    n_pairs: int
    coincidences: int
    sifted: int
    errors: int
    qber: float
    chsh: float
    chsh_standard_error: float
    chsh_rounds: int
    alice_key: np.ndarray | None = field(default=None, repr=False, compare=False)
    bob_key: np.ndarray | None = field(default=None, repr=False, compare=False)

    @property
    def violates_chsh(self) -> bool:
        """True when S exceeds the local bound 2 by more than 3 standard errors."""
        return self.chsh - 3.0 * self.chsh_standard_error > 2.0


def _run_pairs(
    n_pairs,
    *,
    angles_a,
    angles_b,
    key_pairs,
    chsh_terms,
    settings_sampler,
    visibility,
    length_a_km,
    length_b_km,
    attenuation_db_per_km,
    detector_efficiency,
    dark_count_probability,
    return_keys,
    chunk_size,
    seed,
    rng,
    protocol,
    key_rounds=True,
):
    n, chunk = check_run_size("n_pairs", n_pairs, return_keys=return_keys, chunk_size=chunk_size)
    v = check_scalar_probability("visibility", visibility)
    la = check_nonnegative("length_a_km", length_a_km, scalar=True)
    lb = check_nonnegative("length_b_km", length_b_km, scalar=True)
    alpha = check_nonnegative("attenuation_db_per_km", attenuation_db_per_km, scalar=True)
    eta_det = check_scalar_probability("detector_efficiency", detector_efficiency)
    dark = check_scalar_probability("dark_count_probability", dark_count_probability)
    if not isinstance(return_keys, bool):
        raise TypeError(f"return_keys must be True or False; got {return_keys!r}")
    generator = make_rng(seed, rng)

    p_a = fiber_transmissivity(la, alpha) * eta_det
    p_b = fiber_transmissivity(lb, alpha) * eta_det
    # A side with no signal photon still clicks if either of its two detectors
    # has a dark count (double clicks with a signal are neglected, p_dark << 1).
    dark_side = 1.0 - (1.0 - dark) ** 2
    angles_a = np.asarray(angles_a, dtype=float)
    angles_b = np.asarray(angles_b, dtype=float)
    n_a, n_b = angles_a.size, angles_b.size
    # P(outcomes differ | both photons detected, settings i, j).
    p_diff = (1.0 - v * np.cos(angles_a[:, None] - angles_b[None, :])) / 2.0

    total = np.zeros((n_a, n_b), dtype=np.int64)
    agree = np.zeros((n_a, n_b), dtype=np.int64)
    key_a, key_b = [], []
    coincidences = 0
    done = 0
    while done < n:
        m = min(chunk, n - done)
        sig_a = bernoulli_mask(generator, m, p_a)
        sig_b = bernoulli_mask(generator, m, p_b)
        click_a = sig_a | bernoulli_mask(generator, m, dark_side) if dark > 0 else sig_a
        click_b = sig_b | bernoulli_mask(generator, m, dark_side) if dark > 0 else sig_b
        idx = np.flatnonzero(click_a & click_b)
        k = idx.size
        coincidences += k
        set_a, set_b = settings_sampler(generator, k)
        both = sig_a[idx] & sig_b[idx]
        out_a = fast_bits(generator, k)
        u = generator.random(k)
        correlated = out_a ^ (u < p_diff[set_a, set_b]).view(np.uint8)
        out_b = np.where(both, correlated, fast_bits(generator, k))
        same = out_a == out_b
        flat = set_a.astype(np.int64) * n_b + set_b
        total += np.bincount(flat, minlength=n_a * n_b).reshape(n_a, n_b)
        agree += np.bincount(flat[same], minlength=n_a * n_b).reshape(n_a, n_b)
        if return_keys:
            is_key = np.zeros(k, dtype=bool)
            for i, j in key_pairs:
                is_key |= (set_a == i) & (set_b == j)
            key_a.append(out_a[is_key])
            key_b.append(out_b[is_key])
        done += m

    sifted = int(sum(total[i, j] for i, j in key_pairs))
    errors = int(sum(total[i, j] - agree[i, j] for i, j in key_pairs))
    s_value, variance, rounds = 0.0, 0.0, 0
    defined = True
    for sign, i, j in chsh_terms:
        count = int(total[i, j])
        rounds += count
        if count == 0:
            defined = False
            continue
        corr = (2.0 * agree[i, j] - count) / count
        s_value += sign * corr
        variance += (1.0 - corr**2) / count
    if not defined:
        # A correlator without rounds leaves S undefined (not 0, which would read
        # as "no violation"); the QBER warns too when nothing was sifted.
        s_value, se = math.nan, math.inf
    else:
        se = math.sqrt(variance)
    return EntanglementQKDResult(
        protocol=protocol,
        n_pairs=n,
        coincidences=coincidences,
        sifted=sifted,
        errors=errors,
        # Without key rounds (every pair tested) the QBER is NaN by design, no warning.
        qber=error_rate(errors, sifted, stacklevel=4) if key_rounds else math.nan,
        chsh=float(s_value),
        chsh_standard_error=se,
        chsh_rounds=rounds,
        alice_key=np.concatenate(key_a) if return_keys else None,
        bob_key=np.concatenate(key_b) if return_keys else None,
    )


def simulate_bbm92(
    n_pairs,
    *,
    visibility=1.0,
    length_a_km=0.0,
    length_b_km=0.0,
    attenuation_db_per_km=0.2,
    detector_efficiency=1.0,
    dark_count_probability=0.0,
    chsh_fraction=0.1,
    return_keys=False,
    chunk_size=1 << 20,
    seed=None,
    rng=None,
) -> EntanglementQKDResult:
    """Simulate BBM92 (entanglement-based BB84) with a CHSH check on a random subset of pairs.

    In key rounds both sides measure in Z or X at random and keep matching
    bases. In test rounds (a fraction ``chsh_fraction`` of the pairs, chosen by
    Bob) Alice keeps her Z/X choice and Bob measures at +-pi/4 instead; the
    four correlators give S = E(0, pi/4) + E(0, -pi/4) + E(pi/2, pi/4)
    - E(pi/2, -pi/4) = 2 sqrt(2) V.

    Args:
        n_pairs: pairs emitted by the source, >= 1.
        visibility: Werner visibility V in [0, 1].
        length_a_km, length_b_km: fiber from the source to Alice and to Bob.
        attenuation_db_per_km: fiber loss (default 0.2 dB/km).
        detector_efficiency: both sides' detector efficiency in [0, 1].
        dark_count_probability: per-detector dark count probability in [0, 1].
        chsh_fraction: fraction of rounds used for the CHSH test, in [0, 1].
        return_keys: also return the sifted keys.
        chunk_size: pairs per vectorized step.
        seed, rng: randomness.

    Returns:
        An :class:`EntanglementQKDResult`; QBER (1 - V)/2, S = 2 sqrt(2) V.

    Source: Bennett, Brassard, Mermin, PRL 68, 557 (1992); CHSH, PRL 23, 880 (1969).

    Example:
        >>> r = simulate_bbm92(200_000, visibility=0.9, seed=1)
        >>> round(r.qber, 2), round(r.chsh, 1), r.violates_chsh
        (0.05, 2.5, True)
    """
    frac = check_scalar_probability("chsh_fraction", chsh_fraction)

    def sampler(gen, k):
        set_a = fast_bits(gen, k)
        test = bernoulli_mask(gen, k, frac).view(np.uint8)
        set_b = np.where(test, 2 + fast_bits(gen, k), fast_bits(gen, k)).astype(np.uint8)
        return set_a, set_b

    return _run_pairs(
        n_pairs,
        angles_a=[0.0, 2 * _QUARTER],
        angles_b=[0.0, 2 * _QUARTER, _QUARTER, -_QUARTER],
        key_pairs=((0, 0), (1, 1)),
        chsh_terms=((1, 0, 2), (1, 0, 3), (1, 1, 2), (-1, 1, 3)),
        settings_sampler=sampler,
        visibility=visibility,
        length_a_km=length_a_km,
        length_b_km=length_b_km,
        attenuation_db_per_km=attenuation_db_per_km,
        detector_efficiency=detector_efficiency,
        dark_count_probability=dark_count_probability,
        return_keys=return_keys,
        chunk_size=chunk_size,
        seed=seed,
        rng=rng,
        protocol="BBM92",
        key_rounds=frac < 1.0,
    )


def simulate_e91(
    n_pairs,
    *,
    visibility=1.0,
    length_a_km=0.0,
    length_b_km=0.0,
    attenuation_db_per_km=0.2,
    detector_efficiency=1.0,
    dark_count_probability=0.0,
    return_keys=False,
    chunk_size=1 << 20,
    seed=None,
    rng=None,
) -> EntanglementQKDResult:
    """Simulate Ekert's 1991 protocol: three settings per side, key and CHSH from one run.

    Alice measures at 0, pi/4, pi/2 and Bob at pi/4, pi/2, 3pi/4 (Bloch angles,
    Ekert's choice), each at random. The two matching pairs (pi/4, pi/4) and
    (pi/2, pi/2), 2/9 of the coincidences, give the key; the pairs
    a in {0, pi/2}, b in {pi/4, 3pi/4} give
    S = E(0, pi/4) - E(0, 3pi/4) + E(pi/2, pi/4) + E(pi/2, 3pi/4) = 2 sqrt(2) V.

    Args:
        n_pairs, visibility, length_a_km, length_b_km, attenuation_db_per_km,
        detector_efficiency, dark_count_probability, return_keys, chunk_size,
        seed, rng: as in :func:`simulate_bbm92`.

    Returns:
        An :class:`EntanglementQKDResult`.

    Source: A. K. Ekert, PRL 67, 661 (1991).

    Example:
        >>> r = simulate_e91(300_000, seed=2)
        >>> r.qber, round(r.chsh, 1)
        (0.0, 2.8)
    """

    def sampler(gen, k):
        return (
            gen.integers(0, 3, size=k, dtype=np.uint8),
            gen.integers(0, 3, size=k, dtype=np.uint8),
        )

    return _run_pairs(
        n_pairs,
        angles_a=[0.0, _QUARTER, 2 * _QUARTER],
        angles_b=[_QUARTER, 2 * _QUARTER, 3 * _QUARTER],
        key_pairs=((1, 0), (2, 1)),
        chsh_terms=((1, 0, 0), (-1, 0, 2), (1, 2, 0), (1, 2, 2)),
        settings_sampler=sampler,
        visibility=visibility,
        length_a_km=length_a_km,
        length_b_km=length_b_km,
        attenuation_db_per_km=attenuation_db_per_km,
        detector_efficiency=detector_efficiency,
        dark_count_probability=dark_count_probability,
        return_keys=return_keys,
        chunk_size=chunk_size,
        seed=seed,
        rng=rng,
        protocol="E91",
    )
