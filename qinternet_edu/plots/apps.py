"""Figures for the applications of stages 3-5: clocks, telescopes, error correction, nonlocal gates.

Each function draws on ``ax`` when given, else on a new figure, and returns
the ``matplotlib.figure.Figure``. The physics comes from
``qinternet_edu.apps``; nothing is recomputed here.
"""

from __future__ import annotations

import math

import numpy as np
from matplotlib.figure import Figure

from .._validation import check_int, check_positive, check_real
from ..apps.clocks import simulate_clock_sync
from ..apps.distributed import nonlocal_cnot_fidelity_closed_form
from ..apps.error_correction import (
    THREE_QUBIT_CODE_BREAK_EVEN,
    simulate_three_qubit_transfer,
    three_qubit_code_logical_error,
)
from ..apps.telescopes import complex_visibility

__all__ = [
    "clock_offset_vs_pairs",
    "logical_vs_physical_error",
    "nonlocal_cnot_fidelity_vs_pair_fidelity",
    "visibility_vs_baseline",
]


def _axes(ax):
    if ax is None:
        fig = Figure(figsize=(6.4, 4.2), layout="constrained")
        return fig, fig.add_subplot()
    return ax.figure, ax


def clock_offset_vs_pairs(
    *,
    true_offset_s=2e-10,
    frequency_hz=1e9,
    n_pairs=(10, 30, 100, 300, 1_000, 3_000, 10_000, 30_000, 100_000),
    seed=0,
    ax=None,
):
    """Estimated clock offset (with 1-sigma error bars) against the number of shared singlets.

    Args:
        true_offset_s: the clocks' true offset, within half a period.
        frequency_hz: the qubits' transition frequency.
        n_pairs: the numbers of pairs to try (each >= 2).
        seed: seed of the first run (run k uses seed + k).
        ax: matplotlib axes to draw on (optional).

    Returns:
        The Figure: estimates in picoseconds on a log x axis, the true offset
        as a line, and the 1/sqrt(N) envelope.

    Source: R. Jozsa et al., Phys. Rev. Lett. 85, 2010 (2000).
    """
    counts = [check_int("n_pairs", n, low=2) for n in n_pairs]
    if not counts:
        raise ValueError("n_pairs must list at least one number of pairs; got an empty sequence")
    seed = check_int("seed", seed, low=0)
    runs = [
        simulate_clock_sync(true_offset_s, n_pairs=n, frequency_hz=frequency_hz, seed=seed + k)
        for k, n in enumerate(counts)
    ]
    fig, ax = _axes(ax)
    ps = 1e12
    n = np.array(counts, dtype=float)
    est = np.array([r.estimated_offset_s for r in runs]) * ps
    err = np.array([r.standard_error_s for r in runs]) * ps
    truth = runs[0].true_offset_s * ps
    ax.errorbar(n, est, yerr=err, fmt="o", capsize=3, label="estimate ± 1 standard error")
    ax.axhline(truth, color="k", lw=1, label=f"true offset {truth:.0f} ps")
    scale = float(np.median(err * np.sqrt(n)))
    grid = np.geomspace(n.min(), n.max(), 100)
    ax.fill_between(
        grid,
        truth - scale / np.sqrt(grid),
        truth + scale / np.sqrt(grid),
        alpha=0.2,
        label=r"$\propto 1/\sqrt{N}$",
    )
    ax.set_xscale("log")
    ax.set_xlabel("number of shared singlet pairs N")
    ax.set_ylabel("estimated clock offset (ps)")
    ax.set_title(f"Entanglement-based clock synchronization ({frequency_hz / 1e9:g} GHz qubits)")
    ax.legend()
    return fig


def visibility_vs_baseline(
    *,
    wavelength_m=550e-9,
    angular_diameters_rad=(1e-9, 2e-9, 5e-9),
    max_baseline_m=700.0,
    ax=None,
):
    """Visibility magnitude of uniform stellar disks against the baseline (van Cittert-Zernike).

    Args:
        wavelength_m: observing wavelength in metres.
        angular_diameters_rad: the disks' angular diameters.
        max_baseline_m: right end of the baseline axis, > 0.
        ax: matplotlib axes to draw on (optional).

    Returns:
        The Figure: |2 J1(x)/x| against baseline in metres, one curve per
        diameter, with the first null B = 1.22 lambda / theta marked and the
        resolution lambda / B at the longest baseline in the legend.

    Source: D. Gottesman, T. Jennewein, S. Croke, PRL 109, 070503 (2012);
    M. Born, E. Wolf, Principles of Optics (1999), Sec. 10.4.
    """
    lam = check_positive("wavelength_m", wavelength_m)
    b_max = check_positive("max_baseline_m", max_baseline_m)
    diameters = [check_positive("angular_diameters_rad", d) for d in angular_diameters_rad]
    if not diameters:
        raise ValueError("angular_diameters_rad must list at least one diameter; got none")
    fig, ax = _axes(ax)
    baselines = np.linspace(0.0, b_max, 600)
    for theta in diameters:
        v = np.abs(complex_visibility(baselines, wavelength_m=lam, angular_diameter_rad=theta))
        (line,) = ax.plot(baselines, v, label=f"disk of {theta * 1e9:g} nrad")
        null = 3.8317059702 * lam / (math.pi * theta)
        if null <= b_max:
            ax.axvline(null, color=line.get_color(), ls=":", lw=1)
    ax.set_xlim(0.0, b_max)
    ax.set_ylim(0.0, 1.05)
    ax.set_xlabel("baseline B (m)")
    ax.set_ylabel("visibility |g|")
    ax.set_title(f"Visibility vs baseline at {lam * 1e9:g} nm (dotted: first null)")
    ax.legend(title=rf"$\lambda/B$ at {b_max:g} m: {lam / b_max * 1e9:.2g} nrad")
    return fig


def logical_vs_physical_error(*, n_trials=0, seed=0, ax=None):
    """Logical error 3p^2 - 2p^3 of the three-qubit code against the physical flip probability.

    Args:
        n_trials: if > 0, add Monte Carlo points with this many transfers each.
        seed: seed of the Monte Carlo.
        ax: matplotlib axes to draw on (optional).

    Returns:
        The Figure, with the unencoded line p_L = p and the break-even p = 1/2.

    Source: M. A. Nielsen, I. L. Chuang (2000), Sec. 10.1.1.
    """
    trials = check_int("n_trials", n_trials, low=0)
    seed = check_int("seed", seed, low=0)
    fig, ax = _axes(ax)
    p = np.linspace(0.0, 1.0, 201)
    ax.plot(p, three_qubit_code_logical_error(p), label=r"encoded: $3p^2 - 2p^3$")
    ax.plot(p, p, "k--", lw=1, label="unencoded: p")
    ax.axvline(THREE_QUBIT_CODE_BREAK_EVEN, color="grey", ls=":", label="break-even p = 1/2")
    if trials:
        pts = np.linspace(0.05, 0.95, 10)
        sims = [
            simulate_three_qubit_transfer(float(q), n_trials=trials, seed=seed + k)
            for k, q in enumerate(pts)
        ]
        ax.errorbar(
            pts,
            [s.logical_error_rate for s in sims],
            yerr=[s.standard_error for s in sims],
            fmt="o",
            ms=4,
            label=f"Monte Carlo ({trials:,} transfers each)",
        )
    ax.set_xlabel("physical bit-flip probability p")
    ax.set_ylabel("logical error probability")
    ax.set_title("Three-qubit repetition code through a bit-flip channel")
    ax.legend()
    return fig


def nonlocal_cnot_fidelity_vs_pair_fidelity(*, ax=None, pair_fidelity=None):
    """Process and average gate fidelity of the nonlocal CNOT against the Werner pair fidelity.

    Args:
        ax: matplotlib axes to draw on (optional).
        pair_fidelity: optionally mark one pair fidelity in [1/4, 1].

    Returns:
        The Figure (closed forms F_pro = F and F_avg = (4F + 1)/5).

    Source: J. Eisert et al., Phys. Rev. A 62, 052317 (2000).
    """
    fig, ax = _axes(ax)
    f = np.linspace(0.25, 1.0, 151)
    ax.plot(f, nonlocal_cnot_fidelity_closed_form(f), label="average gate fidelity (4F+1)/5")
    ax.plot(f, nonlocal_cnot_fidelity_closed_form(f, kind="process"), label="process fidelity F")
    if pair_fidelity is not None:
        mark = check_real("pair_fidelity", pair_fidelity, low=0.25, high=1.0)
        ax.plot([mark], [nonlocal_cnot_fidelity_closed_form(mark)], "ko")
    ax.set_xlabel("fidelity F of the shared Werner pair")
    ax.set_ylabel("fidelity of the nonlocal CNOT")
    ax.set_title("Nonlocal CNOT built on one noisy pair")
    ax.legend()
    return fig
