"""Physical constants and decibel conversions.

Constants are CODATA exact values or datasheet figures, each with its source.
Conversions accept scalars or numpy arrays and work element-wise.
"""

from __future__ import annotations

import numpy as np

from ._validation import as_output, check_nonnegative, check_real

__all__ = [
    "EARTH_RADIUS_KM",
    "FIBER_ATTENUATION_DB_PER_KM",
    "FIBER_GROUP_INDEX",
    "SPEED_OF_LIGHT_IN_FIBER_M_PER_S",
    "SPEED_OF_LIGHT_M_PER_S",
    "db_to_transmissivity",
    "fiber_delay_s",
    "transmissivity_to_db",
]

#: Speed of light in vacuum, exact by the SI definition of the metre (CODATA 2018).
SPEED_OF_LIGHT_M_PER_S = 299_792_458.0

#: Effective group index of standard single-mode fiber at 1550 nm
#: (Corning SMF-28 Ultra product information sheet: 1.4682). Light in fiber
#: therefore travels at about c / 1.47, roughly 204,000 km/s.
FIBER_GROUP_INDEX = 1.4682

#: Speed of a light pulse in standard fiber, c divided by the group index.
SPEED_OF_LIGHT_IN_FIBER_M_PER_S = SPEED_OF_LIGHT_M_PER_S / FIBER_GROUP_INDEX

#: Typical loss of telecom fiber at 1550 nm (ITU-T G.652; SMF-28 specifies
#: <= 0.18-0.20 dB/km). The course uses 0.2 dB/km unless it says otherwise.
FIBER_ATTENUATION_DB_PER_KM = 0.2

#: Mean Earth radius (IUGG), used by the satellite geometry.
EARTH_RADIUS_KM = 6371.0


def db_to_transmissivity(loss_db):
    """Convert a loss in decibels to a transmissivity, eta = 10^(-loss_db / 10).

    Args:
        loss_db: loss in dB, >= 0 (scalar or array).

    Returns:
        The transmissivity in (0, 1].

    Source: the definition of the decibel, loss_dB = -10 log10(P_out / P_in).

    Example:
        >>> db_to_transmissivity(20.0)
        0.01
        >>> db_to_transmissivity(3.0)
        0.501...
    """
    loss = check_nonnegative("loss_db", loss_db)
    return as_output(np.power(10.0, -np.asarray(loss) / 10.0), loss_db)


def transmissivity_to_db(eta):
    """Convert a transmissivity in (0, 1] to a loss in decibels, -10 log10(eta).

    Args:
        eta: the fraction of photons that survive, 0 < eta <= 1.

    Returns:
        The loss in dB, >= 0.

    Example:
        >>> transmissivity_to_db(0.01)
        20.0
    """
    value = check_real("eta", eta, low=0.0, high=1.0, low_open=True)
    return as_output(-10.0 * np.log10(value), eta)


def fiber_delay_s(length_km, *, group_index=FIBER_GROUP_INDEX):
    """Time for light to cross ``length_km`` of fiber, L * n / c.

    Args:
        length_km: fiber length in km, >= 0.
        group_index: the fiber's group index (default 1.4682, Corning SMF-28).

    Returns:
        The one-way delay in seconds (about 4.9 microseconds per km).

    Example:
        >>> round(fiber_delay_s(100.0) * 1e6, 1)  # microseconds
        489.7
    """
    length = check_nonnegative("length_km", length_km)
    n = check_real("group_index", group_index, low=1.0)
    value = np.asarray(length) * 1e3 * np.asarray(n) / SPEED_OF_LIGHT_M_PER_S
    return as_output(value, length_km, group_index)
