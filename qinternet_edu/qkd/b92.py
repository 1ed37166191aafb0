"""B92: key distribution with just two non-orthogonal states.

Alice encodes bit 0 as |0> and bit 1 as |+>. Bob measures in Z or X at
random. Only the outcome 1 in Z (impossible for |0>, so Alice sent |+>,
bit 1) or the outcome |-> in X (impossible for |+>, so Alice sent |0>, bit 0)
is conclusive; Bob announces which positions were conclusive and both keep
those. With ideal devices 1/4 of the detections are conclusive.

An intercept-resend Eve measuring in Z or X at random and resending what she
found makes 3/8 of the detections conclusive, 1/8 of them wrong: a full
attack gives QBER 1/3, a fraction f gives f / (2 + f).

Source: C. H. Bennett, "Quantum cryptography using any two nonorthogonal
states", PRL 68, 3121 (1992).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .._validation import make_rng
from ._common import (
    bernoulli_mask,
    bernoulli_positions,
    check_run_size,
    check_scalar_probability,
    error_rate,
    fast_bits,
    resolve_transmissivity,
)

__all__ = ["B92Result", "simulate_b92"]


@dataclass(frozen=True)
class B92Result:
    """Counts of one B92 run: ``sifted`` are the conclusive detections.

    ``qber`` is NaN (with an ``UndefinedQBERWarning``) when nothing was conclusive.
    """

    n_pulses: int
    detected: int
    sifted: int
    errors: int
    qber: float
    transmissivity: float
    eve_intercepted: int = 0
    alice_key: np.ndarray | None = field(default=None, repr=False, compare=False)
    bob_key: np.ndarray | None = field(default=None, repr=False, compare=False)

    @property
    def conclusive_fraction(self) -> float:
        """Conclusive results per detection (1/4 with ideal devices and no Eve)."""
        return self.sifted / self.detected if self.detected else 0.0


def _chunk(rng, m, *, p_click, dark, misalignment, eve_fraction, counts, keep):
    a = fast_bits(rng, m)  # Alice's bit is also the basis of her state: 0 -> |0>, 1 -> |+>
    signal = bernoulli_mask(rng, m, p_click)
    if dark > 0:
        flags = np.zeros(m, dtype=np.uint8)
        flags[bernoulli_positions(rng, m, dark)] |= 1
        flags[bernoulli_positions(rng, m, dark)] |= 2
        idx = np.flatnonzero(signal | (flags > 0))
        df = flags[idx]
    else:
        idx = np.flatnonzero(signal)
        df = None
    k = idx.size
    a_k = a[idx]
    beta = fast_bits(rng, k)
    coin = fast_bits(rng, k)
    # Alice's state is the value-0 eigenstate of basis a: Bob reads 0 in a
    # matching basis, a fair coin otherwise.
    outcome = np.where(beta == a_k, 0, coin).astype(np.uint8)
    if eve_fraction > 0:
        eve = bernoulli_mask(rng, k, eve_fraction)
        gamma = fast_bits(rng, k)
        eve_value = np.where(gamma == a_k, 0, fast_bits(rng, k)).astype(np.uint8)
        resent = np.where(beta == gamma, eve_value, coin)
        outcome = np.where(eve, resent, outcome)
        # Eve acts before the loss and her choice is independent of it, so
        # drawing it for the detected photons, and only counting it for the
        # lost ones, has the same law as drawing it for every photon.
        counts["intercepted"] += int(np.count_nonzero(eve)) + int(rng.binomial(m - k, eve_fraction))
    if misalignment > 0:
        outcome ^= bernoulli_mask(rng, k, misalignment).view(np.uint8)
    if df is not None:
        s_k = signal[idx]
        click0 = (s_k & (outcome == 0)) | ((df & 1) > 0)
        click1 = (s_k & (outcome == 1)) | ((df & 2) > 0)
        outcome = click1.view(np.uint8).copy()
        double = np.flatnonzero(click0 & click1)
        outcome[double] = fast_bits(rng, double.size)
    conclusive = outcome == 1
    bob_bit = 1 - beta  # a click for |1> (Z) means |+> (bit 1); for |-> (X) means |0> (bit 0)
    counts["detected"] += k
    counts["sifted"] += int(np.count_nonzero(conclusive))
    counts["errors"] += int(np.count_nonzero(conclusive & (bob_bit != a_k)))
    if keep:
        return a_k[conclusive], bob_bit[conclusive].astype(np.uint8)
    return None


def simulate_b92(
    n_pulses,
    *,
    length_km=None,
    transmissivity=None,
    attenuation_db_per_km=0.2,
    detector_efficiency=1.0,
    dark_count_probability=0.0,
    misalignment=0.0,
    eve_fraction=0.0,
    return_keys=False,
    chunk_size=1 << 20,
    seed=None,
    rng=None,
) -> B92Result:
    """Simulate ``n_pulses`` single photons of B92, optionally with intercept-resend.

    Args:
        n_pulses: number of single photons Alice sends, >= 1.
        length_km, transmissivity, attenuation_db_per_km: the channel, as in
            :func:`qinternet_edu.qkd.bb84.simulate_bb84`.
        detector_efficiency, dark_count_probability, misalignment: Bob's devices.
        eve_fraction: fraction of photons Eve measures (Z or X at random) and
            resends, in [0, 1].
        return_keys: also return the conclusive keys.
        chunk_size: photons per vectorized step.
        seed, rng: randomness.

    Returns:
        A :class:`B92Result`; with ideal devices QBER = f / (2 + f).

    Only a single-photon source is modelled: with weak coherent pulses B92 is
    broken by unambiguous state discrimination on lossy links.

    Source: Bennett, PRL 68, 3121 (1992).

    Example:
        >>> r = simulate_b92(200_000, seed=1)
        >>> r.qber, round(r.conclusive_fraction, 2)
        (0.0, 0.25)
        >>> round(simulate_b92(200_000, eve_fraction=1.0, seed=2).qber, 2)
        0.33
    """
    n, chunk = check_run_size("n_pulses", n_pulses, return_keys=return_keys, chunk_size=chunk_size)
    eta = resolve_transmissivity(length_km, transmissivity, attenuation_db_per_km)
    eta_det = check_scalar_probability("detector_efficiency", detector_efficiency)
    dark = check_scalar_probability("dark_count_probability", dark_count_probability)
    mis = check_scalar_probability("misalignment", misalignment)
    f = check_scalar_probability("eve_fraction", eve_fraction)
    if not isinstance(return_keys, bool):
        raise TypeError(f"return_keys must be True or False; got {return_keys!r}")
    generator = make_rng(seed, rng)
    counts = {"detected": 0, "sifted": 0, "errors": 0, "intercepted": 0}
    parts = []
    done = 0
    while done < n:
        m = min(chunk, n - done)
        keys = _chunk(
            generator,
            m,
            p_click=eta * eta_det,
            dark=dark,
            misalignment=mis,
            eve_fraction=f,
            counts=counts,
            keep=return_keys,
        )
        if keys is not None:
            parts.append(keys)
        done += m
    qber = error_rate(counts["errors"], counts["sifted"])
    return B92Result(
        n_pulses=n,
        detected=counts["detected"],
        sifted=counts["sifted"],
        errors=counts["errors"],
        qber=qber,
        transmissivity=eta,
        eve_intercepted=counts["intercepted"],
        alice_key=np.concatenate([p[0] for p in parts]) if return_keys else None,
        bob_key=np.concatenate([p[1] for p in parts]) if return_keys else None,
    )
