"""Stage 0: relaying a key through a chain of trusted nodes.

Neighbouring nodes run QKD over each link and so share a fresh link key.
To give the two ends a common key, the first node picks a key ``K`` and sends
it hop by hop, each time one-time-padded with that link's key: on link ``i``
the message ``K xor k_i`` is published, and the next node removes the pad with
its copy of ``k_i``. An eavesdropper who reads every published message learns
nothing (each is a one-time pad), but every intermediate node decrypts ``K``
on its way through: the key is only as safe as the least trustworthy relay.
This is how today's long trusted-node networks work (e.g. the Beijing-Shanghai
backbone; Chen et al., Nature 589, 214 (2021)).

Source: the hop-by-hop one-time pad of trusted-node QKD networks, e.g.
M. Peev et al., "The SECOQC quantum key distribution network in Vienna",
New J. Phys. 11, 075001 (2009); G. S. Vernam, J. AIEE 45, 109 (1926) for the
one-time pad.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from ._validation import (
    MAX_SAMPLES,
    check_bits,
    check_nonnegative,
    check_samples,
    check_size,
    make_rng,
)

__all__ = [
    "RelayResult",
    "trusted_node_relay",
    "trusted_relay_key_rate",
]


@dataclass(frozen=True)
class RelayResult:
    """The outcome of relaying one key along a chain of trusted nodes.

    Attributes:
        node_names: the nodes along the chain, first end to last end.
        key_length: number of key bits relayed.
        end_key: the key ``K`` chosen by the first node (bits, uint8).
        key_at_first_end, key_at_last_end: what each end holds afterwards.
        link_keys: the QKD key of each link, one row per link (shape
            ``(n_links, key_length)``).
        published_messages: ``K xor k_i`` sent in public over link ``i``
            (one row per link); they reveal nothing without a link key.
        keys_at_nodes: the key each node holds after decrypting (one row per
            node); every row equals ``end_key``.
        intermediate_nodes: the relay nodes between the two ends.
        nodes_that_learn_key: every node that ends up knowing ``K``: both
            ends and all intermediate nodes.
        keys_agree: True when both ends hold the same key.
    """

    node_names: tuple[str, ...]
    key_length: int
    keys_agree: bool
    intermediate_nodes: tuple[str, ...]
    nodes_that_learn_key: tuple[str, ...]
    end_key: np.ndarray = field(repr=False)
    key_at_first_end: np.ndarray = field(repr=False)
    key_at_last_end: np.ndarray = field(repr=False)
    link_keys: np.ndarray = field(repr=False)
    published_messages: np.ndarray = field(repr=False)
    keys_at_nodes: np.ndarray = field(repr=False)

    @property
    def n_links(self) -> int:
        """Number of links (hops) in the chain."""
        return len(self.node_names) - 1

    @property
    def n_trusted_relays(self) -> int:
        """Number of intermediate nodes that must be trusted."""
        return len(self.intermediate_nodes)


def _default_names(n_links: int) -> tuple[str, ...]:
    middle = tuple(f"relay {i}" for i in range(1, n_links))
    return ("Alice", *middle, "Bob")


def trusted_node_relay(
    links,
    *,
    key_length=None,
    node_names=None,
    end_key=None,
    seed=None,
    rng=None,
) -> RelayResult:
    """Relay a key from one end of a trusted-node chain to the other.

    Args:
        links: either the number of links (an int >= 1; random link keys are
            drawn) or a sequence of link keys (one bit array per link, as
            produced by QKD on each link).
        key_length: bits to relay (int >= 1). Required when ``links`` is a
            number; with link keys it defaults to their length, and a shorter
            value uses the first ``key_length`` bits of every link key.
        node_names: the names of the ``n_links + 1`` nodes, ends included
            (default ``("Alice", "relay 1", ..., "Bob")``).
        end_key: the key to relay (bits); default: drawn at random by the
            first node.
        seed, rng: randomness for the drawn keys (pass at most one).

    Returns:
        A :class:`RelayResult` with both ends' keys, the published messages
        and the list of nodes that learned the key (all of them).

    Source: hop-by-hop one-time pad of trusted-node networks (Peev et al.,
    New J. Phys. 11, 075001 (2009)); Vernam's one-time pad (1926).

    Example:
        >>> result = trusted_node_relay(3, key_length=8, seed=1)
        >>> result.keys_agree
        True
        >>> result.nodes_that_learn_key
        ('Alice', 'relay 1', 'relay 2', 'Bob')
    """
    generator = make_rng(seed, rng)
    if isinstance(links, numbers.Integral) and not isinstance(links, bool):
        n_links = check_size("links", links, low=1, limit=MAX_SAMPLES, why="a key per link")
        if key_length is None:
            raise ValueError("key_length must be given when links is a number of links")
        length = check_samples("key_length", key_length)
        if n_links * length > MAX_SAMPLES:
            raise ValueError(
                f"links x key_length must be at most {MAX_SAMPLES:.0e} bits (about 1 GB of "
                f"link keys); got {n_links} x {length}"
            )
        link_keys = generator.integers(0, 2, size=(n_links, length), dtype=np.uint8)
    elif isinstance(links, Sequence | np.ndarray) and not isinstance(links, str):
        if len(links) == 0:
            raise ValueError("links must hold at least one link key; got an empty sequence")
        keys = [check_bits(f"links[{i}]", key) for i, key in enumerate(links)]
        shortest = min(key.size for key in keys)
        if key_length is None:
            lengths = {key.size for key in keys}
            if len(lengths) != 1:
                raise ValueError(
                    f"links must all have the same length when key_length is not given; "
                    f"got lengths {sorted(lengths)}"
                )
            length = shortest
            if length == 0:
                raise ValueError("links must hold non-empty link keys; got keys of length 0")
        else:
            length = check_samples("key_length", key_length)
            if length > shortest:
                raise ValueError(
                    f"key_length must be <= the shortest link key ({shortest} bits); got {length}"
                )
        n_links = len(keys)
        link_keys = np.stack([key[:length] for key in keys])
    else:
        raise TypeError(
            "links must be a number of links (int >= 1) or a sequence of link keys; "
            f"got {type(links).__name__}"
        )

    if node_names is None:
        names = _default_names(n_links)
    else:
        names = tuple(node_names)
        if len(names) != n_links + 1:
            raise ValueError(
                f"node_names must name {n_links + 1} nodes (one more than links); got {len(names)}"
            )
        if any(not isinstance(n, str) for n in names):
            raise TypeError("node_names must be strings")
        if len(set(names)) != len(names):
            raise ValueError(f"node_names must be distinct; got {names}")

    if end_key is None:
        key = generator.integers(0, 2, size=length, dtype=np.uint8)
    else:
        key = check_bits("end_key", end_key)
        if key.size != length:
            raise ValueError(f"end_key must have {length} bits (key_length); got {key.size}")

    # Link i carries K xor k_i in public; node i+1 removes the pad with its copy of k_i.
    published = np.bitwise_xor(link_keys, key[np.newaxis, :])
    decrypted = np.bitwise_xor(published, link_keys)
    keys_at_nodes = np.vstack([key[np.newaxis, :], decrypted])
    learned = tuple(
        name for name, row in zip(names, keys_at_nodes, strict=True) if np.array_equal(row, key)
    )
    return RelayResult(
        node_names=names,
        key_length=length,
        keys_agree=bool(np.array_equal(keys_at_nodes[0], keys_at_nodes[-1])),
        intermediate_nodes=names[1:-1],
        nodes_that_learn_key=learned,
        end_key=key,
        key_at_first_end=keys_at_nodes[0].copy(),
        key_at_last_end=keys_at_nodes[-1].copy(),
        link_keys=link_keys,
        published_messages=published,
        keys_at_nodes=keys_at_nodes,
    )


def trusted_relay_key_rate(link_key_rates_bps):
    """End-to-end key rate of a trusted-node chain: the slowest link's rate.

    Every relayed key bit consumes one key bit on every link, so the chain
    delivers no faster than its bottleneck link.

    Args:
        link_key_rates_bps: the secret-key rate of each link in bit/s (>= 0),
            a non-empty sequence.

    Returns:
        The end-to-end key rate in bit/s (a float).

    Example:
        >>> trusted_relay_key_rate([2000.0, 500.0, 1200.0])
        500.0
    """
    rates = check_nonnegative("link_key_rates_bps", link_key_rates_bps)
    if np.ndim(rates) != 1 or np.size(rates) == 0:
        raise ValueError("link_key_rates_bps must be a non-empty one-dimensional sequence of rates")
    return float(np.min(rates))
