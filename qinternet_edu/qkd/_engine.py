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

How it is drawn. Pulses are independent and identically distributed, so a
chunk of ``m`` pulses is simulated in the order "loss first": the number of
pulses that make Bob click is Binomial(m, P(click)); each clicking pulse then
draws what it carries (Eve's interception, the signal photon, the dark
clicks) from the law *conditioned on a click*, and only the clicking pulses
draw bits and bases. Pulses that never click only add to Eve's interception
count, again as one binomial draw. This is the same joint law as drawing
every pulse and discarding the lost ones, at a cost proportional to the
detections. Bits, bases and masks are packed eight to a byte and counted
with ``np.bitwise_count``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ._common import bernoulli_mask

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


def _coins(rng: np.random.Generator, n_bytes: int) -> np.ndarray:
    """``8 * n_bytes`` fair bits, packed (a writable uint8 array)."""
    return np.frombuffer(bytearray(rng.bytes(n_bytes)), dtype=np.uint8)


def _packed_bernoulli(rng: np.random.Generator, k: int, p: float) -> np.ndarray:
    """``k`` independent bits equal to 1 with probability ``p``, packed."""
    if p == 0.5:
        return _coins(rng, (k + 7) // 8)
    return np.packbits(bernoulli_mask(rng, k, p))


def _popcount(packed: np.ndarray) -> int:
    return int(np.bitwise_count(packed).sum(dtype=np.int64))


def _packed_equal(rng: np.random.Generator, k: int, n_bases: int, *others: np.ndarray):
    """Draw ``k`` random bases; return them and, packed, where they equal each of ``others``."""
    labels = rng.integers(0, n_bases, size=k, dtype=np.uint8)
    return labels, [np.packbits(labels == other) for other in others]


def _click_law(p_plain, p_eve, f, dark):
    """P(click) and the law of (Eve, signal, dark0, dark1) given a click, as a table."""
    q = (1.0 - dark) ** 2  # neither detector fires on its own
    rows, probs = [], []
    for e, p_e in ((False, 1.0 - f), (True, f)):
        if p_e == 0.0:
            continue
        p_sig = p_eve if e else p_plain
        for sig in (False, True):
            ps = p_sig if sig else 1.0 - p_sig
            for d0 in (False, True):
                for d1 in (False, True):
                    if not (sig or d0 or d1):
                        continue
                    pd = (dark if d0 else 1.0 - dark) * (dark if d1 else 1.0 - dark)
                    rows.append((e, sig, d0, d1))
                    probs.append(p_e * ps * pd)
    p_click = float(sum(probs))
    no_click_eve = f * (1.0 - p_eve) * q  # P(Eve and no click)
    return p_click, no_click_eve, np.array(rows, dtype=bool), np.array(probs)


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
    f = eve_fraction
    # Probability that the signal makes Bob's detector click.
    if source == "single_photon":
        p_plain = p_eve = eta * eta_det
    else:
        p_plain = -math.expm1(-mu * eta * eta_det)
        # Eve finds a photon only in a non-empty pulse, then resends one photon.
        p_eve = -math.expm1(-mu) * eta * eta_det

    p_click, no_click_eve, rows, probs = _click_law(p_plain, p_eve, f, dark)
    k = int(rng.binomial(m, min(p_click, 1.0)))
    if f > 0 and m > k:
        p_no_click = 1.0 - p_click
        share = min(no_click_eve / p_no_click, 1.0) if p_no_click > 0 else 0.0
        tally.intercepted += int(rng.binomial(m - k, share))
    tally.detected += k
    if k == 0:
        return (np.zeros(0, np.uint8), np.zeros(0, np.uint8)) if keep_keys else None
    nb = (k + 7) // 8

    # What each clicking pulse carries, drawn from the law given a click.
    if dark > 0 or (f > 0 and p_plain != p_eve):
        cum = np.cumsum(probs / p_click)
        kind = np.minimum(np.searchsorted(cum, rng.random(k), side="right"), len(rows) - 1)
        table = rows[kind]
        eve = np.packbits(table[:, 0]) if f > 0 else None
        signal = np.packbits(table[:, 1])
        dark0 = np.packbits(table[:, 2])
        dark1 = np.packbits(table[:, 3])
    else:
        # Without dark counts every click carries the signal; Eve's share of the
        # clicks is her share of the pulses, since she does not change the loss.
        signal = None
        if f == 0:
            eve = None
        elif f >= 1:
            eve = np.full(nb, 0xFF, dtype=np.uint8)
        else:
            eve = _packed_bernoulli(rng, k, f)

    a = _coins(rng, nb)
    coin = _coins(rng, nb)
    if n_bases == 2:
        alpha = _coins(rng, nb)
        beta = _coins(rng, nb)
        same = ~(alpha ^ beta)
    else:
        alpha_l, _ = _packed_equal(rng, k, n_bases)
        beta_l, (same,) = _packed_equal(rng, k, n_bases, alpha_l)
    if k % 8:
        same[-1] &= np.uint8((0xFF << (8 - k % 8)) & 0xFF)

    # The bit of the state that reaches Bob, where his basis decides it.
    honest = (a & same) | (coin & ~same)
    if eve is None:
        bob_sig = honest
    else:
        if eve_basis == "breidbart":
            # Eve measures in the intermediate (Breidbart) basis: her guess is
            # right with probability cos^2(pi/8); the Breidbart state she resends
            # gives Bob her bit with probability cos^2(pi/8) in either BB84 basis.
            eve_bit = a ^ _packed_bernoulli(rng, k, 1.0 - BREIDBART_GUESS)
            resent = eve_bit ^ _packed_bernoulli(rng, k, 1.0 - BREIDBART_GUESS)
        else:
            if n_bases == 2:
                gamma = _coins(rng, nb)
                g_alpha = ~(gamma ^ alpha)
                g_beta = ~(gamma ^ beta)
            else:
                _, (g_alpha, g_beta) = _packed_equal(rng, k, n_bases, alpha_l, beta_l)
            eve_bit = (a & g_alpha) | (_coins(rng, nb) & ~g_alpha)
            resent = (eve_bit & g_beta) | (coin & ~g_beta)
        bob_sig = (resent & eve) | (honest & ~eve)
    if misalignment > 0:
        bob_sig = bob_sig ^ _packed_bernoulli(rng, k, misalignment)

    if signal is None:
        bob = bob_sig
    else:
        click0 = (signal & ~bob_sig) | dark0
        click1 = (signal & bob_sig) | dark1
        double = click0 & click1
        bob = (click1 & ~double) | (_coins(rng, nb) & double)

    tally.sifted += _popcount(same)
    tally.errors += _popcount(same & (a ^ bob))
    if eve is not None:
        eve_sifted = eve & same
        if k % 8:
            eve[-1] &= np.uint8((0xFF << (8 - k % 8)) & 0xFF)
        tally.intercepted += _popcount(eve)
        tally.eve_sifted += _popcount(eve_sifted)
        tally.eve_correct += _popcount(eve_sifted & ~(eve_bit ^ a))
    if keep_keys:
        kept = np.unpackbits(same, count=k).view(bool)
        return np.unpackbits(a, count=k)[kept], np.unpackbits(bob, count=k)[kept]
    return None
