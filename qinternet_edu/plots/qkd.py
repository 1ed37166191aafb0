"""Figures for modules 05-07: QBER vs eavesdropping, key rate vs distance, a BB84 step table.

Each function draws on ``ax`` when given, else on a new figure, and returns
the ``matplotlib.figure.Figure``. The physics comes from
``qinternet_edu.qkd``; nothing is recomputed here.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from .._validation import check_int, check_positive, make_rng
from ..channels import fiber_transmissivity, plob_bound
from ..qkd.bb84 import bb84_measure, random_bases, random_bits, simulate_bb84
from ..qkd.decoy import decoy_bb84_key_rate, gllp_key_rate
from ..qkd.eavesdroppers import intercept_resend_qber

__all__ = ["bb84_step_table", "key_rate_vs_distance", "qber_vs_eve_fraction"]


def _axes(ax, size=(6.4, 4.2)):
    if ax is None:
        fig = Figure(figsize=size, layout="constrained")
        return fig, fig.add_subplot()
    return ax.figure, ax


def qber_vs_eve_fraction(*, n_pulses=20_000, n_points=11, seed=0, ax=None) -> Figure:
    """QBER against the fraction of photons Eve intercepts: simulation and f/4.

    Args:
        n_pulses: pulses simulated at each point, >= 100.
        n_points: fractions from 0 to 1, >= 2.
        seed: randomness of the simulation.
        ax: draw on these axes (optional).

    Returns:
        The figure.

    Example:
        >>> fig = qber_vs_eve_fraction(n_pulses=2_000, n_points=3)
        >>> fig.axes[0].get_xlabel()
        'fraction of photons intercepted by Eve'
    """
    n = check_int("n_pulses", n_pulses, low=100)
    points = check_int("n_points", n_points, low=2)
    rng = make_rng(seed)
    fractions = np.linspace(0.0, 1.0, points)
    sims = [simulate_bb84(n, eve_fraction=float(f), rng=rng) for f in fractions]
    qber = np.array([r.qber for r in sims])
    err = np.array([2 * r.qber_standard_error for r in sims])
    fig, ax = _axes(ax)
    ax.plot(fractions, intercept_resend_qber(fractions), "-", label="theory: f / 4")
    ax.errorbar(fractions, qber, yerr=err, fmt="o", label=f"simulation ({n:,} pulses, ±2σ)")
    ax.set_xlabel("fraction of photons intercepted by Eve")
    ax.set_ylabel("QBER (fraction of sifted bits wrong)")
    ax.set_xlim(-0.02, 1.02)
    ax.grid(True, alpha=0.3)
    ax.legend()
    return fig


def key_rate_vs_distance(*, max_length_km=200.0, n_points=201, ax=None, **decoy_parameters):
    """Decoy-state BB84 and GLLP key rates (GYS parameters) against distance, with PLOB.

    Args:
        max_length_km: the longest fiber, > 0.
        n_points: points on the curve, >= 2.
        ax: draw on these axes (optional).
        **decoy_parameters: keyword arguments of
            :func:`qinternet_edu.qkd.decoy.decoy_bb84_key_rate`.

    Returns:
        The figure (log scale; zero rates are not drawn).

    Source: Lo, Ma, Chen, PRL 94, 230504 (2005); Pirandola et al., Nat. Commun.
    8, 15043 (2017).

    Example:
        >>> fig = key_rate_vs_distance(n_points=20)
        >>> fig.axes[0].get_ylabel()
        'secret bits per pulse'
    """
    top = check_positive("max_length_km", max_length_km)
    n = check_int("n_points", n_points, low=2)
    lengths = np.linspace(top / n, top, n)
    decoy = decoy_bb84_key_rate(lengths, **decoy_parameters)
    gllp = gllp_key_rate(lengths, **decoy_parameters)
    alpha = decoy_parameters.get("attenuation_db_per_km", 0.21)
    plob = plob_bound(fiber_transmissivity(lengths, alpha))
    fig, ax = _axes(ax)
    ax.semilogy(lengths, plob, "k--", label="PLOB bound (any repeaterless link)")
    ax.semilogy(lengths, np.where(decoy > 0, decoy, np.nan), label="decoy-state BB84")
    ax.semilogy(lengths, np.where(gllp > 0, gllp, np.nan), label="BB84 without decoys (GLLP)")
    ax.set_xlabel("fiber length (km)")
    ax.set_ylabel("secret bits per pulse")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend()
    return fig


def bb84_step_table(n_bits=12, *, seed=0, ax=None) -> Figure:
    """A table of BB84 step by step: bits, bases, Bob's results and the sifted key.

    Example:
        >>> fig = bb84_step_table(8)
        >>> len(fig.axes)
        1
    """
    n = check_int("n_bits", n_bits, low=1, high=40)
    rng = make_rng(seed)
    bits = random_bits(n, rng=rng)
    bases = random_bases(n, rng=rng)
    bob_bases = random_bases(n, rng=rng)
    bob_bits = bb84_measure(bits, bases, bob_bases, rng=rng)
    symbol = {0: "+", 1: "×"}
    keep = bases == bob_bases
    rows = [
        ["Alice's bit", *map(str, bits.tolist())],
        ["Alice's basis", *(symbol[b] for b in bases.tolist())],
        ["Bob's basis", *(symbol[b] for b in bob_bases.tolist())],
        ["Bob's result", *map(str, bob_bits.tolist())],
        ["same basis?", *("yes" if k else "" for k in keep)],
        ["sifted key", *(str(b) if k else "" for b, k in zip(bits.tolist(), keep, strict=True))],
    ]
    fig, ax = _axes(ax, size=(0.45 * n + 1.8, 2.2))
    ax.axis("off")
    table = ax.table(cellText=rows, loc="center", cellLoc="center")
    table.auto_set_font_size(False)
    table.set_fontsize(9)
    table.auto_set_column_width(0)  # the row labels ("Alice's bits", ...) in full
    return fig
