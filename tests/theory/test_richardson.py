"""Richardson's arms race (MODELS.md 1): cases, stability, closed form, discrete time, fits."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy.integrate import solve_ivp

from realpolitik.citations import BIBTEX
from realpolitik.theory import richardson as rm
from realpolitik.theory.richardson import (
    RICHARDSON_1909_1913,
    LongRun,
    Richardson,
    fit,
    fit_total,
    n_nation,
)
from realpolitik.theory.richardson._long_run import integrate_constrained

STABLE = Richardson(k=0.9, l=0.8, a=1.2, b=1.0, g=2.0, h=1.5)  # MODELS.md 11
RUNAWAY = Richardson(k=1.2, l=1.0, a=0.5, b=0.6, g=1.0, h=1.0)  # MODELS.md 11
SADDLE = Richardson(k=1.2, l=1.0, a=0.5, b=0.6, g=-1.0, h=-1.0)  # case iv

coef = st.floats(0.0, 2.0)
fatigue = st.floats(0.1, 2.0)
grievance = st.floats(-2.0, 2.0)
level = st.floats(0.0, 5.0)


def conventional():
    return st.builds(Richardson, k=coef, l=coef, a=fatigue, b=fatigue, g=grievance, h=grievance)


def J_of(m):
    return np.array([[-m.a, m.k], [m.l, -m.b]])


def unstable_left_eigenvector(m):
    lam, W = np.linalg.eig(J_of(m).T)
    w = W[:, np.argmax(lam.real)].real
    return w * np.sign(w[0])


# ---------------------------------------------------------------------------- the four cases
def test_case_i_stable_balance_converges_to_positive_equilibrium():
    m = STABLE
    assert m.case == "i" and m.stable and m.sign_conventions_hold
    x_s, y_s = m.equilibrium
    assert x_s > 0 and y_s > 0
    for start in [(0.0, 0.0), (1.0, 1.0), (100.0, 0.0), (0.0, 50.0)]:
        out = m.long_run(*start)
        assert out.outcome == "stable_equilibrium"
        assert out.limit == pytest.approx((x_s, y_s), abs=1e-12)
        assert m.state_at(150.0, *start) == pytest.approx((x_s, y_s), rel=1e-9)


def test_case_ii_goodwill_and_fatigue_disarm_from_every_start():
    m = Richardson(k=0.9, l=0.8, a=1.2, b=1.0, g=-2.0, h=-1.5)
    assert m.case == "ii" and m.stable
    assert m.equilibrium[0] < 0 and m.equilibrium[1] < 0
    for start in [(0.0, 0.0), (5.0, 5.0), (80.0, 3.0)]:
        assert m.long_run(*start) == LongRun("disarmament", (0.0, 0.0))
        assert integrate_constrained(m, *start) == LongRun("disarmament", (0.0, 0.0))


def test_case_iii_grievance_with_strong_reaction_runs_away_from_every_start():
    m = RUNAWAY
    assert m.case == "iii" and not m.stable and m.determinant < 0
    assert m.equilibrium[0] < 0 and m.equilibrium[1] < 0  # saddle in the negative quadrant
    for start in [(0.0, 0.0), (5.0, 5.0), (100.0, 0.0)]:
        assert m.long_run(*start) == LongRun("runaway", None)
        assert integrate_constrained(m, *start).outcome == "runaway"
    x_late = m.state_at(20.0, 0.0, 0.0)
    assert min(x_late) > 1e3 * max(m.g, m.h)


def test_case_iv_saddle_in_positive_quadrant_depends_on_side_of_stable_manifold():
    m = SADDLE
    assert m.case == "iv"
    zs = np.array(m.equilibrium)
    assert np.all(zs > 0)
    w = unstable_left_eigenvector(m)
    lam, V = np.linalg.eig(J_of(m))
    v_u = V[:, np.argmax(lam)] * np.sign(V[0, np.argmax(lam)])
    above = zs + 0.2 * v_u
    below = zs - 0.2 * v_u
    assert w @ (above - zs) > 0 > w @ (below - zs)
    assert m.long_run(*above) == LongRun("runaway", None)
    assert m.long_run(*below) == LongRun("disarmament", (0.0, 0.0))
    assert integrate_constrained(m, *above).outcome == "runaway"
    assert integrate_constrained(m, *below).outcome == "disarmament"
    assert m.manifold_side(*above) == 1 and m.manifold_side(*below) == -1


def test_case_iv_started_exactly_on_stable_manifold_converges_to_equilibrium():
    m = SADDLE
    zs = np.array(m.equilibrium)
    lam, V = np.linalg.eig(J_of(m))
    v_s = V[:, np.argmin(lam)]
    for s in (0.5, -0.3):
        z0 = zs + s * v_s / abs(v_s[0])
        assert np.all(z0 >= 0)
        assert m.manifold_side(*z0) == 0
        assert m.long_run(*z0) == LongRun("stable_equilibrium", tuple(zs))
        assert m.state_at(25.0, *z0) == pytest.approx(tuple(zs), abs=1e-8)


@settings(max_examples=40, deadline=None)
@given(
    k=st.floats(0.6, 2.0),
    l=st.floats(0.6, 2.0),
    a=st.floats(0.1, 0.5),
    b=st.floats(0.1, 0.5),
    g=st.floats(-2.0, -0.1),
    h=st.floats(-2.0, -0.1),
    x0=level,
    y0=level,
)
def test_case_iv_left_eigenvector_rule_matches_integration_of_constrained_system(
    k, l, a, b, g, h, x0, y0
):
    m = Richardson(k, l, a, b, g, h)
    assert m.case == "iv"
    zs = np.array(m.equilibrium)
    w = unstable_left_eigenvector(m)
    side = w @ (np.array([x0, y0]) - zs) / np.linalg.norm(w)
    assume(abs(side) > 1e-3 * max(1.0, x0, y0, *zs))
    expected = LongRun("runaway", None) if side > 0 else LongRun("disarmament", (0.0, 0.0))
    assert m.long_run(x0, y0) == expected
    assert integrate_constrained(m, x0, y0) == expected


# ---------------------------------------------------------------------------- mixed and D = 0
def test_mixed_signs_with_ab_above_kl_settle_where_the_complementarity_conditions_hold():
    # g > 0 > h: y is pinned at 0 when l*g/a + h <= 0, and x settles at g/a
    m = Richardson(k=0.5, l=0.5, a=1.0, b=1.0, g=2.0, h=-3.0)
    assert m.case == "mixed" and m.stable
    assert m.l * m.g / m.a + m.h <= 0
    for start in [(0.0, 0.0), (50.0, 50.0), (3.0, 7.0)]:
        assert m.long_run(*start) == LongRun("stable_equilibrium", (m.g / m.a, 0.0))
    # with milder goodwill the interior equilibrium is positive and is the limit
    m2 = Richardson(k=0.5, l=0.5, a=1.0, b=1.0, g=2.0, h=-0.5)
    D = m2.a * m2.b - m2.k * m2.l
    z_int = ((m2.k * m2.h + m2.b * m2.g) / D, (m2.l * m2.g + m2.a * m2.h) / D)
    assert min(z_int) > 0
    out = m2.long_run(0.0, 10.0)
    assert out.outcome == "stable_equilibrium" and out.limit == pytest.approx(z_int, abs=1e-12)


def test_mixed_signs_with_ab_below_kl_are_bistable_between_a_border_rest_point_and_a_race():
    m = Richardson(k=2.0, l=2.0, a=1.0, b=1.0, g=1.0, h=-3.0)
    assert m.case == "mixed" and m.determinant < 0
    assert m.l * m.g / m.a + m.h < 0  # (g/a, 0) is a rest point of the constrained system
    assert m.long_run(0.0, 0.0) == LongRun("stable_equilibrium", (m.g / m.a, 0.0))
    assert m.long_run(0.5, 0.5) == LongRun("stable_equilibrium", (m.g / m.a, 0.0))
    assert m.long_run(10.0, 10.0) == LongRun("runaway", None)


def test_zero_grievance_and_goodwill_with_stable_reaction_disarms():
    m = Richardson(k=0.5, l=0.5, a=1.0, b=1.0, g=0.0, h=0.0)
    assert m.case == "mixed"
    assert m.long_run(4.0, 1.0) == LongRun("disarmament", (0.0, 0.0))


def test_determinant_zero_has_no_equilibrium_is_degenerate_and_not_stable():
    m = Richardson(k=1.0, l=1.0, a=1.0, b=1.0, g=1.0, h=1.0)
    assert m.determinant == 0
    assert m.equilibrium is None and m.case == "degenerate" and not m.stable
    assert m.eigenvalues == (-2.0, 0.0)
    assert m.spectral_radius() == 1.0 and not m.discrete_stable()
    # the sum x + y grows at rate g + h forever: a (linear) runaway
    assert m.long_run(5.0, 0.0) == LongRun("runaway", None)
    x, y = m.state_at(7.0, 5.0, 0.0)
    assert x + y == pytest.approx(5.0 + 7.0 * (m.g + m.h), rel=1e-12)


def test_determinant_zero_with_consistent_grievances_settles_on_the_line_of_rest_points():
    m = Richardson(k=1.0, l=1.0, a=1.0, b=1.0, g=1.0, h=-1.0)
    # x + y is conserved (g + h = 0) and x - y -> 1: from (5, 0) the limit is (3, 2)
    out = m.long_run(5.0, 0.0)
    assert out.outcome == "stable_equilibrium"
    assert out.limit == pytest.approx((3.0, 2.0), abs=1e-9)
    assert Richardson(1.0, 1.0, 1.0, 1.0, -1.0, -1.0).long_run(5.0, 0.0).outcome == "disarmament"


def test_models_breaking_sign_conventions_are_accepted_and_integrated():
    m = Richardson(k=-1.0, l=1.0, a=0.1, b=0.1, g=1.0, h=1.0)
    assert not m.sign_conventions_hold
    lam = np.sort_complex(np.linalg.eigvals(J_of(m)))
    assert m.eigenvalues == pytest.approx(tuple(lam))
    assert m.stable  # complex pair with negative real part
    # x* < 0, so x is pinned at 0 and y settles at h/b where k*y + g <= 0
    assert m.long_run(1.0, 1.0) == LongRun("stable_equilibrium", (0.0, m.h / m.b))
    spiral_out = Richardson(k=-1.0, l=1.0, a=-0.1, b=-0.1, g=1.0, h=1.0)
    assert not spiral_out.stable
    assert spiral_out.long_run(1.0, 1.0) == LongRun("runaway", None)


def test_broken_conventions_with_zero_trace_and_unorientable_eigenvector():
    m = Richardson(k=0.0, l=0.0, a=-1.0, b=1.0, g=1.0, h=1.0)  # J = diag(1, -1)
    assert m.eigenvalues == (-1.0, 1.0) and m.case == "iii" and not m.stable
    # the unstable direction is x alone: w_u = (1, 0); z* = (-1, 1)
    assert m.manifold_side(0.0, 0.0) == 1
    assert m.manifold_side(0.0, 5.0) == 1
    bad = Richardson(k=1.0, l=0.0, a=1.0, b=-1.0, g=1.0, h=1.0)  # w_u = (0, 1)
    with pytest.raises(ValueError, match="w_u"):
        bad.manifold_side(1.0, 1.0)


def test_zero_reaction_and_fatigue_drift_at_constant_rates():
    assert Richardson(0, 0, 0, 0, 1.0, -1.0).long_run(1.0, 1.0).outcome == "runaway"
    assert Richardson(0, 0, 0, 0, 0.0, -1.0).long_run(1.0, 1.0) == LongRun(
        "stable_equilibrium", (1.0, 0.0)
    )
    assert Richardson(0, 0, 0, 0, -1.0, -1.0).long_run(1.0, 1.0).outcome == "disarmament"


def test_undamped_oscillation_has_no_long_run_outcome_and_says_so():
    center = Richardson(k=-1.0, l=1.0, a=0.0, b=0.0, g=1.0, h=1.0)  # eigenvalues +-i
    with pytest.raises(ValueError, match="k, l, a, b"):
        center.long_run(1.0, 1.0)


# ---------------------------------------------------------------------------- formulas
@settings(max_examples=60, deadline=None)
@given(conventional())
def test_equilibrium_solves_jz_plus_c_equals_zero(m):
    D = m.a * m.b - m.k * m.l
    assume(abs(D) > 1e-3)
    expected = ((m.k * m.h + m.b * m.g) / D, (m.l * m.g + m.a * m.h) / D)
    assert m.equilibrium == pytest.approx(expected, rel=1e-12, abs=1e-12)
    z = np.linalg.solve(J_of(m), -np.array([m.g, m.h]))
    assert m.equilibrium == pytest.approx(tuple(z), rel=1e-9, abs=1e-9)
    assert m.stable == (D > 0)
    assert m.case in ("i", "ii", "iii", "iv", "mixed")


@settings(max_examples=60, deadline=None)
@given(conventional())
def test_eigenvalues_are_real_ascending_and_match_formula_with_negative_trace(m):
    root = math.sqrt((m.a - m.b) ** 2 + 4 * m.k * m.l)
    formula = ((-(m.a + m.b) - root) / 2, (-(m.a + m.b) + root) / 2)
    lam = m.eigenvalues
    assert all(isinstance(x, float) for x in lam) and lam[0] <= lam[1]
    assert lam == pytest.approx(formula, abs=1e-12)
    assert lam == pytest.approx(tuple(np.sort(np.linalg.eigvals(J_of(m)).real)), abs=1e-9)
    assert lam[0] + lam[1] == pytest.approx(-(m.a + m.b))  # trace(J) < 0
    assert m.stable == (lam[1] < 0)


@settings(max_examples=30, deadline=None)
@given(m=conventional(), x0=level, y0=level, t=st.floats(0.0, 3.0))
def test_closed_form_equals_numerical_integration(m, x0, y0, t):
    sol = solve_ivp(
        lambda _, z: J_of(m) @ z + np.array([m.g, m.h]),
        (0.0, t),
        [x0, y0],
        method="DOP853",
        rtol=1e-11,
        atol=1e-11,
    )
    expected = sol.y[:, -1]
    got = m.state_at(t, x0, y0)
    assert got == pytest.approx(tuple(expected), rel=1e-7, abs=1e-7)


# ---------------------------------------------------------------------------- discrete time
def test_continuous_stability_does_not_imply_discrete_stability_large_fatigue_overshoots():
    m = Richardson(k=0.5, l=0.5, a=2.5, b=2.5, g=1.0, h=1.0)
    assert m.stable  # ab > kl
    for dt, stable in [(1.0, False), (0.5, True)]:
        rho = max(abs(np.linalg.eigvals(np.eye(2) + dt * J_of(m))))
        assert m.spectral_radius(dt) == pytest.approx(rho, abs=1e-12)
        assert m.discrete_stable(dt) is stable
    overshoot = m.simulate(1.0, 0.0, 40, dt=1.0)
    assert np.abs(overshoot[-1]).max() > 1e6  # oscillating divergence
    settled = m.simulate(1.0, 0.0, 200, dt=0.5)
    assert settled[-1] == pytest.approx(m.equilibrium, abs=1e-9)


def test_spectral_radius_exactly_one_is_not_discretely_stable():
    m = Richardson(k=0.0, l=0.0, a=2.0, b=2.0, g=1.0, h=1.0)  # I + J = -I
    assert m.stable and m.spectral_radius(1.0) == 1.0
    assert not m.discrete_stable(1.0)
    assert m.discrete_stable(0.5)


def test_simulate_starts_at_z0_has_same_fixed_point_and_follows_the_map():
    m = STABLE
    path = m.simulate(1.0, 2.0, 5, dt=0.3)
    assert path.shape == (6, 2) and path.dtype == np.float64
    assert tuple(path[0]) == (1.0, 2.0)
    step = path[0] + 0.3 * (J_of(m) @ path[0] + np.array([m.g, m.h]))
    assert path[1] == pytest.approx(step, rel=1e-14)
    at_rest = m.simulate(*m.equilibrium, 3)
    assert at_rest == pytest.approx(np.tile(m.equilibrium, (4, 1)), rel=1e-12)
    assert m.simulate(1.0, 1.0, 0).shape == (1, 2)


def test_runaway_simulation_grows_without_bound_and_is_not_discretely_stable():
    path = RUNAWAY.simulate(0.0, 0.0, 60)
    assert np.all(np.diff(path[:, 0]) > 0) and path[-1, 0] > 1e6
    assert not RUNAWAY.discrete_stable()


# ---------------------------------------------------------------------------- N nations
@settings(max_examples=80, deadline=None)
@given(
    n=st.integers(1, 5),
    seed=st.integers(0, 2**32 - 1),
    scale=st.floats(0.2, 3.0),
)
def test_n_nation_stability_equals_positive_leading_principal_minors_for_metzler(n, seed, scale):
    rng = np.random.default_rng(seed)
    A = rng.uniform(0.0, scale, (n, n))
    np.fill_diagonal(A, -rng.uniform(0.1, 2.0, n))
    g = rng.uniform(-1.0, 1.0, n)
    minors = [np.linalg.det(-A[:i, :i]) for i in range(1, n + 1)]
    lam_max = np.linalg.eigvals(A).real.max()
    assume(abs(lam_max) > 1e-6 and min(abs(x) for x in minors) > 1e-9)
    out = n_nation(A, g)
    assert out.leading_principal_minors == pytest.approx(minors, rel=1e-9, abs=1e-12)
    assert out.max_real_eigenvalue == pytest.approx(lam_max, abs=1e-9)
    assert out.stable == (lam_max < 0) == all(x > 0 for x in minors) == out.minors_positive
    assert A @ np.array(out.equilibrium) + g == pytest.approx(np.zeros(n), abs=1e-8)


def test_n_nation_with_two_nations_agrees_with_richardson():
    m = STABLE
    out = n_nation(J_of(m), [m.g, m.h])
    assert out.equilibrium == pytest.approx(m.equilibrium, rel=1e-12)
    assert out.stable and out.minors_positive
    assert out.leading_principal_minors == pytest.approx((m.a, m.determinant))
    assert out.max_real_eigenvalue == pytest.approx(m.eigenvalues[1])
    race = n_nation(J_of(RUNAWAY), [1.0, 1.0])
    assert not race.stable and not race.minors_positive


def test_n_nation_singular_matrix_has_no_equilibrium_and_is_not_stable():
    out = n_nation([[-1.0, 1.0], [1.0, -1.0]], [1.0, 1.0])
    assert out.equilibrium is None and not out.stable and not out.minors_positive
    assert out.leading_principal_minors[-1] == 0.0


# ---------------------------------------------------------------------------- estimation
def test_forward_fit_recovers_parameters_from_noiseless_discrete_data():
    true = Richardson(k=0.3, l=0.25, a=0.2, b=0.15, g=1.5, h=-0.5)
    path = true.simulate(10.0, 3.0, 12)
    est = fit(path[:, 0], path[:, 1])
    for name in "klabgh":
        assert getattr(est, name) == pytest.approx(getattr(true, name), abs=1e-8)


def test_midpoint_fit_recovers_parameters_from_trapezoidal_data():
    # z_{t+1} - z_t = J (z_t + z_{t+1})/2 + c holds exactly for this recursion
    true = Richardson(k=0.3, l=0.25, a=0.2, b=0.15, g=1.5, h=-0.5)
    J, c = J_of(true), np.array([true.g, true.h])
    z = [np.array([10.0, 3.0])]
    for _ in range(10):
        z.append(np.linalg.solve(np.eye(2) - J / 2, (np.eye(2) + J / 2) @ z[-1] + c))
    z = np.array(z)
    est = fit(z[:, 0], z[:, 1], scheme="midpoint")
    for name in "klabgh":
        assert getattr(est, name) == pytest.approx(getattr(true, name), abs=1e-8)


def test_midpoint_fit_of_continuous_yearly_data_beats_forward_fit():
    true = Richardson(k=0.3, l=0.25, a=0.2, b=0.15, g=1.5, h=-0.5)
    z = np.array([true.state_at(t, 10.0, 3.0) for t in range(12)])

    def error(est):
        return max(abs(getattr(est, n) - getattr(true, n)) for n in "klabgh")

    mid, fwd = fit(z[:, 0], z[:, 1], "midpoint"), fit(z[:, 0], z[:, 1], "forward")
    assert error(mid) < 0.05 < error(fwd)


def test_fit_total_reproduces_richardsons_1909_1913_result():
    total = RICHARDSON_1909_1913.total()
    out = fit_total(total)
    assert out.slope == pytest.approx(0.731, abs=1e-3)  # k - a > 0: unstable
    assert out.zero_point == pytest.approx(194.9, abs=0.1)
    # independent OLS: slope = cov(mean, diff)/var(mean)
    m, d = (total[1:] + total[:-1]) / 2, np.diff(total)
    slope = np.sum((m - m.mean()) * (d - d.mean())) / np.sum((m - m.mean()) ** 2)
    assert out.slope == pytest.approx(slope, rel=1e-12)
    assert out.intercept == pytest.approx(d.mean() - slope * m.mean(), rel=1e-12)
    assert out.zero_point == pytest.approx(-out.intercept / out.slope)


def test_richardson_table_blocs_add_up_to_the_total():
    t = RICHARDSON_1909_1913
    assert t.years == (1909, 1910, 1911, 1912, 1913) and t.source in BIBTEX
    u = t.series("France") + t.series("Russia")
    v = t.total(["Germany", "Austria-Hungary"])
    assert t.total(["Entente"]) == pytest.approx(u)
    assert t.total(["Entente", "Central Powers"]) == pytest.approx(u + v)
    assert t.total() == pytest.approx(u + v)
    assert t.total()[0] == pytest.approx(48.6 + 66.7 + 63.1 + 20.8)
    with pytest.raises(ValueError, match="country"):
        t.series("Italy")
    with pytest.raises(ValueError, match="countries"):
        t.total(["Italy"])


def test_fit_total_with_flat_increments_has_no_zero_point():
    out = fit_total([1.0, 3.0, 5.0, 7.0])  # constant change: slope 0
    assert out.slope == pytest.approx(0.0, abs=1e-12)
    assert out.intercept == pytest.approx(2.0)
    assert out.zero_point is None
    flat = fit_total([0.0, 1.0, 2.0])
    assert flat.slope == pytest.approx(0.0, abs=1e-12) and flat.zero_point is None


# ---------------------------------------------------------------------------- validation
@pytest.mark.parametrize("name", ["k", "l", "a", "b", "g", "h"])
def test_constructor_rejects_nan_and_infinity(name):
    params = dict(k=1.0, l=1.0, a=1.0, b=1.0, g=1.0, h=1.0)
    for bad in (math.nan, math.inf, "1"):
        with pytest.raises(ValueError, match=f"^{name} = "):
            Richardson(**{**params, name: bad})


def test_methods_reject_bad_states_steps_and_time_steps():
    m = STABLE
    with pytest.raises(ValueError, match="x0"):
        m.long_run(-1.0, 0.0)
    with pytest.raises(ValueError, match="y0"):
        m.state_at(1.0, 0.0, math.nan)
    with pytest.raises(ValueError, match="t = "):
        m.state_at(-1.0, 0.0, 0.0)
    with pytest.raises(ValueError, match="steps"):
        m.simulate(0.0, 0.0, -1)
    with pytest.raises(ValueError, match="steps"):
        m.simulate(0.0, 0.0, 2.5)
    with pytest.raises(ValueError, match="dt"):
        m.simulate(0.0, 0.0, 3, dt=0.0)
    with pytest.raises(ValueError, match="dt"):
        m.spectral_radius(math.inf)
    with pytest.raises(ValueError, match="dt"):
        m.discrete_stable(-1.0)
    with pytest.raises(ValueError, match="D = ab - kl"):
        m.manifold_side(1.0, 1.0)


def test_fit_rejects_bad_series_and_unknown_scheme():
    x = np.arange(6.0) ** 2
    y = np.arange(6.0) + 1.0
    with pytest.raises(ValueError, match="scheme"):
        fit(x, y, scheme="backward")
    with pytest.raises(ValueError, match="x "):
        fit([], y)
    with pytest.raises(ValueError, match="too short"):
        fit(x[:3], y[:3])
    with pytest.raises(ValueError, match="y contains NaN"):
        fit(x, np.r_[y[:-1], math.nan])
    with pytest.raises(ValueError, match="x has 2 dimensions"):
        fit(np.ones((3, 2)), y)
    with pytest.raises(ValueError, match="x and y have lengths"):
        fit(x, y[:-1])
    with pytest.raises(ValueError, match="x, y: the regressors are collinear"):
        fit(x, x)  # identical series: reaction and fatigue are not identified


def test_fit_total_rejects_bad_series():
    with pytest.raises(ValueError, match="total"):
        fit_total([1.0, 2.0])
    with pytest.raises(ValueError, match="total"):
        fit_total([1.0, math.inf, 3.0])
    with pytest.raises(ValueError, match="total: the regressors are collinear"):
        fit_total([5.0, 5.0, 5.0])


def test_n_nation_rejects_non_square_non_metzler_and_mismatched_inputs():
    with pytest.raises(ValueError, match="A has shape"):
        n_nation(np.ones((2, 3)), [1.0, 1.0])
    with pytest.raises(ValueError, match="Metzler"):
        n_nation([[-1.0, -0.5], [0.2, -1.0]], [1.0, 1.0])
    with pytest.raises(ValueError, match="g has shape"):
        n_nation([[-1.0, 0.5], [0.2, -1.0]], [1.0])
    with pytest.raises(ValueError, match="A contains NaN"):
        n_nation([[-1.0, math.nan], [0.2, -1.0]], [1.0, 1.0])


def test_references_are_known_bibtex_keys():
    assert rm.REFERENCES == ("richardson1939", "richardson1960", "rapoport1960")
    assert all(key in BIBTEX for key in rm.REFERENCES)


# --- the curves of the phase portrait and of Richardson's bloc fit ----------------------------


def test_phase_portrait_nullclines_satisfy_their_equations_and_cross_at_the_equilibrium():
    m = STABLE
    portrait = rm.phase_portrait(m, 1.0, 2.0)
    x, y = portrait.x_nullcline.T
    assert np.allclose(m.k * y - m.a * x + m.g, 0.0, atol=1e-12)
    x, y = portrait.y_nullcline.T
    assert np.allclose(m.l * x - m.b * y + m.h, 0.0, atol=1e-12)
    side = 2 * max(1.0, 2.0, *m.equilibrium)
    assert portrait.box == (side, side)
    assert np.array_equal(portrait.start_path[0], [1.0, 2.0])
    # every sample path starts on the box's edge and approaches the stable equilibrium
    for path in portrait.trajectories:
        x0, y0 = path[0]
        assert min(x0, y0) == 0.0 or max(x0, y0) == side
        assert np.allclose(path[-1], m.equilibrium, atol=0.05 * side)


def test_phase_portrait_of_a_runaway_stops_paths_off_the_chart():
    portrait = rm.phase_portrait(RUNAWAY, 0.0, 0.0)
    limit = 50.0 * portrait.box[0]
    assert all(np.abs(p).max() <= limit for p in portrait.trajectories)
    assert np.abs(portrait.start_path).max() > portrait.box[0]  # it leaves the box: a race


def test_phase_portrait_draws_vertical_or_no_nullclines_when_a_coefficient_is_zero():
    flat = Richardson(k=0.0, l=0.0, a=1.0, b=0.0, g=2.0, h=1.0)
    portrait = rm.phase_portrait(flat, 0.0, 0.0)
    assert np.all(portrait.x_nullcline[:, 0] == 2.0)  # x = g / a
    assert portrait.y_nullcline.shape == (0, 2)  # dy/dt = h never vanishes
    tilted = Richardson(k=0.0, l=1.0, a=0.0, b=0.0, g=1.0, h=-1.0)
    portrait = rm.phase_portrait(tilted, 0.0, 0.0)
    assert portrait.x_nullcline.shape == (0, 2)
    assert np.all(portrait.y_nullcline[:, 0] == 1.0)  # x = -h / l


def test_phase_portrait_refuses_bad_starts_and_other_models():
    with pytest.raises(ValueError, match="x0"):
        rm.phase_portrait(STABLE, -1.0, 0.0)
    with pytest.raises(ValueError, match="not a Richardson model"):
        rm.phase_portrait("model", 0.0, 0.0)


def test_bloc_fit_of_the_1909_1913_table_is_richardsons_runaway():
    bloc = rm.bloc_fit("1909-1913")
    assert bloc.blocs == ("Entente", "Central Powers")
    assert np.allclose(bloc.U + bloc.V, bloc.total)
    assert np.allclose(bloc.increment, np.diff(bloc.total))
    assert np.allclose(bloc.mean_total, (bloc.total[1:] + bloc.total[:-1]) / 2)
    assert bloc.fit == fit_total(RICHARDSON_1909_1913.total())
    assert round(bloc.fit.slope, 3) == 0.731 and round(bloc.fit.zero_point, 1) == 194.9
    assert rm.bloc_fit(RICHARDSON_1909_1913).fit == bloc.fit
    assert rm.bloc_fit().table is bloc.table is RICHARDSON_1909_1913


def test_bloc_fit_needs_a_known_table_with_two_blocs():
    with pytest.raises(ValueError, match="table = '1910-1914'"):
        rm.bloc_fit("1910-1914")
    three = rm.ArmsTable(
        years=(1, 2, 3),
        milex={"a": (1.0, 2.0, 4.0), "b": (1.0, 3.0, 4.0), "c": (2.0, 2.0, 5.0)},
        blocs={"A": ("a",), "B": ("b",), "C": ("c",)},
        units="units",
        source="richardson1960",
    )
    with pytest.raises(ValueError, match="exactly two"):
        rm.bloc_fit(three)
