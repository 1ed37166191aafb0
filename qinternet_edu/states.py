"""Two-qubit states of the course: Bell states, Werner states, Bell-diagonal states, fidelity.

Conventions used throughout the library:

* Qubit order is Qiskit's: in a label such as ``|01>`` the *right* character
  is qubit 0 (Alice's) and the left one qubit 1 (Bob's). The four Bell states
  are ``phi+ = (|00> + |11>)/sqrt2``, ``phi- = (|00> - |11>)/sqrt2``,
  ``psi+ = (|01> + |10>)/sqrt2`` and ``psi- = (|01> - |10>)/sqrt2``.
* A *Werner pair* with parameter ``p`` is ``rho = p |phi+><phi+| + (1 - p) I/4``:
  with probability ``p`` the perfect pair, otherwise white noise. Its fidelity
  with ``phi+`` is ``F = (1 + 3p)/4``. The course takes ``p`` in [0, 1], so
  ``F`` in [1/4, 1]. (The matrix stays a valid state down to ``p = -1/3``,
  ``F = 0``, but it is then no longer a mixture of ``phi+`` with noise; build
  such states with :func:`bell_diagonal_state`.)
* Fidelity is the squared Uhlmann fidelity
  ``F(rho, sigma) = (tr sqrt(sqrt(rho) sigma sqrt(rho)))^2``, as in
  ``qiskit.quantum_info.state_fidelity``; for a pure target it is
  ``<psi| rho |psi>``.

Qiskit is imported inside the functions that build matrices, so that
``import qinternet_edu`` stays light; the parameter conversions are pure numpy.
"""

from __future__ import annotations

import math

import numpy as np

from ._validation import as_output, check_choice, check_fidelity, check_real

__all__ = [
    "BELL_STATE_NAMES",
    "bell_diagonal_state",
    "bell_state",
    "bell_statevector",
    "fidelity",
    "werner_fidelity_to_parameter",
    "werner_parameter_to_fidelity",
    "werner_state",
]

#: The four Bell states, in the order used by :func:`bell_diagonal_state`.
BELL_STATE_NAMES = ("phi+", "phi-", "psi+", "psi-")

_S = 1.0 / math.sqrt(2.0)
# Amplitudes over the computational basis |00>, |01>, |10>, |11> (Qiskit labels q1 q0).
_BELL_AMPLITUDES = {
    "phi+": (_S, 0.0, 0.0, _S),
    "phi-": (_S, 0.0, 0.0, -_S),
    "psi+": (0.0, _S, _S, 0.0),
    "psi-": (0.0, _S, -_S, 0.0),
}


def _werner_fidelity(name, value):
    """Check a Werner fidelity in [1/4, 1], with a hint for F < 1/4."""
    try:
        return check_fidelity(name, value, low=0.25)
    except ValueError as error:
        raise ValueError(
            f"{error} (a Werner pair mixes phi+ with white noise, so its fidelity is at least "
            "1/4; for F < 1/4 use bell_diagonal_state)"
        ) from None


def _werner_parameter(name, value):
    try:
        return check_real(name, value, low=0.0, high=1.0)
    except ValueError as error:
        raise ValueError(
            f"{error} (the Werner parameter is the weight of phi+ in a mixture with white "
            "noise; states with p in [-1/3, 0) are physical but are built with "
            "bell_diagonal_state)"
        ) from None


def bell_statevector(name="phi+"):
    """One of the four Bell states as a qiskit ``Statevector``.

    Args:
        name: ``"phi+"``, ``"phi-"``, ``"psi+"`` or ``"psi-"``.

    Returns:
        A two-qubit ``qiskit.quantum_info.Statevector``.

    Source: J. S. Bell's states as named in S. L. Braunstein, A. Mann,
    M. Revzen, "Maximal violation of Bell inequalities for mixed states",
    Phys. Rev. Lett. 68, 3259 (1992).

    Example:
        >>> sv = bell_statevector("psi-")
        >>> sv.probabilities().round(6).tolist()  # |00>, |01>, |10>, |11>
        [0.0, 0.5, 0.5, 0.0]
    """
    from qiskit.quantum_info import Statevector

    check_choice("name", name, BELL_STATE_NAMES)
    return Statevector(np.array(_BELL_AMPLITUDES[name], dtype=complex))


def bell_state(name="phi+"):
    """One of the four Bell states as a qiskit ``DensityMatrix``.

    Args:
        name: ``"phi+"``, ``"phi-"``, ``"psi+"`` or ``"psi-"``.

    Returns:
        A two-qubit ``qiskit.quantum_info.DensityMatrix`` (a pure state).

    Example:
        >>> rho = bell_state("phi+")
        >>> round(float(rho.purity().real), 6)
        1.0
        >>> round(fidelity(rho, bell_state("phi-")), 6)
        0.0
    """
    from qiskit.quantum_info import DensityMatrix

    return DensityMatrix(bell_statevector(name))


def werner_fidelity_to_parameter(fidelity):
    """Werner parameter p from the fidelity F with phi+: p = (4F - 1) / 3.

    Args:
        fidelity: F in [1/4, 1] (scalar or array).

    Returns:
        p in [0, 1], the weight of phi+ in ``p |phi+><phi+| + (1 - p) I/4``.

    Source: R. F. Werner, "Quantum states with Einstein-Podolsky-Rosen
    correlations admitting a hidden-variable model", Phys. Rev. A 40, 4277
    (1989); parametrised by fidelity as in C. H. Bennett et al., Phys. Rev.
    Lett. 76, 722 (1996).

    Example:
        >>> werner_fidelity_to_parameter(0.25)
        0.0
        >>> werner_fidelity_to_parameter(1.0)
        1.0
        >>> werner_fidelity_to_parameter([0.25, 0.625, 1.0]).tolist()
        [0.0, 0.5, 1.0]
    """
    f = _werner_fidelity("fidelity", fidelity)
    return as_output((4.0 * np.asarray(f) - 1.0) / 3.0, fidelity)


def werner_parameter_to_fidelity(p):
    """Fidelity with phi+ of the Werner pair with parameter p: F = (1 + 3p) / 4.

    Args:
        p: the Werner parameter in [0, 1] (scalar or array).

    Returns:
        F in [1/4, 1].

    Source: R. F. Werner, Phys. Rev. A 40, 4277 (1989).

    Example:
        >>> werner_parameter_to_fidelity(0.5)
        0.625
    """
    w = _werner_parameter("p", p)
    return as_output((1.0 + 3.0 * np.asarray(w)) / 4.0, p)


def bell_diagonal_state(coefficients):
    """The mixture sum_k lambda_k |B_k><B_k| of the four Bell states.

    Args:
        coefficients: four probabilities (lambda_phi+, lambda_phi-,
            lambda_psi+, lambda_psi-), in the order of ``BELL_STATE_NAMES``,
            each in [0, 1] and adding up to 1 (within 1e-9).

    Returns:
        A two-qubit ``qiskit.quantum_info.DensityMatrix``. Its fidelity with
        phi+ is lambda_phi+.

    Source: R. Horodecki, M. Horodecki, "Information-theoretic aspects of
    inseparability of mixed states", Phys. Rev. A 54, 1838 (1996).

    Example:
        >>> rho = bell_diagonal_state([0.7, 0.1, 0.1, 0.1])
        >>> round(fidelity(rho, bell_state("phi+")), 6)
        0.7
    """
    from qiskit.quantum_info import DensityMatrix

    lam = check_real("coefficients", coefficients, low=0.0, high=1.0)
    lam = np.atleast_1d(lam)
    if lam.shape != (4,):
        raise ValueError(
            f"coefficients must hold four probabilities (phi+, phi-, psi+, psi-); "
            f"got shape {lam.shape}"
        )
    if not math.isclose(float(lam.sum()), 1.0, abs_tol=1e-9):
        raise ValueError(f"coefficients must add up to 1; got sum {float(lam.sum())!r}")
    rho = np.zeros((4, 4), dtype=complex)
    for weight, name in zip(lam, BELL_STATE_NAMES, strict=True):
        v = np.array(_BELL_AMPLITUDES[name], dtype=complex)
        rho += weight * np.outer(v, v.conj())
    return DensityMatrix(rho)


def werner_state(fidelity):
    """The Werner pair with fidelity F: rho = p |phi+><phi+| + (1 - p) I/4, p = (4F - 1)/3.

    Args:
        fidelity: F in [1/4, 1], the fidelity with phi+ (a scalar).

    Returns:
        A two-qubit ``qiskit.quantum_info.DensityMatrix``, Bell-diagonal with
        coefficients (F, (1-F)/3, (1-F)/3, (1-F)/3). It is entangled exactly
        when F > 1/2.

    Source: R. F. Werner, Phys. Rev. A 40, 4277 (1989).

    Example:
        >>> rho = werner_state(0.85)
        >>> round(fidelity(rho, bell_state("phi+")), 6)
        0.85
        >>> round(float(rho.purity().real), 4)  # F^2 + (1-F)^2/3
        0.73
    """
    if np.ndim(fidelity) != 0:
        raise TypeError(f"fidelity must be a single number for werner_state; got {fidelity!r}")
    f = _werner_fidelity("fidelity", fidelity)
    rest = (1.0 - f) / 3.0
    return bell_diagonal_state([f, rest, rest, rest])


def _as_quantum_state(name, state):
    from qiskit.quantum_info import DensityMatrix, Statevector

    if isinstance(state, Statevector | DensityMatrix):
        return state
    if isinstance(state, np.ndarray | list | tuple):
        arr = np.asarray(state)
        if arr.dtype.kind not in "iufc":
            raise TypeError(f"{name} must be a state vector or density matrix; got {arr.dtype}")
        try:
            if arr.ndim == 1:
                result = Statevector(arr)
            elif arr.ndim == 2 and arr.shape[0] == arr.shape[1]:
                result = DensityMatrix(arr)
            else:
                raise ValueError(f"shape {arr.shape}")
        except Exception as error:
            raise ValueError(
                f"{name} must be a state vector or a square density matrix whose size is a "
                f"power of 2; got {error}"
            ) from None
        if not result.is_valid(atol=1e-8):
            raise ValueError(f"{name} must be a valid (normalised, positive) quantum state")
        return result
    raise TypeError(
        f"{name} must be a qiskit Statevector or DensityMatrix (or a numpy array); "
        f"got {type(state).__name__}"
    )


def fidelity(state, target):
    """Uhlmann fidelity of two states, squared convention: (tr sqrt(sqrt(rho) sigma sqrt(rho)))^2.

    This is the convention of ``qiskit.quantum_info.state_fidelity``: for a
    pure target ``|psi>`` it is the overlap ``<psi| rho |psi>`` (not its square
    root), so a Werner pair of fidelity F has ``fidelity(werner_state(F),
    bell_state()) == F``. It is computed from eigen-decompositions as
    ``(sum of singular values of sqrt(rho) sqrt(sigma))^2``, and as an exact
    overlap when either state is pure, so it is accurate to about 1e-12
    (Qiskit's matrix square roots give errors near 1e-9 for pure density
    matrices).

    Args:
        state, target: qiskit ``Statevector`` or ``DensityMatrix`` objects (or
            a numpy vector / square matrix) of the same dimension.

    Returns:
        A float in [0, 1].

    Source: A. Uhlmann, "The 'transition probability' in the state space of
    a *-algebra", Rep. Math. Phys. 9, 273 (1976); R. Jozsa, "Fidelity for
    mixed quantum states", J. Mod. Opt. 41, 2315 (1994).

    Example:
        >>> round(fidelity(bell_state("phi+"), werner_state(0.9)), 6)
        0.9
    """
    from qiskit.quantum_info import Statevector

    a = _as_quantum_state("state", state)
    b = _as_quantum_state("target", target)
    if a.dim != b.dim:
        raise ValueError(f"state and target must have the same dimension; got {a.dim} and {b.dim}")
    if isinstance(a, Statevector) or isinstance(b, Statevector):
        if not isinstance(a, Statevector):
            a, b = b, a
        psi = np.asarray(a.data)
        other = np.asarray(b.data)
        value = abs(np.vdot(psi, other)) ** 2 if other.ndim == 1 else np.vdot(psi, other @ psi)
        return _unit_interval(float(np.real(value)))
    return _unit_interval(_mixed_fidelity(np.asarray(a.data), np.asarray(b.data)))


def _unit_interval(value: float) -> float:
    # Round-off may step a hair (~1e-15) outside [0, 1]; anything larger is a bug.
    if -1e-9 <= value < 0.0 or 1.0 < value <= 1.0 + 1e-9:
        value = min(max(value, 0.0), 1.0)
    return value


def _psd_sqrt(rho: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Eigen-decomposition of a density matrix with round-off eigenvalues set to 0."""
    rho = (rho + rho.conj().T) / 2.0
    values, vectors = np.linalg.eigh(rho)
    values = np.where(values > 1e-14 * max(values.max(), 1.0), values, 0.0)
    return values, vectors, (vectors * np.sqrt(values)) @ vectors.conj().T


def _mixed_fidelity(rho: np.ndarray, sigma: np.ndarray) -> float:
    """(tr|sqrt(rho) sqrt(sigma)|)^2, with a pure state handled as an exact overlap."""
    values_r, vectors_r, sqrt_r = _psd_sqrt(rho)
    values_s, vectors_s, sqrt_s = _psd_sqrt(sigma)
    if np.count_nonzero(values_r) == 1:
        psi = vectors_r[:, np.argmax(values_r)]
        return float(np.real(np.vdot(psi, sigma @ psi))) * float(values_r.max())
    if np.count_nonzero(values_s) == 1:
        psi = vectors_s[:, np.argmax(values_s)]
        return float(np.real(np.vdot(psi, rho @ psi))) * float(values_s.max())
    singular = np.linalg.svd(sqrt_r @ sqrt_s, compute_uv=False)
    return float(np.sum(singular) ** 2)
