"""Figures of modules 00, 04, 08 and 15: network maps, satellite passes, the stage ladder."""

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure

import qinternet_edu as qie
from qinternet_edu.network import (
    NodeKind,
    QuantumNetwork,
    beijing_shanghai_backbone,
    delft_three_node_network,
    micius_network,
)
from qinternet_edu.plots import network as pnetwork
from qinternet_edu.plots import satellites as psat
from qinternet_edu.plots import stages as pstages


def test_plots_are_exported_from_the_package():
    assert qie.plots.stage_ladder is pstages.stage_ladder
    assert qie.plots.network_map is pnetwork.network_map
    assert qie.plots.satellite_pass_plot is psat.satellite_pass_plot


def test_network_map_geographic_with_highlighted_path():
    net = micius_network()
    fig = pnetwork.network_map(net, highlight_path=("Delingha", "Micius", "Lijiang"))
    ax = fig.axes[0]
    assert ax.get_xlabel() == "longitude (deg)" and ax.get_ylabel() == "latitude (deg)"
    # One line per link; the two on the path are drawn thick.
    lines = ax.get_lines()
    assert len(lines) == len(net.links)
    assert sorted(line.get_linewidth() for line in lines)[-3:] == [1.2, 3.0, 3.0]
    assert all(line.get_linestyle() == "--" for line in lines)  # all free space
    legend = {t.get_text() for t in ax.get_legend().get_texts()}
    assert {"satellite", "ground station", "free space"} <= legend
    assert "fiber" not in legend  # the legend names only the media the network uses
    # Colours follow the node kinds.
    colours = {c.get_label(): c.get_facecolor()[0] for c in ax.collections}
    expected = to_rgba(pnetwork.KIND_COLOURS[NodeKind.SATELLITE])
    assert np.allclose(colours["satellite"], expected)


def test_network_map_backbone_and_layout_without_positions():
    fig = pnetwork.network_map(beijing_shanghai_backbone())
    ax = fig.axes[0]
    assert len(ax.get_lines()) == 33
    labels = {t.get_text() for t in ax.texts}
    assert {"Beijing", "Jinan", "Hefei", "Shanghai"} <= labels
    legend = {t.get_text() for t in ax.get_legend().get_texts()}
    assert "fiber" in legend and "free space" not in legend
    x_min, x_max = ax.get_xlim()
    assert x_min < 116.41 and 121.47 < x_max  # Beijing to Shanghai longitudes
    fig = pnetwork.network_map(delft_three_node_network())
    assert fig.axes[0].get_xlabel() == "layout x (arbitrary units)"


def test_network_map_bad_inputs():
    with pytest.raises(TypeError, match="network"):
        pnetwork.network_map("net")
    with pytest.raises(ValueError, match="not in the network"):
        pnetwork.network_map(delft_three_node_network(), highlight_path=("Alice", "Zed"))
    lonely = QuantumNetwork().add_node("A", position=(1.0, 2.0)).add_node("B")
    with pytest.raises(ValueError, match="'B' has no position"):
        pnetwork.network_map(lonely)


def test_satellite_pass_plot_shows_elevation_and_loss():
    the_pass = qie.satellite_pass(altitude_km=500.0, max_elevation_deg=70.0)
    fig = psat.satellite_pass_plot(the_pass)
    ax, twin = fig.axes
    assert ax.get_xlabel() == "time since rise (s)"
    assert ax.get_ylabel() == "elevation (deg)"
    assert twin.get_ylabel() == "total link loss (dB)"
    t, elevation = ax.get_lines()[0].get_data()
    assert np.array_equal(t, the_pass.time_s)
    assert elevation.max() == pytest.approx(70.0)
    _, loss = twin.get_lines()[0].get_data()
    # Loss is lowest at culmination, highest at rise and set.
    assert np.argmin(loss) == np.argmax(elevation)
    budget = qie.link_budget(
        slant_range_km=the_pass.slant_range_km, elevation_deg=the_pass.elevation_deg
    )
    np.testing.assert_allclose(loss, budget.total_loss_db)
    fig2 = Figure()
    target = fig2.add_subplot()
    assert psat.satellite_pass_plot(the_pass, budget=budget, ax=target) is fig2
    with pytest.raises(TypeError, match="satellite_pass"):
        psat.satellite_pass_plot({"time_s": [0]})
    with pytest.raises(TypeError, match="budget"):
        psat.satellite_pass_plot(the_pass, budget=3)


def test_link_budget_bars():
    budget = qie.link_budget(slant_range_km=1000.0, elevation_deg=30.0, direction="uplink")
    fig = psat.link_budget_bars(budget)
    ax = fig.axes[0]
    widths = [patch.get_width() for patch in ax.patches]
    assert widths == pytest.approx([float(v) for v in budget.terms().values()])
    assert ax.get_xlabel() == "loss (dB)"
    arrays = qie.link_budget(slant_range_km=[800.0, 900.0], elevation_deg=40.0)
    with pytest.raises(ValueError, match="single range"):
        psat.link_budget_bars(arrays)
    with pytest.raises(TypeError, match="budget"):
        psat.link_budget_bars(12.0)


def test_stage_ladder_with_and_without_highlight():
    fig = pstages.stage_ladder()
    ax = fig.axes[0]
    assert ax.get_ylabel() == "stage (functionality grows upward)"
    assert list(ax.get_yticks()) == [0, 1, 2, 3, 4, 5]
    assert len(ax.patches) == 6
    titles = " ".join(t.get_text() for t in ax.texts)
    for stage in qie.Stage:
        assert stage.title in titles
    highlighted = pstages.stage_ladder(highlight=qie.Stage.QUANTUM_MEMORY).axes[0]
    rungs = {patch.get_gid(): patch for patch in highlighted.patches}
    assert rungs["stage-3"].get_linewidth() == 2.0
    assert rungs["stage-2"].get_linewidth() == 0.0
    assert "stage 3 highlighted" in highlighted.get_title()
    assert pstages.stage_ladder(highlight=1, show_examples=False).axes[0].texts
    with pytest.raises(ValueError, match="highlight"):
        pstages.stage_ladder(highlight=6)
    with pytest.raises(TypeError, match="highlight"):
        pstages.stage_ladder(highlight="memory")
