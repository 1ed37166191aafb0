"""Explorers and figures of modules 11-14, exercised without a browser."""

import math

import ipywidgets as widgets
import matplotlib
import numpy as np
import pytest
from matplotlib.figure import Figure

import qinternet_edu as qie
from qinternet_edu.apps.blind import ServerViewStatistics
from qinternet_edu.apps.clocks import ClockSyncResult
from qinternet_edu.widgets.apps import (
    NonlocalCnotExplorerData,
    TelescopeExplorerData,
    blind_computing_explorer,
    blind_computing_explorer_data,
    clock_sync_explorer,
    clock_sync_explorer_data,
    nonlocal_cnot_explorer,
    nonlocal_cnot_explorer_data,
    telescope_explorer,
    telescope_explorer_data,
)

matplotlib.use("Agg")


def _control(ui, description):
    for child in ui.children:
        if getattr(child, "description", None) == description:
            return child
    raise AssertionError(f"no control {description!r} in {[c.description for c in ui.children]}")


def test_explorers_are_exported_from_the_widgets_package():
    assert qie.widgets.clock_sync_explorer is clock_sync_explorer
    assert qie.widgets.telescope_explorer is telescope_explorer
    assert qie.widgets.nonlocal_cnot_explorer is nonlocal_cnot_explorer
    assert qie.plots.logical_vs_physical_error is not None


# --- pure functions --------------------------------------------------------------------------


def test_clock_data_converges_with_more_pairs():
    few = clock_sync_explorer_data(100, true_offset_ns=0.3, seed=2)
    many = clock_sync_explorer_data(1_000_000, true_offset_ns=0.3, seed=2)
    assert isinstance(many, ClockSyncResult)
    assert many.true_offset_s == pytest.approx(3e-10, rel=1e-12)
    assert many.estimated_offset_s == pytest.approx(3e-10, abs=4 * many.standard_error_s)
    assert few.standard_error_s / many.standard_error_s == pytest.approx(100, rel=0.15)


def test_telescope_data_resolution_and_visibility():
    d = telescope_explorer_data(100.0, wavelength_m=500e-9, angular_diameter_rad=2e-9)
    assert isinstance(d, TelescopeExplorerData)
    assert d.resolution_rad == pytest.approx(5e-9, rel=1e-12)
    x = math.pi * 100 * 2e-9 / 500e-9
    from scipy.special import j1

    assert d.visibility == pytest.approx(abs(2 * j1(x) / x), abs=1e-12)
    assert not d.resolved
    far = telescope_explorer_data(1000.0, wavelength_m=500e-9, angular_diameter_rad=2e-9)
    assert far.resolved
    assert far.resolution_rad == pytest.approx(d.resolution_rad / 10, rel=1e-12)


def test_nonlocal_cnot_data_matches_closed_form():
    for f in (0.25, 0.6, 1.0):
        d = nonlocal_cnot_explorer_data(f)
        assert isinstance(d, NonlocalCnotExplorerData)
        assert d.average_gate_fidelity == pytest.approx(d.closed_form_average, abs=1e-9)
        assert d.closed_form_average == pytest.approx((4 * f + 1) / 5, abs=1e-15)


def test_blind_data_shows_the_difference_hiding_makes():
    hidden = blind_computing_explorer_data(3, seed=4)
    naked = blind_computing_explorer_data(3, blind=False, seed=4)
    assert isinstance(hidden, ServerViewStatistics)
    assert hidden.total_variation_from_uniform < math.sqrt(32 / hidden.n_rounds)
    assert naked.total_variation_from_uniform > 0.5


def test_pure_functions_reject_bad_inputs():
    with pytest.raises(ValueError, match="n_pairs"):
        clock_sync_explorer_data(1)
    with pytest.raises(ValueError, match="true_offset"):
        clock_sync_explorer_data(100, true_offset_ns=0.6)
    with pytest.raises(ValueError, match="frequency_ghz"):
        clock_sync_explorer_data(100, frequency_ghz=0.0)
    with pytest.raises(ValueError, match="baseline_m"):
        telescope_explorer_data(0.0)
    with pytest.raises(TypeError, match="baseline_m"):
        telescope_explorer_data([1.0, 2.0])
    with pytest.raises(ValueError, match="angular_diameter_rad"):
        telescope_explorer_data(10.0, angular_diameter_rad=-1.0)
    with pytest.raises(ValueError, match="pair_fidelity"):
        nonlocal_cnot_explorer_data(0.1)
    with pytest.raises(ValueError, match="phi_eighths"):
        blind_computing_explorer_data(8)
    with pytest.raises(TypeError, match="phi_eighths"):
        blind_computing_explorer_data(0.5)


# --- explorers: build, move a slider, check the result changes -------------------------------


def test_clock_explorer_reacts_to_the_pairs_slider():
    ui = clock_sync_explorer()
    assert isinstance(ui, widgets.interactive)
    ui.update()
    first = ui.result
    assert isinstance(first, ClockSyncResult)
    assert first.n_pairs == 1000
    _control(ui, "log10(pairs)").value = 5.0
    ui.update()
    assert ui.result.n_pairs == 100_000
    assert ui.result.standard_error_s < first.standard_error_s / 5


def test_telescope_explorer_reacts_to_the_baseline_slider():
    ui = telescope_explorer()
    ui.update()
    first = ui.result
    _control(ui, "log10(baseline / m)").value = 3.0
    ui.update()
    assert ui.result.baseline_m == pytest.approx(1000.0, rel=1e-12)
    assert ui.result.resolution_rad == pytest.approx(first.resolution_rad / 10, rel=1e-9)


def test_nonlocal_cnot_explorer_reacts_to_the_fidelity_slider():
    ui = nonlocal_cnot_explorer()
    ui.update()
    assert ui.result.average_gate_fidelity == pytest.approx(0.92, abs=1e-9)
    _control(ui, "pair fidelity F").value = 0.5
    ui.update()
    assert ui.result.average_gate_fidelity == pytest.approx(0.6, abs=1e-9)


def test_blind_explorer_reacts_to_the_checkbox():
    ui = blind_computing_explorer()
    ui.update()
    assert ui.result.blind
    _control(ui, "hide the angle (UBQC)").value = False
    ui.update()
    assert not ui.result.blind
    assert ui.result.total_variation_from_uniform > 0.5


# --- figures ---------------------------------------------------------------------------------


def _labels(fig):
    ax = fig.axes[0]
    return ax.get_xlabel(), ax.get_ylabel()


def test_clock_figure():
    fig = qie.plots.clock_offset_vs_pairs(n_pairs=(10, 100, 1000), seed=1)
    assert isinstance(fig, Figure)
    x, y = _labels(fig)
    assert "pairs" in x
    assert "(ps)" in y
    with pytest.raises(ValueError, match="n_pairs"):
        qie.plots.clock_offset_vs_pairs(n_pairs=(1,))
    with pytest.raises(ValueError, match="n_pairs"):
        qie.plots.clock_offset_vs_pairs(n_pairs=())


def test_visibility_figure_draws_the_airy_curve():
    fig = qie.plots.visibility_vs_baseline(angular_diameters_rad=(5e-9,), max_baseline_m=300.0)
    x, y = _labels(fig)
    assert "(m)" in x
    assert "visibility" in y
    line = fig.axes[0].get_lines()[0]
    b, v = line.get_data()
    expected = np.abs(qie.complex_visibility(b, wavelength_m=550e-9, angular_diameter_rad=5e-9))
    assert v == pytest.approx(expected, abs=1e-12)
    with pytest.raises(ValueError, match="max_baseline_m"):
        qie.plots.visibility_vs_baseline(max_baseline_m=0.0)
    with pytest.raises(ValueError, match="angular_diameters_rad"):
        qie.plots.visibility_vs_baseline(angular_diameters_rad=())


def test_logical_error_figure_uses_the_given_axes():
    fig = Figure()
    ax = fig.add_subplot()
    out = qie.plots.logical_vs_physical_error(n_trials=2000, seed=3, ax=ax)
    assert out is fig
    x, y = _labels(fig)
    assert "physical" in x
    assert "logical" in y
    p, p_l = ax.get_lines()[0].get_data()
    assert p_l == pytest.approx(3 * p**2 - 2 * p**3, abs=1e-15)
    with pytest.raises(ValueError, match="n_trials"):
        qie.plots.logical_vs_physical_error(n_trials=-1)


def test_nonlocal_cnot_figure():
    fig = qie.plots.nonlocal_cnot_fidelity_vs_pair_fidelity(pair_fidelity=0.9)
    x, y = _labels(fig)
    assert "Werner" in x
    assert "CNOT" in y
    with pytest.raises(ValueError, match="pair_fidelity"):
        qie.plots.nonlocal_cnot_fidelity_vs_pair_fidelity(pair_fidelity=0.1)
