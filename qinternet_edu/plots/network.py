"""Network maps: nodes coloured by what they can do, links by medium, an optional path.

The function draws on ``ax`` when given, else on a new figure, and returns
the ``matplotlib.figure.Figure``.
"""

from __future__ import annotations

import itertools

import networkx as nx
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from ..network import NodeKind, QuantumNetwork

__all__ = ["KIND_COLOURS", "network_map"]

#: Colour of each kind of node on the maps.
KIND_COLOURS = {
    NodeKind.END_NODE: "#4e79a7",
    NodeKind.TRUSTED_RELAY: "#9e9e9e",
    NodeKind.REPEATER: "#f28e2b",
    NodeKind.SATELLITE: "#e15759",
    NodeKind.GROUND_STATION: "#76b7b2",
    NodeKind.FAULT_TOLERANT_PROCESSOR: "#b07aa1",
    NodeKind.QUANTUM_COMPUTER: "#59a14f",
}


def network_map(network, *, highlight_path=None, ax=None, labels=True, seed=0):
    """Draw a quantum network: nodes coloured by kind, fiber solid, free space dashed.

    Nodes with ``position`` (latitude, longitude) are placed on a
    longitude-latitude map; a satellite without a position sits above the
    mean position of its neighbours. Without positions a seeded spring
    layout is used.

    Args:
        network: a :class:`~qinternet_edu.network.QuantumNetwork`.
        highlight_path: a sequence of node names to draw thick (optional).
        ax: matplotlib axes to draw on (optional).
        labels: write node names (long chains show only named, non-relay nodes).
        seed: seed of the spring layout.

    Returns:
        The Figure.

    Example:
        >>> from qinternet_edu.network import delft_three_node_network
        >>> fig = network_map(delft_three_node_network())
        >>> fig.axes[0].get_xlabel()
        'layout x (arbitrary units)'
    """
    if not isinstance(network, QuantumNetwork):
        raise TypeError(f"network must be a QuantumNetwork; got {type(network).__name__}")
    graph = network.graph
    specs = {spec.name: spec for spec in network.nodes}
    geographic = any(spec.position is not None for spec in specs.values())
    positions = {}
    if geographic:
        for name, spec in specs.items():
            if spec.position is not None:
                positions[name] = (spec.position[1], spec.position[0])
        for name in specs:
            if name not in positions:
                near = [positions[n] for n in graph.neighbors(name) if n in positions]
                if not near:
                    raise ValueError(
                        f"node {name!r} has no position and no placed neighbour to sit near"
                    )
                lon = sum(p[0] for p in near) / len(near)
                lat = max(p[1] for p in near) + 6.0
                positions[name] = (lon, lat)
    else:
        positions = nx.spring_layout(graph, seed=seed)
    path_edges = set()
    if highlight_path is not None:
        path = network._check_path(highlight_path)
        path_edges = {frozenset(pair) for pair in itertools.pairwise(path)}

    if ax is None:
        fig = Figure(figsize=(7.5, 5.5), layout="constrained")
        ax = fig.add_subplot()
    else:
        fig = ax.figure
    for link in network.links:
        (x0, y0), (x1, y1) = positions[link.a], positions[link.b]
        on_path = frozenset((link.a, link.b)) in path_edges
        ax.plot(
            [x0, x1],
            [y0, y1],
            linestyle="-" if link.medium == "fiber" else "--",
            color="black" if on_path else "#8c8c8c",
            linewidth=3.0 if on_path else 1.2,
            zorder=1,
        )
    kinds_present = []
    for kind in NodeKind:
        names = [n for n, s in specs.items() if s.kind is kind]
        if not names:
            continue
        kinds_present.append(kind)
        ax.scatter(
            [positions[n][0] for n in names],
            [positions[n][1] for n in names],
            s=[40 if kind is NodeKind.TRUSTED_RELAY and len(specs) > 12 else 120] * len(names),
            color=KIND_COLOURS[kind],
            edgecolor="black",
            zorder=2,
            label=kind.value,
        )
    if labels:
        crowded = len(specs) > 12
        named = [
            name
            for name, spec in specs.items()
            if not (crowded and spec.kind is NodeKind.TRUSTED_RELAY and "relay" in name)
        ]
        marker_pt = {
            name: (6.5 if crowded and specs[name].kind is NodeKind.TRUSTED_RELAY else 11.0) / 2
            for name in specs
        }
        _place_labels(ax, named, positions, marker_pt)
    handles = [
        Line2D([], [], marker="o", linestyle="", color=KIND_COLOURS[k], label=k.value)
        for k in kinds_present
    ]
    media = {link.medium for link in network.links}
    handles += [
        Line2D([], [], color="#8c8c8c", linestyle=style, label=label)
        for medium, style, label in (("fiber", "-", "fiber"), ("free_space", "--", "free space"))
        if medium in media
    ]
    ax.legend(handles=handles, loc="best", fontsize=8)
    if geographic:
        ax.set_xlabel("longitude (deg)")
        ax.set_ylabel("latitude (deg)")
    else:
        ax.set_xlabel("layout x (arbitrary units)")
        ax.set_ylabel("layout y (arbitrary units)")
    ax.set_title(network.name)
    return fig


_LABEL_PT = 9.0


def _place_labels(ax, names, positions, marker_radius_pt) -> None:
    """Write each name beside its marker where it covers no marker and no other label.

    Greedy: for each node (in order) the first of eight places around its marker whose box
    (the text's size estimated from its length) meets no marker and no label placed before
    and stays inside the axes; if every place is taken, the one with the least overlap.
    Boxes are in points on the figure, so the choice holds at any axis scale.
    """
    ax.autoscale_view()
    to_points = ax.transData + ax.figure.dpi_scale_trans.inverted()  # data -> inches
    centre = {n: tuple(72.0 * c for c in to_points.transform(positions[n])) for n in positions}
    markers = [
        (x - r, y - r, x + r, y + r) for n, (x, y) in centre.items() for r in [marker_radius_pt[n]]
    ]
    placed: list[tuple[float, float, float, float]] = []
    scale = 72.0 / ax.figure.dpi
    frame = tuple(scale * v for v in ax.bbox.extents)  # the axes, in points

    def outside(box) -> float:
        width, height = box[2] - box[0], box[3] - box[1]
        return width * height - overlap(box, frame)

    def overlap(a, b) -> float:
        width = min(a[2], b[2]) - max(a[0], b[0])
        height = min(a[3], b[3]) - max(a[1], b[1])
        return width * height if width > 0 and height > 0 else 0.0

    for name in names:
        x, y = centre[name]
        r = marker_radius_pt[name] + 2.0
        w, h = 0.62 * _LABEL_PT * len(name), 1.25 * _LABEL_PT
        candidates = [
            (r, r), (r, -r - h), (-r - w, r), (-r - w, -r - h),
            (-w / 2, r + 1), (-w / 2, -r - h - 1), (r + 1, -h / 2), (-r - w - 1, -h / 2),
        ]  # fmt: skip
        best, best_cost = candidates[0], float("inf")
        for dx, dy in candidates:
            box = (x + dx, y + dy, x + dx + w, y + dy + h)
            cost = sum(overlap(box, other) for other in markers + placed) + outside(box)
            if cost < best_cost:
                best, best_cost = (dx, dy), cost
            if cost == 0.0:
                break
        dx, dy = best
        placed.append((x + dx, y + dy, x + dx + w, y + dy + h))
        ax.annotate(
            name,
            positions[name],
            textcoords="offset points",
            xytext=(dx, dy),
            fontsize=_LABEL_PT,
            ha="left",
            va="bottom",
        )
