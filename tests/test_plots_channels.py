"""Figures of module 03: labelled axes with units, the right curves, validation."""

import math

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
from matplotlib.figure import Figure

import qinternet_edu as qie
from qinternet_edu.plots import channels as plots


def test_transmissivity_figure_has_one_curve_per_attenuation():
    fig = plots.transmissivity_vs_distance(max_length_km=200, attenuation_db_per_km=[0.16, 0.2])
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    assert ax.get_xlabel() == "fiber length (km)"
    assert "transmissivity" in ax.get_ylabel()
    assert ax.get_yscale() == "log"
    lines = ax.get_lines()
    assert [line.get_label() for line in lines] == ["0.16 dB/km", "0.2 dB/km"]
    x, y = lines[1].get_data()
    assert x[-1] == pytest.approx(200.0)
    assert y[-1] == pytest.approx(1e-4, rel=1e-12)  # 40 dB
    assert y == pytest.approx(qie.fiber_transmissivity(x), rel=1e-12)


def test_transmissivity_figure_has_a_loss_axis_in_db():
    fig = plots.transmissivity_vs_distance(max_length_km=100)
    left, right = fig.axes
    assert right.get_ylabel() == "loss (dB)"
    # The twin axis reads -10 log10(eta) at the same height as the left axis.
    (eta_low, eta_high), (db_low, db_high) = left.get_ylim(), right.get_ylim()
    assert db_low == pytest.approx(-10 * math.log10(eta_low))
    assert db_high == pytest.approx(-10 * math.log10(eta_high))


def test_key_rate_bounds_figure_shows_plob_and_tgw():
    fig = plots.key_rate_bounds_vs_distance(max_length_km=100, n_points=11)
    ax = fig.axes[0]
    assert ax.get_yscale() == "log"
    assert "bits per channel use" in ax.get_ylabel()
    assert ax.get_xlabel() == "fiber length (km)"
    plob, tgw = ax.get_lines()
    x, y = plob.get_data()
    assert x[0] > 0  # L = 0 (eta = 1, infinite bound) is left out
    assert x[-1] == pytest.approx(100.0)
    assert y[-1] == pytest.approx(1.45e-2, rel=1e-3)  # Pirandola et al. (2017) at 100 km
    assert np.all(np.isfinite(y))
    assert tgw.get_data()[1] == pytest.approx(qie.tgw_bound(qie.fiber_transmissivity(x)))


def test_plots_draw_on_given_axes():
    fig = Figure()
    ax = fig.add_subplot()
    assert plots.key_rate_bounds_vs_distance(ax=ax) is fig
    assert plots.transmissivity_vs_distance(ax=ax) is fig
    assert len(ax.get_lines()) == 3


def test_plots_are_exported_from_the_plots_package():
    assert qie.plots.transmissivity_vs_distance is plots.transmissivity_vs_distance
    assert qie.plots.key_rate_bounds_vs_distance is plots.key_rate_bounds_vs_distance


@pytest.mark.parametrize(
    ("call", "error", "name"),
    [
        (lambda: plots.transmissivity_vs_distance(max_length_km=0), ValueError, "max_length_km"),
        (lambda: plots.transmissivity_vs_distance(max_length_km=-5), ValueError, "max_length_km"),
        (lambda: plots.transmissivity_vs_distance(max_length_km=math.nan), ValueError,
         "max_length_km"),
        (lambda: plots.transmissivity_vs_distance(max_length_km="500"), TypeError,
         "max_length_km"),
        (lambda: plots.transmissivity_vs_distance(attenuation_db_per_km=-0.2), ValueError,
         "attenuation_db_per_km"),
        (lambda: plots.transmissivity_vs_distance(attenuation_db_per_km=[]), ValueError,
         "attenuation_db_per_km"),
        (lambda: plots.transmissivity_vs_distance(n_points=1), ValueError, "n_points"),
        (lambda: plots.key_rate_bounds_vs_distance(attenuation_db_per_km=0.0), ValueError,
         "attenuation_db_per_km"),
        (lambda: plots.key_rate_bounds_vs_distance(attenuation_db_per_km=True), TypeError,
         "attenuation_db_per_km"),
        (lambda: plots.key_rate_bounds_vs_distance(n_points=2.5), TypeError, "n_points"),
    ],
)  # fmt: skip
def test_plots_reject_bad_inputs(call, error, name):
    with pytest.raises(error, match=name):
        call()
