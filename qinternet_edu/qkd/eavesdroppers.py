"""Eavesdroppers on prepare-and-measure QKD: intercept-resend, step by step and in formulas.

Eve cannot copy an unknown qubit (no-cloning), so to learn a bit she must
measure the photon, and then she must send Bob *something*: the state her
result points to. Where she measured in the wrong basis, Bob's result is a
coin toss. That disturbance is what Alice and Bob detect as errors.

Two measurement choices are modelled:

* ``"random"``: Eve picks Z or X at random (Bennett & Brassard 1984). On
  the sifted bits she intercepted, she knows the bit 1/2 of the time and
  guesses right 3/4 of the time; Bob sees QBER 1/4.
* ``"breidbart"``: Eve measures in the intermediate basis, rotated by
  pi/8 (22.5 degrees of polarization) from both Z and X, and resends the
  state she found. She guesses every bit right with probability
  cos^2(pi/8), about 0.854 (the maximum for a single measurement); Bob
  still sees QBER 2 cos^2(pi/8) sin^2(pi/8) = 1/4. Her Shannon information,
  1 - h(sin^2(pi/8)), about 0.40 bits, is *lower* than the 0.5 bits of the
  random-basis attack: she guesses better but is never certain.

Source: Bennett, Bessette, Brassard, Salvail, Smolin, "Experimental quantum
cryptography", J. Cryptology 5, 3 (1992) (intercept-resend, Breidbart
basis); N. Lütkenhaus, "Security against eavesdropping in quantum
cryptography", PRA 54, 97 (1996).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .._validation import as_output, check_bits, check_choice, check_probability, make_rng
from ..information import binary_entropy
from ._common import bernoulli_mask, check_scalar_probability, fast_bits
from ._engine import BREIDBART_GUESS

__all__ = [
    "InterceptResendAnalysis",
    "InterceptResendResult",
    "intercept_resend",
    "intercept_resend_analysis",
    "intercept_resend_qber",
]

_PER_INTERCEPT_QBER = {"bb84": 0.25, "six_state": 1.0 / 3.0}


def intercept_resend_qber(eve_fraction, *, protocol="bb84"):
    """QBER caused by an intercept-resend attack on a fraction of the photons.

    BB84: f/4 (either Eve basis choice); six-state: f/3; B92: f / (2 + f)
    (Eve's resent states also raise B92's conclusive rate).

    Args:
        eve_fraction: fraction f of photons Eve intercepts, in [0, 1] (scalar or array).
        protocol: ``"bb84"``, ``"six_state"`` or ``"b92"``.

    Returns:
        The QBER of the sifted key with otherwise ideal devices.

    Source: Bennett et al., J. Cryptology 5, 3 (1992); Bruß, PRL 81, 3018
    (1998); Bennett, PRL 68, 3121 (1992).

    Example:
        >>> intercept_resend_qber(1.0)
        0.25
        >>> round(intercept_resend_qber(1.0, protocol="b92"), 4)
        0.3333
    """
    f = np.asarray(check_probability("eve_fraction", eve_fraction))
    protocol = check_choice("protocol", protocol, ("bb84", "six_state", "b92"))
    qber = f / (2.0 + f) if protocol == "b92" else _PER_INTERCEPT_QBER[protocol] * f
    return as_output(qber, eve_fraction)


@dataclass(frozen=True)
class InterceptResendAnalysis:
    """What a full intercept-resend attack does, per sifted bit Eve intercepted."""

    protocol: str
    eve_basis: str
    qber: float
    eve_guess_probability: float
    eve_information_bits: float


def intercept_resend_analysis(*, protocol="bb84", eve_basis="random") -> InterceptResendAnalysis:
    """The QBER Eve causes and what she learns, per intercepted sifted bit.

    Args:
        protocol: ``"bb84"`` or ``"six_state"``.
        eve_basis: ``"random"`` or ``"breidbart"`` (BB84 only).

    Returns:
        An :class:`InterceptResendAnalysis`: QBER, Eve's probability of
        guessing the bit, and her Shannon information I(A:E) in bits.

    Source: Bennett et al., J. Cryptology 5, 3 (1992); Bruß, PRL 81, 3018 (1998).

    Example:
        >>> r = intercept_resend_analysis(eve_basis="breidbart")
        >>> r.qber, round(r.eve_guess_probability, 3), round(r.eve_information_bits, 3)
        (0.25, 0.854, 0.399)
    """
    protocol = check_choice("protocol", protocol, ("bb84", "six_state"))
    eve_basis = check_choice("eve_basis", eve_basis, ("random", "breidbart"))
    if eve_basis == "breidbart":
        if protocol != "bb84":
            raise ValueError("eve_basis 'breidbart' is defined for protocol 'bb84' only")
        guess = BREIDBART_GUESS
        info = 1.0 - binary_entropy(1.0 - guess)
        qber = 0.25  # 2 cos^2(pi/8) sin^2(pi/8) = sin^2(pi/4) / 2, exactly 1/4
    else:
        n_bases = 2 if protocol == "bb84" else 3
        right_basis = 1.0 / n_bases
        guess = right_basis + (1.0 - right_basis) / 2.0
        info = right_basis  # she knows the bit exactly when her basis matched
        qber = _PER_INTERCEPT_QBER[protocol]
    return InterceptResendAnalysis(
        protocol=protocol,
        eve_basis=eve_basis,
        qber=float(qber),
        eve_guess_probability=float(guess),
        eve_information_bits=float(info),
    )


@dataclass(frozen=True)
class InterceptResendResult:
    """Eve's step in a BB84 teaching run: what she measured and what she resent.

    ``bits`` and ``bases`` describe the photons that now travel on to Bob
    (Alice's where Eve did not intercept, Eve's where she did). The
    Breidbart attack resends non-BB84 states, so it lives in
    :func:`qinternet_edu.qkd.bb84.simulate_bb84` only.
    """

    n_intercepted: int
    intercepted: np.ndarray = field(repr=False, compare=False)
    eve_bases: np.ndarray = field(repr=False, compare=False)
    eve_bits: np.ndarray = field(repr=False, compare=False)
    bits: np.ndarray = field(repr=False, compare=False)
    bases: np.ndarray = field(repr=False, compare=False)


def intercept_resend(bits, bases, *, eve_fraction=1.0, seed=None, rng=None):
    """Eve intercepts a fraction of Alice's BB84 photons, measures them in a random basis, resends.

    Feed the returned ``bits``/``bases`` to
    :func:`qinternet_edu.qkd.bb84.bb84_measure` as the states Bob receives.

    Args:
        bits, bases: Alice's bits and bases (0 = Z, 1 = X).
        eve_fraction: probability that Eve intercepts each photon, in [0, 1].
        seed, rng: randomness for Eve's choices and outcomes.

    Returns:
        An :class:`InterceptResendResult`.

    Source: Bennett, Brassard (1984); Bennett et al., J. Cryptology 5, 3 (1992).

    Example:
        >>> r = intercept_resend([0, 1, 1, 0], [0, 0, 1, 1], seed=4)
        >>> r.n_intercepted, r.bits.size
        (4, 4)
    """
    a = check_bits("bits", bits)
    alpha = check_bits("bases", bases)
    if alpha.size != a.size:
        raise ValueError(f"bases must have the same length as bits ({a.size}); got {alpha.size}")
    f = check_scalar_probability("eve_fraction", eve_fraction)
    generator = make_rng(seed, rng)
    n = a.size
    eve = bernoulli_mask(generator, n, f)
    gamma = fast_bits(generator, n)
    measured = np.where(gamma == alpha, a, fast_bits(generator, n)).astype(np.uint8)
    return InterceptResendResult(
        n_intercepted=int(np.count_nonzero(eve)),
        intercepted=eve,
        eve_bases=np.where(eve, gamma, 0).astype(np.uint8),
        eve_bits=np.where(eve, measured, 0).astype(np.uint8),
        bits=np.where(eve, measured, a).astype(np.uint8),
        bases=np.where(eve, gamma, alpha).astype(np.uint8),
    )
