"""Named interventions: the literature's prescriptions as documented bundles of key changes.

An intervention is what a policy maker could choose, written as changes of the strategic
engine's keys (docs/mechanisms.md lists every key, its range and its mechanism). Under the
strategic engine (docs/strategic.md) no key scales the probability of war, so an intervention
acts only through what states perceive, believe, expect to win and expect to lose: whether a
prescription prevents war is a result, not an assumption.

Every change is a key that exists and is effective under :meth:`Params.strategic
<realpolitik.engine.Params.strategic>` (its mechanism's switch is on there; the tests check
it). The engine has no mechanism for some parts of a prescription; where a key stands in for
one, the intervention's description says which and why (no mechanism is added for an
intervention).

Scope: an intervention applies to every state (a system-wide policy: a regime, a norm, a
treaty), except those marked ``first_state_only`` (one state's grand strategy, e.g.
restraint or modernisation): these change only the first state's entry of the per-state keys
(the other states keep theirs), so the overrides must give those keys one value per state, or
:func:`apply_intervention` must be told the number of states.

The registry (:data:`INTERVENTIONS`), in the order of the literature's prescriptions:

- ``baseline``: no change (the reference every effect is measured against);
- ``deterrence``: peace through strength (Schelling 1966; Huth and Russett 1984);
- ``reassurance``: costly unilateral signals of restraint (Osgood 1962; Kydd 2005);
- ``transparency``: confidence-building measures (Jervis 1978; Kydd 2005);
- ``hotline``: crisis communication (Schelling 1960; 1966);
- ``arms_control``: a cap on military with verification (Schelling and Halperin 1961);
- ``alliance_design``: balancing pacts with burden sharing (Walt 1987; Olson and
  Zeckhauser 1966; Snyder 1984);
- ``defensive_posture``: a defense-dominant doctrine (Jervis 1978; Glaser 2010);
- ``restraint``: one state's grand strategy of restraint (Posen 2014);
- ``modernisation``: one state's military modernisation (Gray 1971; Glaser 2010);
- ``budget_discipline``: sustainable defence budgets, guns vs butter (Kennedy 1987;
  Olson and Zeckhauser 1966).
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "INTERVENTIONS",
    "Intervention",
    "InterventionError",
    "apply_intervention",
    "intervention_sources",
]


class InterventionError(ValueError):
    """An unknown intervention, or one that cannot be applied to the given overrides."""


@dataclass(frozen=True)
class Intervention:
    """A named, documented bundle of changes of the strategic engine's keys.

    Attributes
    ----------
    name : str
        Identifier used in experiment files (``interventions: [baseline, deterrence]``).
    title : str
        One line.
    description : str
        What the prescription says, which keys stand in for it and why.
    sources : tuple of str
        BibTeX keys (:func:`realpolitik.cite`) of the prescription's literature.
    changes : dict
        Key -> value, applied over the scenario's and the experiment's values.
    first_state_only : bool
        True: one state's policy; per-state keys change only for the first state.
    """

    name: str
    title: str
    description: str
    sources: tuple[str, ...]
    changes: dict[str, Any] = field(default_factory=dict)
    first_state_only: bool = False


INTERVENTIONS: dict[str, Intervention] = {
    i.name: i
    for i in (
        Intervention(
            "baseline",
            "No intervention",
            "The scenario and the experiment's own settings, unchanged: the reference every "
            "intervention's effect is measured against, in the same design point.",
            (),
            {},
        ),
        Intervention(
            "deterrence",
            "Peace through strength",
            "Every state arms beyond what its rivals' threat calls for (arming_drive 0.03: "
            "3% of GDP a year on top of the Richardson response) and may hold up to 15% of "
            "GDP in arms (military_cap_share 0.15): a stronger defender makes a greedy "
            "rival's demand and war worth less (deterrence model), but its arming reads as "
            "greed to a security seeker (spiral model).",
            ("schelling1966", "huth1984", "jervis1976"),
            {"arming_drive": 0.03, "military_cap_share": 0.15},
        ),
        Intervention(
            "reassurance",
            "Costly reassurance",
            "A security seeker that its rivals distrust cuts its own military unilaterally by "
            "60% (reassurance_gesture 0.6), above the separating size t_G / k_G = 0.5 a "
            "greedy type will not mimic, so the gesture reveals its type (Kydd 2005); "
            "Osgood's graduated reciprocation in tension reduction.",
            ("osgood1962", "kydd2005"),
            {"reassurance_gesture": 0.6},
        ),
        Intervention(
            "transparency",
            "Confidence-building measures",
            "Inspections and data exchanges cut the perception noise of rivals' military by "
            "60% (transparency 0.6), and observed moves are read with less noise "
            "(misperception 0.05 instead of the scenario's value): states see each "
            "other's strength and intentions more clearly.",
            ("jervis1978", "kydd2005"),
            {"transparency": 0.6, "misperception": 0.05},
        ),
        Intervention(
            "hotline",
            "Crisis communication",
            "A hotline: inside a crisis both sides look again at each other's strength with "
            "the perception noise shrunk by 80% (hotline 0.8) before they answer a demand "
            "or fight, so fewer wars follow from a misread balance.",
            ("schelling1960", "schelling1966"),
            {"hotline": 0.8},
        ),
        Intervention(
            "arms_control",
            "Arms control with verification",
            "A treaty among all states from the first recorded year caps military at 6% of "
            "GDP (treaty_cap_share 0.06); a greedy member cheats with probability 0.5 a year "
            "(cheat_prob_greedy, the engine's default) and verification detects a cheater "
            "with probability 0.8 a year (verification 0.8); a detected violation ends the "
            "treaty and every observer's trust in the cheater.",
            ("schelling1961", "kent1989"),
            {"treaty_cap_share": 0.06, "verification": 0.8},
        ),
        Intervention(
            "alliance_design",
            "Balancing pacts with burden sharing",
            "States align yearly against the most threatening state (alliances on, "
            "alliance_formation 'balance', Walt 1987) and count half of their allies' "
            "military against their own threat (burden_sharing 0.5, Olson and Zeckhauser "
            "1966). The engine has no defensive-only pact: allies of an initiator join as "
            "allies of a target do. A high cost of joining a war (alliance_war_cost 2, "
            "above beta V, so allies buck-pass and join only with the volunteer's-dilemma "
            "probability) stands in for limited commitments that do not drag allies into "
            "their partners' wars (Snyder 1984 on entrapment).",
            ("walt1987", "olson1966", "snyder1984", "christensen1990"),
            {
                "alliances": True,
                "alliance_formation": "balance",
                "burden_sharing": 0.5,
                "alliance_war_cost": 2.0,
            },
        ),
        Intervention(
            "defensive_posture",
            "Defense-dominant doctrine",
            "Every state adopts a defensive doctrine: striking first brings no advantage "
            "(offense_defense_factor 1.0) and defensive forces read as defensive "
            "(distinguishability 0.6: an observer discounts 60% of a security seeker's "
            "military as a threat). Jervis's two variables set to the benign world.",
            ("jervis1978", "glaser2010"),
            {"offense_defense_factor": 1.0, "distinguishability": 0.6},
        ),
        Intervention(
            "restraint",
            "One state's restraint",
            "The first state answers its rivals' arming by half as much (reaction 0.1), has "
            "no arming drive of its own (grievance_secure and grievance_greedy 0) and "
            "caps its military at 6% of GDP (military_cap_share "
            "0.06): Posen's grand strategy of restraint, one state's choice.",
            ("posen2014",),
            {
                "reaction": 0.1,
                "grievance_secure": 0.0,
                "grievance_greedy": 0.0,
                "military_cap_share": 0.06,
            },
            first_state_only=True,
        ),
        Intervention(
            "modernisation",
            "One state's modernisation",
            "The first state modernises: it spends 3% of GDP a year beyond its Richardson "
            "response (arming_drive 0.03), may hold up to 15% of GDP in arms "
            "(military_cap_share 0.15) and turns twice the usual share of its economy into "
            "military power in a long war (mobilization 0.1). The engine has no weapon "
            "quality; capability bought and mobilised stands in for it.",
            ("gray1971", "glaser2010"),
            {"arming_drive": 0.03, "military_cap_share": 0.15, "mobilization": 0.1},
            first_state_only=True,
        ),
        Intervention(
            "budget_discipline",
            "Sustainable defence budgets",
            "Every state's fatigue of its own military grows with its defence burden (guns "
            "vs butter: butter_pressure 2, fatigue a (1 + 2 burden / cap)) and military is "
            "capped at 6% of GDP (military_cap_share 0.06): defence spending held to what "
            "the economy sustains.",
            ("kennedy1987", "olson1966"),
            {"butter_pressure": 2.0, "military_cap_share": 0.06},
        ),
    )
}
"""Name -> :class:`Intervention`, in the order of the module docstring."""


def _unknown(name: str) -> InterventionError:
    close = difflib.get_close_matches(name, list(INTERVENTIONS), n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return InterventionError(
        f"unknown intervention {name!r}{hint}; known interventions: {', '.join(INTERVENTIONS)}"
    )


def apply_intervention(
    name: str, overrides: Mapping[str, Any], *, states: int | None = None
) -> dict[str, Any]:
    """Return the overrides with the intervention's changes applied (a new dict).

    Parameters
    ----------
    name
        A key of :data:`INTERVENTIONS` (``baseline``: no change).
    overrides
        Key -> value overrides (the experiment's ``set`` and design point, or any ``--set``);
        not modified.
    states
        The number of states. Needed only by a ``first_state_only`` intervention for a
        per-state key the overrides give as one value (or not at all); the other states then
        keep that value (or the strategic engine's default).

    Returns
    -------
    dict
        ``overrides`` updated with the changes; a ``first_state_only`` intervention sets the
        first entry of each per-state key's list.

    Raises
    ------
    InterventionError
        For an unknown intervention (naming it, the closest and every known one), or a
        ``first_state_only`` intervention whose per-state key the overrides give as one value
        without ``states``.
    """
    if name not in INTERVENTIONS:
        raise _unknown(name)
    spec = INTERVENTIONS[name]
    out = dict(overrides)
    for key, value in spec.changes.items():
        out[key] = _first_state(spec, key, value, out, states) if spec.first_state_only else value
    return out


def _first_state(
    spec: Intervention, key: str, value: Any, current: Mapping[str, Any], states: int | None
) -> list[Any]:
    """Return the per-state list of ``key`` with the first state's entry set to ``value``."""
    given = current.get(key)
    if isinstance(given, list | tuple):
        return [value, *list(given)[1:]]
    if states is None:
        raise InterventionError(
            f"intervention {spec.name!r} changes only the first state's {key}; give {key} "
            f"one value per state (e.g. set: {{{key}: [..]}}) or the number of states"
        )
    if given is None:
        from realpolitik.engine import Params

        given = getattr(Params.strategic(), key)
    return [value, *[given] * (states - 1)]


def intervention_sources(names: Any) -> tuple[str, ...]:
    """Return the BibTeX keys of the given interventions' sources, each once, in order.

    Parameters
    ----------
    names
        Intervention names.

    Returns
    -------
    tuple of str
        Keys for :func:`realpolitik.cite`.

    Raises
    ------
    InterventionError
        For an unknown intervention.
    """
    out: list[str] = []
    for name in names:
        if name not in INTERVENTIONS:
            raise _unknown(name)
        out.extend(k for k in INTERVENTIONS[name].sources if k not in out)
    return tuple(out)
