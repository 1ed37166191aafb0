"""Build the instructor source of exercises 13 (run from the repository root).

    python exercises/authoring/build_13_telescopes.py
    jupyter nbconvert --to notebook --execute --inplace \
        --ExecutePreprocessor.record_timing=False exercises/source/13_telescopes/13_telescopes.ipynb
    qinternet-edu release
"""

from qinternet_edu.exercises.authoring import (
    Markdown,
    TaskCells,
    build_source_notebook,
    write_notebook,
)

CELLS = [
    Markdown(
        """\
Two telescopes a distance B (the *baseline*) apart, observing at wavelength λ, resolve
angles of about λ/B. Astronomers quote small angles in arcseconds: 1 rad = 180/π degrees,
1 degree = 3600 arcseconds, 1 arcsecond = 1000 milliarcseconds (mas) = 10⁶ microarcseconds
(µas)."""
    ),
    TaskCells(
        "13.1",
        answer="resolution_uas",
        prompt="""\
**Input:** `baseline_m` (metres) and `wavelength_m` (metres).

**Goal:** return the angular resolution λ/B of the two-telescope interferometer in
**microarcseconds**.""",
        solution='''\
def resolution_uas(baseline_m, wavelength_m):
    """Return lambda / B in microarcseconds."""
    ### BEGIN SOLUTION
    return wavelength_m / baseline_m * np.degrees(1.0) * 3600e6
    ### END SOLUTION''',
    ),
    Markdown(
        """\
### The visibility of a star

An interferometer measures the visibility g. For a uniformly bright disk of angular diameter
θ, the van Cittert–Zernike theorem gives |g| = |2J₁(x)/x| with x = πBθ/λ, where J₁ is the
Bessel function of the first kind of order 1 (`scipy.special.j1`)."""
    ),
    TaskCells(
        "13.2",
        answer="disk_visibility",
        prompt="""\
**Input:** `baseline_m`, `wavelength_m` (metres) and the disk's `angular_diameter_rad`
(radians, ≥ 0).

**Goal:** return the magnitude |g| of the visibility (a float in [0, 1]). Mind the baselines
past the first null, and the zero baseline (or a point source).""",
        solution='''\
def disk_visibility(baseline_m, wavelength_m, angular_diameter_rad):
    """Return |2 J1(x) / x| with x = pi B theta / lambda."""
    ### BEGIN SOLUTION
    x = np.pi * baseline_m * angular_diameter_rad / wavelength_m
    if x == 0:
        return 1.0
    return abs(2 * j1(x) / x)
    ### END SOLUTION''',
    ),
    TaskCells(
        "13.3",
        answer="null_baseline",
        prompt="""\
A star is clearly resolved once the visibility of its disk drops to zero for the first time.

**Input:** the star's angular diameter `angular_diameter_mas` in **milliarcseconds** and the
`wavelength_m`.

**Goal:** return the shortest baseline (metres) at which the visibility of the uniform disk
is zero.""",
        solution='''\
def null_baseline(angular_diameter_mas, wavelength_m):
    """Return the baseline (m) of the first zero of the disk's visibility."""
    ### BEGIN SOLUTION
    theta = np.radians(angular_diameter_mas / 3600e3)
    first_zero = jn_zeros(1, 1)[0]
    return first_zero * wavelength_m / (np.pi * theta)
    ### END SOLUTION''',
    ),
    Markdown(
        """\
### Measuring a star with a shared photon

In the scheme of Gottesman, Jennewein and Croke (PRL 109, 070503 (2012)) each useful star
photon gives one click at each telescope, on the "same" side with probability
(1 + V cos(φ − δ))/2, where g = V e^{iφ} and δ is the phase of the shared photon. Half of
the useful photons were recorded with δ = 0 and half with δ = π/2. This star is **not** on
the pointing axis, so φ ≠ 0."""
    ),
    TaskCells(
        "13.4",
        answer="diameter_from_counts",
        prompt="""\
**Input:** `same_0` "same" events out of `n_0` useful photons at δ = 0; `same_90` out of
`n_90` at δ = π/2; the `baseline_m` and `wavelength_m`.

**Goal:** estimate V from the counts and return the angular diameter θ (radians) of the
uniform disk whose visibility at this baseline is V, taking the solution before the first
null. The check allows a relative difference of 10⁻⁴.""",
        solution='''\
def diameter_from_counts(same_0, n_0, same_90, n_90, baseline_m, wavelength_m):
    """Return the disk's angular diameter (rad) from the click counts."""
    ### BEGIN SOLUTION
    c = 2 * same_0 / n_0 - 1
    s = 2 * same_90 / n_90 - 1
    v = np.hypot(c, s)
    x = brentq(lambda x: 2 * j1(x) / x - v, 1e-12, jn_zeros(1, 1)[0], xtol=1e-14)
    return x * wavelength_m / (np.pi * baseline_m)
    ### END SOLUTION''',
    ),
]

if __name__ == "__main__":
    notebook = build_source_notebook(
        "13",
        intro="Long-baseline interferometry: resolution, the visibility of a stellar disk, the "
        "baseline that resolves a star, and a star's size measured with the "
        "entanglement-assisted interferometer.",
        imports=(
            "import numpy as np\nfrom scipy.optimize import brentq\n"
            "from scipy.special import j1, jn_zeros\n\nimport qinternet_edu as qie"
        ),
        cells=CELLS,
    )
    print(write_notebook(notebook, "exercises/source/13_telescopes/13_telescopes.ipynb"))
