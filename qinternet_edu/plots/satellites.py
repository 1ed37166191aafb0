"""Figures of module 08: a satellite pass (elevation and loss over time) and a link budget.

Each function draws on ``ax`` when given, else on a new figure, and returns
the ``matplotlib.figure.Figure``. The physics comes from
``qinternet_edu.satellites``; nothing is recomputed here.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from ..satellites import LinkBudget, SatellitePass, link_budget

__all__ = ["link_budget_bars", "satellite_pass_plot"]


def _axes(ax, figsize=(7.0, 4.2)):
    if ax is None:
        fig = Figure(figsize=figsize, layout="constrained")
        return fig, fig.add_subplot()
    return ax.figure, ax


def satellite_pass_plot(satellite_pass, *, budget=None, ax=None, **link_options):
    """Elevation (left axis) and total link loss (right axis) against time during a pass.

    Args:
        satellite_pass: a :class:`~qinternet_edu.satellites.SatellitePass`.
        budget: the :class:`~qinternet_edu.satellites.LinkBudget` along the
            pass; default: computed with ``link_budget(**link_options)``.
        ax: matplotlib axes to draw on (optional); the loss goes on a twin axis.
        **link_options: options for :func:`~qinternet_edu.satellites.link_budget`.

    Returns:
        The Figure: elevation in degrees and loss in dB against time in seconds.

    Example:
        >>> import qinternet_edu as qie
        >>> fig = satellite_pass_plot(qie.satellite_pass(altitude_km=500, max_elevation_deg=60))
        >>> fig.axes[0].get_ylabel(), fig.axes[1].get_ylabel()
        ('elevation (deg)', 'total link loss (dB)')
    """
    if not isinstance(satellite_pass, SatellitePass):
        raise TypeError(
            f"satellite_pass must be a SatellitePass; got {type(satellite_pass).__name__}"
        )
    if budget is None:
        budget = link_budget(
            slant_range_km=satellite_pass.slant_range_km,
            elevation_deg=satellite_pass.elevation_deg,
            **link_options,
        )
    elif not isinstance(budget, LinkBudget):
        raise TypeError(f"budget must be a LinkBudget; got {type(budget).__name__}")
    loss = np.broadcast_to(budget.total_loss_db, satellite_pass.time_s.shape)
    fig, ax = _axes(ax)
    t = satellite_pass.time_s
    ax.plot(t, satellite_pass.elevation_deg, color="tab:blue", label="elevation")
    ax.set_xlabel("time since rise (s)")
    ax.set_ylabel("elevation (deg)", color="tab:blue")
    ax.set_ylim(0.0, 90.0)
    twin = ax.twinx()
    twin.plot(t, loss, color="tab:red", label=f"{budget.direction} loss")
    twin.set_ylabel("total link loss (dB)", color="tab:red")
    ax.set_title(
        f"Pass at {satellite_pass.altitude_km:g} km, culminating at "
        f"{satellite_pass.max_elevation_deg:g} deg ({satellite_pass.duration_s / 60:.1f} min)"
    )
    handles = ax.get_lines() + twin.get_lines()
    ax.legend(handles, [h.get_label() for h in handles], loc="upper center")
    return fig


def link_budget_bars(budget, *, ax=None):
    """The loss terms of one link budget as horizontal bars, with the total in the title.

    Args:
        budget: a scalar :class:`~qinternet_edu.satellites.LinkBudget` (one
            range and elevation).
        ax: matplotlib axes to draw on (optional).

    Returns:
        The Figure: one bar per term, in dB.

    Example:
        >>> import qinternet_edu as qie
        >>> fig = link_budget_bars(qie.link_budget(slant_range_km=1000, elevation_deg=30))
        >>> fig.axes[0].get_xlabel()
        'loss (dB)'
    """
    if not isinstance(budget, LinkBudget):
        raise TypeError(f"budget must be a LinkBudget; got {type(budget).__name__}")
    if np.ndim(budget.total_loss_db) != 0:
        raise ValueError("budget must be for a single range and elevation, not arrays")
    terms = budget.terms()
    fig, ax = _axes(ax, figsize=(6.4, 3.6))
    names = list(terms)
    values = [float(v) for v in terms.values()]
    ax.barh(names, values, color="tab:red")
    ax.invert_yaxis()
    ax.set_xlabel("loss (dB)")
    ax.set_title(
        f"{budget.direction} at {float(budget.slant_range_km):.0f} km, "
        f"{float(budget.elevation_deg):.0f} deg: total {float(budget.total_loss_db):.1f} dB"
    )
    return fig
