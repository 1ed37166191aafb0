"""Figures for entanglement distribution and repeaters (modules 09-11).

Each function draws on ``ax`` when given, else on a new figure, and returns
the ``matplotlib.figure.Figure``. The physics comes from
:mod:`qinternet_edu.entanglement` and :mod:`qinternet_edu.repeaters`.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from .._validation import check_fidelity, check_int
from ..entanglement import bbpssw, dejmps, swap_fidelity, werner_to_bell_diagonal
from ..qkd.keyrate import bb84_qber_threshold
from ..repeaters import repeater_vs_plob

__all__ = [
    "fidelity_vs_swaps",
    "purification_map",
    "repeater_rate_vs_distance",
]


def _axes(ax):
    if ax is None:
        fig = Figure(figsize=(6.4, 4.2), layout="constrained")
        return fig, fig.add_subplot()
    return ax.figure, ax


def repeater_rate_vs_distance(
    distances_km=None,
    *,
    n_segments=(1, 2, 4, 8),
    n_realizations=5_000,
    seed=0,
    ax=None,
    **chain_parameters,
):
    """Secret bits per channel use against distance: PLOB, direct transmission and repeater chains.

    Args:
        distances_km: distances in km (default 10 to 800 km).
        n_segments: chain sizes to draw.
        n_realizations: Monte Carlo runs per point.
        seed: seed of the simulation.
        ax: matplotlib axes to draw on (optional).
        **chain_parameters: further ``RepeaterChain`` fields.

    Returns:
        The Figure (log y axis; one channel use = one attempt round, see
        :class:`qinternet_edu.RepeaterVsPlob`).

    Example:
        >>> fig = repeater_rate_vs_distance([100.0, 400.0], n_segments=(1, 4),
        ...                                 n_realizations=500)
        >>> fig.axes[0].get_xlabel()
        'distance (km)'
    """
    d = np.linspace(10.0, 800.0, 40) if distances_km is None else distances_km
    cmp = repeater_vs_plob(
        d, n_segments=n_segments, n_realizations=n_realizations, seed=seed, **chain_parameters
    )
    fig, ax = _axes(ax)
    ax.semilogy(cmp.distances_km, cmp.plob, "k-", lw=2, label="PLOB bound (repeaterless)")
    ax.semilogy(cmp.distances_km, cmp.direct, "k--", label="direct single photons")
    for k, rates in zip(cmp.n_segments, cmp.repeater, strict=True):
        positive = rates > 0
        label = "no repeater (1 link)" if k == 1 else f"{k} links"
        ax.semilogy(cmp.distances_km[positive], rates[positive], marker=".", label=label)
    ax.set_xlabel("distance (km)")
    ax.set_ylabel("secret bits per channel use")
    ax.set_title("Repeater chains against the PLOB bound")
    ax.legend(fontsize="small")
    return fig


def fidelity_vs_swaps(link_fidelities=(0.99, 0.97, 0.95, 0.9), *, max_swaps=15, ax=None):
    """Fidelity of the end-to-end pair after n swaps of Werner links (no memory noise).

    Args:
        link_fidelities: elementary-link fidelities to draw, each in [1/4, 1].
        max_swaps: largest number of swaps (a chain of max_swaps + 1 links).
        ax: matplotlib axes to draw on (optional).

    Returns:
        The Figure, with the entanglement threshold F = 1/2 and the BBM92
        key threshold F ~ 0.835 marked.

    Example:
        >>> fig = fidelity_vs_swaps(max_swaps=4)
        >>> fig.axes[0].get_ylabel()
        'end-to-end fidelity'
    """
    n = check_int("max_swaps", max_swaps, low=1)
    fids = [check_fidelity("link_fidelities", f, low=0.25) for f in link_fidelities]
    fig, ax = _axes(ax)
    swaps = np.arange(n + 1)
    for f0 in fids:
        values = [f0]
        for _ in range(n):
            values.append(swap_fidelity(values[-1], f0))
        ax.plot(swaps, values, marker="o", ms=3, label=f"links F = {f0:g}")
    # BBM92 gives key while Q = 2(1 - F)/3 stays below the BB84 threshold (about 11 %).
    key_threshold = 1.0 - 1.5 * bb84_qber_threshold()
    ax.axhline(0.5, color="grey", ls=":", label="F = 1/2 (entanglement)")
    ax.axhline(key_threshold, color="grey", ls="--", label=f"F = {key_threshold:.3f} (BBM92 key)")
    ax.set_xlabel("number of swaps")
    ax.set_ylabel("end-to-end fidelity")
    ax.set_ylim(0.25, 1.01)
    ax.legend(fontsize="small", loc="upper right")
    return fig


def purification_map(*, n_points=200, ax=None):
    """Output against input fidelity for one round of BBPSSW and DEJMPS on Werner pairs.

    Args:
        n_points: points on the input axis [1/4, 1].
        ax: matplotlib axes to draw on (optional).

    Returns:
        The Figure, with the diagonal F_out = F_in: purification helps above it
        (for F_in > 1/2).

    Example:
        >>> fig = purification_map(n_points=20)
        >>> fig.axes[0].get_xlabel()
        'input fidelity F_in'
    """
    n = check_int("n_points", n_points, low=2)
    f = np.linspace(0.25, 1.0, n)
    fig, ax = _axes(ax)
    ax.plot(f, f, color="grey", ls=":", label="no change")
    # For Werner inputs one DEJMPS round gives the same fidelity as BBPSSW, so BBPSSW is
    # drawn as markers on top of the dashed DEJMPS line rather than hidden under it.
    every = max(1, n // 15)
    ax.plot(
        f,
        bbpssw(f).fidelity,
        ls="none",
        marker="o",
        markevery=every,
        label="BBPSSW (1996), twirled",
    )
    one = dejmps(werner_to_bell_diagonal(f))
    ax.plot(f, one.fidelity, ls="--", label="DEJMPS, 1 round (= BBPSSW here)")
    ax.plot(f, dejmps(one.coefficients).fidelity, label="DEJMPS, 2 rounds")
    ax.set_xlabel("input fidelity F_in")
    ax.set_ylabel("output fidelity F_out")
    ax.set_xlim(0.25, 1.0)
    ax.set_ylim(0.25, 1.01)
    # The success probability is not a fidelity: it gets its own axis on the right.
    right = ax.twinx()
    right.plot(f, bbpssw(f).success_probability, color="k", alpha=0.4, label="success (1 round)")
    right.set_ylabel("success probability of one round")
    right.set_ylim(0.0, 1.01)
    lines = ax.get_lines() + right.get_lines()
    ax.legend(lines, [line.get_label() for line in lines], fontsize="small", loc="lower right")
    return fig
