"""Explorers for modules 11-14: blind computing, clock synchronization, telescopes, nonlocal CNOT.

Each ``*_explorer()`` is ``ipywidgets.interactive`` over a callback that
calls a pure ``*_explorer_data(...)`` function (tested without a browser),
prints a short summary and returns the data, so ``ui.result`` holds it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np

from .._validation import check_int, check_positive, check_real
from ..apps.blind import ServerViewStatistics, server_view_statistics
from ..apps.clocks import ClockSyncResult, simulate_clock_sync
from ..apps.distributed import nonlocal_cnot_fidelity, nonlocal_cnot_fidelity_closed_form
from ..apps.telescopes import angular_resolution_rad, complex_visibility
from ._controls import float_slider, int_slider

__all__ = [
    "NonlocalCnotExplorerData",
    "TelescopeExplorerData",
    "blind_computing_explorer",
    "blind_computing_explorer_data",
    "clock_sync_explorer",
    "clock_sync_explorer_data",
    "nonlocal_cnot_explorer",
    "nonlocal_cnot_explorer_data",
    "telescope_explorer",
    "telescope_explorer_data",
]


# --- module 12: clock synchronization -------------------------------------------------------


def clock_sync_explorer_data(n_pairs, *, true_offset_ns=0.2, frequency_ghz=1.0, seed=0):
    """Offset estimate from ``n_pairs`` shared singlets (pure function behind the explorer).

    Args:
        n_pairs: number of shared pairs, >= 2.
        true_offset_ns: the clocks' true offset in nanoseconds, within half a period.
        frequency_ghz: the qubits' transition frequency in GHz, > 0.
        seed: seed of the simulation.

    Returns:
        The :class:`qinternet_edu.apps.clocks.ClockSyncResult` (seconds inside).

    Source: R. Jozsa et al., Phys. Rev. Lett. 85, 2010 (2000).

    Example:
        >>> res = clock_sync_explorer_data(10_000, true_offset_ns=0.2, seed=1)
        >>> abs(res.estimated_offset_s - 2e-10) < 4 * res.standard_error_s
        True
    """
    offset = check_real("true_offset_ns", true_offset_ns)
    f = check_positive("frequency_ghz", frequency_ghz)
    return simulate_clock_sync(offset * 1e-9, n_pairs=n_pairs, frequency_hz=f * 1e9, seed=seed)


def _clock_summary(res: ClockSyncResult) -> str:
    return (
        f"{res.n_pairs:,} pairs: estimated offset {res.estimated_offset_s * 1e12:.1f} ps "
        f"± {res.standard_error_s * 1e12:.1f} ps (true {res.true_offset_s * 1e12:.1f} ps)"
    )


def clock_sync_explorer():
    """Sliders: number of shared pairs (log scale) and true offset; shows the estimate.

    Returns:
        An ``ipywidgets.interactive`` whose ``result`` is a ``ClockSyncResult``.
    """

    def show(log10_pairs, true_offset_ns, seed):
        res = clock_sync_explorer_data(
            round(10**log10_pairs), true_offset_ns=true_offset_ns, seed=seed
        )
        print(_clock_summary(res))
        return res

    return widgets.interactive(
        show,
        log10_pairs=float_slider(
            value=3.0,
            min=1.0,
            max=6.0,
            step=0.25,
            description="log10(pairs)",
        ),
        true_offset_ns=float_slider(
            value=0.2,
            min=-0.45,
            max=0.45,
            step=0.01,
            description="true offset (ns)",
        ),
        seed=int_slider(
            value=0,
            min=0,
            max=20,
            description="seed",
        ),
    )


# --- module 13: telescopes ------------------------------------------------------------------


@dataclass(frozen=True)
class TelescopeExplorerData:
    """Resolution and visibility at one baseline; ``resolved`` when lambda/B < the diameter."""

    baseline_m: float
    wavelength_m: float
    angular_diameter_rad: float
    resolution_rad: float
    visibility: float
    resolved: bool


def telescope_explorer_data(baseline_m, *, wavelength_m=550e-9, angular_diameter_rad=2e-9):
    """Resolution lambda/B and the visibility of a uniform disk at one baseline (pure function).

    Args:
        baseline_m: telescope separation in metres, > 0.
        wavelength_m: wavelength in metres, > 0.
        angular_diameter_rad: the star's angular diameter, >= 0.

    Returns:
        A :class:`TelescopeExplorerData`; ``visibility`` is |2 J1(x)/x|.

    Source: D. Gottesman, T. Jennewein, S. Croke, PRL 109, 070503 (2012).

    Example:
        >>> d = telescope_explorer_data(100.0)
        >>> round(d.resolution_rad * 1e9, 2), round(d.visibility, 3), d.resolved
        (5.5, 0.8, False)
    """
    for name, value in (
        ("baseline_m", baseline_m),
        ("wavelength_m", wavelength_m),
        ("angular_diameter_rad", angular_diameter_rad),
    ):
        if np.ndim(value) != 0:
            raise TypeError(f"{name} must be a single number; got {value!r}")
    res = angular_resolution_rad(baseline_m, wavelength_m=wavelength_m)
    g = complex_visibility(
        baseline_m, wavelength_m=wavelength_m, angular_diameter_rad=angular_diameter_rad
    )
    theta = float(angular_diameter_rad)
    return TelescopeExplorerData(
        baseline_m=float(baseline_m),
        wavelength_m=float(wavelength_m),
        angular_diameter_rad=theta,
        resolution_rad=float(res),
        visibility=abs(g),
        resolved=bool(res < theta),
    )


def telescope_explorer():
    """Sliders: baseline (log scale), wavelength and star diameter; shows resolution and visibility.

    Returns:
        An ``ipywidgets.interactive`` whose ``result`` is a :class:`TelescopeExplorerData`.
    """

    def show(log10_baseline_m, wavelength_nm, diameter_nrad):
        d = telescope_explorer_data(
            10**log10_baseline_m,
            wavelength_m=wavelength_nm * 1e-9,
            angular_diameter_rad=diameter_nrad * 1e-9,
        )
        print(
            f"baseline {d.baseline_m:,.1f} m: resolution {d.resolution_rad * 1e9:.3g} nrad, "
            f"visibility {d.visibility:.3f} -> "
            + ("star resolved" if d.resolved else "star not resolved")
        )
        return d

    return widgets.interactive(
        show,
        log10_baseline_m=float_slider(
            value=2.0,
            min=0.0,
            max=5.0,
            step=0.05,
            description="log10(baseline / m)",
        ),
        wavelength_nm=float_slider(
            value=550.0,
            min=400.0,
            max=2200.0,
            step=10.0,
            description="wavelength (nm)",
        ),
        diameter_nrad=float_slider(
            value=2.0,
            min=0.0,
            max=50.0,
            step=0.1,
            description="star diameter (nrad)",
        ),
    )


# --- module 14: nonlocal CNOT ---------------------------------------------------------------


@dataclass(frozen=True)
class NonlocalCnotExplorerData:
    """Circuit-level fidelities of the nonlocal CNOT and the closed form, for one pair fidelity."""

    pair_fidelity: float
    process_fidelity: float
    average_gate_fidelity: float
    closed_form_average: float


def nonlocal_cnot_explorer_data(pair_fidelity):
    """Fidelity of the nonlocal CNOT for a Werner pair (pure function behind the explorer).

    Args:
        pair_fidelity: the pair's fidelity F in [1/4, 1].

    Returns:
        A :class:`NonlocalCnotExplorerData` (the circuit result and (4F+1)/5).

    Source: J. Eisert et al., Phys. Rev. A 62, 052317 (2000).

    Example:
        >>> d = nonlocal_cnot_explorer_data(0.95)
        >>> round(d.average_gate_fidelity, 6), round(d.closed_form_average, 6)
        (0.96, 0.96)
    """
    res = nonlocal_cnot_fidelity(pair_fidelity)
    return NonlocalCnotExplorerData(
        pair_fidelity=res.pair_fidelity,
        process_fidelity=res.process_fidelity,
        average_gate_fidelity=res.average_gate_fidelity,
        closed_form_average=float(nonlocal_cnot_fidelity_closed_form(res.pair_fidelity)),
    )


def nonlocal_cnot_explorer():
    """Slider: fidelity of the shared pair; shows the nonlocal CNOT's fidelities.

    Returns:
        An ``ipywidgets.interactive`` whose ``result`` is a :class:`NonlocalCnotExplorerData`.
    """

    def show(pair_fidelity):
        d = nonlocal_cnot_explorer_data(pair_fidelity)
        print(
            f"pair fidelity {d.pair_fidelity:.3f}: process fidelity {d.process_fidelity:.4f}, "
            f"average gate fidelity {d.average_gate_fidelity:.4f}"
        )
        return d

    return widgets.interactive(
        show,
        pair_fidelity=float_slider(
            value=0.9,
            min=0.25,
            max=1.0,
            step=0.01,
            description="pair fidelity F",
        ),
    )


# --- module 11: blind computing -------------------------------------------------------------


def blind_computing_explorer_data(phi_eighths, *, n_rounds=20_000, blind=True, seed=0):
    """Server-view statistics for the angle phi = phi_eighths * pi/4 (pure function).

    Args:
        phi_eighths: integer k in 0..7, the client's angle k pi/4.
        n_rounds: number of rounds, >= 1.
        blind: hide the angle (UBQC) or not.
        seed: seed of the simulation.

    Returns:
        A :class:`qinternet_edu.apps.blind.ServerViewStatistics`.

    Source: A. Broadbent, J. Fitzsimons, E. Kashefi, FOCS 2009.

    Example:
        >>> st = blind_computing_explorer_data(2, seed=1)
        >>> st.total_variation_from_uniform < 0.05
        True
    """
    k = check_int("phi_eighths", phi_eighths, low=0, high=7)
    return server_view_statistics(k * math.pi / 4, n_rounds=n_rounds, blind=blind, seed=seed)


def _blind_summary(st: ServerViewStatistics) -> str:
    counts = st.counts.sum(axis=(1, 2))
    return (
        f"phi = {st.phi_rad / math.pi:.2f} pi, {'blind' if st.blind else 'NOT blind'}: "
        f"server's delta histogram {counts.tolist()}, distance from uniform "
        f"{st.total_variation_from_uniform:.3f}; client result 0 in "
        f"{st.client_zero_fraction:.3f} of rounds (ideal {st.expected_zero_probability:.3f})"
    )


def blind_computing_explorer():
    """Slider for the client's angle and a toggle for hiding it; shows what the server sees.

    Returns:
        An ``ipywidgets.interactive`` whose ``result`` is a ``ServerViewStatistics``.
    """

    def show(phi_eighths, blind):
        st = blind_computing_explorer_data(phi_eighths, blind=blind)
        print(_blind_summary(st))
        return st

    return widgets.interactive(
        show,
        phi_eighths=int_slider(
            value=1,
            min=0,
            max=7,
            description="angle (units of pi/4)",
        ),
        blind=widgets.Checkbox(value=True, description="hide the angle (UBQC)"),
    )
