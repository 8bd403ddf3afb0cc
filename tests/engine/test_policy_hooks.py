"""Policy hooks for reassurance gestures and alliance choices (docs/policies.md).

Fixed seeds; the claims are exact (counts and equalities in every run), so no interval is needed.
A policy that returns the defaults is bit-identical to the model (tests/engine/test_policy.py).
"""

from __future__ import annotations

import numpy as np
import pytest

from realpolitik.engine import Params, simulate
from realpolitik.engine.policy import Pacifist, Policy, Stepper

SIZE = dict(states=5, runs=12, years=20, seed=3)


class Separate(Pacifist):
    """Cut half its military each year: at t_G / k_G = 1.5 / 3 = 0.5, the separating signal.

    A pacifist: a demand would reveal greed (beliefs in the challenger drop to 0).
    """

    def reassure(self, view, default):
        return np.full(view.runs, 0.5)


class Pool(Policy):
    def reassure(self, view, default):
        return np.full(view.runs, 0.1)


class TooBig(Policy):
    def reassure(self, view, default):
        return np.full(view.runs, 1.5)


class AllyWithAll(Policy):
    def alliances(self, view, default):
        return view.rivals[None, :].repeat(view.runs, axis=0)


class Isolate(Policy):
    def alliances(self, view, default):
        return np.zeros_like(default)


def test_a_separating_gesture_convinces_every_rival_that_the_state_is_a_security_seeker():
    p = Params.strategic(prior_trust=0.3)
    tr = simulate(p, policies={0: Separate()}, record=["beliefs"], **SIZE)
    mu = tr.data["beliefs"].to_numpy()[:, 1:, 1:, 0]  # every rival's belief in state 0
    assert np.all(mu == 1.0)
    assert np.all(tr.data["gestures"].to_numpy()[:, 1:] >= 1)
    plain = simulate(p, record=["beliefs"], **SIZE).data["beliefs"].to_numpy()[:, 1:, 1:, 0]
    assert np.mean(plain == 1.0) < 0.5  # without the gesture, trust in it is not certain


def test_a_pooling_gesture_is_costly_but_convinces_no_one():
    p = Params.strategic(prior_trust=0.3)
    plain = simulate(p, record=["beliefs"], **SIZE)
    tr = simulate(p, policies={0: Pool()}, record=["beliefs"], **SIZE)
    assert np.all(tr.data["gestures"].to_numpy()[:, 1:] >= 1)
    mu = tr.data["beliefs"].to_numpy()[:, 1:, 1:, 0]
    assert np.mean(mu == 1.0) < 0.5
    cut = tr.data["military"].to_numpy()[:, 1, 0] / plain.data["military"].to_numpy()[:, 1, 0]
    assert np.all(cut < 1.0)  # the first year's arming starts from the cut stock


def test_a_gesture_outside_zero_to_one_is_an_error_naming_the_policy():
    with pytest.raises(ValueError, match=r"TooBig\(\) for state 2, method 'reassure'.*\[0, 1\]"):
        simulate(Params.strategic(), policies={2: TooBig()}, **SIZE)


def test_a_state_allied_with_everyone_fights_no_war():
    p = Params.strategic(alliances=True, offense_defense_factor=2.0, gdp_cession=0.2)

    def involving(tr, i):
        ev = tr.events
        return int(((ev["initiator"] == i) | (ev["target"] == i)).sum())

    assert involving(simulate(p, **SIZE), 0) > 0
    tr = simulate(p, policies={0: AllyWithAll()}, record=["allied"], **SIZE)
    assert involving(tr, 0) == 0
    allied = tr.data["allied"].to_numpy()[:, 1:]
    assert np.all(allied[:, :, 0, 1:]) and np.all(allied[:, :, 1:, 0])


def test_a_state_that_leaves_every_pact_is_in_none():
    p = Params.strategic(alliances=True, alliance_formation="balance")
    formed = simulate(p, record=["allied"], **SIZE).data["allied"].to_numpy()[:, 1:]
    assert formed[:, :, 0, :].any()
    tr = simulate(p, policies={0: Isolate()}, record=["allied"], **SIZE)
    allied = tr.data["allied"].to_numpy()[:, 1:]
    assert not allied[:, :, 0, :].any() and not allied[:, :, :, 0].any()
    assert allied[:, :, 1:, 1:].any()  # the others still ally among themselves


def test_the_stepper_takes_gestures_and_pacts():
    p = Params.strategic(alliances=True, prior_trust=0.3)
    s = Stepper(p, states=4, years=6, seed=1, players=[0], record=["beliefs", "allied"])
    for _ in range(6):
        view = s.begin_year()[0]
        assert view.stage == "reassurance"
        s.act(0, reassure=0.5, alliances=[False, True, False, False], demand=(-1, 0.0))
        s.finish_year()
    tr = s.trajectory()
    assert np.all(tr.data["beliefs"].to_numpy()[0, 1:, 1:, 0] == 1.0)
    allied = tr.data["allied"].to_numpy()[0, 1:]
    assert np.all(allied[:, 0, 1]) and not allied[:, 0, 2:].any()


def test_the_stepper_reports_the_models_choices_and_takes_functions_of_them():
    p = Params.strategic(alliances=True)
    s = Stepper(p, states=4, years=3, seed=1, players=[2])
    for _ in range(3):
        s.begin_year()
        s.act(2, arming=lambda view, default: 0.5 * default)
        s.finish_year()
        model = s.model_choices(2)
        assert {"reassure", "arming", "alliances", "strike", "demand"} <= set(model)
    tr = s.trajectory()
    assert tr.data["military"].to_numpy()[0, 3, 2] == pytest.approx(0.5 * model["arming"][0])
    with pytest.raises(RuntimeError, match="game is over"):
        s.begin_year()
    partial = Stepper(p, states=4, years=3, seed=1, players=[2])
    partial.begin_year()
    partial.finish_year()
    assert partial.trajectory(partial=True).data["military"].shape == (1, 4, 4)
