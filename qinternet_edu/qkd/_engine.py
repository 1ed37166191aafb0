"""Private vectorized engine behind ``simulate_bb84`` and ``simulate_six_state``.

One chunk of pulses is simulated with whole-array operations: Alice's bits
and bases, an optional intercept-resend eavesdropper, the lossy channel,
Bob's random bases, threshold detectors with dark counts and misalignment,
and sifting. Pulses are independent, so a long run is a loop over chunks
whose counts add up; memory stays flat.

Physical model (per pulse):

* Alice prepares bit ``a`` in basis ``alpha`` (0 = Z, 1 = X, 2 = Y).
* Eve (with probability ``eve_fraction``) intercepts at Alice's output,
  measures, and resends one fresh photon in the state she found. She holds no
  quantum memory and copies nothing, so no-cloning is respected.
* The photon (or the weak coherent pulse) survives the channel and Bob's
  detector with probability ``eta * eta_det`` (single photons) or
  ``1 - exp(-mu eta eta_det)`` (a weak coherent pulse and threshold detector).
* Bob measures in a random basis ``beta``: a matching basis returns the
  state's bit, any other basis a fair coin. Misalignment flips his outcome
  with probability ``misalignment``.
* Each of Bob's two detectors also fires on its own with the dark count
  probability; a dark click alone gives a random bit, and a double click is
  assigned a random bit (the usual squashing convention, Lütkenhaus, PRA 59,
  3301 (1999)).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ._common import bernoulli_mask, bernoulli_positions, fast_bases, fast_bits

#: Probability that Eve's Breidbart measurement guesses a BB84 bit right, cos^2(pi/8).
BREIDBART_GUESS = math.cos(math.pi / 8) ** 2


@dataclass
class Tally:
    """Running counts (mutable, internal)."""

    detected: int = 0
    sifted: int = 0
    errors: int = 0
    intercepted: int = 0
    eve_sifted: int = 0
    eve_correct: int = 0


def simulate_chunk(
    rng: np.random.Generator,
    m: int,
    *,
    n_bases: int,
    eta: float,
    source: str,
    mu: float,
    eta_det: float,
    dark: float,
    misalignment: float,
    eve_fraction: float,
    eve_basis: str,
    tally: Tally,
    keep_keys: bool,
):
    """Simulate ``m`` pulses, add their counts to ``tally``; return (alice_key, bob_key) or None."""
    a = fast_bits(rng, m)
    alpha = fast_bases(rng, m, n_bases)
    beta = fast_bases(rng, m, n_bases)

    eve = bernoulli_mask(rng, m, eve_fraction) if eve_fraction > 0 else None

    # Probability that the signal makes Bob's detector click.
    if source == "single_photon":
        p_plain = eta * eta_det
        p_eve = eta * eta_det
    else:
        p_plain = -math.expm1(-mu * eta * eta_det)
        # Eve finds a photon only in a non-empty pulse, then resends one photon.
        p_eve = -math.expm1(-mu) * eta * eta_det
    if eve is None or p_plain == p_eve:
        signal = bernoulli_mask(rng, m, p_plain)
    else:
        signal = np.empty(m, dtype=bool)
        n_eve = int(np.count_nonzero(eve))
        signal[~eve] = bernoulli_mask(rng, m - n_eve, p_plain)
        signal[eve] = bernoulli_mask(rng, n_eve, p_eve)

    if dark > 0:
        dark_flags = np.zeros(m, dtype=np.uint8)
        dark_flags[bernoulli_positions(rng, m, dark)] |= 1
        dark_flags[bernoulli_positions(rng, m, dark)] |= 2
        idx = np.flatnonzero(signal | (dark_flags > 0))
        df = dark_flags[idx]
    else:
        idx = np.flatnonzero(signal)
        df = None
    k = idx.size
    a_k = a[idx]
    alpha_k = alpha[idx]
    beta_k = beta[idx]
    s_k = signal[idx]

    # The state that reaches Bob: Alice's (bit, basis) or Eve's resent one.
    coin = fast_bits(rng, k)
    if eve is None:
        bob_sig = np.where(alpha_k == beta_k, a_k, coin)
        e_k = None
    else:
        e_k = eve[idx]
        if eve_basis == "breidbart":
            # Eve measures in the intermediate (Breidbart) basis: her guess is
            # right with probability cos^2(pi/8); the Breidbart state she resends
            # gives Bob her bit with probability cos^2(pi/8) in either BB84 basis.
            eve_bit = a_k ^ bernoulli_mask(rng, k, 1.0 - BREIDBART_GUESS).view(np.uint8)
            resent = eve_bit ^ bernoulli_mask(rng, k, 1.0 - BREIDBART_GUESS).view(np.uint8)
        else:
            gamma = fast_bases(rng, k, n_bases)
            eve_bit = np.where(gamma == alpha_k, a_k, fast_bits(rng, k))
            resent = np.where(gamma == beta_k, eve_bit, coin)
        honest = np.where(alpha_k == beta_k, a_k, coin)
        bob_sig = np.where(e_k, resent, honest)
    if misalignment > 0:
        bob_sig = bob_sig ^ bernoulli_mask(rng, k, misalignment).view(np.uint8)

    if df is None:
        bob = bob_sig
    else:
        click0 = (s_k & (bob_sig == 0)) | ((df & 1) > 0)
        click1 = (s_k & (bob_sig == 1)) | ((df & 2) > 0)
        bob = click1.view(np.uint8).copy()
        double = np.flatnonzero(click0 & click1)
        bob[double] = fast_bits(rng, double.size)

    sifted = alpha_k == beta_k
    wrong = (a_k != bob) & sifted
    tally.detected += k
    tally.sifted += int(np.count_nonzero(sifted))
    tally.errors += int(np.count_nonzero(wrong))
    if eve is not None:
        tally.intercepted += int(np.count_nonzero(eve))
        eve_sifted = e_k & sifted
        tally.eve_sifted += int(np.count_nonzero(eve_sifted))
        tally.eve_correct += int(np.count_nonzero(eve_sifted & (eve_bit == a_k)))
    if keep_keys:
        return a_k[sifted], bob[sifted]
    return None
