"""Build the instructor source of exercises 08 (run from the repository root).

    python exercises/authoring/build_08_satellites.py
    jupyter nbconvert --to notebook --execute --inplace \
        --ExecutePreprocessor.record_timing=False exercises/source/08_satellites/08_satellites.ipynb
    qinternet-edu release
"""

from qinternet_edu.exercises.authoring import (
    Markdown,
    TaskCells,
    build_source_notebook,
    write_notebook,
)

INTRO = """\
The geometry of a satellite pass and the loss of a free-space link: slant range, diffraction,
two downlinks at once against fiber, and how long a satellite stays in view. The course
notebook is [08 · Satellites](../notebooks/08_satellites.ipynb)."""

CELLS = [
    Markdown(
        """\
Use a round Earth of radius `qie.EARTH_RADIUS_KM` (6,371 km) and circular orbits. Angles are
given in degrees; numpy's trigonometric functions want radians (`np.radians`)."""
    ),
    TaskCells(
        "08.1",
        answer="slant_range",
        prompt="""\
**Input:** `elevation_deg`, the satellite's elevation above the horizon (0 to 90 degrees), and
`altitude_km`, its orbit altitude.

**Goal:** return the slant range, the straight-line distance from the ground station to the
satellite, in km (a float).""",
        solution='''\
def slant_range(elevation_deg, altitude_km):
    """Return the station-satellite distance in km."""
    ### BEGIN SOLUTION
    R = qie.EARTH_RADIUS_KM
    e = np.radians(elevation_deg)
    return float(np.sqrt((R + altitude_km) ** 2 - (R * np.cos(e)) ** 2) - R * np.sin(e))
    ### END SOLUTION''',
    ),
    Markdown(
        """\
### Diffraction

A Gaussian beam leaves a telescope of diameter $D_t$ with waist $w_0 = D_t/2$ and spreads with
the far-field half-angle $\\theta = \\lambda/(\\pi w_0)$: after a distance $L$ its radius is
$w = \\sqrt{w_0^2 + (\\theta L)^2}$. A centred telescope of diameter $D_r$ (radius $a = D_r/2$)
collects the fraction $1 - e^{-2a^2/w^2}$ of its power."""
    ),
    TaskCells(
        "08.2",
        answer="geometric_loss_db",
        prompt="""\
**Input:** `wavelength_m`, `transmitter_aperture_m` ($D_t$), `receiver_aperture_m` ($D_r$), all
in metres, and `range_km`, the distance in km.

**Goal:** return the geometric (diffraction) loss of the link in dB, $-10\\log_{10}$ of the
collected fraction, for a diffraction-limited beam with no pointing error. Within 0.01 dB.""",
        solution='''\
def geometric_loss_db(wavelength_m, transmitter_aperture_m, receiver_aperture_m, range_km):
    """Return the diffraction loss in dB of a Gaussian beam caught by a circular telescope."""
    ### BEGIN SOLUTION
    w0 = transmitter_aperture_m / 2
    theta = wavelength_m / (np.pi * w0)
    w_sq = w0**2 + (theta * range_km * 1e3) ** 2
    a = receiver_aperture_m / 2
    fraction = -np.expm1(-2 * a**2 / w_sq)
    return float(-10 * np.log10(fraction))
    ### END SOLUTION''',
    ),
    Markdown(
        """\
### Two downlinks at once

An entangled pair reaches two stations only if both photons arrive. Model each downlink with
`qie.link_budget` with `direction="downlink"`, `wavelength_m=810e-9`, the station's
`receiver_aperture_m` and `beam_divergence_rad=qie.MICIUS_DOWNLINK_DIVERGENCE_RAD` (the Micius
entangled-photon downlinks; other parameters at their defaults). Compare with
sending the two photons through fiber at 0.2 dB/km, `fiber_length_km` in total."""
    ),
    TaskCells(
        "08.3",
        answer="dual_downlink_vs_fiber",
        prompt="""\
**Input:** `slant_ranges_km`, `elevations_deg` and `receiver_apertures_m`, each a pair (one value
per station), and `fiber_length_km`.

**Goal:** return a pair `(total_loss_db, orders_of_magnitude)`: the loss in dB for a photon
pair to reach both stations, and how many powers of ten more pairs arrive than through the
fiber.""",
        solution='''\
def dual_downlink_vs_fiber(slant_ranges_km, elevations_deg, receiver_apertures_m, fiber_length_km):
    """Return (total loss in dB of two downlinks, orders of magnitude better than fiber)."""
    ### BEGIN SOLUTION
    total = 0.0
    for d, e, a in zip(slant_ranges_km, elevations_deg, receiver_apertures_m):
        budget = qie.link_budget(
            slant_range_km=d,
            elevation_deg=e,
            direction="downlink",
            wavelength_m=810e-9,
            receiver_aperture_m=a,
            beam_divergence_rad=qie.MICIUS_DOWNLINK_DIVERGENCE_RAD,
        )
        total += float(budget.total_loss_db)
    fiber_db = 0.2 * fiber_length_km
    return total, (fiber_db - total) / 10
    ### END SOLUTION''',
    ),
    Markdown(
        """\
### How long a pass lasts

A satellite at altitude $h$ circles at angular speed $\\omega = \\sqrt{GM/(R+h)^3}$
(`qie.GM_EARTH_KM3_PER_S2`); ignore the Earth's rotation. Its ground track passes the station
so that the highest elevation of the pass is `max_elevation_deg`."""
    ),
    TaskCells(
        "08.4",
        answer="pass_duration",
        prompt="""\
**Input:** `altitude_km`, `max_elevation_deg` (the culmination of the pass) and
`min_elevation_deg` (the lowest usable elevation, at most `max_elevation_deg`).

**Goal:** return the time in seconds that the satellite spends above `min_elevation_deg`
during the pass. (Overhead at 500 km and above 10 degrees: about 7.4 minutes.)""",
        solution='''\
def pass_duration(altitude_km, max_elevation_deg, min_elevation_deg):
    """Return the time (s) a satellite spends above min_elevation_deg in one pass."""
    ### BEGIN SOLUTION
    R = qie.EARTH_RADIUS_KM
    r = R + altitude_km

    def central_angle(elevation_deg):
        e = np.radians(elevation_deg)
        return np.arccos(R * np.cos(e) / r) - e

    beta = central_angle(max_elevation_deg)
    edge = central_angle(min_elevation_deg)
    phi_edge = np.arccos(min(1.0, np.cos(edge) / np.cos(beta)))
    omega = np.sqrt(qie.GM_EARTH_KM3_PER_S2 / r**3)
    return float(2 * phi_edge / omega)
    ### END SOLUTION''',
    ),
    Markdown(
        """\
### Think about it

With your 08.3 function, the Micius geometry gives a summed loss far below the 64-82 dB that
Yin et al. (2017) measured. Which losses does the model leave out? How many dB per downlink
would you add (`extra_loss_db=` of `qie.link_budget`) to match, and how does that compare with
the unmodelled loss of the QKD downlink in the course notebook?"""
    ),
]


def main():
    nb = build_source_notebook("08", intro=INTRO, cells=CELLS)
    write_notebook(nb, "exercises/source/08_satellites/08_satellites.ipynb")


if __name__ == "__main__":
    main()
