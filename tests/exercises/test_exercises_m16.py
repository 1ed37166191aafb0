"""Module 16 tasks: applications as node programs pass on unseen inputs, mistakes fail."""

import pytest

import qinternet_edu as qie
from qinternet_edu import exercises, netsim


@pytest.fixture(autouse=True)
def progress_dir(tmp_path, monkeypatch):
    """Every test writes its progress into its own temporary folder."""
    monkeypatch.setenv("QINTERNET_EDU_DATA_DIR", str(tmp_path / "progress"))
    for name in ("NBGRADER_EXECUTION", "QINTERNET_EDU_GRADING", "QINTERNET_EDU_NO_FORK"):
        monkeypatch.delenv(name, raising=False)


def _two(length_km, kind="end node"):
    net = qie.network.QuantumNetwork().add_node("Alice", kind=kind).add_node("Bob", kind=kind)
    return net.add_fiber("Alice", "Bob", length_km=length_km)


def _bb84(length_km, alice_bits, alice_bases, bob_bases, seed, *, sift=True):
    def alice(node):
        for bit, basis in zip(alice_bits, alice_bases, strict=True):
            yield node.send_qubit("Bob", bit=bit, basis=basis)
        yield node.send("Bob", alice_bases)

    def bob(node):
        got = yield node.all(*[node.receive_qubit("Alice", basis=b) for b in bob_bases])
        theirs = yield node.receive("Alice")
        if not sift:
            return got
        return [g if x == y else None for g, x, y in zip(got, theirs, bob_bases, strict=True)]

    res = netsim.run(_two(length_km), {"Alice": alice, "Bob": bob}, seed=seed)
    assert int(res.stage) == 1
    return res.returns["Bob"]


def test_16_1_bb84():
    def right(length_km, alice_bits, alice_bases, bob_bases, seed):
        return _bb84(length_km, alice_bits, alice_bases, bob_bases, seed)

    def no_sifting(length_km, alice_bits, alice_bases, bob_bases, seed):
        return _bb84(length_km, alice_bits, alice_bases, bob_bases, seed, sift=False)

    assert exercises.evaluate("16.1", right, hidden=True).passed
    result = exercises.evaluate("16.1", no_sifting)
    assert result.status == "failed" and "discarded" in result.message


def _bbm92(length_km, secret, alice_bases, bob_bases, seed, *, bob_uses=None):
    def alice(node):
        key = yield node.all(*[node.entangle("Bob", keep=False, basis=b) for b in alice_bases])
        yield node.send("Bob", alice_bases)
        theirs = yield node.receive("Bob")
        pairs = zip(secret, key, alice_bases, theirs, strict=True)
        yield node.send("Bob", [s ^ k if x == y else None for s, k, x, y in pairs])

    def bob(node):
        key = yield node.all(
            *[node.entangle("Alice", keep=False, basis=b) for b in bob_uses or bob_bases]
        )
        yield node.send("Alice", bob_bases)
        yield node.receive("Alice")
        padded = yield node.receive("Alice")
        return [None if p is None else p ^ k for p, k in zip(padded, key, strict=True)]

    return netsim.run(_two(length_km), {"Alice": alice, "Bob": bob}, seed=seed).returns["Bob"]


def test_16_2_bbm92():
    def right(length_km, secret, alice_bases, bob_bases, seed):
        return _bbm92(length_km, secret, alice_bases, bob_bases, seed)

    def bob_always_measures_z(length_km, secret, alice_bases, bob_bases, seed):
        z = ["Z"] * len(bob_bases)
        return _bbm92(length_km, secret, alice_bases, bob_bases, seed, bob_uses=z)

    assert exercises.evaluate("16.2", right, hidden=True).passed
    assert exercises.evaluate("16.2", bob_always_measures_z).status == "failed"


def _teleport(length_km, link_fidelity, states, seed, *, correct=True):
    def alice(node):
        for basis, bit in states:
            q = node.new_qubit()
            if bit:
                node.apply("x", q)
            if basis in ("X", "Y"):
                node.apply("h", q)
            if basis == "Y":
                node.apply("s", q)
            pair = yield node.entangle("Bob")
            yield node.send("Bob", node.swap(q, pair))

    def bob(node):
        out = []
        for basis, _ in states:
            pair = yield node.entangle("Alice")
            m_z, m_x = yield node.receive("Alice")
            if correct:
                node.correct(pair, m_z, m_x)
            out.append(node.measure(pair, basis))
        return out

    res = netsim.run(
        _two(length_km, "repeater"),
        {"Alice": alice, "Bob": bob},
        seed=seed,
        backend="circuit",
        link_fidelity=link_fidelity,
    )
    return res.returns["Bob"]


def test_16_3_teleportation():
    def right(length_km, link_fidelity, states, seed):
        return _teleport(length_km, link_fidelity, states, seed)

    def no_correction(length_km, link_fidelity, states, seed):
        return _teleport(length_km, link_fidelity, states, seed, correct=False)

    assert exercises.evaluate("16.3", right, hidden=True, time_limit_s=60).passed
    assert exercises.evaluate("16.3", no_correction, time_limit_s=60).status == "failed"


def test_16_4_leader_election():
    def right(length_km, n_rounds, seed):
        def program(other):
            def run(node):
                out = []
                for _ in range(n_rounds):
                    out.append((yield node.entangle(other, keep=False, basis="Z")))
                return out

            return run

        res = netsim.run(
            _two(length_km), {"Alice": program("Bob"), "Bob": program("Alice")}, seed=seed
        )
        assert int(res.stage) == 2
        return [res.returns["Alice"], res.returns["Bob"]]

    def own_coins(length_km, n_rounds, seed):  # each node flips its own coin: they disagree
        import random

        rng = random.Random(seed)
        return [[rng.randrange(2) for _ in range(n_rounds)] for _ in range(2)]

    def alice_always_leads(length_km, n_rounds, seed):
        return [[0] * n_rounds, [0] * n_rounds]

    assert exercises.evaluate("16.4", right, hidden=True).passed
    for wrong in (own_coins, alice_always_leads):
        assert exercises.evaluate("16.4", wrong).status == "failed", wrong.__name__


def test_16_5_longest_fiber():
    def longest(n_photons, n_bits, detector_efficiency, *, half=True):
        length = 0
        share = 0.5 if half else 1.0
        while n_photons * share * 10 ** (-0.02 * (length + 1)) * detector_efficiency >= n_bits:
            length += 1
        return length

    def forgets_sifting(n_photons, n_bits, detector_efficiency):
        return longest(n_photons, n_bits, detector_efficiency, half=False)

    assert exercises.evaluate("16.5", longest, hidden=True).passed
    assert exercises.evaluate("16.5", forgets_sifting).status == "failed"


@pytest.mark.slow
@pytest.mark.parametrize("task_id", ["15.4", "16.1", "16.3", "17.4"])
def test_program_tasks_pass_in_the_grading_sandbox(task_id):
    """nbgrader's grading child (audit hook, public data only) runs the instructor's node
    programs, the circuit backend of 16.3 included, and the judge passes them."""
    from pathlib import Path

    import nbformat

    from qinternet_edu.exercises.judging import judge
    from qinternet_edu.exercises.nbgrader_grading import parse_check
    from qinternet_edu.exercises.plain import to_plain
    from qinternet_edu.exercises.registry import get_task, helper_source
    from qinternet_edu.exercises.sandbox import run_in_sandbox

    folder = {"15": "15_network_stack", "16": "16_network_programming", "17": "17_capstone"}[
        task_id[:2]
    ]
    path = Path(__file__).resolve().parents[2] / "exercises" / "source" / folder
    nb = nbformat.read(path / f"{folder}_exercises.ipynb", as_version=4)
    meta = [c.metadata.get("nbgrader", {}) for c in nb.cells]
    imports = [
        c.source
        for c, m in zip(nb.cells, meta, strict=True)
        if m.get("grade_id", "").endswith("_imports")
    ]
    answers = [
        c.source
        for c, m in zip(nb.cells, meta, strict=True)
        if m.get("solution") and c.cell_type == "code"
    ]
    check = next(
        c.source
        for c, m in zip(nb.cells, meta, strict=True)
        if m.get("grade_id") == f"task_{task_id.replace('.', '_')}_check"
    )
    found_id, name = parse_check(check)
    task = get_task(task_id)
    cases = task.make_cases(hidden=True)
    request = {
        "imports": "\n\n".join(imports),
        "code": answers,
        "answer": name,
        "kind": task.kind,
        "cases": [
            {"args": to_plain(list(c.args)), "kwargs": to_plain(dict(c.kwargs))} for c in cases
        ],
        "helpers": helper_source(task),
    }
    outcome = run_in_sandbox(request, time_limit_s=60.0)
    status, detail, _ = judge(task_id, True, outcome)
    assert found_id == task_id and status == "passed", detail
