"""How efficient must the detectors be? The detection-efficiency thresholds of CHSH and DI-QKD.

A device-independent protocol trusts nothing about its boxes, so a photon
that is not detected cannot be discarded (that would open the detection
loophole): each no-click is counted as the outcome +1. With a maximally
entangled pair, the standard CHSH settings and detectors of efficiency eta
on both sides, each correlator becomes E = eta^2 E_quantum + (1 - eta)^2
(the marginals vanish), so

    S(eta) = 2 sqrt(2) eta^2 + 2 (1 - eta)^2,

and the key-basis pair (E_quantum = 1) has the bit error rate Q = eta (1 - eta).

- **Bell violation** needs S > 2, that is eta > 2 / (1 + sqrt 2) = 82.8 %
  (Garg and Mermin 1987; a partially entangled state lowers it to 2/3,
  Eberhard 1993).
- **A DI-QKD key** needs more: the rate of Acín et al. (2007) against
  collective attacks, 1 - h(Q) - h((1 + sqrt((S/2)^2 - 1)) / 2), is
  positive only for eta above about 92.3 % in this model.

So 82.8 % is the threshold for a loophole-free CHSH violation with maximally
entangled states, not for a key; the key threshold of this standard
protocol is computed here from Acín et al.'s rate. (Better protocols, with
noisy preprocessing or partially entangled states, lower it.)

Source: A. Garg, N. D. Mermin, "Detector inefficiencies in the Einstein-
Podolsky-Rosen experiment", PRD 35, 3831 (1987); P. H. Eberhard, PRA 47, R747
(1993); A. Acín, N. Brunner, N. Gisin, S. Massar, S. Pironio, V. Scarani,
"Device-independent security of quantum cryptography against collective
attacks", PRL 98, 230501 (2007); S. Pironio et al., "Device-independent
quantum key distribution secure against collective attacks", New J. Phys. 11,
045021 (2009).
"""

from __future__ import annotations

import math

import numpy as np

from .._validation import as_output, check_probability
from ..information import binary_entropy

__all__ = [
    "chsh_detection_efficiency_threshold",
    "chsh_with_detection_efficiency",
    "diqkd_detection_efficiency_threshold",
    "diqkd_key_rate_with_detection_efficiency",
]


def chsh_with_detection_efficiency(detection_efficiency):
    """CHSH value 2 sqrt(2) eta^2 + 2 (1 - eta)^2 of a maximally entangled pair, no-clicks as +1.

    Args:
        detection_efficiency: eta of each side's detector, in [0, 1] (scalar or array).

    Returns:
        S: 2 at eta = 0 and at eta = 2/(1 + sqrt 2), below 2 in between, 2 sqrt 2 at eta = 1.

    Source: Garg, Mermin, PRD 35, 3831 (1987).

    Example:
        >>> round(chsh_with_detection_efficiency(0.9), 4)
        2.311
    """
    eta = np.asarray(check_probability("detection_efficiency", detection_efficiency))
    value = 2.0 * math.sqrt(2.0) * eta**2 + 2.0 * (1.0 - eta) ** 2
    return as_output(value, detection_efficiency)


def diqkd_key_rate_with_detection_efficiency(detection_efficiency):
    """DI-QKD key per round (Acín et al. 2007) when no-clicks are counted as +1.

    Args:
        detection_efficiency: eta in [0, 1] (scalar or array).

    Returns:
        1 - h(Q) - h((1 + sqrt((S/2)^2 - 1)) / 2) with S from
        :func:`chsh_with_detection_efficiency` and Q = eta (1 - eta); 0 where
        not positive (no Bell violation, or too little of it).

    Source: Acín, Brunner, Gisin, Massar, Pironio, Scarani, PRL 98, 230501 (2007).

    Example:
        >>> round(diqkd_key_rate_with_detection_efficiency(1.0), 3)
        1.0
        >>> diqkd_key_rate_with_detection_efficiency(0.9)
        0.0
    """
    eta = np.asarray(check_probability("detection_efficiency", detection_efficiency), float)
    s = 2.0 * math.sqrt(2.0) * eta**2 + 2.0 * (1.0 - eta) ** 2
    q = eta * (1.0 - eta)
    root = np.sqrt(np.clip((s / 2.0) ** 2 - 1.0, 0.0, None))
    rate = 1.0 - np.asarray(binary_entropy(q)) - np.asarray(binary_entropy((1.0 + root) / 2.0))
    rate = np.where(s > 2.0, np.maximum(rate, 0.0), 0.0)
    return as_output(rate, detection_efficiency)


def chsh_detection_efficiency_threshold() -> float:
    """Lowest detector efficiency for a CHSH violation with maximally entangled pairs: 2/(1+sqrt 2).

    Source: Garg, Mermin, PRD 35, 3831 (1987).

    Example:
        >>> round(chsh_detection_efficiency_threshold(), 4)
        0.8284
    """
    return 2.0 / (1.0 + math.sqrt(2.0))


def diqkd_detection_efficiency_threshold() -> float:
    """Lowest detector efficiency at which CHSH-based DI-QKD (Acín et al. 2007) gives a key.

    The root of :func:`diqkd_key_rate_with_detection_efficiency` for a
    maximally entangled pair with no-clicks counted as +1 (the module notes).

    Source: rate of Acín et al., PRL 98, 230501 (2007); loss model of Garg,
    Mermin (1987); discussed by Pironio et al., New J. Phys. 11, 045021 (2009).

    Example:
        >>> round(diqkd_detection_efficiency_threshold(), 4)
        0.9231
    """
    from scipy.optimize import brentq

    def rate(eta):
        s = 2.0 * math.sqrt(2.0) * eta**2 + 2.0 * (1.0 - eta) ** 2
        root = math.sqrt((s / 2.0) ** 2 - 1.0)
        return 1.0 - binary_entropy(eta * (1 - eta)) - binary_entropy((1.0 + root) / 2.0)

    return float(brentq(rate, 0.85, 0.9999, xtol=1e-12))
