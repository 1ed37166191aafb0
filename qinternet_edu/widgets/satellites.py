"""Explorer of module 08: a satellite pass, its elevation and link loss over time.

``satellite_pass_explorer()`` is ``ipywidgets.interactive`` over a callback
that calls the pure :func:`satellite_pass_explorer_data` (tested without a
browser), prints a summary, shows the figure and returns the data, so
``ui.result`` holds it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import ipywidgets as widgets
import numpy as np

from .._validation import check_choice, check_real
from ..plots.satellites import satellite_pass_plot
from ..satellites import (
    MICIUS_DOWNLINK_DIVERGENCE_RAD,
    MICIUS_QKD_DOWNLINK,
    LinkBudget,
    SatellitePass,
    link_budget,
    micius_link_budget,
    satellite_pass,
)
from ._controls import float_slider, toggle_buttons
from ._figures import FixedLayout, show_figure

__all__ = [
    "SatellitePassExplorerData",
    "satellite_pass_explorer",
    "satellite_pass_explorer_data",
]


@dataclass(frozen=True)
class SatellitePassExplorerData:
    """A pass and its link loss, summarised for the explorer.

    Attributes:
        duration_s: time above 10 degrees elevation.
        min_loss_db, max_loss_db: loss at culmination and at the pass's ends.
        mean_transmissivity: transmissivity averaged over the pass.
        satellite_pass, budget: the full time series.
    """

    max_elevation_deg: float
    altitude_km: float
    direction: str
    duration_s: float
    min_loss_db: float
    max_loss_db: float
    mean_transmissivity: float
    satellite_pass: SatellitePass = field(repr=False)
    budget: LinkBudget = field(repr=False)


def satellite_pass_explorer_data(
    max_elevation_deg, altitude_km, *, direction="downlink", receiver_aperture_m=1.0, model="micius"
):
    """One pass of a Micius-like satellite: elevation and loss over time (explorer's numbers).

    Args:
        max_elevation_deg: culmination elevation in degrees, [10, 90].
        altitude_km: orbit altitude in km, > 0.
        direction: ``"downlink"`` or ``"uplink"``.
        receiver_aperture_m: diameter of the receiving telescope in m, > 0.
        model: ``"micius"`` (default) or ``"ideal"``. A Micius downlink is
            ``qie.micius_link_budget`` (every loss of the real link); an uplink
            has the diffraction limit plus turbulence, with the same site,
            pointing, receiver optics and detector as the Micius downlink. The
            idealized model is ``qie.link_budget`` with the Micius divergence
            for a downlink.

    Returns:
        A :class:`SatellitePassExplorerData`.

    Example:
        >>> data = satellite_pass_explorer_data(60.0, 500.0)
        >>> round(data.duration_s), round(data.min_loss_db, 1), round(data.max_loss_db, 1)
        (436, 29.9, 44.8)
    """
    elevation = check_real("max_elevation_deg", max_elevation_deg, low=10.0, high=90.0)
    check_choice("direction", direction, ("downlink", "uplink"))
    check_choice("model", model, ("micius", "ideal"))
    the_pass = satellite_pass(altitude_km=altitude_km, max_elevation_deg=elevation)
    hw = MICIUS_QKD_DOWNLINK
    if model == "micius" and direction == "downlink":
        budget = micius_link_budget(
            slant_range_km=the_pass.slant_range_km,
            elevation_deg=the_pass.elevation_deg,
            hardware=dataclasses.replace(hw, receiver_aperture_m=receiver_aperture_m),
        )
    else:
        options = {"receiver_aperture_m": receiver_aperture_m}
        if direction == "downlink":
            options["beam_divergence_rad"] = MICIUS_DOWNLINK_DIVERGENCE_RAD
        elif model == "micius":
            options.update(
                wavelength_m=hw.wavelength_m,
                pointing_error_rad=hw.pointing_error_rad,
                zenith_transmission=hw.zenith_transmission,
                receiver_efficiency=hw.receiver_optics_efficiency * hw.detector_efficiency,
            )
        budget = link_budget(
            slant_range_km=the_pass.slant_range_km,
            elevation_deg=the_pass.elevation_deg,
            direction=direction,
            **options,
        )
    loss = np.atleast_1d(budget.total_loss_db)
    return SatellitePassExplorerData(
        max_elevation_deg=elevation,
        altitude_km=the_pass.altitude_km,
        direction=direction,
        duration_s=the_pass.duration_s,
        min_loss_db=float(loss.min()),
        max_loss_db=float(loss.max()),
        mean_transmissivity=float(np.mean(np.atleast_1d(budget.transmissivity))),
        satellite_pass=the_pass,
        budget=budget,
    )


def satellite_pass_explorer():
    """Sliders for the pass's highest elevation and the altitude; a downlink/uplink toggle.

    Returns:
        An ``ipywidgets.interactive`` whose ``result`` is a
        :class:`SatellitePassExplorerData`.
    """
    layout = FixedLayout()

    def show(max_elevation_deg, altitude_km, direction):
        data = satellite_pass_explorer_data(max_elevation_deg, altitude_km, direction=direction)
        print(
            f"{direction}: pass of {data.duration_s / 60:.1f} min above 10 deg; loss from "
            f"{data.min_loss_db:.1f} dB (overhead) to {data.max_loss_db:.1f} dB (low)"
        )
        show_figure(satellite_pass_plot(data.satellite_pass, budget=data.budget), layout=layout)
        return data

    return widgets.interactive(
        show,
        max_elevation_deg=float_slider(
            value=60.0,
            min=10.0,
            max=90.0,
            step=1.0,
            description="highest elevation (deg)",
        ),
        altitude_km=float_slider(
            value=500.0,
            min=300.0,
            max=1500.0,
            step=50.0,
            description="altitude (km)",
        ),
        direction=toggle_buttons(
            options=["downlink", "uplink"], value="downlink", description="direction"
        ),
    )
