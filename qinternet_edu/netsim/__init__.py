"""An event-level quantum network on SimPy: node programs, a link layer, stages, repeaters.

The third level of the library (after circuits and vectorized networks): a
learner writes what each node does as a Python generator, and runs it on a
network in simulated seconds. Heralded pairs come from a link layer with
create-and-keep, create-and-measure and minimum-fidelity requests; memories
depolarize as they wait; messages take the fiber delay. Every run reports
the lowest stage of the roadmap its protocol needed.

Loaded on first use (``from qinternet_edu import netsim``): it imports SimPy
and networkx.
"""

from __future__ import annotations

from .capabilities import OPERATIONS, Operation, StageError, node_stage
from .channels import ClassicalChannel, QuantumChannel
from .linklayer import EntanglementRequest, LinkLayer, purification_rounds_needed
from .node import Node
from .qubits import BASES, Qubit
from .repeater_protocol import run_repeater_protocol
from .routing import (
    GHZResult,
    Request,
    RequestStats,
    Route,
    ServiceResult,
    chain_programs,
    distribute_ghz,
    find_route,
    serve_requests,
)
from .simulation import RunResult, Simulation, run

__all__ = [
    "BASES",
    "OPERATIONS",
    "ClassicalChannel",
    "EntanglementRequest",
    "GHZResult",
    "LinkLayer",
    "Node",
    "Operation",
    "QuantumChannel",
    "Qubit",
    "Request",
    "RequestStats",
    "Route",
    "RunResult",
    "ServiceResult",
    "Simulation",
    "StageError",
    "chain_programs",
    "distribute_ghz",
    "find_route",
    "node_stage",
    "purification_rounds_needed",
    "run",
    "run_repeater_protocol",
    "serve_requests",
]
