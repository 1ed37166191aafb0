"""Explorers for modules 02 and 09: the CHSH game, and how noise erodes CHSH and key.

Each ``*_explorer()`` is ``ipywidgets.interactive`` over a callback that
calls a pure ``*_explorer_data(...)`` function (tested without a browser),
prints a short summary and returns the data, so ``ui.result`` holds it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import ipywidgets as widgets

from .._validation import check_fidelity, check_real
from ..entanglement import (
    CHSHScore,
    _bbm92_key_fraction,
    chsh_score,
    chsh_value,
    teleportation_fidelity,
    werner_qber,
)
from ..states import werner_fidelity_to_parameter
from ._controls import float_slider

__all__ = [
    "NoiseChshData",
    "chsh_explorer",
    "chsh_explorer_data",
    "noise_chsh_explorer",
    "noise_chsh_explorer_data",
]


# --- module 02: the CHSH game ---------------------------------------------------------------


def chsh_explorer_data(
    alice_angle_0_deg=0.0,
    alice_angle_1_deg=90.0,
    bob_angle_0_deg=45.0,
    bob_angle_1_deg=-45.0,
    *,
    visibility=1.0,
):
    """CHSH value and winning probability for measurement angles in degrees (pure function).

    Angles are those of the measurement axis in the X-Z plane of the Bloch
    sphere (0 = Z, 90 = X). For polarized photons, halve them: a Bloch angle
    of 90 degrees is a polarizer at 45 degrees.

    Args:
        alice_angle_0_deg, alice_angle_1_deg: Alice's axes for questions 0 and 1.
        bob_angle_0_deg, bob_angle_1_deg: Bob's axes for questions 0 and 1.
        visibility: Werner parameter of the shared pair, in [0, 1].

    Returns:
        A :class:`qinternet_edu.CHSHScore`.

    Source: Clauser, Horne, Shimony, Holt, PRL 23, 880 (1969).

    Example:
        >>> s = chsh_explorer_data()
        >>> round(s.win_probability, 4), round(s.chsh_value, 4)
        (0.8536, 2.8284)
    """
    rad = [
        math.radians(check_real(name, value))
        for name, value in (
            ("alice_angle_0_deg", alice_angle_0_deg),
            ("alice_angle_1_deg", alice_angle_1_deg),
            ("bob_angle_0_deg", bob_angle_0_deg),
            ("bob_angle_1_deg", bob_angle_1_deg),
        )
    ]
    return chsh_score(*rad, visibility=visibility)


def _chsh_summary(s: CHSHScore) -> str:
    verdict = (
        "beats" if s.win_probability > s.classical_win_probability + 1e-12 else "does not beat"
    )
    return (
        f"S = {s.chsh_value:.3f} (classical <= 2, quantum <= {2 * math.sqrt(2):.3f}); "
        f"win probability {s.win_probability:.3f}, {verdict} the classical "
        f"{s.classical_win_probability:.2f} (best quantum {s.quantum_win_probability:.3f})"
    )


def _angle_slider(value, description):
    return float_slider(
        value=value, min=-180.0, max=180.0, step=1.0, description=description,
    )  # fmt: skip


def chsh_explorer():
    """Sliders: the four measurement angles and the pair's visibility; shows S and the score.

    Returns:
        An ``ipywidgets.interactive`` whose ``result`` is a ``CHSHScore``.
    """

    def show(alice_0, alice_1, bob_0, bob_1, visibility):
        s = chsh_explorer_data(alice_0, alice_1, bob_0, bob_1, visibility=visibility)
        print(_chsh_summary(s))
        return s

    return widgets.interactive(
        show,
        alice_0=_angle_slider(0.0, "Alice, question 0 (deg)"),
        alice_1=_angle_slider(90.0, "Alice, question 1 (deg)"),
        bob_0=_angle_slider(45.0, "Bob, question 0 (deg)"),
        bob_1=_angle_slider(-45.0, "Bob, question 1 (deg)"),
        visibility=float_slider(
            value=1.0, min=0.0, max=1.0, step=0.01, description="visibility p",
        ),
    )  # fmt: skip


# --- module 09: noise against CHSH and key --------------------------------------------------


@dataclass(frozen=True)
class NoiseChshData:
    """What a Werner pair of a given fidelity still allows.

    Attributes:
        fidelity: the pair's fidelity F.
        visibility: its Werner parameter p = (4F - 1)/3.
        chsh_value: best CHSH value 2 sqrt2 p.
        violates_chsh: S > 2 (a device-independent test can pass).
        qber: error rate 2(1 - F)/3 in either basis.
        key_fraction: BBM92 secret bits per pair, max(0, 1 - 2 h(Q)).
        teleportation_fidelity: (2F + 1)/3.
    """

    fidelity: float
    visibility: float
    chsh_value: float
    violates_chsh: bool
    qber: float
    key_fraction: float
    teleportation_fidelity: float


def noise_chsh_explorer_data(fidelity):
    """CHSH value, QBER and BBM92 key fraction of a Werner pair (pure function).

    Args:
        fidelity: Werner fidelity F in [1/4, 1].

    Returns:
        A :class:`NoiseChshData`.

    Source: Horodecki (1995) for S; Shor and Preskill, PRL 85, 441 (2000) for
    the key fraction.

    Example:
        >>> d = noise_chsh_explorer_data(0.9)
        >>> round(d.chsh_value, 3), d.violates_chsh, round(d.qber, 4), round(d.key_fraction, 3)
        (2.451, True, 0.0667, 0.293)
    """
    f = check_fidelity("fidelity", fidelity, low=0.25)
    s = chsh_value(f)
    return NoiseChshData(
        fidelity=f,
        visibility=float(werner_fidelity_to_parameter(f)),
        chsh_value=s,
        violates_chsh=bool(s > 2.0 + 1e-12),
        qber=float(werner_qber(f)),
        key_fraction=float(_bbm92_key_fraction(f)),
        teleportation_fidelity=float(teleportation_fidelity(f)),
    )


def noise_chsh_explorer():
    """Slider: the pair's fidelity; shows CHSH value, QBER and secret key per pair.

    Returns:
        An ``ipywidgets.interactive`` whose ``result`` is a ``NoiseChshData``.
    """

    def show(fidelity):
        d = noise_chsh_explorer_data(fidelity)
        print(
            f"visibility {d.visibility:.3f}: S = {d.chsh_value:.3f} "
            f"({'violates' if d.violates_chsh else 'does not violate'} CHSH), "
            f"QBER {100 * d.qber:.1f} %, key {d.key_fraction:.3f} bits per pair"
        )
        return d

    return widgets.interactive(
        show,
        fidelity=float_slider(
            value=0.95, min=0.25, max=1.0, step=0.005, description="pair fidelity F",
            readout_format=".3f",
        ),
    )  # fmt: skip
