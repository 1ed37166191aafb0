"""The photon-number-splitting (PNS) attack on weak-coherent BB84, and how decoy states catch it.

A laser pulse of mean photon number mu holds n photons with Poisson
probability P(n) = e^-mu mu^n / n!. Brassard, Lütkenhaus, Mor and Sanders
(2000) showed what Eve can do on a lossy line: she counts the photons of each
pulse without disturbing their polarization, blocks the single-photon pulses,
keeps one photon of every multi-photon pulse in a quantum memory and sends the
others to Bob over a lossless line. After the bases are announced she measures
her photon in the right basis and knows the bit, with no error added. To keep
Bob's detection rate at the expected 1 - exp(-eta mu), she forwards only a
fraction r of the multi-photon pulses (or, on a short line where the
multi-photon pulses are too few, passes some single photons untouched). The
QBER and the detection count look as expected; yet Eve knows each detected bit.

Eve sees photon numbers, not intensities: she must tune r to the signal.
Decoy pulses of other intensities (Hwang 2003; Lo, Ma, Chen 2005) then show
yields that no lossy channel gives: the weak decoy's gain falls far below
1 - exp(-eta nu), and the vacuum + weak estimate of the single-photon yield
(Ma, Qi, Zhao, Lo 2005) drops to zero, so no key is made. The naive rate,
which treats every pulse as a single photon, stays positive: it is broken.
GLLP without decoys is not broken, only pessimistic: it assumes all
multi-photon pulses tagged and gives zero wherever the full attack is possible.

The simulation draws every pulse at once with numpy (intensity, photon number,
bits, bases, Eve's choices, Bob's clicks with dark counts and misalignment).

Source: G. Brassard, N. Lütkenhaus, T. Mor, B. C. Sanders, "Limitations on
practical quantum cryptography", PRL 85, 1330 (2000); W.-Y. Hwang, PRL 91,
057901 (2003); H.-K. Lo, X. Ma, K. Chen, PRL 94, 230504 (2005); X. Ma, B. Qi,
Y. Zhao, H.-K. Lo, PRA 72, 012326 (2005); D. Gottesman, H.-K. Lo,
N. Lütkenhaus, J. Preskill, Quantum Inf. Comput. 4, 325 (2004).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .._validation import (
    check_nonnegative,
    check_probability,
    check_real,
    check_samples,
    make_rng,
)
from ..channels import fiber_transmissivity
from ..information import binary_entropy

__all__ = ["PNSAttackResult", "pns_forward_fractions", "simulate_pns_attack"]


def pns_forward_fractions(*, mean_photon_number, transmissivity, detector_efficiency):
    """Eve's PNS settings that reproduce Bob's expected gain 1 - exp(-eta_ch eta_B mu).

    With her lossless line, a forwarded pulse of n >= 2 photons (one kept)
    clicks Bob's detector with probability 1 - (1 - eta_B)^(n - 1); summed over
    the Poisson distribution the multi-photon gain is
    M = (1 - e^-mu) - (e^(-mu eta_B) - e^-mu) / (1 - eta_B).
    If M >= G, the expected gain, she blocks all single photons and forwards a
    fraction r = G / M of the multi-photon pulses; otherwise she forwards them
    all and passes a fraction s = (G - M) / (mu e^-mu eta_B) of the single photons.

    Args:
        mean_photon_number: the signal intensity mu > 0 she tunes to.
        transmissivity: the honest line's transmissivity eta_ch in [0, 1].
        detector_efficiency: Bob's detector efficiency eta_B in (0, 1).

    Returns:
        ``(r, s)``: fraction of multi-photon pulses forwarded, of single photons passed.

    Source: Brassard, Lütkenhaus, Mor, Sanders, PRL 85, 1330 (2000).

    Example:
        >>> r, s = pns_forward_fractions(
        ...     mean_photon_number=0.5, transmissivity=0.1, detector_efficiency=0.1)
        >>> round(r, 3), s
        (0.476, 0.0)
    """
    mu = check_real("mean_photon_number", mean_photon_number, low=0.0, low_open=True)
    eta_ch = check_probability("transmissivity", transmissivity)
    eta_b = check_real(
        "detector_efficiency",
        detector_efficiency,
        low=0.0,
        high=1.0,
        low_open=True,
        high_open=True,
    )
    for name, v in (("mean_photon_number", mu), ("transmissivity", eta_ch)):
        if isinstance(v, np.ndarray):
            raise TypeError(f"{name} must be a single number")
    target = -math.expm1(-eta_ch * eta_b * mu)
    multi = -math.expm1(-mu) - (math.exp(-mu * eta_b) - math.exp(-mu)) / (1.0 - eta_b)
    if multi >= target:
        return target / multi, 0.0
    single = mu * math.exp(-mu) * eta_b
    return 1.0, min(1.0, (target - multi) / single)


@dataclass(frozen=True)
class PNSAttackResult:
    """Counts per intensity of a weak-coherent BB84 run, with or without the PNS attack.

    Arrays hold one entry per intensity, in the order of ``intensities``
    (signal first). Gains are detections per pulse sent; sifted bits are the
    detections where Alice's and Bob's bases agree.
    """

    n_pulses: int
    attacked: bool
    intensities: tuple[float, ...]
    transmissivity: float
    detector_efficiency: float
    ec_efficiency: float
    forward_fraction_multi: float
    pass_fraction_single: float
    sent: np.ndarray
    detected: np.ndarray
    expected_gain: np.ndarray
    sifted: np.ndarray
    errors: np.ndarray
    eve_known: np.ndarray

    @property
    def gain(self) -> np.ndarray:
        """Observed gain Q_k = detected / sent, per intensity."""
        return self.detected / np.maximum(self.sent, 1)

    @property
    def qber(self) -> np.ndarray:
        """Observed QBER E_k of the sifted bits, per intensity."""
        return self.errors / np.maximum(self.sifted, 1)

    @property
    def eve_information(self) -> float:
        """Fraction of the signal's sifted bits whose value Eve knows."""
        return float(self.eve_known[0] / max(self.sifted[0], 1))

    def _signal(self):
        return self.intensities[0], float(self.gain[0]), float(min(self.qber[0], 0.5))

    @property
    def naive_key_rate(self) -> float:
        """Secret bits per signal pulse if every pulse were a single photon (broken by PNS).

        R = (1/2) Q_mu [1 - h(E_mu) - f h(E_mu)], the Shor-Preskill rate of an ideal source.
        """
        _, q, e = self._signal()
        return max(0.0, 0.5 * q * (1.0 - (1.0 + self.ec_efficiency) * float(binary_entropy(e))))

    @property
    def gllp_key_rate(self) -> float:
        """GLLP rate without decoys from the observed signal gain and QBER (per signal pulse).

        Delta = P(n >= 2) / Q_mu, R = (1/2) {Q_mu (1 - Delta) [1 - h(E_mu/(1 - Delta))]
        - f Q_mu h(E_mu)}; zero when Delta >= 1 (GLLP 2004).
        """
        mu, q, e = self._signal()
        if q <= 0.0:
            return 0.0
        delta = (-math.expm1(-mu) - mu * math.exp(-mu)) / q
        if delta >= 1.0:
            return 0.0
        single = 1.0 - delta
        e1 = min(0.5, e / single)
        value = q * single * (1.0 - float(binary_entropy(e1)))
        value -= self.ec_efficiency * q * float(binary_entropy(e))
        return max(0.0, 0.5 * value)

    @property
    def single_photon_yield_bound(self) -> float:
        """Vacuum + weak decoy lower bound on Y1 from the observed gains (Ma et al. 2005).

        Y1 >= mu/(mu nu - nu^2) [Q_nu e^nu - Q_mu e^mu nu^2/mu^2 - (mu^2 - nu^2)/mu^2 Y0],
        with the signal mu, the decoy nu and Y0 the vacuum's gain; 0 when negative.
        Needs intensities (mu, nu, 0).
        """
        mu, nu, _ = self.intensities
        q = self.gain
        y0 = float(q[2])
        value = (
            mu
            / (mu * nu - nu**2)
            * (
                q[1] * math.exp(nu)
                - q[0] * math.exp(mu) * nu**2 / mu**2
                - (mu**2 - nu**2) / mu**2 * y0
            )
        )
        return max(0.0, float(value))

    @property
    def decoy_key_rate(self) -> float:
        """Vacuum + weak decoy rate per signal pulse from the observed counts (asymptotic form).

        R = (1/2) [Q1 (1 - h(e1)) - f Q_mu h(E_mu)], Q1 = Y1 mu e^-mu,
        e1 <= (E_nu Q_nu e^nu - Y0 / 2) / (Y1 nu) (Ma, Qi, Zhao, Lo 2005). The counts
        are finite, so this is an estimate, not a finite-key bound
        (see :func:`finite_decoy_key_from_counts` for that).
        """
        mu, nu, _ = self.intensities
        y1 = self.single_photon_yield_bound
        if y1 <= 0.0:
            return 0.0
        q, e = self.gain, np.minimum(self.qber, 0.5)
        e1 = (e[1] * q[1] * math.exp(nu) - q[2] / 2.0) / (y1 * nu)
        e1 = min(0.5, max(0.0, float(e1)))
        q1 = y1 * mu * math.exp(-mu)
        value = q1 * (1.0 - float(binary_entropy(e1)))
        value -= self.ec_efficiency * q[0] * float(binary_entropy(float(e[0])))
        return max(0.0, 0.5 * value)


def simulate_pns_attack(
    n_pulses,
    *,
    length_km,
    attack=True,
    intensities=(0.5, 0.1, 0.0),
    probabilities=(0.8, 0.1, 0.1),
    attenuation_db_per_km=0.2,
    detector_efficiency=0.1,
    dark_count_probability=1e-6,
    misalignment=0.01,
    ec_efficiency=1.16,
    seed=None,
    rng=None,
) -> PNSAttackResult:
    """Simulate weak-coherent BB84 with decoys over fiber, with or without Eve's PNS attack.

    Each pulse gets an intensity (signal, weak decoy, vacuum), a Poisson photon
    number, Alice's bit and basis, Bob's basis. Without Eve, each photon
    reaches Bob's detector with probability eta_ch eta_B. With Eve, she tunes
    :func:`pns_forward_fractions` to the *signal* intensity: she blocks single
    photons (or passes some, on a short line), keeps one photon of each
    forwarded multi-photon pulse and sends the rest to Bob losslessly. Bob's
    detector adds dark counts (random bits) and flips photon bits with
    probability ``misalignment``. Eve knows the bit of every sifted detection
    that came from a pulse she split.

    Args:
        n_pulses: pulses sent, >= 1.
        length_km: fiber length in km, >= 0.
        attack: whether Eve runs the PNS attack.
        intensities: (signal mu, decoy nu, vacuum 0) with mu > nu > 0.
        probabilities: how often each intensity is sent, positive, summing to 1.
        attenuation_db_per_km: fiber loss, >= 0.
        detector_efficiency: Bob's eta_B in (0, 1).
        dark_count_probability: dark-count probability per pulse, in [0, 1].
        misalignment: optical error probability, in [0, 0.5].
        ec_efficiency: f >= 1, used by the key rates of the result.
        seed, rng: randomness (pass at most one).

    Returns:
        A :class:`PNSAttackResult`.

    Source: Brassard, Lütkenhaus, Mor, Sanders, PRL 85, 1330 (2000); decoy
    analysis of Ma, Qi, Zhao, Lo, PRA 72, 012326 (2005).

    Example:
        >>> honest = simulate_pns_attack(1_000_000, length_km=50.0, attack=False, seed=1)
        >>> eve = simulate_pns_attack(1_000_000, length_km=50.0, seed=1)
        >>> f"{honest.gain[0]:.4f} {eve.gain[0]:.4f}", round(eve.eve_information, 2)
        ('0.0050 0.0051', 1.0)
        >>> eve.naive_key_rate > 0, eve.gllp_key_rate, eve.decoy_key_rate
        (True, 0.0, 0.0)
    """
    n = check_samples("n_pulses", n_pulses)
    length = check_nonnegative("length_km", length_km)
    if isinstance(length, np.ndarray):
        raise TypeError("length_km must be a single number")
    if not isinstance(attack, bool):
        raise TypeError(f"attack must be True or False; got {attack!r}")
    mus = np.array([check_nonnegative(f"intensities[{i}]", m) for i, m in enumerate(intensities)])
    ps = np.array(
        [check_probability(f"probabilities[{i}]", p) for i, p in enumerate(probabilities)]
    )
    if mus.shape != (3,) or ps.shape != (3,):
        raise ValueError("intensities and probabilities must hold three values (mu, nu, 0)")
    if not (mus[0] > mus[1] > 0.0 and mus[2] == 0.0):
        raise ValueError(f"intensities must be (mu, nu, 0) with mu > nu > 0; got {tuple(mus)}")
    if ps.min() <= 0.0 or abs(ps.sum() - 1.0) > 1e-9:
        raise ValueError(f"probabilities must be positive and sum to 1; got {tuple(ps)}")
    alpha = check_nonnegative("attenuation_db_per_km", attenuation_db_per_km, scalar=True)
    eta_b = check_real(
        "detector_efficiency",
        detector_efficiency,
        low=0.0,
        high=1.0,
        low_open=True,
        high_open=True,
    )
    y0 = check_probability("dark_count_probability", dark_count_probability, scalar=True)
    e_det = check_real("misalignment", misalignment, low=0.0, high=0.5, scalar=True)
    f = check_real("ec_efficiency", ec_efficiency, low=1.0, scalar=True)
    gen = make_rng(seed, rng)
    eta_ch = float(fiber_transmissivity(length, alpha))

    which = gen.choice(3, size=n, p=ps)
    photons = gen.poisson(mus[which])
    alice_bit = gen.integers(0, 2, size=n, dtype=np.int8)
    same_basis = gen.integers(0, 2, size=n, dtype=np.int8) == gen.integers(
        0, 2, size=n, dtype=np.int8
    )
    if attack:
        r, s = pns_forward_fractions(
            mean_photon_number=float(mus[0]), transmissivity=eta_ch, detector_efficiency=eta_b
        )
        u = gen.random(n)
        split = (photons >= 2) & (u < r)
        passed = (photons == 1) & (u < s)
        to_bob = np.where(split, photons - 1, np.where(passed, 1, 0))
        arriving = gen.binomial(to_bob, eta_b)
    else:
        r, s = 0.0, 1.0
        split = np.zeros(n, dtype=bool)
        arriving = gen.binomial(photons, eta_ch * eta_b)
    photon_click = arriving > 0
    dark = gen.random(n) < y0
    click = photon_click | dark
    flip = gen.random(n) < e_det
    random_bit = gen.integers(0, 2, size=n, dtype=np.int8)
    bob_bit = np.where(photon_click, alice_bit ^ flip.astype(np.int8), random_bit)
    sifted = click & same_basis
    error = sifted & (bob_bit != alice_bit)
    known = sifted & photon_click & split

    def per_intensity(mask):
        return np.bincount(which[mask], minlength=3).astype(float)

    return PNSAttackResult(
        n_pulses=n,
        attacked=attack,
        intensities=tuple(float(m) for m in mus),
        transmissivity=eta_ch,
        detector_efficiency=float(eta_b),
        ec_efficiency=float(f),
        forward_fraction_multi=float(r),
        pass_fraction_single=float(s),
        sent=np.bincount(which, minlength=3).astype(float),
        detected=per_intensity(click),
        expected_gain=1.0 - (1.0 - y0) * np.exp(-eta_ch * eta_b * mus),
        sifted=per_intensity(sifted),
        errors=per_intensity(error),
        eve_known=per_intensity(known),
    )
