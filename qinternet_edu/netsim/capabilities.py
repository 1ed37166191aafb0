"""What each node kind may do in an event-level run, and the stage each operation needs.

A node's *stage* is the highest rung of the ladder its hardware reaches as an
end node (the same reading as :func:`qinternet_edu.network_stage`): preparing
or measuring single qubits is stage 1, measuring half of a heralded pair at
once is stage 2, storing a qubit is stage 3, fault-tolerant operations are 4
and a full quantum computer is 5. Every operation of a node program names the
stage it needs; a run records the highest one it used, which is the lowest
stage the protocol needs.

Source: S. Wehner, D. Elkouss, R. Hanson, "Quantum internet: A vision for the
road ahead", Science 362, eaam9288 (2018), the stages of functionality (the
course numbers them 0-5).

Example:
    >>> from qinternet_edu.network import QuantumNetwork
    >>> net = QuantumNetwork().add_node("Bob")
    >>> int(node_stage(net.node("Bob")))
    2
    >>> OPERATIONS["store"].stage.title
    'Quantum memory network'
"""

from __future__ import annotations

from dataclasses import dataclass

from ..stages import Stage

__all__ = ["OPERATIONS", "Operation", "StageError", "node_stage"]


class StageError(RuntimeError):
    """A node program asked a node for an operation its stage cannot do."""


@dataclass(frozen=True)
class Operation:
    """An operation a node program can ask for, and the lowest stage that offers it."""

    name: str
    stage: Stage
    description: str


OPERATIONS = {
    op.name: op
    for op in (
        Operation("classical", Stage.TRUSTED_REPEATER, "sending classical bits"),
        Operation("prepare", Stage.PREPARE_AND_MEASURE, "preparing and sending a qubit"),
        Operation("measure_photon", Stage.PREPARE_AND_MEASURE, "measuring a received qubit"),
        Operation(
            "measure_pair", Stage.ENTANGLEMENT_DISTRIBUTION, "measuring half of a heralded pair"
        ),
        Operation("store", Stage.QUANTUM_MEMORY, "storing a qubit"),
        Operation("gate", Stage.QUANTUM_MEMORY, "a gate on a stored qubit"),
        Operation("swap", Stage.QUANTUM_MEMORY, "swapping entanglement"),
        Operation("purify", Stage.QUANTUM_MEMORY, "purifying entanglement"),
    )
}


def node_stage(spec) -> Stage:
    """The highest stage a node's own hardware reaches (0 if it can do nothing quantum).

    Args:
        spec: a :class:`~qinternet_edu.network.NodeSpec`.

    Returns:
        A :class:`~qinternet_edu.stages.Stage`.
    """
    ladder = (
        (Stage.PREPARE_AND_MEASURE, spec.can_prepare_measure),
        (Stage.ENTANGLEMENT_DISTRIBUTION, spec.can_measure_entangled),
        (Stage.QUANTUM_MEMORY, spec.has_memory),
        (Stage.FEW_QUBIT_FAULT_TOLERANT, spec.fault_tolerant),
        (Stage.QUANTUM_COMPUTING, spec.can_compute),
    )
    reached = Stage.TRUSTED_REPEATER
    for stage, ok in ladder:
        if not ok:
            break
        reached = stage
    return reached


def stage_error(operation: Operation, node_name: str, stage: Stage) -> StageError:
    """The error for ``operation`` on a node of ``stage``, in the words of the ladder."""
    need = operation.stage
    return StageError(
        f"{operation.description} needs stage {int(need)} ({need.title.lower()}); "
        f"{node_name}'s node is stage {int(stage)}"
    )
