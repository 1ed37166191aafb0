"""Explorers for modules 10 and 11: a repeater chain, and memory lifetime against fidelity.

Each ``*_explorer()`` is ``ipywidgets.interactive`` over a callback that
calls a pure ``*_explorer_data(...)`` function (tested without a browser),
prints a short summary and returns the data, so ``ui.result`` holds it.
"""

from __future__ import annotations

from dataclasses import dataclass

import ipywidgets as widgets

from .._validation import check_int, check_positive
from ..channels import fiber_transmissivity, plob_bound
from ..entanglement import _bbm92_key_fraction, teleportation_fidelity
from ..repeaters import RepeaterChain, simulate_repeater_chain
from ._controls import float_slider, int_slider

__all__ = [
    "MemoryExplorerData",
    "RepeaterExplorerData",
    "memory_explorer",
    "memory_explorer_data",
    "repeater_explorer",
    "repeater_explorer_data",
]


# --- module 10: a repeater chain -------------------------------------------------------------


@dataclass(frozen=True)
class RepeaterExplorerData:
    """A repeater chain's delivery rate and fidelity, and how its key compares with PLOB.

    Attributes:
        total_length_km, n_segments, link_fidelity, purification_rounds: the chain.
        rate_hz: delivered pairs per second.
        mean_fidelity: mean fidelity of the delivered pairs.
        key_bits_per_use: BBM92 secret bits per channel use (one attempt round).
        plob_bits_per_use: the PLOB bound of the whole fiber.
        beats_plob: whether the chain beats the repeaterless bound.
    """

    total_length_km: float
    n_segments: int
    link_fidelity: float
    purification_rounds: int
    rate_hz: float
    mean_fidelity: float
    key_bits_per_use: float
    plob_bits_per_use: float
    beats_plob: bool


def repeater_explorer_data(
    total_length_km,
    n_segments,
    *,
    link_fidelity=0.98,
    purification_rounds=0,
    coherence_time_s=1.0,
    n_realizations=5_000,
    seed=0,
    **chain_parameters,
):
    """Simulate one repeater chain and compare its key with PLOB (pure function).

    Args:
        total_length_km: end-to-end length in km, > 0.
        n_segments: number of elementary links, >= 1.
        link_fidelity: fidelity of a fresh link, in [1/4, 1].
        purification_rounds: BBPSSW rounds per link.
        coherence_time_s: memory coherence time (``None``: perfect memories).
        n_realizations: Monte Carlo runs.
        seed: seed of the simulation.
        **chain_parameters: further ``RepeaterChain`` fields.

    Returns:
        A :class:`RepeaterExplorerData`.

    Source: see :func:`qinternet_edu.simulate_repeater_chain` and
    :func:`qinternet_edu.repeater_vs_plob`.

    Example:
        >>> d = repeater_explorer_data(600.0, 8, link_fidelity=0.99, coherence_time_s=10.0)
        >>> d.beats_plob, round(d.mean_fidelity, 2)
        (True, 0.91)
        >>> repeater_explorer_data(600.0, 8, link_fidelity=0.99).beats_plob  # 1 s memories
        False
    """
    length = check_positive("total_length_km", total_length_km)
    chain = RepeaterChain(
        total_length_km=length,
        n_segments=n_segments,
        link_fidelity=link_fidelity,
        purification_rounds=purification_rounds,
        coherence_time_s=coherence_time_s,
        **chain_parameters,
    )
    res = simulate_repeater_chain(chain, n_realizations, seed=seed)
    key = float(_bbm92_key_fraction(res.mean_fidelity)) / res.mean_delivery_attempts
    alpha = chain.attenuation_db_per_km
    plob = float(plob_bound(fiber_transmissivity(length, alpha)))
    return RepeaterExplorerData(
        total_length_km=length,
        n_segments=chain.n_segments,
        link_fidelity=chain.link_fidelity,
        purification_rounds=chain.purification_rounds,
        rate_hz=res.rate_hz,
        mean_fidelity=res.mean_fidelity,
        key_bits_per_use=key,
        plob_bits_per_use=plob,
        beats_plob=bool(key > plob),
    )


#: Monte Carlo runs behind each slider move: the printed fidelity varies by a
#: few 1e-3 between seeds, and the explorer answers in tens of milliseconds.
_EXPLORER_REALIZATIONS = 2_000


def repeater_explorer():
    """Sliders: distance, number of links, link fidelity, purification rounds.

    Returns:
        An ``ipywidgets.interactive`` whose ``result`` is a ``RepeaterExplorerData``.
    """

    def show(total_length_km, log2_links, link_fidelity, purification_rounds):
        d = repeater_explorer_data(
            total_length_km,
            2**log2_links,
            link_fidelity=link_fidelity,
            purification_rounds=purification_rounds,
            n_realizations=_EXPLORER_REALIZATIONS,
        )
        print(
            f"{d.n_segments} links over {d.total_length_km:.0f} km: {d.rate_hz:.3g} pairs/s, "
            f"fidelity {d.mean_fidelity:.3f}; key {d.key_bits_per_use:.3g} bits per use "
            f"vs PLOB {d.plob_bits_per_use:.3g} ({'beats' if d.beats_plob else 'below'} PLOB)"
        )
        return d

    return widgets.interactive(
        show,
        total_length_km=float_slider(
            value=400.0, min=20.0, max=1000.0, step=20.0, description="distance (km)",
        ),
        log2_links=int_slider(
            value=2, min=0, max=4, description="log2(links)",
        ),
        link_fidelity=float_slider(
            value=0.98, min=0.6, max=1.0, step=0.005, description="link fidelity",
            readout_format=".3f",
        ),
        purification_rounds=int_slider(
            value=0, min=0, max=3, description="purification rounds",
        ),
    )  # fmt: skip


# --- module 11: memory lifetime against delivered fidelity ------------------------------------


@dataclass(frozen=True)
class MemoryExplorerData:
    """What a memory's coherence time (and a cut-off) does to a repeater chain.

    Attributes:
        coherence_time_s: the memories' coherence time.
        cutoff_time_s: the cut-off (None: none).
        mean_delivery_time_s: mean time to deliver a pair.
        mean_fidelity: mean fidelity of the delivered pairs.
        teleportation_fidelity: (2F + 1)/3 with that pair.
        key_fraction: BBM92 bits per delivered pair.
    """

    coherence_time_s: float
    cutoff_time_s: float | None
    mean_delivery_time_s: float
    mean_fidelity: float
    teleportation_fidelity: float
    key_fraction: float


def memory_explorer_data(
    coherence_time_s,
    *,
    cutoff_time_s=None,
    total_length_km=200.0,
    n_segments=2,
    n_realizations=5_000,
    seed=0,
    **chain_parameters,
):
    """Delivered fidelity and time of a chain whose memories decohere (pure function).

    Args:
        coherence_time_s: memory coherence time in seconds, > 0.
        cutoff_time_s: longest wait of a pair for its partner (None: no cut-off).
        total_length_km: end-to-end length in km.
        n_segments: number of elementary links.
        n_realizations: Monte Carlo runs.
        seed: seed of the simulation.
        **chain_parameters: further ``RepeaterChain`` fields.

    Returns:
        A :class:`MemoryExplorerData`.

    Source: memory decay of L. Hartmann et al., PRA 75, 032310 (2007) via
    :func:`qinternet_edu.memory_decay`.

    Example:
        >>> short = memory_explorer_data(0.01)
        >>> long = memory_explorer_data(10.0)
        >>> short.mean_fidelity < long.mean_fidelity
        True
    """
    t = check_positive("coherence_time_s", coherence_time_s)
    n = check_int("n_segments", n_segments, low=1)
    chain = RepeaterChain(
        total_length_km=total_length_km,
        n_segments=n,
        coherence_time_s=t,
        cutoff_time_s=cutoff_time_s,
        **chain_parameters,
    )
    res = simulate_repeater_chain(chain, n_realizations, seed=seed)
    return MemoryExplorerData(
        coherence_time_s=t,
        cutoff_time_s=chain.cutoff_time_s,
        mean_delivery_time_s=res.mean_delivery_time_s,
        mean_fidelity=res.mean_fidelity,
        teleportation_fidelity=float(teleportation_fidelity(res.mean_fidelity)),
        key_fraction=float(_bbm92_key_fraction(res.mean_fidelity)),
    )


def memory_explorer():
    """Sliders: memory coherence time (log scale) and cut-off; shows delivered fidelity.

    Returns:
        An ``ipywidgets.interactive`` whose ``result`` is a ``MemoryExplorerData``.
    """

    def show(log10_coherence_s, cutoff_ms, total_length_km):
        try:
            d = memory_explorer_data(
                10**log10_coherence_s,
                cutoff_time_s=None if cutoff_ms == 0 else cutoff_ms * 1e-3,
                total_length_km=total_length_km,
                n_realizations=_EXPLORER_REALIZATIONS,
            )
        except ValueError as error:  # a cut-off too short for these links
            print(f"no pair is delivered: {error}")
            return None
        print(
            f"T = {d.coherence_time_s:.3g} s: pair after {1e3 * d.mean_delivery_time_s:.1f} ms "
            f"on average, fidelity {d.mean_fidelity:.3f}; teleportation "
            f"{d.teleportation_fidelity:.3f} (classical 0.667), key {d.key_fraction:.3f} "
            "bits per pair"
        )
        return d

    return widgets.interactive(
        show,
        log10_coherence_s=float_slider(
            value=-1.0, min=-3.0, max=1.0, step=0.1, description="log10(coherence time / s)",
        ),
        cutoff_ms=float_slider(
            value=0.0, min=0.0, max=100.0, step=1.0, description="cut-off (ms, 0 = none)",
        ),
        total_length_km=float_slider(
            value=200.0, min=20.0, max=600.0, step=20.0, description="distance (km)",
        ),
    )  # fmt: skip
