"""Quantum and classical channels of an event-level network: loss and delay.

A quantum channel is a fiber (or free-space) link of the network: a photon
crosses it with the link's transmissivity, 10^(-loss_dB/10), which for fiber
is :func:`qinternet_edu.fiber_transmissivity`, and arrives after L n / c
(:func:`qinternet_edu.fiber_delay_s`). A classical channel only delays: a
message between two nodes takes the fiber delay along the shortest route.

Example:
    >>> ch = QuantumChannel(length_km=50.0, loss_db=10.0)
    >>> round(ch.transmissivity, 3), round(ch.delay_s * 1e6, 1)
    (0.1, 244.9)
    >>> round(ClassicalChannel(length_km=100.0).delay_s * 1e6, 1)
    489.7
"""

from __future__ import annotations

from dataclasses import dataclass

from .._validation import check_nonnegative
from ..units import db_to_transmissivity, fiber_delay_s

__all__ = ["ClassicalChannel", "QuantumChannel"]


@dataclass(frozen=True, kw_only=True)
class QuantumChannel:
    """A lossy quantum channel: ``length_km`` of fiber with ``loss_db`` in total."""

    length_km: float
    loss_db: float

    def __post_init__(self):
        object.__setattr__(self, "length_km", check_nonnegative("length_km", self.length_km))
        object.__setattr__(self, "loss_db", check_nonnegative("loss_db", self.loss_db))

    @property
    def transmissivity(self) -> float:
        """Probability that a photon crosses the channel."""
        return float(db_to_transmissivity(self.loss_db))

    @property
    def delay_s(self) -> float:
        """One-way travel time L n / c."""
        return float(fiber_delay_s(self.length_km))


@dataclass(frozen=True, kw_only=True)
class ClassicalChannel:
    """A classical channel over ``length_km`` of fiber: messages arrive after L n / c."""

    length_km: float

    def __post_init__(self):
        object.__setattr__(self, "length_km", check_nonnegative("length_km", self.length_km))

    @property
    def delay_s(self) -> float:
        """One-way delay of a message."""
        return float(fiber_delay_s(self.length_km))
