"""Heralded entanglement generation over a fiber link with a midpoint station.

Two nodes, ``length_km`` apart, each entangle a memory qubit with a photon and
send the photon half way, to a beam splitter and detectors in the middle.
A click pattern at the station *heralds* that the two memories are now
entangled; the station tells both nodes by a classical message.

Timing of one attempt (the convention used throughout the library): the
photons travel L/2 to the station and the heralding message travels L/2
back, so an attempt lasts ``L / c_fiber`` plus an optional local
``preparation_time_s``. Attempts repeat until one succeeds, so the number of
attempts is geometric with mean 1/p and the waiting time is ``attempts x
attempt_duration_s``.

Two schemes:

* ``"single_click"`` (Cabrillo et al. 1999; Humphreys et al. 2018): each node
  emits with a small bright-state population alpha; one click heralds. Per
  attempt p ~ 2 alpha eta and the fidelity is about 1 - alpha, with eta the
  efficiency of one arm (node to detector).
* ``"double_click"`` (Barrett and Kok 2005): two rounds with a spin flip in
  between; both photons must arrive. p = eta^2 / 2 (a linear-optics Bell
  measurement identifies two of the four Bell states) and the fidelity is
  ideally 1; ``link_fidelity`` models the imperfections of a real setup.

The heralded state is described as a Werner pair of that fidelity (a twirl),
the network-level convention of the library.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validation import (
    as_output,
    check_choice,
    check_fidelity,
    check_nonnegative,
    check_probability,
    check_real,
    check_samples,
    make_rng,
)
from .units import FIBER_ATTENUATION_DB_PER_KM, SPEED_OF_LIGHT_IN_FIBER_M_PER_S

__all__ = [
    "HERALDING_SCHEMES",
    "HeraldedLink",
    "heralded_link",
    "heralding_attempt_duration_s",
    "sample_attempts",
]

#: The heralding schemes the library models.
HERALDING_SCHEMES = ("single_click", "double_click")


@dataclass(frozen=True)
class HeraldedLink:
    """One elementary link with a midpoint station: how often it succeeds and how good it is.

    Attributes:
        scheme: ``"single_click"`` or ``"double_click"``.
        length_km: distance between the two nodes.
        arm_efficiency: eta, probability that a photon emitted by a node is
            detected at the station (fiber over L/2 times the other efficiencies).
        success_probability: p, the probability that one attempt heralds a pair.
        fidelity: fidelity of a heralded pair with the target Bell state.
        attempt_duration_s: length of one attempt (L / c_fiber + preparation).
        mean_waiting_time_s: attempt_duration_s / p.
        rate_hz: pairs per second, p / attempt_duration_s.
    """

    scheme: str
    length_km: float
    arm_efficiency: float
    success_probability: float
    fidelity: float
    attempt_duration_s: float
    mean_waiting_time_s: float
    rate_hz: float


def heralding_attempt_duration_s(length_km, *, preparation_time_s=0.0):
    """Duration of one heralding attempt with a midpoint station: L / c_fiber + preparation.

    The photons cross L/2 to the station and the heralding signal L/2 back.

    Args:
        length_km: node-to-node distance in km, >= 0 (scalar or array).
        preparation_time_s: local time per attempt (qubit initialisation,
            emission), >= 0.

    Returns:
        Seconds per attempt (about 4.9 microseconds per km of fiber).

    Source: round trip at the group velocity c / 1.4682 of SMF-28 fiber
    (``qinternet_edu.units``).

    Example:
        >>> round(heralding_attempt_duration_s(100.0) * 1e6, 1)  # microseconds
        489.7
    """
    length = check_nonnegative("length_km", length_km)
    prep = check_nonnegative("preparation_time_s", preparation_time_s)
    duration = np.asarray(length) * 1e3 / SPEED_OF_LIGHT_IN_FIBER_M_PER_S + prep
    return as_output(duration, length_km)


def heralded_link(
    *,
    length_km,
    scheme="double_click",
    attenuation_db_per_km=FIBER_ATTENUATION_DB_PER_KM,
    detector_efficiency=1.0,
    emission_efficiency=1.0,
    bright_state_population=0.1,
    link_fidelity=1.0,
    preparation_time_s=0.0,
):
    """Success probability, fidelity and rate of heralded entanglement over one link.

    Args:
        length_km: distance between the two nodes in km, >= 0; the station
            sits in the middle, so each photon crosses ``length_km / 2``.
        scheme: ``"double_click"`` (Barrett-Kok) or ``"single_click"``.
        attenuation_db_per_km: fiber loss, default 0.2 dB/km.
        detector_efficiency: detection efficiency at the station, in [0, 1].
        emission_efficiency: probability that a node emits a photon into the
            fiber (source, collection, frequency conversion), in [0, 1].
        bright_state_population: alpha of the single-click scheme, in (0, 1/2];
            ignored by the double-click scheme.
        link_fidelity: fidelity of a heralded double-click pair in [0, 1]
            (1 for an ideal setup); ignored by the single-click scheme, whose
            fidelity is 1 - alpha.

    Returns:
        A ``HeraldedLink``.

    Raises:
        ValueError: an input out of range, or a zero-length link with no
            preparation time (an attempt would take no time at all).

    Source: single click: C. Cabrillo, J. I. Cirac, P. Garcia-Fernandez,
    P. Zoller, PRA 59, 1025 (1999); P. C. Humphreys et al., "Deterministic
    delivery of remote entanglement on a quantum network", Nature 558, 268
    (2018) (p ~ 2 alpha p_det, F ~ 1 - alpha). Double click: S. D. Barrett,
    P. Kok, "Efficient high-fidelity quantum computation using matter qubits
    and linear optics", PRA 71, 060310(R) (2005) (p = eta^2 / 2).

    Example:
        >>> link = heralded_link(length_km=50.0, scheme="double_click")
        >>> round(link.success_probability, 4), link.fidelity
        (0.05, 1.0)
        >>> round(link.rate_hz)
        204
        >>> single = heralded_link(length_km=50.0, scheme="single_click",
        ...                        bright_state_population=0.05)
        >>> round(single.success_probability, 4), round(single.fidelity, 2)
        (0.0316, 0.95)
    """
    scheme = check_choice("scheme", scheme, HERALDING_SCHEMES)
    length = check_real("length_km", length_km, low=0.0)
    alpha_db = check_nonnegative("attenuation_db_per_km", attenuation_db_per_km)
    det = check_probability("detector_efficiency", detector_efficiency)
    emit = check_probability("emission_efficiency", emission_efficiency)
    alpha = check_real("bright_state_population", bright_state_population, low=0, high=0.5)
    if alpha == 0.0:
        raise ValueError("bright_state_population must be in (0, 0.5]; got 0.0")
    f_link = check_fidelity("link_fidelity", link_fidelity)
    duration = heralding_attempt_duration_s(length, preparation_time_s=preparation_time_s)
    if duration <= 0.0:
        raise ValueError(
            "length_km and preparation_time_s cannot both be 0: an attempt must take some time"
        )
    eta = emit * det * 10.0 ** (-alpha_db * (length / 2.0) / 10.0)
    if scheme == "single_click":
        p = 2.0 * alpha * eta
        fidelity = 1.0 - alpha
    else:
        p = eta**2 / 2.0
        fidelity = f_link
    if p <= 0.0:
        raise ValueError(
            "the link never succeeds (success probability 0): check detector_efficiency, "
            "emission_efficiency and the fiber loss"
        )
    return HeraldedLink(
        scheme=scheme,
        length_km=length,
        arm_efficiency=float(eta),
        success_probability=float(p),
        fidelity=float(fidelity),
        attempt_duration_s=float(duration),
        mean_waiting_time_s=float(duration / p),
        rate_hz=float(p / duration),
    )


def sample_attempts(success_probability, size=None, rng=None, *, seed=None):
    """Number of attempts until the first success: geometric, 1, 2, 3, ... with mean 1/p.

    Args:
        success_probability: p per attempt, in (0, 1] (scalar, or an array
            broadcast against ``size``).
        size: output shape (int or tuple); ``None`` for a single draw.
        rng: a ``numpy.random.Generator`` (or pass ``seed``).
        seed: seed for a fresh generator.

    Returns:
        An int64 array of attempt counts (a Python ``int`` for one draw).

    Source: the geometric distribution of independent Bernoulli trials, e.g.
    W. Feller, An Introduction to Probability Theory, Vol. 1 (1968).

    Example:
        >>> a = sample_attempts(0.1, 100_000, seed=1)
        >>> int(a.min()), round(float(a.mean()), 0)
        (1, 10.0)
    """
    p = check_real("success_probability", success_probability, low=0.0, high=1.0, low_open=True)
    if size is not None:
        sizes = (size,) if isinstance(size, int | np.integer) else tuple(size)
        for s in sizes:
            check_samples("size", s, low=0)
    generator = make_rng(seed, rng)
    draws = generator.geometric(p, size=size)
    if size is None and np.ndim(draws) == 0:
        return int(draws)
    return np.asarray(draws, dtype=np.int64)
