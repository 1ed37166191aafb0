"""Module 04 tasks: correct answers in another form pass, plausible mistakes fail."""

import itertools

import numpy as np
import pytest

import qinternet_edu as qie
from qinternet_edu import exercises


@pytest.fixture(autouse=True)
def progress_dir(tmp_path, monkeypatch):
    """Every test writes its progress into its own temporary folder."""
    monkeypatch.setenv("QINTERNET_EDU_DATA_DIR", str(tmp_path / "progress"))
    for name in ("NBGRADER_EXECUTION", "QINTERNET_EDU_GRADING", "QINTERNET_EDU_NO_FORK"):
        monkeypatch.delenv(name, raising=False)


def test_04_1_relay_messages():
    def right(key, link_keys):  # lists of lists, written out bit by bit
        return [[(k ^ b) for k, b in zip(key, link, strict=True)] for link in link_keys]

    def chained(key, link_keys):  # pads the previous message instead of K: k1 xor k2 leaks
        out, message = [], list(key)
        for link in link_keys:
            message = [m ^ b for m, b in zip(message, link, strict=True)]
            out.append(message)
        return out

    def neighbours(key, link_keys):  # k_i xor k_(i+1) on the relays: not K xor k_i
        first = np.bitwise_xor(key, link_keys[0])
        rest = [np.bitwise_xor(a, b) for a, b in itertools.pairwise(link_keys)]
        return np.array([first, *rest])

    assert exercises.evaluate("04.1", right, hidden=True).passed
    for wrong in (chained, neighbours):
        assert exercises.evaluate("04.1", wrong).status == "failed", wrong.__name__


def _network(links):
    net = qie.network.QuantumNetwork()
    for name in dict.fromkeys(n for a, b, _ in links for n in (a, b)):
        net.add_node(name, kind="trusted relay")
    for a, b, length in links:
        net.add_fiber(a, b, length_km=length)
    return net


def test_04_2_who_learns():
    def right(links, a, b):  # a set, lowest total length
        return set(_network(links).lowest_loss_path(a, b))

    def fewest_hops(links, a, b):
        return list(_network(links).shortest_path(a, b))

    def relays_only(links, a, b):
        return list(_network(links).lowest_loss_path(a, b))[1:-1]

    def everyone(links, a, b):
        return [n.name for n in _network(links).nodes]

    assert exercises.evaluate("04.2", right, hidden=True).passed
    for wrong in (fewest_hops, relays_only, everyone):
        assert exercises.evaluate("04.2", wrong).status == "failed", wrong.__name__
    assert exercises.evaluate("04.2", lambda links, a, b: "Alice").status == "wrong type"


def _rates(lengths, f):
    return [f * float(qie.decoy_bb84_key_rate(L)) for L in lengths]


def test_04_3_chain_rate():
    def right(link_lengths_km, repetition_rate_hz):
        return min(_rates(link_lengths_km, repetition_rate_hz))

    def mean(link_lengths_km, repetition_rate_hz):
        return float(np.mean(_rates(link_lengths_km, repetition_rate_hz)))

    def one_long_link(link_lengths_km, repetition_rate_hz):
        return repetition_rate_hz * float(qie.decoy_bb84_key_rate(sum(link_lengths_km)))

    def per_pulse(link_lengths_km, repetition_rate_hz):  # forgets the pulse rate
        return min(_rates(link_lengths_km, 1.0))

    assert exercises.evaluate("04.3", right, hidden=True).passed
    for wrong in (mean, one_long_link, per_pulse):
        assert exercises.evaluate("04.3", wrong).status == "failed", wrong.__name__


def test_04_4_relays_needed():
    def right(total_km, target_rate_bps, repetition_rate_hz):
        links = 1
        while _rates([total_km / links], repetition_rate_hz)[0] < target_rate_bps:
            links += 1
        return links - 1

    def links_not_relays(total_km, target_rate_bps, repetition_rate_hz):
        return right(total_km, target_rate_bps, repetition_rate_hz) + 1

    assert exercises.evaluate("04.4", right, hidden=True).passed
    assert exercises.evaluate("04.4", links_not_relays).status == "failed"
