"""Module 01 explorer: prepare a qubit on the Bloch sphere, measure it in a chosen basis.

The logic is the pure function :func:`qubit_measurement_data`; the explorer is
ipywidgets glue over it (sliders for the Bloch angles, a basis choice).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from .._validation import check_int, check_real, make_rng
from ..circuits import BASES, measurement_probabilities
from ._controls import float_slider, int_slider, toggle_buttons
from ._figures import show_figure

__all__ = ["QubitMeasurementData", "qubit_measurement_data", "qubit_measurement_explorer"]


@dataclass(frozen=True)
class QubitMeasurementData:
    """What the qubit explorer shows: the state, the outcome probabilities, sampled counts."""

    theta_deg: float
    phi_deg: float
    basis: str
    bloch_vector: tuple[float, float, float]
    probability_0: float
    probability_1: float
    shots: int
    counts_0: int
    counts_1: int


def qubit_measurement_data(theta_deg, phi_deg, basis="Z", *, shots=1000, seed=0):
    """Outcome probabilities and seeded counts for cos(θ/2)|0> + e^(iφ) sin(θ/2)|1> in a basis.

    Args:
        theta_deg: polar angle on the Bloch sphere in degrees, in [0, 180].
        phi_deg: azimuth in degrees (any real).
        basis: ``"Z"``, ``"X"`` or ``"Y"``.
        shots: number of simulated measurements, >= 1.
        seed: seed of the simulated measurements.

    Returns:
        A :class:`QubitMeasurementData`; outcome 0 is the basis's +1 eigenstate
        (|0>, |+> or |+i>).

    Source: the Born rule; see :func:`qinternet_edu.circuits.measurement_probabilities`.

    Example:
        >>> data = qubit_measurement_data(90.0, 0.0, "Z", shots=1000, seed=1)
        >>> round(data.probability_0, 3), data.counts_0 + data.counts_1
        (0.5, 1000)
        >>> qubit_measurement_data(90.0, 0.0, "X").probability_0
        1.0
    """
    theta = check_real("theta_deg", theta_deg, low=0.0, high=180.0)
    phi = check_real("phi_deg", phi_deg)
    n = check_int("shots", shots, low=1)
    if np.ndim(theta) or np.ndim(phi):
        raise TypeError("theta_deg and phi_deg must be single numbers here")
    theta_rad, phi_rad = math.radians(float(theta)), math.radians(float(phi))
    probs = measurement_probabilities(theta_rad, phi_rad, basis)
    p0 = float(probs.probability_0)
    counts_0 = int(make_rng(seed).binomial(n, p0))
    bloch = (
        math.sin(theta_rad) * math.cos(phi_rad),
        math.sin(theta_rad) * math.sin(phi_rad),
        math.cos(theta_rad),
    )
    return QubitMeasurementData(
        theta_deg=float(theta),
        phi_deg=float(phi),
        basis=probs.basis,
        bloch_vector=bloch,
        probability_0=p0,
        probability_1=float(probs.probability_1),
        shots=n,
        counts_0=counts_0,
        counts_1=n - counts_0,
    )


_OUTCOME_LABELS = {"Z": ("|0⟩", "|1⟩"), "X": ("|+⟩", "|−⟩"), "Y": ("|+i⟩", "|−i⟩")}


class _QubitPlot:
    """The qubit explorer's figure, made once and updated in place by :meth:`update` (a
    control change makes no new figure, and so no garbage for a full collection to clear in
    the middle of a later change)."""

    def __init__(self):
        self.fig = Figure(figsize=(5.0, 3.2), layout="constrained")
        self.ax = ax = self.fig.add_subplot()
        self.bars = ax.bar([0, 1], [0.0, 0.0], color="0.8", label="probability")
        (self.fractions,) = ax.plot([0, 1], [0.0, 0.0], "o", color="C3", label="fraction")
        ax.set_xticks([0, 1])
        ax.set_ylim(0.0, 1.05)
        ax.set_ylabel("probability")
        self.legend = ax.legend()

    def update(self, data: QubitMeasurementData) -> Figure:
        for bar, p in zip(self.bars, (data.probability_0, data.probability_1), strict=True):
            bar.set_height(p)
        self.fractions.set_ydata([data.counts_0 / data.shots, data.counts_1 / data.shots])
        self.ax.set_xticklabels(_OUTCOME_LABELS[data.basis])
        self.ax.set_xlabel(f"outcome of a {data.basis}-basis measurement")
        self.legend.get_texts()[0].set_text(f"fraction in {data.shots} shots")  # the dots' entry
        return self.fig


def qubit_measurement_explorer():
    """The module-01 explorer: choose Bloch angles and a basis, see the outcome statistics.

    Returns:
        An ``ipywidgets.interactive`` whose ``result`` is the current
        :class:`QubitMeasurementData`.
    """

    plot = _QubitPlot()

    def show(theta_deg, phi_deg, basis, shots):
        data = qubit_measurement_data(theta_deg, phi_deg, basis, shots=shots, seed=0)
        x, y, z = data.bloch_vector
        labels = _OUTCOME_LABELS[data.basis]
        print(
            f"Bloch vector ({x:.2f}, {y:.2f}, {z:.2f}); "
            f"P({labels[0]}) = {data.probability_0:.3f}, "
            f"P({labels[1]}) = {data.probability_1:.3f}; "
            f"{data.shots} shots gave {data.counts_0} and {data.counts_1}"
        )
        show_figure(plot.update(data))
        return data

    return widgets.interactive(
        show,
        theta_deg=float_slider(value=60.0, min=0.0, max=180.0, step=1.0, description="θ (°)"),
        phi_deg=float_slider(value=0.0, min=0.0, max=360.0, step=1.0, description="φ (°)"),
        basis=toggle_buttons(options=list(BASES), value="Z", description="basis"),
        shots=int_slider(value=100, min=10, max=5000, step=10, description="shots"),
    )
