"""Module 03 explorer: how much a fiber transmits, and the PLOB bound, as its length changes.

The logic is the pure function :func:`channel_explorer_data`; the explorer is
ipywidgets glue over it (sliders for length and attenuation).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from ..channels import fiber_transmissivity, plob_bound
from ..units import FIBER_ATTENUATION_DB_PER_KM, fiber_delay_s, transmissivity_to_db
from ._controls import float_slider
from ._figures import FixedLayout, show_figure

__all__ = ["ChannelExplorerData", "channel_explorer", "channel_explorer_data"]


@dataclass(frozen=True)
class ChannelExplorerData:
    """What the channel explorer shows for one fiber.

    Attributes:
        length_km: fiber length.
        attenuation_db_per_km: loss coefficient.
        transmissivity: fraction of photons that arrive, eta.
        loss_db: total loss, alpha * L.
        plob_bits_per_use: the PLOB bound -log2(1 - eta) (``inf`` for a
            lossless fiber, whose capacity is unbounded).
        delay_s: one-way travel time of a pulse.
    """

    length_km: float
    attenuation_db_per_km: float
    transmissivity: float
    loss_db: float
    plob_bits_per_use: float
    delay_s: float


def channel_explorer_data(length_km, attenuation_db_per_km=FIBER_ATTENUATION_DB_PER_KM):
    """Transmissivity, loss, PLOB bound and delay of one fiber (the explorer's numbers).

    Args:
        length_km: fiber length in km, >= 0.
        attenuation_db_per_km: loss coefficient in dB/km, >= 0.

    Returns:
        A :class:`ChannelExplorerData`.

    Source: PLOB bound of S. Pirandola et al., Nat. Commun. 8, 15043 (2017).

    Example:
        >>> data = channel_explorer_data(100.0, 0.2)
        >>> round(data.transmissivity, 4), round(data.loss_db, 1), round(data.plob_bits_per_use, 4)
        (0.01, 20.0, 0.0145)
        >>> round(data.delay_s * 1e6, 1)  # microseconds
        489.7
    """
    eta = fiber_transmissivity(length_km, attenuation_db_per_km=attenuation_db_per_km)
    if np.ndim(eta) != 0:
        raise TypeError("length_km and attenuation_db_per_km must be single numbers here")
    loss_db = float(attenuation_db_per_km) * float(length_km)
    if eta == 0.0:
        raise ValueError(
            f"the fiber is so long that its transmissivity underflows to 0 (loss {loss_db:g} dB); "
            "choose a shorter length_km"
        )
    plob = math.inf if eta >= 1.0 else plob_bound(eta)
    return ChannelExplorerData(
        length_km=float(length_km),
        attenuation_db_per_km=float(attenuation_db_per_km),
        transmissivity=float(eta),
        loss_db=float(transmissivity_to_db(eta)) if eta < 1.0 else 0.0,
        plob_bits_per_use=float(plob),
        delay_s=float(fiber_delay_s(length_km)),
    )


class _ChannelPlot:
    """The channel explorer's figure, made once; :meth:`update` redraws it for new data by
    changing its lines' data, so a slider move makes no new figure (and no garbage for a
    full collection to clear in the middle of a later move)."""

    def __init__(self, max_length_km: float):
        self.lengths = np.linspace(0.0, max_length_km, 201)[1:]
        self.fig = Figure(figsize=(6.4, 3.6), layout="constrained")
        self.ax = ax = self.fig.add_subplot()
        nothing = np.full_like(self.lengths, np.nan)
        (self.eta,) = ax.semilogy(self.lengths, nothing, label="transmissivity η")
        (self.plob,) = ax.semilogy(self.lengths, nothing, "--", label="PLOB bound (bits per use)")
        (self.eta_here,) = ax.semilogy([], [], "o", color="C0")
        (self.plob_here,) = ax.semilogy([], [], "o", color="C1")
        ax.set_xlabel("fiber length (km)")
        ax.set_ylabel("η, and secret bits per channel use")
        ax.grid(True, which="both", alpha=0.3)
        ax.legend()

    def update(self, data: ChannelExplorerData) -> Figure:
        eta = fiber_transmissivity(self.lengths, attenuation_db_per_km=data.attenuation_db_per_km)
        self.eta.set_ydata(eta)
        self.plob.set_ydata(plob_bound(eta))
        marked = data.length_km > 0 and data.transmissivity < 1.0
        x, eta_y, plob_y = (
            ([data.length_km], [data.transmissivity], [data.plob_bits_per_use])
            if marked
            else ([], [], [])
        )
        self.eta_here.set_data(x, eta_y)
        self.plob_here.set_data(x, plob_y)
        self.ax.relim()
        self.ax.autoscale_view()
        return self.fig


def _draw(data: ChannelExplorerData, max_length_km: float) -> Figure:
    """A new figure of the explorer for ``data`` (the explorer itself reuses one)."""
    return _ChannelPlot(max_length_km).update(data)


def channel_explorer(*, max_length_km=500.0):
    """The module-03 explorer: sliders for fiber length and attenuation.

    Args:
        max_length_km: the longest fiber on the length slider.

    Returns:
        An ``ipywidgets.interactive`` whose ``result`` is the current
        :class:`ChannelExplorerData`; it prints the numbers and draws eta and
        the PLOB bound against length.
    """
    top = float(max_length_km)
    layout = FixedLayout()
    plot = _ChannelPlot(top)

    def show(length_km, attenuation_db_per_km):
        data = channel_explorer_data(length_km, attenuation_db_per_km)
        print(
            f"{data.length_km:.0f} km at {data.attenuation_db_per_km:.2f} dB/km: "
            f"loss {data.loss_db:.1f} dB, transmissivity {data.transmissivity:.3g}, "
            f"PLOB bound {data.plob_bits_per_use:.3g} bits per use, "
            f"delay {data.delay_s * 1e6:.0f} µs"
        )
        show_figure(plot.update(data), layout=layout)
        return data

    return widgets.interactive(
        show,
        length_km=float_slider(
            value=min(100.0, top), min=0.0, max=top, step=5.0, description="length (km)"
        ),
        attenuation_db_per_km=float_slider(
            value=FIBER_ATTENUATION_DB_PER_KM,
            min=0.15,
            max=0.4,
            step=0.01,
            description="loss (dB/km)",
        ),
    )
