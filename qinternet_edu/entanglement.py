"""Pair algebra: what happens to the fidelity of entangled pairs under swapping and purification.

At network level a pair is described by numbers, not by a density matrix:

* a **Werner pair** by its fidelity ``F = <phi+|rho|phi+>``; it is
  ``F |phi+><phi+| + (1-F)/3 (the other three Bell states)``, equivalently
  ``p |phi+><phi+| + (1-p) I/4`` with Werner parameter (visibility)
  ``p = (4F - 1)/3``;
* a **Bell-diagonal pair** by its four weights on the Bell states, in the
  library's order ``BELL_STATE_NAMES = ("phi+", "phi-", "psi+", "psi-")``
  (as in :func:`qinternet_edu.bell_diagonal_state`). The first weight is the
  fidelity.

Werner fidelities are taken in [1/4, 1] (a mixture of phi+ with white noise),
as in :mod:`qinternet_edu.states`.

Everything here is numpy only and vectorized: pass arrays of fidelities and
get arrays back. The formulas are checked in the tests against explicit
density-matrix computations with ``qiskit.quantum_info``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from ._validation import as_output, check_fidelity, check_real
from .information import binary_entropy

__all__ = [
    "CHSH_CLASSICAL_WIN_PROBABILITY",
    "CHSH_QUANTUM_WIN_PROBABILITY",
    "CHSHScore",
    "PurificationResult",
    "bbpssw",
    "bell_diagonal_fidelity",
    "chsh_score",
    "chsh_value",
    "dejmps",
    "swap_bell_diagonal",
    "swap_fidelity",
    "teleportation_fidelity",
    "werner_qber",
    "werner_to_bell_diagonal",
]

#: Best winning probability of the CHSH game with shared randomness only (Bell's bound).
CHSH_CLASSICAL_WIN_PROBABILITY = 0.75

#: Best quantum winning probability, cos^2(pi/8) ~ 0.854 (Tsirelson's bound,
#: B. S. Cirel'son, Lett. Math. Phys. 4, 93 (1980)).
CHSH_QUANTUM_WIN_PROBABILITY = math.cos(math.pi / 8.0) ** 2

# Each Bell state is phi+ with a Pauli on one qubit: phi+ = I, phi- = Z, psi+ = X,
# psi- = Y. In the order (phi+, phi-, psi+, psi-) the index k is the 2-bit label
# (x-bit, z-bit) of that Pauli, so composing two Paulis is k1 XOR k2.


@dataclass(frozen=True)
class PurificationResult:
    """Outcome of one purification round on two pairs.

    Attributes:
        fidelity: fidelity of the kept pair (given success).
        success_probability: probability that the round succeeds (outcomes agree).
        coefficients: Bell-diagonal weights ``(phi+, phi-, psi+, psi-)`` of the
            kept pair, shape ``(..., 4)``.
    """

    fidelity: float | np.ndarray
    success_probability: float | np.ndarray
    coefficients: np.ndarray = field(repr=False)


@dataclass(frozen=True)
class CHSHScore:
    """The CHSH value and game-winning probability for chosen angles and a Werner pair.

    Attributes:
        correlators: E(a0,b0), E(a0,b1), E(a1,b0), E(a1,b1).
        chsh_value: S = E00 + E01 + E10 - E11 (|S| <= 2 classically, <= 2 sqrt2 quantum).
        win_probability: probability of winning the CHSH game, 1/2 + S/8.
        classical_win_probability: 3/4, the best any classical strategy reaches.
        quantum_win_probability: cos^2(pi/8) ~ 0.854, Tsirelson's bound.
    """

    correlators: tuple
    chsh_value: float | np.ndarray
    win_probability: float | np.ndarray
    classical_win_probability: float = CHSH_CLASSICAL_WIN_PROBABILITY
    quantum_win_probability: float = CHSH_QUANTUM_WIN_PROBABILITY


def _output(value, *inputs):
    """A float when every input was a scalar, else a float array (internal helper)."""
    if all(np.ndim(x) == 0 and not isinstance(x, np.ndarray) for x in inputs):
        return float(value)
    return np.asarray(value, dtype=float)


def werner_to_bell_diagonal(fidelity):
    """Bell-diagonal weights (phi+, phi-, psi+, psi-) of a Werner pair: (F, (1-F)/3 x 3).

    Args:
        fidelity: Werner fidelity in [1/4, 1] (scalar or array).

    Returns:
        An array of shape ``(4,)`` (or ``fidelity.shape + (4,)``) summing to 1.

    Source: R. F. Werner, Phys. Rev. A 40, 4277 (1989).

    Example:
        >>> werner_to_bell_diagonal(0.7).round(2).tolist()
        [0.7, 0.1, 0.1, 0.1]
    """
    f = np.asarray(check_fidelity("fidelity", fidelity, low=0.25), dtype=float)
    rest = (1.0 - f) / 3.0
    return np.stack([f, rest, rest, rest], axis=-1)


def _check_bell_diagonal(name: str, coefficients) -> np.ndarray:
    arr = check_real(name, coefficients)
    arr = np.asarray(arr, dtype=float)
    if arr.ndim == 0 or arr.shape[-1] != 4:
        raise ValueError(
            f"{name} must have 4 Bell-diagonal weights (phi+, phi-, psi+, psi-) in its last "
            f"axis; got shape {arr.shape}"
        )
    if np.any(arr < 0.0) or np.any(arr > 1.0):
        raise ValueError(f"{name} must contain weights in [0, 1]; got {arr.tolist()!r}")
    sums = arr.sum(axis=-1)
    if np.any(np.abs(sums - 1.0) > 1e-9):
        bad = np.asarray(sums).ravel()[np.argmax(np.abs(np.asarray(sums).ravel() - 1.0))]
        raise ValueError(f"{name} must sum to 1 (within 1e-9); got a sum of {bad!r}")
    return arr


def bell_diagonal_fidelity(coefficients):
    """Fidelity with phi+ of a Bell-diagonal pair: its first weight.

    Args:
        coefficients: weights (phi+, phi-, psi+, psi-), non-negative, summing
            to 1; shape ``(4,)`` or ``(..., 4)``.

    Returns:
        The fidelity (float for one pair, array for many).

    Example:
        >>> bell_diagonal_fidelity([0.8, 0.1, 0.05, 0.05])
        0.8
    """
    arr = _check_bell_diagonal("coefficients", coefficients)
    out = arr[..., 0]
    return float(out) if out.ndim == 0 else out


def swap_fidelity(f1, f2):
    """Fidelity after swapping two Werner pairs: F = F1 F2 + (1 - F1)(1 - F2)/3.

    A Bell measurement on the two middle qubits, then the Pauli correction,
    joins A-B and B-C into A-C. Werner parameters multiply, p = p1 p2, which is
    the same formula. Swapping never raises the fidelity above min(F1, F2)
    when both exceed 1/4.

    Args:
        f1, f2: Werner fidelities in [1/4, 1] (scalars or broadcastable arrays).

    Returns:
        The fidelity of the swapped pair (Werner again).

    Source: H.-J. Briegel, W. Dür, J. I. Cirac, P. Zoller, "Quantum repeaters:
    the role of imperfect local operations in quantum communication", PRL 81,
    5932 (1998); W. J. Munro et al., IEEE J. Sel. Top. Quantum Electron. 21,
    6400813 (2015).

    Example:
        >>> round(swap_fidelity(0.9, 0.9), 4)
        0.8133
        >>> swap_fidelity(1.0, 1.0)
        1.0
    """
    a = np.asarray(check_fidelity("f1", f1, low=0.25))
    b = np.asarray(check_fidelity("f2", f2, low=0.25))
    out = a * b + (1.0 - a) * (1.0 - b) / 3.0
    return _output(out, f1, f2)


def swap_bell_diagonal(coefficients1, coefficients2):
    """Bell-diagonal weights after swapping two Bell-diagonal pairs.

    Each Bell state is phi+ with a Pauli error on one qubit; swapping composes
    the two errors, so the weight of the output Pauli k is the sum of
    c1[i] c2[j] over the pairs with P_i P_j = P_k (up to phase).

    Args:
        coefficients1, coefficients2: weights (phi+, phi-, psi+, psi-), each
            shape ``(4,)`` or ``(..., 4)`` (broadcast together).

    Returns:
        The swapped pair's weights, same order.

    Source: W. Dür, H.-J. Briegel, J. I. Cirac, P. Zoller, "Quantum repeaters
    based on entanglement purification", PRA 59, 169 (1999).

    Example:
        >>> swap_bell_diagonal([0.9, 0.1, 0, 0], [0.9, 0, 0.1, 0]).round(2).tolist()
        [0.81, 0.09, 0.09, 0.01]
    """
    c1 = _check_bell_diagonal("coefficients1", coefficients1)
    c2 = _check_bell_diagonal("coefficients2", coefficients2)
    c1, c2 = np.broadcast_arrays(c1, c2)
    out = np.zeros(c1.shape)
    for i in range(4):
        for j in range(4):
            out[..., i ^ j] += c1[..., i] * c2[..., j]
    return out


def bbpssw(fidelity, other_fidelity=None):
    """One round of BBPSSW recurrence purification on two Werner pairs.

    Both nodes apply a CNOT from the first pair to the second and measure the
    second pair in the Z basis; they keep the first pair when the outcomes
    agree, then twirl it back to Werner form. For two pairs of fidelity F:

        F' = (F^2 + (1-F)^2/9) / N,   N = F^2 + 2F(1-F)/3 + 5(1-F)^2/9,

    and N is the success probability. F' > F exactly when 1/2 < F < 1.

    Args:
        fidelity: Werner fidelity of the first pair, in [1/4, 1] (scalar or array).
        other_fidelity: fidelity of the second pair (default: the same as the first).

    Returns:
        ``PurificationResult`` with the output ``fidelity`` (Werner, after the
        twirl), its ``success_probability`` and the Werner ``coefficients``.

    Source: C. H. Bennett, G. Brassard, S. Popescu, B. Schumacher, J. A.
    Smolin, W. K. Wootters, "Purification of noisy entanglement and faithful
    teleportation via noisy channels", PRL 76, 722 (1996).

    Example:
        >>> r = bbpssw(0.8)
        >>> round(r.fidelity, 4), round(r.success_probability, 4)
        (0.8382, 0.7689)
    """
    f1 = np.asarray(check_fidelity("fidelity", fidelity, low=0.25))
    if other_fidelity is None:
        f2, other_fidelity = f1, fidelity
    else:
        f2 = np.asarray(check_fidelity("other_fidelity", other_fidelity, low=0.25))
    e1, e2 = (1.0 - f1) / 3.0, (1.0 - f2) / 3.0
    norm = f1 * f2 + f1 * e2 + f2 * e1 + 5.0 * e1 * e2
    out = (f1 * f2 + e1 * e2) / norm
    return PurificationResult(
        fidelity=_output(out, fidelity, other_fidelity),
        success_probability=_output(norm, fidelity, other_fidelity),
        coefficients=werner_to_bell_diagonal(out),
    )


def dejmps(bell_diagonal, other=None):
    """One round of DEJMPS purification on two Bell-diagonal pairs.

    Alice rotates her qubits by exp(-i pi X/4), Bob by exp(+i pi X/4); both
    apply a CNOT from the first pair to the second and measure the second in
    Z, keeping the first pair when the outcomes agree. With weights
    Deutsch et al.'s (A, B, C, D) = (phi+, psi-, psi+, phi-) on two equal pairs:

        A' = (A^2 + B^2)/N,  B' = 2CD/N,  C' = (C^2 + D^2)/N,  D' = 2AB/N,
        N = (A + B)^2 + (C + D)^2 (the success probability).

    No twirl: the output stays Bell diagonal, which is why DEJMPS converges
    faster than BBPSSW.

    Args:
        bell_diagonal: weights (phi+, phi-, psi+, psi-) of the first pair,
            shape ``(4,)`` or ``(..., 4)``, non-negative, summing to 1.
        other: weights of the second pair (default: the same as the first).

    Returns:
        ``PurificationResult`` with ``coefficients`` of the kept pair, its
        ``fidelity`` (first weight) and ``success_probability``.

    Source: D. Deutsch, A. Ekert, R. Jozsa, C. Macchiavello, S. Popescu,
    A. Sanpera, "Quantum privacy amplification and the security of quantum
    cryptography over noisy channels", PRL 77, 2818 (1996).

    Example:
        >>> r = dejmps([0.8, 0.2 / 3, 0.2 / 3, 0.2 / 3])
        >>> round(r.fidelity, 4), round(r.success_probability, 4)
        (0.8382, 0.7689)
    """
    c1 = _check_bell_diagonal("bell_diagonal", bell_diagonal)
    c2 = c1 if other is None else _check_bell_diagonal("other", other)
    c1, c2 = np.broadcast_arrays(c1, c2)
    # Deutsch et al. name the weights A = phi+, B = psi-, C = psi+, D = phi-.
    a1, d1, cc1, b1 = (c1[..., k] for k in range(4))
    a2, d2, cc2, b2 = (c2[..., k] for k in range(4))
    norm = (a1 + b1) * (a2 + b2) + (cc1 + d1) * (cc2 + d2)
    new = (
        np.stack(
            [
                a1 * a2 + b1 * b2,  # phi+ (A')
                a1 * b2 + b1 * a2,  # phi- (D')
                cc1 * cc2 + d1 * d2,  # psi+ (C')
                cc1 * d2 + d1 * cc2,  # psi- (B')
            ],
            axis=-1,
        )
        / norm[..., None]
    )
    fid = new[..., 0]
    return PurificationResult(
        fidelity=float(fid) if fid.ndim == 0 else fid,
        success_probability=float(norm) if norm.ndim == 0 else norm,
        coefficients=new,
    )


def teleportation_fidelity(pair_fidelity):
    """Average fidelity of standard teleportation through a pair: f = (2F + 1)/3.

    With a Bell-diagonal pair of fidelity F the teleported qubit suffers a
    Pauli channel whose entanglement fidelity is F; averaged over all input
    states this gives (2F + 1)/3. It beats the classical 2/3 (measure and
    re-prepare) exactly when F > 1/2.

    Args:
        pair_fidelity: fidelity of the shared pair with phi+, in [0, 1].

    Returns:
        The average teleportation fidelity in [1/3, 1].

    Source: M. Horodecki, P. Horodecki, R. Horodecki, "General teleportation
    channel, singlet fraction, and quasidistillation", PRA 60, 1888 (1999).

    Example:
        >>> teleportation_fidelity(1.0)
        1.0
        >>> round(teleportation_fidelity(0.5), 4)
        0.6667
    """
    f = check_fidelity("pair_fidelity", pair_fidelity)
    return as_output((2.0 * np.asarray(f) + 1.0) / 3.0, pair_fidelity)


def chsh_value(fidelity=None, *, visibility=None):
    """Largest CHSH value S of a Werner pair, with optimal angles: S = 2 sqrt2 p.

    Pass either the Werner ``fidelity`` F (then p = (4F - 1)/3) or the
    ``visibility`` p directly. A pair violates the classical bound S <= 2
    exactly when p > 1/sqrt2 (F > (1 + 3/sqrt2)/4 ~ 0.78).

    Args:
        fidelity: Werner fidelity in [1/4, 1] (scalar or array).
        visibility: Werner parameter p in [0, 1], instead of ``fidelity``.

    Returns:
        The maximal CHSH value, in [0, 2 sqrt2].

    Source: R. Horodecki, P. Horodecki, M. Horodecki, "Violating Bell
    inequality by mixed spin-1/2 states: necessary and sufficient condition",
    Phys. Lett. A 200, 340 (1995); J. F. Clauser, M. A. Horne, A. Shimony,
    R. A. Holt, PRL 23, 880 (1969).

    Example:
        >>> round(chsh_value(1.0), 4)
        2.8284
        >>> round(chsh_value(visibility=1 / 2**0.5), 4)
        2.0
    """
    if (fidelity is None) == (visibility is None):
        raise ValueError("pass exactly one of fidelity or visibility")
    if fidelity is not None:
        f = check_fidelity("fidelity", fidelity, low=0.25)
        p = (4.0 * np.asarray(f) - 1.0) / 3.0
        like = fidelity
    else:
        p = np.asarray(check_real("visibility", visibility, low=0.0, high=1.0))
        like = visibility
    return as_output(2.0 * math.sqrt(2.0) * p, like)


def chsh_score(alice_angle_0, alice_angle_1, bob_angle_0, bob_angle_1, *, visibility=1.0):
    """CHSH value and game-winning probability for chosen measurement angles.

    Each party measures the observable cos(theta) Z + sin(theta) X, an axis at
    angle theta (radians) in the X-Z plane of the Bloch sphere; outcome +1
    means bit 0. On the Werner pair p |phi+><phi+| + (1 - p) I/4 the
    correlator is E(a, b) = p cos(a - b). The CHSH game (inputs x, y, win when
    a XOR b = x AND y) is won with probability 1/2 + S/8. The optimal angles
    a = (0, pi/2), b = (pi/4, -pi/4) reach cos^2(pi/8) for p = 1.

    Args:
        alice_angle_0, alice_angle_1: Alice's axes for inputs x = 0, 1 (radians).
        bob_angle_0, bob_angle_1: Bob's axes for inputs y = 0, 1 (radians).
        visibility: Werner parameter p in [0, 1] (1 = perfect phi+).

    Returns:
        ``CHSHScore`` with the four correlators, S, the winning probability
        and the classical (3/4) and Tsirelson (cos^2(pi/8)) bounds.

    Source: J. F. Clauser, M. A. Horne, A. Shimony, R. A. Holt, PRL 23, 880
    (1969); the game form: R. Cleve, P. Hoyer, B. Toner, J. Watrous, "Consequences
    and limits of nonlocal strategies", CCC 2004; B. S. Cirel'son, Lett. Math.
    Phys. 4, 93 (1980).

    Example:
        >>> import math
        >>> s = chsh_score(0, math.pi / 2, math.pi / 4, -math.pi / 4)
        >>> round(s.chsh_value, 4), round(s.win_probability, 4)
        (2.8284, 0.8536)
        >>> round(chsh_score(0, 0, 0, 0).win_probability, 4)  # a classical strategy
        0.75
    """
    angles = [
        check_real(name, value)
        for name, value in (
            ("alice_angle_0", alice_angle_0),
            ("alice_angle_1", alice_angle_1),
            ("bob_angle_0", bob_angle_0),
            ("bob_angle_1", bob_angle_1),
        )
    ]
    p = check_real("visibility", visibility, low=0.0, high=1.0)
    a0, a1, b0, b1 = (np.asarray(a) for a in angles)
    pv = np.asarray(p)
    e00, e01 = pv * np.cos(a0 - b0), pv * np.cos(a0 - b1)
    e10, e11 = pv * np.cos(a1 - b0), pv * np.cos(a1 - b1)
    s = e00 + e01 + e10 - e11
    inputs = (alice_angle_0, alice_angle_1, bob_angle_0, bob_angle_1, visibility)

    def out(x):
        return _output(x, *inputs)

    return CHSHScore(
        correlators=(out(e00), out(e01), out(e10), out(e11)),
        chsh_value=out(s),
        win_probability=out(0.5 + s / 8.0),
    )


def werner_qber(fidelity):
    """Bit error rate of a Werner pair measured in any basis: Q = 2(1 - F)/3.

    Args:
        fidelity: Werner fidelity in [1/4, 1].

    Returns:
        The QBER, equal in the Z and X bases.

    Source: the Werner state is isotropic: p = (4F-1)/3 and Q = (1 - p)/2.

    Example:
        >>> round(werner_qber(0.97), 4)
        0.02
    """
    f = check_fidelity("fidelity", fidelity, low=0.25)
    return as_output(2.0 * (1.0 - np.asarray(f)) / 3.0, fidelity)


def _bbm92_key_fraction(fidelity):
    """Asymptotic BBM92 key fraction max(0, 1 - 2 h(Q)) of Werner pairs (internal)."""
    q = np.asarray(werner_qber(fidelity), dtype=float)
    return np.maximum(0.0, 1.0 - 2.0 * np.asarray(binary_entropy(np.minimum(q, 1.0))))
