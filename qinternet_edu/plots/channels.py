"""Figures for module 03 (channels): fiber transmissivity and the repeaterless bounds vs distance.

Each function draws on ``ax`` when given, else on a new figure, and returns
the ``matplotlib.figure.Figure``. The physics comes from
``qinternet_edu.channels``; nothing is recomputed here.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from .._validation import check_int, check_nonnegative, check_positive
from ..channels import fiber_transmissivity, plob_bound, tgw_bound
from ..units import FIBER_ATTENUATION_DB_PER_KM

__all__ = ["key_rate_bounds_vs_distance", "transmissivity_vs_distance"]


def _axes(ax):
    if ax is None:
        fig = Figure(figsize=(6.4, 4.2), layout="constrained")
        return fig, fig.add_subplot()
    return ax.figure, ax


def _attenuations(attenuation_db_per_km):
    values = np.atleast_1d(check_nonnegative("attenuation_db_per_km", attenuation_db_per_km))
    if values.ndim != 1 or values.size == 0:
        raise ValueError(
            "attenuation_db_per_km must be a number or a non-empty list of numbers; "
            f"got {attenuation_db_per_km!r}"
        )
    return values


def _lengths(max_length_km, n_points):
    top = check_positive("max_length_km", max_length_km)
    n = check_int("n_points", n_points, low=2)
    return np.linspace(0.0, top, n)


def transmissivity_vs_distance(
    *,
    max_length_km=500.0,
    attenuation_db_per_km=FIBER_ATTENUATION_DB_PER_KM,
    n_points=201,
    ax=None,
):
    """Fiber transmissivity against length on a log scale, one curve per attenuation.

    Args:
        max_length_km: the longest fiber shown, > 0.
        attenuation_db_per_km: one loss coefficient or a list of them (dB/km).
        n_points: number of lengths computed (>= 2).
        ax: matplotlib axes to draw on (optional).

    Returns:
        The Figure: transmissivity (log y) against length in km; a second y
        axis on the right reads the loss in dB (its limits match the left axis
        as drawn).

    Source: eta = 10^(-alpha L / 10); 0.2 dB/km from ITU-T G.652.

    Example:
        >>> fig = transmissivity_vs_distance(max_length_km=200, attenuation_db_per_km=[0.16, 0.2])
        >>> fig.axes[0].get_xlabel()
        'fiber length (km)'
    """
    lengths = _lengths(max_length_km, n_points)
    alphas = _attenuations(attenuation_db_per_km)
    fig, ax = _axes(ax)
    for alpha in alphas:
        eta = fiber_transmissivity(lengths, attenuation_db_per_km=float(alpha))
        ax.semilogy(lengths, eta, label=f"{alpha:g} dB/km")
    ax.set_xlabel("fiber length (km)")
    ax.set_ylabel("transmissivity η (fraction of photons)")
    ax.set_title("Photons that survive a fiber")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend()
    ax.set_xlim(0.0, lengths[-1])
    # Loss in dB is linear in log(eta): a linear twin axis with matching limits reads it.
    low, high = ax.get_ylim()
    loss_axis = ax.twinx()
    loss_axis.set_ylim(-10.0 * np.log10(low), -10.0 * np.log10(high))
    loss_axis.set_ylabel("loss (dB)")
    return fig


def key_rate_bounds_vs_distance(
    *,
    max_length_km=500.0,
    attenuation_db_per_km=FIBER_ATTENUATION_DB_PER_KM,
    n_points=201,
    ax=None,
):
    """The PLOB and TGW bounds on secret bits per channel use against fiber length (log scale).

    Args:
        max_length_km: the longest fiber shown, > 0.
        attenuation_db_per_km: the fiber's loss coefficient in dB/km (one number).
        n_points: number of lengths computed (>= 2).
        ax: matplotlib axes to draw on (optional).

    Returns:
        The Figure: PLOB -log2(1 - eta) and TGW log2((1 + eta)/(1 - eta))
        in bits per channel use (log y) against length in km. Zero length
        (eta = 1) is left out: there the bounds are infinite.

    Source: S. Pirandola et al., Nat. Commun. 8, 15043 (2017); M. Takeoka,
    S. Guha, M. M. Wilde, Nat. Commun. 5, 5235 (2014).

    Example:
        >>> fig = key_rate_bounds_vs_distance(max_length_km=300)
        >>> [line.get_label() for line in fig.axes[0].get_lines()]
        ['PLOB bound (Pirandola et al. 2017)', 'TGW bound (Takeoka et al. 2014)']
    """
    lengths = _lengths(max_length_km, n_points)
    alpha = check_positive("attenuation_db_per_km", attenuation_db_per_km)
    lengths = lengths[1:]  # eta = 1 at L = 0: both bounds diverge
    eta = fiber_transmissivity(lengths, attenuation_db_per_km=alpha)
    fig, ax = _axes(ax)
    ax.semilogy(lengths, plob_bound(eta), label="PLOB bound (Pirandola et al. 2017)")
    ax.semilogy(lengths, tgw_bound(eta), "--", label="TGW bound (Takeoka et al. 2014)")
    ax.set_xlabel("fiber length (km)")
    ax.set_ylabel("secret key (bits per channel use)")
    ax.set_title(f"Repeaterless key-rate bounds, {alpha:g} dB/km fiber")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend()
    ax.set_xlim(0.0, float(max_length_km))
    return fig
