"""Finite-size decoy-state BB84, vacuum + weak decoy (Lim, Curty, Walenta, Xu, Zbinden 2014).

Alice sends phase-randomized weak pulses of three intensities mu1 > mu2 + mu3,
mu2 > mu3 >= 0 (signal, weak decoy and, with mu3 = 0, vacuum), chosen with
probabilities p1, p2, p3, in the X basis with probability p_X (the key) and
Z otherwise (the test). From the detections n_{X,k} and the errors m_{Z,k}
per intensity k, with a finite number of pulses, Lim et al. (2014) bound:

- the counts an infinite experiment would have seen, by Hoeffding's inequality,
  n^±_{X,k} = (e^k / p_k) [n_{X,k} ± sqrt(n_X / 2 ln(21 / eps_sec))];
- the vacuum and single-photon detections in X (their Eqs. (2)-(3)), with
  tau_n = sum_k p_k e^-k k^n / n!,
  s_{X,0} >= tau_0 (mu2 n^-_{X,mu3} - mu3 n^+_{X,mu2}) / (mu2 - mu3),
  s_{X,1} >= tau_1 mu1 [n^-_{X,mu2} - n^+_{X,mu3}
             - (mu2^2 - mu3^2)/mu1^2 (n^+_{X,mu1} - s_{X,0}/tau_0)]
             / [mu1 (mu2 - mu3) - mu2^2 + mu3^2],
  and the same for s_{Z,1} from the Z counts;
- the single-photon errors in Z, v_{Z,1} <= tau_1 (m^+_{Z,mu2} - m^-_{Z,mu3}) / (mu2 - mu3)
  (their Eq. (4)), and the phase-error rate of the X single photons (Eq. (5)),
  phi_X <= v_{Z,1}/s_{Z,1} + gamma(eps_sec/21, v_{Z,1}/s_{Z,1}, s_{Z,1}, s_{X,1}),
  gamma(a, b, c, d) = sqrt((c + d)(1 - b) b / (c d ln 2) log2((c + d) / (c d (1 - b) b a^2)));

and the key is (their Eq. (1))

    l = s_{X,0} + s_{X,1} [1 - h(phi_X)] - lambda_EC - 6 log2(21/eps_sec) - log2(2/eps_cor),

(eps_sec + eps_cor)-secure. In the limit of many pulses, s_{X,1} tends to the
vacuum + weak decoy bound on the single-photon yield of Ma, Qi, Zhao, Lo (2005).

Expected counts for a fiber link come from the same channel model as
:mod:`qinternet_edu.qkd.decoy` (Lo, Ma, Chen 2005): gain
Q_k = 1 - (1 - Y0) e^{-eta k}, errors E_k Q_k = e_det (1 - e^{-eta k}) + Y0 / 2.

Source: C. C. W. Lim, M. Curty, N. Walenta, F. Xu, H. Zbinden, "Concise security
bounds for practical decoy-state quantum key distribution", PRA 89, 022307
(2014); X. Ma, B. Qi, Y. Zhao, H.-K. Lo, "Practical decoy state for quantum
key distribution", PRA 72, 012326 (2005).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .._validation import check_nonnegative, check_probability, check_real
from ..channels import fiber_transmissivity
from ..information import binary_entropy

__all__ = [
    "FiniteDecoyResult",
    "finite_decoy_key_from_counts",
    "finite_decoy_key_length",
]


@dataclass(frozen=True)
class FiniteDecoyResult:
    """Key length of the Lim et al. (2014) finite-size decoy-state bound, and its ingredients.

    Counts are detections (they are floats when they are expected values of a model).
    """

    n_pulses: float
    vacuum_detections_x: float
    single_photon_detections_x: float
    single_photon_detections_z: float
    single_photon_errors_z: float
    phase_error_bound: float
    leaked_bits: float
    secret_length: int

    @property
    def secret_key_rate(self) -> float:
        """Secret bits per pulse sent."""
        return self.secret_length / self.n_pulses


# The grid that ``optimize=True`` searches: (p_X, (mu1, mu2, 0), (p1, p2, p3)).
_GRID = [
    (px, (mu1, mu2, 0.0), probs)
    for px in (0.5, 0.65, 0.8, 0.9, 0.95)
    for mu1 in (0.3, 0.45, 0.6, 0.8)
    for mu2 in (0.04, 0.1, 0.2)
    for probs in ((0.5, 0.3, 0.2), (0.6, 0.25, 0.15), (0.7, 0.2, 0.1), (0.8, 0.15, 0.05))
]


def _check_intensities(intensities, probabilities):
    mus = [check_nonnegative(f"intensities[{i}]", m) for i, m in enumerate(intensities)]
    ps = [check_probability(f"probabilities[{i}]", p) for i, p in enumerate(probabilities)]
    if len(mus) != 3 or len(ps) != 3:
        raise ValueError(
            f"intensities and probabilities must hold three values (signal, decoy, vacuum); "
            f"got {len(mus)} and {len(ps)}"
        )
    mu1, mu2, mu3 = mus
    if not (mu1 > mu2 + mu3 and mu2 > mu3):
        raise ValueError(
            f"intensities must satisfy mu1 > mu2 + mu3 and mu2 > mu3 >= 0; got {tuple(mus)}"
        )
    if min(ps) <= 0.0 or abs(sum(ps) - 1.0) > 1e-9:
        raise ValueError(f"probabilities must be positive and sum to 1; got {tuple(ps)}")
    return np.array(mus), np.array(ps)


def _tau(mus, ps, n):
    return float(np.sum(ps * np.exp(-mus) * mus**n) / math.factorial(n))


def _gamma(a, b, c, d):
    b = np.clip(b, 1e-300, 0.5)
    inner = (c + d) / (c * d * (1.0 - b) * b * a**2)
    return np.sqrt((c + d) * (1.0 - b) * b / (c * d * math.log(2.0)) * np.log2(inner))


def _bounds(counts, mus, ps, eps_sec):
    """Decoy bounds (s0, s1) from counts of shape (..., 3); Hoeffding with ln(21/eps_sec)."""
    counts = np.asarray(counts, dtype=float)
    total = counts.sum(axis=-1, keepdims=True)
    delta = np.sqrt(total / 2.0 * math.log(21.0 / eps_sec))
    scale = np.exp(mus) / ps
    lo = scale * (counts - delta)
    hi = scale * (counts + delta)
    mu1, mu2, mu3 = mus
    tau0, tau1 = _tau(mus, ps, 0), _tau(mus, ps, 1)
    s0 = tau0 * (mu2 * lo[..., 2] - mu3 * hi[..., 1]) / (mu2 - mu3)
    s0 = np.maximum(s0, 0.0)
    s1 = (
        tau1
        * mu1
        * (lo[..., 1] - hi[..., 2] - (mu2**2 - mu3**2) / mu1**2 * (hi[..., 0] - s0 / tau0))
        / (mu1 * (mu2 - mu3) - mu2**2 + mu3**2)
    )
    return s0, np.maximum(s1, 0.0), lo, hi


def _key(n_x, m_x, n_z, m_z, mus, ps, f, eps_sec, eps_cor, leak=None):
    s_x0, s_x1, _, _ = _bounds(n_x, mus, ps, eps_sec)
    _, s_z1, _, _ = _bounds(n_z, mus, ps, eps_sec)
    m_z = np.asarray(m_z, dtype=float)
    total_m = m_z.sum(axis=-1)
    delta_m = np.sqrt(total_m / 2.0 * math.log(21.0 / eps_sec))
    scale = np.exp(mus) / ps
    m_hi_2 = scale[1] * (m_z[..., 1] + delta_m)
    m_lo_3 = scale[2] * (m_z[..., 2] - delta_m)
    v_z1 = _tau(mus, ps, 1) * (m_hi_2 - m_lo_3) / (mus[1] - mus[2])
    v_z1 = np.maximum(v_z1, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(s_z1 > 0, v_z1 / np.where(s_z1 > 0, s_z1, 1.0), 0.5)
        ok = (s_z1 > 0) & (s_x1 > 0)
        gam = np.where(
            ok & (ratio > 0),
            _gamma(eps_sec / 21.0, ratio, np.where(ok, s_z1, 1.0), np.where(ok, s_x1, 1.0)),
            0.0,
        )
    phi = np.where(ok, np.minimum(ratio + gam, 0.5), 0.5)
    n_x_tot = np.asarray(n_x, dtype=float).sum(axis=-1)
    if leak is None:
        e_x = np.where(n_x_tot > 0, np.asarray(m_x, dtype=float).sum(axis=-1) / n_x_tot, 0.0)
        leak = f * n_x_tot * np.asarray(binary_entropy(np.minimum(e_x, 0.5)))
    length = (
        s_x0
        + s_x1 * (1.0 - np.asarray(binary_entropy(phi)))
        - leak
        - 6.0 * math.log2(21.0 / eps_sec)
        - math.log2(2.0 / eps_cor)
    )
    return length, s_x0, s_x1, s_z1, v_z1, phi, leak


def _check_eps(name, value):
    out = check_real(name, value, low=0.0, high=1.0, low_open=True, high_open=True)
    if isinstance(out, np.ndarray):
        raise TypeError(f"{name} must be a single number in (0, 1)")
    return out


def _check_counts(name, values):
    if isinstance(values, str) or not hasattr(values, "__len__") or len(values) != 3:
        raise ValueError(f"{name} must hold three counts (signal, decoy, vacuum); got {values!r}")
    return np.array(
        [check_nonnegative(f"{name}[{i}]", v, scalar=True) for i, v in enumerate(values)]
    )


def finite_decoy_key_from_counts(
    *,
    detections_x,
    errors_x,
    detections_z,
    errors_z,
    n_pulses,
    intensities=(0.5, 0.1, 0.0),
    probabilities=(0.7, 0.2, 0.1),
    ec_efficiency=1.16,
    leaked_bits=None,
    epsilon_sec=1e-9,
    epsilon_cor=1e-15,
) -> FiniteDecoyResult:
    """Finite-size decoy-state key from observed counts per intensity (Lim et al. 2014).

    Args:
        detections_x, errors_x: detections and bit errors in the X (key) basis, per
            intensity (signal mu1, decoy mu2, vacuum/weakest mu3), three counts >= 0.
        detections_z, errors_z: the same in the Z (test) basis.
        n_pulses: pulses sent, N >= 1 (to give the rate per pulse).
        intensities: (mu1, mu2, mu3) with mu1 > mu2 + mu3, mu2 > mu3 >= 0.
        probabilities: (p1, p2, p3), positive, summing to 1.
        ec_efficiency: f >= 1; error correction leaks f n_X h(E_X) unless
            ``leaked_bits`` gives the measured leakage.
        leaked_bits: measured leakage, >= 0 (optional).
        epsilon_sec, epsilon_cor: secrecy and correctness parameters in (0, 1).

    Returns:
        A :class:`FiniteDecoyResult` (length 0 when the bound is not positive).

    Source: Lim, Curty, Walenta, Xu, Zbinden, PRA 89, 022307 (2014), Eqs. (1)-(5).

    Example:
        The counts of 1e9 pulses over 25 km (10 % detector, p_X = 0.9):

        >>> r = finite_decoy_key_from_counts(
        ...     detections_x=[8.9e6, 5.1e5, 50], errors_x=[4.5e4, 2.6e3, 25],
        ...     detections_z=[1.1e5, 6.3e3, 6], errors_z=[550, 32, 3], n_pulses=1e9)
        >>> r.secret_length, round(r.phase_error_bound, 3)
        (765835, 0.219)
    """
    mus, ps = _check_intensities(intensities, probabilities)
    n_x = _check_counts("detections_x", detections_x)
    m_x = _check_counts("errors_x", errors_x)
    n_z = _check_counts("detections_z", detections_z)
    m_z = _check_counts("errors_z", errors_z)
    if np.any(m_x > n_x) or np.any(m_z > n_z):
        raise ValueError("errors_x/errors_z must not exceed detections_x/detections_z")
    n = check_real("n_pulses", n_pulses, low=1.0)
    f = check_real("ec_efficiency", ec_efficiency, low=1.0)
    eps_sec = _check_eps("epsilon_sec", epsilon_sec)
    eps_cor = _check_eps("epsilon_cor", epsilon_cor)
    leak = None if leaked_bits is None else check_nonnegative("leaked_bits", leaked_bits)
    length, s0, s1, sz1, vz1, phi, leak_used = _key(
        n_x, m_x, n_z, m_z, mus, ps, f, eps_sec, eps_cor, leak
    )
    return FiniteDecoyResult(
        n_pulses=float(n),
        vacuum_detections_x=float(s0),
        single_photon_detections_x=float(s1),
        single_photon_detections_z=float(sz1),
        single_photon_errors_z=float(vz1),
        phase_error_bound=float(phi),
        leaked_bits=float(leak_used),
        secret_length=max(0, math.floor(float(length))),
    )


def _expected_counts(n_pulses, eta, mus, ps, basis_probability, y0, e_det):
    """Expected detections and errors per intensity in one basis (the Lo-Ma-Chen channel)."""
    eta = np.asarray(eta, dtype=float)[..., None]
    clicks = -np.expm1(-eta * mus)
    gain = 1.0 - (1.0 - y0) * np.exp(-eta * mus)
    errors = e_det * clicks + 0.5 * y0
    weight = n_pulses * basis_probability**2 * ps
    return weight * gain, weight * errors


def finite_decoy_key_length(
    n_pulses,
    *,
    length_km,
    intensities=(0.5, 0.1, 0.0),
    probabilities=(0.7, 0.2, 0.1),
    basis_probability_x=0.9,
    attenuation_db_per_km=0.2,
    detector_efficiency=0.1,
    dark_count_probability=6e-7,
    misalignment=0.005,
    ec_efficiency=1.16,
    epsilon_sec=1e-9,
    epsilon_cor=1e-15,
    optimize=False,
) -> FiniteDecoyResult:
    """Finite-size key of vacuum + weak decoy BB84 over a fiber, from the expected counts.

    Alice sends ``n_pulses`` pulses; the counts are those the channel model
    of the module notes expects, fed to :func:`finite_decoy_key_from_counts`.
    The default device (10 % detector, 6e-7 dark counts, 0.5 % misalignment,
    0.2 dB/km) is of the kind Lim et al. simulate.

    Args:
        n_pulses: pulses sent, N >= 1.
        length_km: fiber length in km, >= 0 (one number).
        intensities, probabilities: as in :func:`finite_decoy_key_from_counts`.
        basis_probability_x: p_X in (0, 1), the probability of the key basis
            (Alice and Bob both; p_Z = 1 - p_X).
        attenuation_db_per_km: fiber loss, >= 0.
        detector_efficiency: Bob's detection efficiency, in [0, 1].
        dark_count_probability: background yield Y0 per pulse, in [0, 1].
        misalignment: optical error probability e_det, in [0, 0.5].
        ec_efficiency, epsilon_sec, epsilon_cor: as in :func:`finite_decoy_key_from_counts`.
        optimize: if True, ignore ``intensities``, ``probabilities`` and
            ``basis_probability_x`` and take the best of a grid of them (a grid
            search, as Lim et al. optimize their parameters at each N and distance).

    Returns:
        A :class:`FiniteDecoyResult`; its ``secret_key_rate`` is per pulse sent.

    Source: Lim, Curty, Walenta, Xu, Zbinden, PRA 89, 022307 (2014); channel of
    Lo, Ma, Chen, PRL 94, 230504 (2005).

    Example:
        >>> r = finite_decoy_key_length(1e10, length_km=50.0)
        >>> f"{r.secret_key_rate:.2e}"
        '1.02e-03'
        >>> finite_decoy_key_length(1e5, length_km=50.0).secret_length
        0
    """
    n = check_real("n_pulses", n_pulses, low=1.0)
    if isinstance(n, np.ndarray):
        raise TypeError("n_pulses must be a single number")
    length = check_nonnegative("length_km", length_km)
    if isinstance(length, np.ndarray):
        raise TypeError("length_km must be a single number (loop over distances)")
    mus, ps = _check_intensities(intensities, probabilities)
    p_x = check_real(
        "basis_probability_x",
        basis_probability_x,
        low=0.0,
        high=1.0,
        low_open=True,
        high_open=True,
    )
    eta_bob = check_probability("detector_efficiency", detector_efficiency)
    y0 = check_probability("dark_count_probability", dark_count_probability)
    e_det = check_real("misalignment", misalignment, low=0.0, high=0.5)
    eta = (
        float(
            fiber_transmissivity(
                length, check_nonnegative("attenuation_db_per_km", attenuation_db_per_km)
            )
        )
        * eta_bob
    )
    if not isinstance(optimize, bool):
        raise TypeError(f"optimize must be True or False; got {optimize!r}")
    f = check_real("ec_efficiency", ec_efficiency, low=1.0)
    eps_sec = _check_eps("epsilon_sec", epsilon_sec)
    eps_cor = _check_eps("epsilon_cor", epsilon_cor)
    choices = _GRID if optimize else [(float(p_x), tuple(mus), tuple(ps))]
    best = None
    for px, m, p in choices:
        m, p = np.asarray(m, dtype=float), np.asarray(p, dtype=float)
        n_x, m_x = _expected_counts(n, eta, m, p, px, y0, e_det)
        n_z, m_z = _expected_counts(n, eta, m, p, 1.0 - px, y0, e_det)
        value = float(_key(n_x, m_x, n_z, m_z, m, p, f, eps_sec, eps_cor)[0])
        if best is None or value > best[0]:
            best = (value, n_x, m_x, n_z, m_z, m, p)
    _, n_x, m_x, n_z, m_z, m, p = best
    return finite_decoy_key_from_counts(
        detections_x=n_x,
        errors_x=m_x,
        detections_z=n_z,
        errors_z=m_z,
        n_pulses=n,
        intensities=tuple(m),
        probabilities=tuple(p),
        ec_efficiency=f,
        epsilon_sec=eps_sec,
        epsilon_cor=eps_cor,
    )
