"""Tests for the stage-0 trusted-node key relay (qinternet_edu/relay.py)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import qinternet_edu as qie
from qinternet_edu.relay import trusted_node_relay, trusted_relay_key_rate


def test_flat_api_exports_relay():
    assert qie.trusted_node_relay is trusted_node_relay
    assert qie.RelayResult is qie.relay.RelayResult


@settings(max_examples=50, deadline=None)
@given(n_links=st.integers(1, 12), key_length=st.integers(1, 64), seed=st.integers(0, 2**16))
def test_both_ends_agree_and_every_node_learns_the_key(n_links, key_length, seed):
    result = trusted_node_relay(n_links, key_length=key_length, seed=seed)
    assert result.keys_agree
    assert np.array_equal(result.key_at_first_end, result.key_at_last_end)
    assert np.array_equal(result.key_at_last_end, result.end_key)
    # Every intermediate node decrypts the key on its way through.
    assert result.intermediate_nodes == result.node_names[1:-1]
    assert set(result.intermediate_nodes) <= set(result.nodes_that_learn_key)
    assert result.nodes_that_learn_key == result.node_names
    for row in result.keys_at_nodes:
        assert np.array_equal(row, result.end_key)
    assert result.n_links == n_links
    assert result.n_trusted_relays == n_links - 1


def test_published_messages_are_key_xor_link_key():
    link_keys = [[1, 0, 1, 1], [0, 0, 1, 0], [1, 1, 1, 1]]
    end_key = [0, 1, 1, 0]
    result = trusted_node_relay(link_keys, end_key=end_key, node_names=("A", "R1", "R2", "B"))
    expected = np.array([[1, 1, 0, 1], [0, 1, 0, 0], [1, 0, 0, 1]], dtype=np.uint8)
    assert np.array_equal(result.published_messages, expected)
    assert result.nodes_that_learn_key == ("A", "R1", "R2", "B")
    assert result.key_at_last_end.tolist() == end_key


def test_published_messages_alone_look_uniform():
    # A one-time pad: without the link key each published bit is 0 or 1 with probability 1/2.
    n_bits = 200_000
    result = trusted_node_relay(2, key_length=n_bits, end_key=np.zeros(n_bits, int), seed=3)
    mean = result.published_messages.mean()
    # 4 standard errors of a fair-coin mean over 2 * n_bits bits.
    assert mean == pytest.approx(0.5, abs=4 * 0.5 / np.sqrt(2 * n_bits))


def test_same_seed_same_result_and_key_length_truncates():
    a = trusted_node_relay(4, key_length=32, seed=11)
    b = trusted_node_relay(4, key_length=32, seed=11)
    assert np.array_equal(a.end_key, b.end_key)
    assert np.array_equal(a.link_keys, b.link_keys)
    short = trusted_node_relay(list(a.link_keys), key_length=10, seed=0)
    assert short.key_length == 10
    assert np.array_equal(short.link_keys, a.link_keys[:, :10])


def test_single_link_has_no_intermediate_node():
    result = trusted_node_relay(1, key_length=5, seed=0)
    assert result.intermediate_nodes == ()
    assert result.nodes_that_learn_key == ("Alice", "Bob")


def test_bad_inputs_are_rejected():
    with pytest.raises(ValueError, match="links"):
        trusted_node_relay(0, key_length=4)
    with pytest.raises(ValueError, match="key_length"):
        trusted_node_relay(3)
    with pytest.raises(ValueError, match="key_length"):
        trusted_node_relay(3, key_length=0)
    with pytest.raises(TypeError, match="key_length"):
        trusted_node_relay(3, key_length=2.5)
    with pytest.raises(TypeError, match="links"):
        trusted_node_relay("three", key_length=4)
    with pytest.raises(ValueError, match="links"):
        trusted_node_relay([], key_length=4)
    with pytest.raises(ValueError, match="links"):
        trusted_node_relay([[0, 1], [1, 0, 1]])
    with pytest.raises(ValueError, match=r"links\[1\]"):
        trusted_node_relay([[0, 1], [2, 0]])
    with pytest.raises(ValueError, match="key_length"):
        trusted_node_relay([[0, 1], [1, 0]], key_length=3)
    with pytest.raises(ValueError, match="node_names"):
        trusted_node_relay(2, key_length=4, node_names=("A", "B"))
    with pytest.raises(ValueError, match="node_names"):
        trusted_node_relay(2, key_length=4, node_names=("A", "A", "B"))
    with pytest.raises(ValueError, match="end_key"):
        trusted_node_relay(2, key_length=4, end_key=[0, 1])
    with pytest.raises(TypeError, match="seed"):
        trusted_node_relay(2, key_length=4, seed=-1)


def test_trusted_relay_key_rate_is_bottleneck():
    assert trusted_relay_key_rate([3.0, 1.0, 2.0]) == 1.0
    assert trusted_relay_key_rate(np.array([5.0])) == 5.0
    with pytest.raises(ValueError, match="link_key_rates_bps"):
        trusted_relay_key_rate([])
    with pytest.raises(ValueError, match="link_key_rates_bps"):
        trusted_relay_key_rate([1.0, -2.0])
    with pytest.raises(ValueError, match="link_key_rates_bps"):
        trusted_relay_key_rate(4.0)
