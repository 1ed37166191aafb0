"""Explorers of modules 05, 06 and 07: Eve vs QBER, key rate vs distance, password guessing.

Each explorer is ipywidgets glue over a pure function
(:func:`bb84_explorer_data`, :func:`key_rate_explorer_data`,
:func:`password_explorer_data`) that is tested without a browser.
"""

from __future__ import annotations

from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from .._validation import check_nonnegative
from ..apps.password import guess_attack_success
from ..channels import fiber_transmissivity, plob_bound
from ..qkd.bb84 import simulate_bb84
from ..qkd.decoy import decoy_bb84_key_rate
from ..qkd.eavesdroppers import intercept_resend_qber
from ._controls import float_slider, int_slider
from ._figures import FixedLayout, show_figure

__all__ = [
    "BB84ExplorerData",
    "KeyRateExplorerData",
    "PasswordExplorerData",
    "bb84_explorer",
    "bb84_explorer_data",
    "key_rate_explorer",
    "key_rate_explorer_data",
    "password_explorer",
    "password_explorer_data",
]


@dataclass(frozen=True)
class BB84ExplorerData:
    """What the BB84 explorer shows: a simulated run next to the theory f/4."""

    eve_fraction: float
    length_km: float
    n_pulses: int
    detected: int
    sifted: int
    errors: int
    qber: float
    qber_theory: float
    qber_standard_error: float
    eve_detected: bool


def bb84_explorer_data(eve_fraction, n_pulses=20_000, length_km=10.0, seed=0) -> BB84ExplorerData:
    """Simulate BB84 with intercept-resend on a fraction of photons; compare the QBER with f/4.

    ``eve_detected`` says whether the QBER is more than 4 standard errors
    above zero (with ideal devices any error reveals Eve).

    Example:
        >>> d = bb84_explorer_data(1.0, 20_000, 10.0, seed=1)
        >>> d.qber_theory, round(d.qber, 1), d.eve_detected
        (0.25, 0.2, True)
    """
    r = simulate_bb84(n_pulses, length_km=length_km, eve_fraction=eve_fraction, seed=seed)
    theory = float(intercept_resend_qber(float(eve_fraction)))
    se = r.qber_standard_error
    return BB84ExplorerData(
        eve_fraction=float(eve_fraction),
        length_km=float(length_km),
        n_pulses=r.n_pulses,
        detected=r.detected,
        sifted=r.sifted,
        errors=r.errors,
        qber=r.qber,
        qber_theory=theory,
        qber_standard_error=se,
        eve_detected=r.errors > 0 and r.qber > 4 * se,
    )


class _BB84Plot:
    """The BB84 explorer's figure, made once and updated in place by :meth:`update` (a
    slider move makes no new figure, and so no garbage for a full collection to clear in the
    middle of a later move)."""

    def __init__(self):
        self.fig = Figure(figsize=(5.5, 3.4), layout="constrained")
        self.ax = ax = self.fig.add_subplot()
        f = np.linspace(0, 1, 101)
        ax.plot(f, intercept_resend_qber(f), label="theory f / 4")
        self.run = ax.errorbar([0.0], [0.0], yerr=[0.0], fmt="o", label="this run (±2σ)")
        ax.set_xlabel("fraction of photons intercepted by Eve")
        ax.set_ylabel("QBER")
        ax.legend()

    def update(self, data: BB84ExplorerData) -> Figure:
        x, y, err = data.eve_fraction, data.qber, 2 * data.qber_standard_error
        point, _caps, (bar,) = self.run.lines
        point.set_data([x], [y])
        bar.set_segments([[[x, y - err], [x, y + err]]])
        self.ax.relim()
        self.ax.update_datalim([[x, y - err], [x, y + err]])  # the bar, which relim skips
        self.ax.autoscale_view()
        return self.fig


def bb84_explorer():
    """Module 05: slide Eve's interception fraction and watch the QBER follow f/4.

    Returns:
        An ``ipywidgets.interactive`` whose ``result`` is the current
        :class:`BB84ExplorerData`.
    """
    layout = FixedLayout()
    plot = _BB84Plot()

    def show(eve_fraction, length_km, n_pulses):
        data = bb84_explorer_data(eve_fraction, n_pulses, length_km, seed=0)
        print(
            f"Eve intercepts {data.eve_fraction:.0%} of the photons over {data.length_km:.0f} km: "
            f"{data.sifted:,} sifted bits, {data.errors:,} errors, QBER {data.qber:.2%} "
            f"(theory {data.qber_theory:.2%}); "
            + ("Eve is detected." if data.eve_detected else "no sign of Eve.")
        )
        show_figure(plot.update(data), layout=layout)
        return data

    return widgets.interactive(
        show,
        eve_fraction=float_slider(
            value=0.0, min=0.0, max=1.0, step=0.05, description="Eve fraction"
        ),
        length_km=float_slider(value=10.0, min=0.0, max=100.0, step=5.0, description="length (km)"),
        n_pulses=int_slider(value=20_000, min=1_000, max=200_000, step=1_000, description="pulses"),
    )


@dataclass(frozen=True)
class KeyRateExplorerData:
    """Decoy-state key rate and the PLOB bound at one distance."""

    length_km: float
    detector_efficiency: float
    misalignment: float
    key_rate: float
    plob: float
    transmissivity: float

    @property
    def fraction_of_plob(self) -> float:
        """Key rate divided by the PLOB bound of the fiber."""
        return self.key_rate / self.plob if self.plob > 0 else 0.0


def key_rate_explorer_data(length_km, detector_efficiency=0.045, misalignment=0.033):
    """Decoy-state BB84 rate (GYS parameters otherwise) and PLOB at one fiber length.

    Example:
        >>> d = key_rate_explorer_data(50.0)
        >>> f"{d.key_rate:.2e}", d.key_rate < d.plob
        ('2.23e-04', True)
    """
    length = check_nonnegative("length_km", length_km)
    rate = decoy_bb84_key_rate(
        length, detector_efficiency=detector_efficiency, misalignment=misalignment
    )
    eta = fiber_transmissivity(length, 0.21)
    plob = float(plob_bound(eta)) if eta < 1.0 else float("inf")
    return KeyRateExplorerData(
        length_km=float(length),
        detector_efficiency=float(detector_efficiency),
        misalignment=float(misalignment),
        key_rate=float(rate),
        plob=plob,
        transmissivity=float(eta),
    )


class _KeyRatePlot:
    """The key-rate explorer's figure, made once and updated in place by :meth:`update`."""

    def __init__(self):
        self.lengths = np.linspace(1.0, 250.0, 250)
        self.fig = Figure(figsize=(5.5, 3.4), layout="constrained")
        self.ax = ax = self.fig.add_subplot()
        plob = plob_bound(fiber_transmissivity(self.lengths, 0.21))
        ax.semilogy(self.lengths, plob, "k--", label="PLOB bound")
        nothing = np.full_like(self.lengths, np.nan)
        (self.curve,) = ax.semilogy(self.lengths, nothing, label="decoy-state BB84")
        (self.here,) = ax.semilogy([], [], "o", color="C0")
        ax.set_xlabel("fiber length (km)")
        ax.set_ylabel("secret bits per pulse")
        ax.legend()

    def update(self, data: KeyRateExplorerData) -> Figure:
        rates = decoy_bb84_key_rate(
            self.lengths,
            detector_efficiency=data.detector_efficiency,
            misalignment=data.misalignment,
        )
        self.curve.set_ydata(np.where(rates > 0, rates, np.nan))
        if data.key_rate > 0:
            self.here.set_data([data.length_km], [data.key_rate])
        else:
            self.here.set_data([], [])
        self.ax.relim()
        self.ax.autoscale_view()
        return self.fig


def key_rate_explorer():
    """Module 06: key rate of decoy-state BB84 against distance, with the PLOB bound.

    Returns:
        An ``ipywidgets.interactive`` whose ``result`` is the current
        :class:`KeyRateExplorerData`.
    """
    layout = FixedLayout()
    plot = _KeyRatePlot()

    def show(length_km, detector_efficiency, misalignment):
        data = key_rate_explorer_data(length_km, detector_efficiency, misalignment)
        print(
            f"{data.length_km:.0f} km: {data.key_rate:.3g} secret bits per pulse, "
            f"PLOB bound {data.plob:.3g} ({data.fraction_of_plob:.1%} of it)"
        )
        show_figure(plot.update(data), layout=layout)
        return data

    return widgets.interactive(
        show,
        length_km=float_slider(value=50.0, min=0.0, max=250.0, step=5.0, description="length (km)"),
        detector_efficiency=float_slider(
            value=0.045, min=0.01, max=0.9, step=0.005, description="detector η"
        ),
        misalignment=float_slider(
            value=0.033, min=0.0, max=0.1, step=0.001, description="e_detector"
        ),
    )


@dataclass(frozen=True)
class PasswordExplorerData:
    """Simulated and theoretical success of a fake terminal that guesses passwords."""

    n_passwords: int
    n_attempts: int
    n_trials: int
    success_rate: float
    expected_rate: float
    max_consistent_per_run: int


def password_explorer_data(n_passwords, n_attempts, n_trials=40, seed=0):
    """How often a fake terminal (no quantum memory) learns the password within some runs.

    Example:
        >>> d = password_explorer_data(16, 8, n_trials=20, seed=1)
        >>> d.expected_rate, d.max_consistent_per_run <= 1
        (0.5, True)
    """
    s = guess_attack_success(n_passwords, n_attempts, n_trials=n_trials, n_qubits=256, seed=seed)
    return PasswordExplorerData(
        n_passwords=s.n_passwords,
        n_attempts=s.n_attempts,
        n_trials=s.n_trials,
        success_rate=s.success_rate,
        expected_rate=s.expected_rate,
        max_consistent_per_run=s.max_consistent_per_run,
    )


def password_explorer():
    """Module 07: how many runs does a fake ATM need to learn a password?

    Returns:
        An ``ipywidgets.interactive`` whose ``result`` is the current
        :class:`PasswordExplorerData`.
    """

    def show(n_passwords, n_attempts):
        attempts = min(n_attempts, n_passwords)
        data = password_explorer_data(n_passwords, attempts)
        print(
            f"{data.n_passwords} passwords, {data.n_attempts} runs with a fake terminal: "
            f"learned in {data.success_rate:.0%} of {data.n_trials} trials "
            f"(one guess per run: {data.expected_rate:.0%}); "
            f"never more than {data.max_consistent_per_run} candidate per run"
        )
        return data

    return widgets.interactive(
        show,
        n_passwords=int_slider(value=16, min=2, max=64, step=1, description="passwords"),
        n_attempts=int_slider(value=4, min=0, max=64, step=1, description="runs"),
    )
