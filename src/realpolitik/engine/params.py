"""The engine's parameters: a frozen, validated set of descriptive keys (DESIGN.md's table).

Source: reference/CORE_MODEL.md ("Default parameters") for the core keys; docs/mechanisms.md
(which follows MODELS.md) for the keys of every other mechanism. Every key is declared once, as
a dataclass field whose metadata (:class:`KeySpec`) carries the model symbol, the allowed
values, whether it may be given per state, the mechanism it belongs to and, for keys beyond the
core, the *neutral* value at which that mechanism does nothing.

Conventions
-----------
- Kinds: most keys are floats (``kind="float"``), optionally per state: a per-state array has
  shape ``(states,)`` (e.g. ``reaction=[0.1, 0.3]``: state 0 reacts with kappa = 0.1, state 1
  with 0.3); per-state arrays must all have the same length, and :func:`simulate` checks it
  against ``states``. Other kinds are ``"bool"`` (``True``/``False`` only), ``"int"`` (an
  integer; an integral float such as ``3.0`` is accepted) and ``"choice"`` (one of the
  key's ``choices``, a string). A ``nullable`` key also accepts ``None`` (JSON ``null``).
- Per-state keys: the core's per-state keys, and the domestic and nuclear attributes of a state:
  ``hawkishness``, ``audience_cost``, ``butter_pressure``, ``nuclear_warheads``,
  ``survivable_share``, ``warheads_per_missile``. Every other key is one value for the system.
- ``reaction`` is the *total* reaction kappa; each rival's military enters with
  ``k = kappa / (N - 1)`` (CORE_MODEL step 3).
- ``military_cap_share`` and ``treaty_cap_share`` accept ``math.inf`` ("no cap");
  :meth:`Params.to_dict` writes it as the string ``"inf"`` so the dictionary stays JSON.
- Switches (``requires``): a key whose spec names ``requires = S`` is read by its mechanism only
  while the key ``S`` is active (non-neutral, and itself effective), e.g. ``prior_trust``
  only when ``type_beliefs`` is true, ``mad_damping`` only when some ``nuclear_warheads`` > 0,
  ``verification`` only when a treaty can exist (``treaty_cap_share`` < inf). Such a key is
  *effective* only then, and :meth:`Params.is_core_configuration` looks at effective keys
  only. (A scenario's schedule can start a mechanism, e.g. sign a treaty; a simulation with a
  schedule never takes the fast path.)
- ``offense_advantage`` (MODELS.md 2's beta in [0, 1], default None) is a convenience key:
  when set it fixes ``offense_defense_factor = 1 + 0.4 beta``, ``decisiveness = 2 beta`` and
  ``war_given_crisis = 0.2 beta`` (the core values 1.2, 1.0, 0.1 at beta = 0.5). Giving one of
  those keys explicitly with a different value raises ``ValueError`` naming both. It only moves
  core keys, so it never makes the configuration non-core.
- Adding a mechanism = declaring its keys on :class:`Params` as
  ``field(default=<neutral>, metadata=key_metadata(..., mechanism="<name>",
  neutral=<neutral>))``; :meth:`Params.is_core_configuration` then becomes false as soon as
  one of them is set (effectively) to a non-neutral value, which disables the fused fast path
  automatically. Validation, :meth:`Params.to_dict`, :meth:`Params.resolve` and
  :meth:`Params.describe` pick the new keys up from the field metadata.
"""

from __future__ import annotations

import dataclasses
import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import numpy as np

from realpolitik.theory._validate import InputError

__all__ = [
    "KINDS",
    "OFFENSE_ADVANTAGE_KEYS",
    "PARAM_SPECS",
    "KeySpec",
    "Params",
    "ResolvedParams",
    "key_metadata",
    "offense_advantage_mapping",
]

KINDS = ("float", "bool", "int", "choice")
"""The kinds of parameter values."""

OFFENSE_ADVANTAGE_KEYS = ("offense_defense_factor", "decisiveness", "war_given_crisis")
"""The core keys that ``offense_advantage`` sets."""


def offense_advantage_mapping(beta: float) -> dict[str, float]:
    """Return the core values that ``offense_advantage = beta`` sets (MODELS.md 2).

    Parameters
    ----------
    beta
        The offense advantage in [0, 1] (0.5: the core model).

    Returns
    -------
    dict
        ``offense_defense_factor = 1 + 0.4 beta``, ``decisiveness = 2 beta``,
        ``war_given_crisis = 0.2 beta``.
    """
    return {
        "offense_defense_factor": 1.0 + 0.4 * beta,
        "decisiveness": 2.0 * beta,
        "war_given_crisis": 0.2 * beta,
    }


class _Default(float):
    """A core default not given explicitly (so ``offense_advantage`` may set it)."""

    __slots__ = ()


@dataclass(frozen=True)
class KeySpec:
    """What one parameter key means and which values it accepts.

    Parameters
    ----------
    key
        The descriptive key (DESIGN.md's table), e.g. ``"reaction"``.
    symbol
        The model's symbol (CORE_MODEL.md or MODELS.md), e.g. ``"kappa"``.
    lo, hi
        Allowed range of a float or int key; ``lo_open`` / ``hi_open`` make either end strict.
    allow_inf
        Whether ``+inf`` is a valid value (only where ``hi`` is ``inf``).
    per_state
        Whether the key may be a per-state array of shape ``(states,)`` (float keys only).
    mechanism
        ``"core"`` or the name of the mechanism that reads the key.
    neutral
        For non-core keys, the value at which the key does nothing (None for core keys and for
        a nullable key whose neutral value is None).
    doc
        One line saying what the key sets, with units.
    source
        Where the key's equation is defined.
    kind
        ``"float"`` (default), ``"bool"``, ``"int"`` or ``"choice"``.
    choices
        The allowed strings of a ``"choice"`` key.
    nullable
        Whether ``None`` is a valid value.
    requires
        The switch key without which this key has no effect (None: always effective).
    sets_core
        Whether the key only sets core keys (``offense_advantage``): it never makes the
        configuration non-core.
    """

    key: str
    symbol: str
    lo: float
    hi: float
    lo_open: bool = False
    hi_open: bool = False
    allow_inf: bool = False
    per_state: bool = True
    mechanism: str = "core"
    neutral: Any = None
    doc: str = ""
    source: str = "CORE_MODEL.md"
    kind: str = "float"
    choices: tuple[str, ...] = ()
    nullable: bool = False
    requires: str | None = None
    sets_core: bool = False

    def range_text(self) -> str:
        """Return the allowed values as text, e.g. ``"[0, 1]"`` or ``"true or false"``.

        Returns
        -------
        str
            The interval in standard notation, ``"integers in [1, 127]"``, ``"true or false"``
            or ``"one of 'a', 'b'"``; ``" or null"`` is appended for a nullable key.
        """
        if self.kind == "bool":
            text = "true or false"
        elif self.kind == "choice":
            text = "one of " + ", ".join(repr(c) for c in self.choices)
        else:
            left = "(" if (self.lo_open or self.lo == -math.inf) else "["
            right = ")" if (self.hi_open or (self.hi == math.inf and not self.allow_inf)) else "]"
            text = f"{left}{self.lo:g}, {self.hi:g}{right}"
            if self.kind == "int":
                text = "integers in " + text
        return text + (" or null" if self.nullable else "")

    def check_scalar(self, name: str, value: float, index: int | None = None) -> None:
        """Raise :class:`~realpolitik.theory._validate.InputError` unless ``value`` is allowed.

        Parameters
        ----------
        name
            The name to report (the key).
        value
            The value to check (a float or int key's number).
        index
            For an element of a per-state array, its position (reported as ``key[index]``).

        Raises
        ------
        InputError
            A ``ValueError`` naming the key (and index), the value and the allowed range.
        """
        bad = math.isnan(value)
        if not bad and math.isinf(value):
            bad = not (self.allow_inf and value > 0)
        if not bad:
            bad = (value <= self.lo) if self.lo_open else (value < self.lo)
        if not bad and math.isfinite(value):
            bad = (value >= self.hi) if self.hi_open else (value > self.hi)
        if bad:
            raise InputError(
                name, value, self.range_text(), index=index, note=f"{self.symbol}: {self.doc}"
            )

    def is_neutral(self, value: Any) -> bool:
        """Return whether ``value`` is this key's neutral value (every element, per state).

        Parameters
        ----------
        value
            A validated value of this key.

        Returns
        -------
        bool
            True when the value equals :attr:`neutral`.
        """
        if value is None or self.neutral is None:
            return value is None and self.neutral is None
        if isinstance(value, np.ndarray):
            return bool(np.all(value == self.neutral))
        return bool(value == self.neutral)


def key_metadata(
    *,
    symbol: str,
    lo: float = 0.0,
    hi: float = math.inf,
    lo_open: bool = False,
    hi_open: bool = False,
    allow_inf: bool = False,
    per_state: bool = True,
    mechanism: str = "core",
    neutral: Any = None,
    doc: str,
    source: str = "CORE_MODEL.md",
    kind: str = "float",
    choices: tuple[str, ...] = (),
    nullable: bool = False,
    requires: str | None = None,
    sets_core: bool = False,
) -> dict[str, KeySpec]:
    """Return the field metadata that declares a parameter key (its :class:`KeySpec`).

    A mechanism adds its keys to :class:`Params` as
    ``hotline: Any = field(default=0.0, metadata=key_metadata(symbol=..., mechanism="crisis",
    neutral=0.0, doc=...))``; the key's name is filled in from the field.

    Parameters
    ----------
    symbol, lo, hi, lo_open, hi_open, allow_inf, per_state, mechanism, neutral, doc, source
        As the fields of :class:`KeySpec`.
    kind, choices, nullable, requires, sets_core
        As the fields of :class:`KeySpec`.

    Returns
    -------
    dict
        ``{"spec": KeySpec}``, for ``dataclasses.field(metadata=...)``.

    Raises
    ------
    ValueError
        If a non-core key has no neutral value (unless it is nullable), for an unknown kind,
        a choice key without choices, or a per-state key that is not a float.
    """
    if kind not in KINDS:
        raise ValueError(f"kind = {kind!r} is not allowed; choose one of {KINDS}")
    if mechanism != "core" and neutral is None and not nullable:
        raise ValueError(f"a {mechanism!r} key needs a neutral value that switches it off")
    if kind == "choice" and not choices:
        raise ValueError("a 'choice' key needs its choices")
    if kind != "float" and per_state:
        raise ValueError(f"a {kind!r} key cannot be per state")
    spec = KeySpec(
        key="",
        symbol=symbol,
        lo=lo,
        hi=hi,
        lo_open=lo_open,
        hi_open=hi_open,
        allow_inf=allow_inf,
        per_state=per_state,
        mechanism=mechanism,
        neutral=neutral,
        doc=doc,
        source=source,
        kind=kind,
        choices=tuple(choices),
        nullable=nullable,
        requires=requires,
        sets_core=sets_core,
    )
    return {"spec": spec}


def _key(mechanism: str, source: str, **kw: Any) -> dict[str, KeySpec]:
    """Declare a scalar key of a non-core mechanism (neutral = the field's default)."""
    kw.setdefault("per_state", False)
    return key_metadata(mechanism=mechanism, source=source, **kw)


@dataclass(frozen=True, eq=False)
class Params:
    """A frozen, validated parameter set of the engine (defaults: CORE_MODEL.md).

    Every key is a descriptive word from DESIGN.md's table or docs/mechanisms.md; see
    :data:`PARAM_SPECS` (or :meth:`describe`) for each key's symbol, range and meaning. Values
    are floats or, where the key allows it, per-state arrays of shape ``(states,)``; bool, int,
    choice (string) and nullable keys as their specs say. Every key beyond the core defaults to
    its neutral value, so ``Params()`` is exactly CORE_MODEL.md.

    Parameters
    ----------
    reaction
        kappa, the total reaction to rivals' perceived military (k = kappa / (N - 1)), 1/yr.
    fatigue
        a, the fatigue (expense) coefficient of one's own military, 1/yr.
    offense_defense_factor
        od, multiplies perceived rival military into threat (> 1: offense dominant).
    grievance_greedy, grievance_secure
        g, the constant arming drive of greedy and of security-seeking types (military units/yr).
    share_greedy
        p_greedy, the probability that a state is greedy (drawn per run and state).
    military_cap_share
        cap, the maximum military as a share of last year's GDP (``math.inf``: no cap).
    burden_cost
        c, the growth cost of the defence burden (military / GDP).
    perception_noise
        sigma, the relative Gaussian noise of each observer's perception.
    crisis_base_rate
        p0, the crisis probability per pair-year as the perceived ratio grows large.
    crisis_sensitivity
        beta, the exponent of the perceived ratio in the crisis probability.
    war_given_crisis
        q_war, the probability that a crisis becomes a war.
    decisiveness
        gamma, the contest success function's exponent.
    loser_military_loss, loser_gdp_loss, winner_military_cost
        loss_m, loss_y, cost_m: the shares of military and GDP a war destroys.
    dt
        The step, in years.
    transparency, type_beliefs, prior_trust, ..., gdp_cession
        The keys of the other mechanisms (docs/mechanisms.md), each neutral by default; see
        :data:`PARAM_SPECS` or :meth:`describe`.

    Raises
    ------
    ValueError
        For a value outside its key's range (NaN, inf where not allowed, negative, a probability
        outside [0, 1]), a non-numeric value, a per-state array on a scalar-only key, or
        per-state arrays of different lengths, a bool key given a non-bool, an int key given a
        non-integer, a choice outside its choices, ``war_value_high <= war_value_low``, or a
        key set by ``offense_advantage`` given a different value explicitly; the message names
        the key, the value and the allowed range.
    """

    reaction: Any = field(
        default=0.2,
        metadata=key_metadata(symbol="kappa", doc="total reaction to perceived rival military"),
    )
    fatigue: Any = field(
        default=0.3, metadata=key_metadata(symbol="a", doc="fatigue of one's own military, 1/yr")
    )
    offense_defense_factor: Any = field(
        default=_Default(1.2),
        metadata=key_metadata(
            symbol="od", doc="offense-defense factor on perceived threat (> 1: offense dominant)"
        ),
    )
    grievance_greedy: Any = field(
        default=0.05,
        metadata=key_metadata(symbol="g_greedy", lo=-math.inf, doc="arming drive of greedy types"),
    )
    grievance_secure: Any = field(
        default=0.005,
        metadata=key_metadata(
            symbol="g_secure", lo=-math.inf, doc="arming drive of security seekers"
        ),
    )
    share_greedy: Any = field(
        default=0.3,
        metadata=key_metadata(symbol="p_greedy", hi=1.0, doc="probability of a greedy type"),
    )
    military_cap_share: Any = field(
        default=0.1,
        metadata=key_metadata(
            symbol="cap", allow_inf=True, doc="max military / last year's GDP (inf: no cap)"
        ),
    )
    burden_cost: Any = field(
        default=0.2, metadata=key_metadata(symbol="c", doc="growth cost of the defence burden")
    )
    perception_noise: Any = field(
        default=0.2, metadata=key_metadata(symbol="sigma", doc="relative Gaussian perception noise")
    )
    crisis_base_rate: Any = field(
        default=0.02,
        metadata=key_metadata(
            symbol="p0", hi=1.0, per_state=False, doc="crisis probability scale per pair-year"
        ),
    )
    crisis_sensitivity: Any = field(
        default=2.0,
        metadata=key_metadata(
            symbol="beta", per_state=False, doc="crisis sensitivity to the perceived ratio"
        ),
    )
    war_given_crisis: Any = field(
        default=_Default(0.1),
        metadata=key_metadata(symbol="q_war", hi=1.0, per_state=False, doc="P(war | crisis)"),
    )
    decisiveness: Any = field(
        default=_Default(1.0),
        metadata=key_metadata(symbol="gamma", per_state=False, doc="contest decisiveness"),
    )
    loser_military_loss: Any = field(
        default=0.3,
        metadata=key_metadata(
            symbol="loss_m", hi=1.0, per_state=False, doc="loser's military loss share"
        ),
    )
    loser_gdp_loss: Any = field(
        default=0.1,
        metadata=key_metadata(
            symbol="loss_y", hi=1.0, per_state=False, doc="loser's GDP loss share"
        ),
    )
    winner_military_cost: Any = field(
        default=0.1,
        metadata=key_metadata(
            symbol="cost_m", hi=1.0, per_state=False, doc="winner's military cost share"
        ),
    )
    dt: Any = field(
        default=1.0,
        metadata=key_metadata(symbol="dt", lo_open=True, per_state=False, doc="step, years"),
    )
    # -- perception and signalling (docs/mechanisms.md; MODELS.md 3, 10) -----------------------
    transparency: Any = field(
        default=0.0,
        metadata=_key(
            "perception",
            "MODELS.md 10",
            symbol="tau",
            hi=1.0,
            neutral=0.0,
            doc="perception noise is perception_noise * (1 - transparency)",
        ),
    )
    type_beliefs: Any = field(
        default=False,
        metadata=_key(
            "beliefs",
            "MODELS.md 3.3",
            symbol="-",
            kind="bool",
            neutral=False,
            doc="each observer i holds mu_ij = P(j is a security seeker), updated by Bayes",
        ),
    )
    prior_trust: Any = field(
        default=0.7,
        metadata=_key(
            "beliefs",
            "MODELS.md 3.3",
            symbol="mu0",
            hi=1.0,
            neutral=0.7,
            requires="type_beliefs",
            doc="initial belief mu_ij that a rival is a security seeker",
        ),
    )
    arm_prob_secure: Any = field(
        default=0.2,
        metadata=_key(
            "beliefs",
            "MODELS.md 3.3",
            symbol="a_S",
            hi=1.0,
            neutral=0.2,
            requires="type_beliefs",
            doc="P(arm) of a security seeker in the observer's model",
        ),
    )
    arm_prob_greedy: Any = field(
        default=0.8,
        metadata=_key(
            "beliefs",
            "MODELS.md 3.3",
            symbol="a_G",
            hi=1.0,
            neutral=0.8,
            requires="type_beliefs",
            doc="P(arm) of a greedy type in the observer's model",
        ),
    )
    misperception: Any = field(
        default=0.1,
        metadata=_key(
            "beliefs",
            "MODELS.md 3.3",
            symbol="eps",
            hi=0.5,
            neutral=0.1,
            requires="type_beliefs",
            doc="P(noise flips an arm/restrain observation)",
        ),
    )
    arm_threshold: Any = field(
        default=0.0,
        metadata=_key(
            "beliefs",
            "MODELS.md 3.3",
            symbol="-",
            lo=-1.0,
            neutral=0.0,
            requires="type_beliefs",
            doc="a move reads as 'arm' when perceived military grew by more than this share",
        ),
    )
    exploitation_cost: Any = field(
        default=0.5,
        metadata=_key(
            "beliefs",
            "MODELS.md 3.1",
            symbol="c",
            lo_open=True,
            neutral=0.5,
            requires="type_beliefs",
            doc="cost of being exploited",
        ),
    )
    temptation_secure: Any = field(
        default=0.4,
        metadata=_key(
            "beliefs",
            "MODELS.md 3.1",
            symbol="t_S",
            hi=1.0,
            lo_open=True,
            hi_open=True,
            neutral=0.4,
            requires="type_beliefs",
            doc="temptation of a security seeker",
        ),
    )
    temptation_greedy: Any = field(
        default=1.5,
        metadata=_key(
            "beliefs",
            "MODELS.md 3.1",
            symbol="t_G",
            lo=1.0,
            lo_open=True,
            neutral=1.5,
            requires="type_beliefs",
            doc="temptation of a greedy type",
        ),
    )
    trust_discount: Any = field(
        default=0.5,
        metadata=_key(
            "beliefs",
            "MODELS.md 3.1",
            symbol="-",
            hi=1.0,
            neutral=0.5,
            requires="type_beliefs",
            doc="share of a trusted rival's threat (mu_ij >= pi*) a security seeker discounts",
        ),
    )
    reassurance_gesture: Any = field(
        default=0.0,
        metadata=_key(
            "beliefs",
            "MODELS.md 3.2",
            symbol="x",
            hi=1.0,
            neutral=0.0,
            requires="type_beliefs",
            doc="unilateral cut (share of own military) of a distrusted security seeker",
        ),
    )
    signal_cost_secure: Any = field(
        default=1.0,
        metadata=_key(
            "beliefs",
            "MODELS.md 3.2",
            symbol="k_S",
            lo_open=True,
            neutral=1.0,
            requires="type_beliefs",
            doc="a security seeker's cost of a gesture",
        ),
    )
    signal_cost_greedy: Any = field(
        default=3.0,
        metadata=_key(
            "beliefs",
            "MODELS.md 3.2",
            symbol="k_G",
            lo_open=True,
            neutral=3.0,
            requires="type_beliefs",
            doc="a greedy type's cost of a gesture (x_LC = t_G / k_G)",
        ),
    )
    # -- offense-defense balance and distinguishability (MODELS.md 2, 6) -----------------------
    offense_advantage: Any = field(
        default=None,
        metadata=_key(
            "offense_defense",
            "MODELS.md 2",
            symbol="beta",
            hi=1.0,
            nullable=True,
            neutral=None,
            sets_core=True,
            doc="sets offense_defense_factor = 1 + 0.4 beta, decisiveness = 2 beta, "
            "war_given_crisis = 0.2 beta (core at 0.5)",
        ),
    )
    distinguishability: Any = field(
        default=0.0,
        metadata=_key(
            "offense_defense",
            "MODELS.md 2",
            symbol="d",
            hi=1.0,
            neutral=0.0,
            doc="share by which a security seeker's military is discounted as a threat",
        ),
    )
    # -- alliances (MODELS.md 8) -------------------------------------------------------------
    alliances: Any = field(
        default=False,
        metadata=_key(
            "alliances",
            "MODELS.md 8",
            symbol="-",
            kind="bool",
            neutral=False,
            doc="defence pacts (scenario and formation) are in force",
        ),
    )
    alliance_formation: Any = field(
        default="none",
        metadata=_key(
            "alliances",
            "MODELS.md 8.3",
            symbol="-",
            kind="choice",
            choices=("none", "balance", "bandwagon", "threat"),
            neutral="none",
            requires="alliances",
            doc="yearly alignment against (balance) / with (bandwagon) the most threatening "
            "state, or by Walt's utilities (threat)",
        ),
    )
    alliance_stake: Any = field(
        default=1.0,
        metadata=_key(
            "alliances",
            "MODELS.md 8.3",
            symbol="V",
            lo_open=True,
            neutral=1.0,
            requires="alliances",
            doc="prize of the alignment game",
        ),
    )
    alliance_loss: Any = field(
        default=1.0,
        metadata=_key(
            "alliances",
            "MODELS.md 8.3",
            symbol="L",
            lo_open=True,
            neutral=1.0,
            requires="alliances",
            doc="loss of the alignment game",
        ),
    )
    aggressor_threat: Any = field(
        default=0.5,
        metadata=_key(
            "alliances",
            "MODELS.md 8.3",
            symbol="theta",
            hi=1.0,
            neutral=0.5,
            requires="alliances",
            doc="threat that a victorious aggressor turns on the third state",
        ),
    )
    burden_sharing: Any = field(
        default=0.0,
        metadata=_key(
            "alliances",
            "MODELS.md 8.1",
            symbol="s",
            hi=1.0,
            neutral=0.0,
            requires="alliances",
            doc="allies' military counts against one's threat: threat - s * sum_allies m_k",
        ),
    )
    balancing_cost: Any = field(
        default=0.5,
        metadata=_key(
            "alliances",
            "MODELS.md 8.2",
            symbol="K",
            lo_open=True,
            neutral=0.5,
            requires="alliances",
            doc="an ally's cost of joining a war (volunteer's dilemma)",
        ),
    )
    alliance_war_cost: Any = field(
        default=0.5,
        metadata=_key(
            "alliances",
            "MODELS.md 8.2",
            symbol="c_war",
            lo_open=True,
            neutral=0.5,
            requires="alliances",
            doc="chain-ganging iff beta V > c_war, else buck-passing",
        ),
    )
    # -- domestic politics (MODELS.md 9) ------------------------------------------------------
    hawkishness: Any = field(
        default=0.0,
        metadata=_key(
            "domestic",
            "MODELS.md 9.2",
            symbol="h_i",
            per_state=True,
            neutral=0.0,
            doc="hawk bias: reaction k (1 + h_i); P(war | crisis) * (1 + h_i + h_j)",
        ),
    )
    audience_cost: Any = field(
        default=0.0,
        metadata=_key(
            "domestic",
            "MODELS.md 9.1",
            symbol="a_i",
            per_state=True,
            neutral=0.0,
            doc="audience cost of backing down after a public threat",
        ),
    )
    crisis_stake: Any = field(
        default=1.0,
        metadata=_key(
            "domestic",
            "MODELS.md 9.1, 11",
            symbol="v",
            lo_open=True,
            neutral=1.0,
            requires="audience_cost",
            doc="value of the stake in the audience-cost game",
        ),
    )
    target_war_value: Any = field(
        default=-1.25,
        metadata=_key(
            "domestic",
            "MODELS.md 9.1, 11",
            symbol="w_B",
            lo=-math.inf,
            hi=0.0,
            hi_open=True,
            neutral=-1.25,
            requires="audience_cost",
            doc="the target's war value (< 0)",
        ),
    )
    war_value_low: Any = field(
        default=-3.0,
        metadata=_key(
            "domestic",
            "MODELS.md 9.1, 11",
            symbol="w_lo",
            lo=-math.inf,
            neutral=-3.0,
            requires="audience_cost",
            doc="lower end of the challenger's private war value",
        ),
    )
    war_value_high: Any = field(
        default=1.0,
        metadata=_key(
            "domestic",
            "MODELS.md 9.1, 11",
            symbol="w_hi",
            lo=-math.inf,
            neutral=1.0,
            requires="audience_cost",
            doc="upper end of the challenger's private war value (> war_value_low)",
        ),
    )
    butter_pressure: Any = field(
        default=0.0,
        metadata=_key(
            "domestic",
            "MODELS.md 6.5, 9",
            symbol="b",
            per_state=True,
            neutral=0.0,
            doc="guns vs butter: fatigue a (1 + b * burden / cap)",
        ),
    )
    # -- nuclear deterrence (MODELS.md 5) -----------------------------------------------------
    nuclear_warheads: Any = field(
        default=0.0,
        metadata=_key(
            "deterrence",
            "MODELS.md 5",
            symbol="W_i",
            per_state=True,
            neutral=0.0,
            doc="nuclear arsenal, warheads (0: not nuclear)",
        ),
    )
    survivable_share: Any = field(
        default=0.0,
        metadata=_key(
            "deterrence",
            "MODELS.md 5",
            symbol="s_i",
            per_state=True,
            hi=1.0,
            neutral=0.0,
            requires="nuclear_warheads",
            doc="share of warheads at sea (survivable), rest in silos",
        ),
    )
    warheads_per_missile: Any = field(
        default=1.0,
        metadata=_key(
            "deterrence",
            "MODELS.md 5",
            symbol="mirv_i",
            per_state=True,
            lo=1.0,
            neutral=1.0,
            requires="nuclear_warheads",
            doc="MIRVs per silo missile",
        ),
    )
    warhead_kill_prob: Any = field(
        default=0.5,
        metadata=_key(
            "deterrence",
            "MODELS.md 5",
            symbol="k",
            hi=1.0,
            neutral=0.5,
            requires="nuclear_warheads",
            doc="per-warhead kill probability against a silo",
        ),
    )
    countervalue_scale: Any = field(
        default=1000.0,
        metadata=_key(
            "deterrence",
            "MODELS.md 5",
            symbol="sigma",
            lo_open=True,
            neutral=1000.0,
            requires="nuclear_warheads",
            doc="damage scale: D(S) = 1 - exp(-S / sigma)",
        ),
    )
    unacceptable_damage: Any = field(
        default=0.5,
        metadata=_key(
            "deterrence",
            "MODELS.md 5",
            symbol="D*",
            hi=1.0,
            lo_open=True,
            hi_open=True,
            neutral=0.5,
            requires="nuclear_warheads",
            doc="assured-destruction threshold",
        ),
    )
    mad_damping: Any = field(
        default=0.1,
        metadata=_key(
            "deterrence",
            "MODELS.md 5",
            symbol="-",
            hi=1.0,
            neutral=0.1,
            requires="nuclear_warheads",
            doc="P(war | crisis) factor for a pair in MAD",
        ),
    )
    first_strike_sensitivity: Any = field(
        default=1.0,
        metadata=_key(
            "deterrence",
            "MODELS.md 5",
            symbol="-",
            neutral=1.0,
            requires="nuclear_warheads",
            doc="P(war | crisis) factor 1 + sens (1 - min q*) under first-strike incentives",
        ),
    )
    # -- crises and crisis management --------------------------------------------------------
    escalation_rungs: Any = field(
        default=1,
        metadata=_key(
            "crisis",
            "docs/mechanisms.md; MODELS.md 5",
            symbol="n",
            kind="int",
            lo=1.0,
            hi=127.0,
            neutral=1,
            doc="rungs of the escalation ladder, each climbed with probability q^(1/n)",
        ),
    )
    hotline: Any = field(
        default=0.0,
        metadata=_key(
            "crisis",
            "docs/mechanisms.md; MODELS.md 10",
            symbol="h",
            hi=1.0,
            neutral=0.0,
            doc="at each rung, misperception-driven escalation stops with h (1 - R_true/R_perc)",
        ),
    )
    # -- arms control ------------------------------------------------------------------------
    treaty_cap_share: Any = field(
        default=math.inf,
        metadata=_key(
            "arms_control",
            "docs/mechanisms.md; MODELS.md 10",
            symbol="-",
            lo_open=True,
            allow_inf=True,
            neutral=math.inf,
            doc="military cap (share of GDP) of treaty members (inf: no treaty)",
        ),
    )
    treaty_year: Any = field(
        default=0,
        metadata=_key(
            "arms_control",
            "docs/mechanisms.md",
            symbol="-",
            kind="int",
            neutral=0,
            requires="treaty_cap_share",
            doc="year the treaty enters into force",
        ),
    )
    cheat_prob_greedy: Any = field(
        default=0.5,
        metadata=_key(
            "arms_control",
            "docs/mechanisms.md",
            symbol="-",
            hi=1.0,
            neutral=0.5,
            requires="treaty_cap_share",
            doc="yearly probability a greedy member cheats",
        ),
    )
    verification: Any = field(
        default=0.0,
        metadata=_key(
            "arms_control",
            "docs/mechanisms.md; MODELS.md 10",
            symbol="v",
            hi=1.0,
            neutral=0.0,
            requires="treaty_cap_share",
            doc="yearly probability a cheater is detected",
        ),
    )
    treaty_collapse_on_detection: Any = field(
        default=True,
        metadata=_key(
            "arms_control",
            "docs/mechanisms.md",
            symbol="-",
            kind="bool",
            neutral=True,
            requires="treaty_cap_share",
            doc="a detected violation ends the treaty",
        ),
    )
    # -- war ---------------------------------------------------------------------------------
    gdp_cession: Any = field(
        default=0.0,
        metadata=_key(
            "war",
            "docs/mechanisms.md; MODELS.md 6",
            symbol="-",
            hi=1.0,
            neutral=0.0,
            doc="share of GDP the loser cedes to the winners (split by military)",
        ),
    )

    def __post_init__(self) -> None:
        length: tuple[str, int] | None = None
        specs = self.specs()
        explicit: dict[str, bool] = {}
        for f in dataclasses.fields(self):
            spec: KeySpec = specs[f.name]
            raw = getattr(self, f.name)
            explicit[f.name] = type(raw) is not _Default
            value = _normalise(spec, raw)
            if isinstance(value, np.ndarray):
                if length is not None and value.shape[0] != length[1]:
                    raise ValueError(
                        f"{f.name} has {value.shape[0]} per-state values but {length[0]} has "
                        f"{length[1]}; per-state arrays must all have one value per state"
                    )
                length = (f.name, value.shape[0])
            object.__setattr__(self, f.name, value)
        beta = self.offense_advantage
        if beta is not None:
            for key, mapped in offense_advantage_mapping(beta).items():
                given = getattr(self, key)
                if explicit[key] and not np.all(np.asarray(given) == mapped):
                    raise InputError(
                        "offense_advantage",
                        beta,
                        "set one of them",
                        problem=f"sets {key} = {mapped!r}, but {key} = {_to_json(given)!r} was "
                        "given too",
                        lead="",
                    )
                object.__setattr__(self, key, mapped)
        if not self.war_value_high > self.war_value_low:
            raise InputError(
                "war_value_high",
                self.war_value_high,
                f"numbers > war_value_low = {self.war_value_low!r}",
                problem="must exceed war_value_low",
            )

    # -- construction -------------------------------------------------------------------------
    @classmethod
    def core(cls, **overrides: Any) -> Params:
        """Return CORE_MODEL.md's parameters, every other mechanism neutral, with overrides.

        Parameters
        ----------
        **overrides
            Keys of :data:`PARAM_SPECS` to change, e.g. ``perception_noise=0``.

        Returns
        -------
        Params
            The validated parameter set.

        Raises
        ------
        ValueError
            For an unknown key or an invalid value (naming the key).
        """
        _check_keys(cls, overrides)
        return cls(**overrides)

    def replace(self, **changes: Any) -> Params:
        """Return a copy with some keys changed (validated again).

        Keys that ``offense_advantage`` set follow a change of ``offense_advantage`` (back to
        their core defaults when it becomes None) unless they are changed too.

        Parameters
        ----------
        **changes
            Keys to change and their new values.

        Returns
        -------
        Params
            The new parameter set.

        Raises
        ------
        ValueError
            For an unknown key or an invalid value.
        """
        _check_keys(type(self), changes)
        current = {f.name: getattr(self, f.name) for f in dataclasses.fields(self) if f.init}
        if self.offense_advantage is not None:
            for key, mapped in offense_advantage_mapping(self.offense_advantage).items():
                if key not in changes and np.all(np.asarray(current[key]) == mapped):
                    del current[key]  # set by the mapping: re-derived (or the core default)
        current.update(changes)
        return type(self)(**current)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Params:
        """Build a parameter set from a mapping such as :meth:`to_dict` returns.

        Parameters
        ----------
        data
            Key -> value (float, list of floats, the string ``"inf"``, bool, int, string or
            None as the key's kind allows). Missing keys keep their defaults.

        Returns
        -------
        Params
            The validated parameter set.

        Raises
        ------
        ValueError
            For an unknown key or an invalid value.
        """
        if not isinstance(data, Mapping):
            raise ValueError(f"Params.from_dict expects a mapping, got {type(data).__name__}")
        _check_keys(cls, data)
        specs = _specs_of(cls)
        return cls(**{k: _from_json(specs[k], v) for k, v in data.items()})

    # -- views --------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """Return every key's value as JSON-friendly Python.

        Returns
        -------
        dict
            Key -> float, list of floats, ``"inf"`` for an infinite value, bool, int, string,
            or None (JSON null).
        """
        return {f.name: _to_json(getattr(self, f.name)) for f in dataclasses.fields(self)}

    @classmethod
    def keys(cls) -> tuple[str, ...]:
        """Return every parameter key, in declaration order.

        Returns
        -------
        tuple of str
            The keys.
        """
        return tuple(cls.specs())

    @classmethod
    def specs(cls) -> dict[str, KeySpec]:
        """Return every key's :class:`KeySpec`, in declaration order.

        Returns
        -------
        dict
            Key -> spec (a fresh dict; the specs are frozen).
        """
        return dict(_specs_of(cls))

    def is_active(self, key: str) -> bool:
        """Return whether a non-core key is effective and not at its neutral value.

        A key is effective when it has no ``requires`` switch or its switch is active
        (recursively). Core keys and keys that only set core keys (``offense_advantage``) are
        never active.

        Parameters
        ----------
        key
            A parameter key.

        Returns
        -------
        bool
            True when the key's mechanism acts on it.

        Raises
        ------
        ValueError
            For an unknown key.
        """
        specs = _specs_of(type(self))
        if key not in specs:
            raise ValueError(f"unknown parameter key {key!r}; allowed keys: {', '.join(specs)}")
        spec = specs[key]
        if spec.mechanism == "core" or spec.sets_core:
            return False
        if spec.requires is not None and not self.is_active(spec.requires):
            return False
        return not spec.is_neutral(getattr(self, key))

    def active_keys(self) -> tuple[str, ...]:
        """Return the keys that are effective and not neutral (see :meth:`is_active`).

        Returns
        -------
        tuple of str
            The keys, in declaration order; empty for the core configuration.
        """
        return tuple(k for k in _specs_of(type(self)) if self.is_active(k))

    def is_core_configuration(self) -> bool:
        """Return whether every mechanism beyond the core is neutral (no key is active).

        Keys whose ``requires`` switch is off do not count (``prior_trust`` without
        ``type_beliefs``, ``mad_damping`` without nuclear warheads, ...), nor does
        ``offense_advantage`` (it only sets core keys). The fused fast path of
        :func:`~realpolitik.engine.simulate` runs only then.

        Returns
        -------
        bool
            True when the parameters describe CORE_MODEL.md's model (any core values).
        """
        return not self.active_keys()

    def n_states(self) -> int | None:
        """Return the length of the per-state arrays, or None if every value is a scalar.

        Returns
        -------
        int or None
            The number of states the per-state values describe.
        """
        for key in self.specs():
            value = getattr(self, key)
            if isinstance(value, np.ndarray):
                return int(value.shape[0])
        return None

    def resolve(self, states: int) -> ResolvedParams:
        """Return the values as the mechanisms read them, for ``states`` states.

        Parameters
        ----------
        states
            The number of states N (>= 2).

        Returns
        -------
        ResolvedParams
            Per-state keys as read-only float64 arrays of shape ``(states,)``, scalar float
            keys as floats, bool keys as bool, int keys as int, choice keys as str, None as
            None; plus ``k`` (= reaction / (N - 1)), ``states`` and ``active`` (the frozenset of
            :meth:`active_keys`).

        Raises
        ------
        ValueError
            If a per-state array does not have ``states`` values.
        """
        values: dict[str, Any] = {}
        for key, spec in self.specs().items():
            value = getattr(self, key)
            if spec.per_state:
                if isinstance(value, np.ndarray):
                    if value.shape[0] != states:
                        raise ValueError(
                            f"{key} has {value.shape[0]} per-state values but states = {states}"
                        )
                    arr = value.astype(np.float64, copy=True)
                else:
                    arr = np.full(states, float(value))
                arr.setflags(write=False)
                values[key] = arr
            else:
                values[key] = value
        k = values["reaction"] / (states - 1)
        k.setflags(write=False)
        active = frozenset(self.active_keys())
        return ResolvedParams(params=self, states=states, k=k, active=active, **values)

    def describe(self) -> Any:
        """Return a table of every key: symbol, value, range, kind, mechanism, meaning.

        Returns
        -------
        pandas.DataFrame
            One row per key: key, symbol, value, range, kind, per_state, mechanism, neutral,
            requires, doc.
        """
        import pandas as pd

        rows = []
        for key, spec in self.specs().items():
            rows.append(
                {
                    "key": key,
                    "symbol": spec.symbol,
                    "value": _to_json(getattr(self, key)),
                    "range": spec.range_text(),
                    "kind": spec.kind,
                    "per_state": spec.per_state,
                    "mechanism": spec.mechanism,
                    "neutral": _to_json(spec.neutral),
                    "requires": spec.requires,
                    "doc": spec.doc,
                }
            )
        return pd.DataFrame(rows)

    # -- dunder -------------------------------------------------------------------------------
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Params):
            return NotImplemented
        return self.to_dict() == other.to_dict()

    def __hash__(self) -> int:
        return hash(repr(sorted(self.to_dict().items())))

    def __repr__(self) -> str:
        changed = []
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if isinstance(value, np.ndarray) or _to_json(value) != _to_json(f.default):
                changed.append(f"{f.name}={_to_json(value)!r}")
        inner = ", ".join(changed) if changed else "core defaults"
        return f"Params({inner})"


class ResolvedParams(SimpleNamespace):
    """Parameters as the mechanisms read them for one simulation (see :meth:`Params.resolve`).

    Attributes are the keys of :class:`Params`: per-state keys are read-only float64 arrays of
    shape ``(states,)``, scalar keys floats (bool, int, str or None for the other kinds). Also
    ``k`` (per-state reaction per rival, kappa / (N - 1)), ``states``, ``active`` (frozenset of
    the effective non-neutral keys, :meth:`Params.active_keys`) and ``params`` (the
    :class:`Params` it came from).
    """

    def to_dict(self) -> dict[str, Any]:
        """Return the resolved values as JSON-friendly Python (lists per state, ``"inf"``).

        Returns
        -------
        dict
            Every key, plus ``k`` and ``states`` (``active`` as a sorted list).
        """
        out: dict[str, Any] = {}
        for key, value in vars(self).items():
            if key == "params":
                continue
            if key == "active":
                out[key] = sorted(value)
            else:
                out[key] = value if key == "states" else _to_json(value)
        return out


@functools.cache
def _specs_of(cls: type) -> dict[str, KeySpec]:
    return {
        f.name: dataclasses.replace(f.metadata["spec"], key=f.name) for f in dataclasses.fields(cls)
    }


PARAM_SPECS: dict[str, KeySpec] = dict(_specs_of(Params))
"""Every parameter key's :class:`KeySpec`, in declaration order."""


def _check_keys(cls: type, mapping: Mapping[str, Any]) -> None:
    specs = _specs_of(cls)
    unknown = [k for k in mapping if k not in specs]
    if unknown:
        raise ValueError(f"unknown parameter key(s) {unknown}; allowed keys: {', '.join(specs)}")


def _normalise(spec: KeySpec, value: Any) -> Any:
    name = spec.key
    if value is None:
        if spec.nullable:
            return None
        raise InputError(name, None, spec.range_text(), problem="is not allowed")
    if spec.kind == "bool":
        if isinstance(value, bool | np.bool_):
            return bool(value)
        raise InputError(name, value, spec.range_text(), problem="is not a bool")
    if spec.kind == "choice":
        if isinstance(value, str) and value in spec.choices:
            return value
        raise InputError(name, value, spec.range_text(), problem="is not allowed")
    if spec.kind == "int":
        ok = isinstance(value, int | np.integer) and not isinstance(value, bool | np.bool_)
        if not ok and isinstance(value, float | np.floating) and float(value).is_integer():
            ok = True
        if not ok:
            raise InputError(name, value, spec.range_text(), problem="is not an integer")
        spec.check_scalar(name, float(value))
        return int(value)
    if isinstance(value, bool | np.bool_):
        raise InputError(name, value, spec.range_text(), problem="is not a number")
    if isinstance(value, int | float | np.integer | np.floating):
        out = float(value)
        spec.check_scalar(name, out)
        return out
    if isinstance(value, str):
        raise InputError(name, value, spec.range_text(), problem="is not a number")
    try:
        arr = np.array(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(
            f"{name} = {value!r} is not a number or a per-state array of numbers"
        ) from None
    if arr.ndim == 0:
        out = float(arr)
        spec.check_scalar(name, out)
        return out
    if not spec.per_state:
        raise ValueError(
            f"{name} = {value!r}: this key is one value for the whole system, not per state;"
            f" allowed: a number in {spec.range_text()}"
        )
    if arr.ndim != 1 or arr.shape[0] < 1:
        raise ValueError(
            f"{name} has shape {arr.shape}; a per-state value must have shape (states,)"
        )
    for i, x in enumerate(arr):
        spec.check_scalar(name, float(x), index=i)
    arr.setflags(write=False)
    return arr


def _to_json(value: Any) -> Any:
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, np.ndarray):
        return [_to_json(float(x)) for x in value]
    if isinstance(value, int | np.integer):
        return int(value)
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return float(value)


def _from_json(spec: KeySpec, value: Any) -> Any:
    if spec.kind != "float":
        return value
    if isinstance(value, str) and value.lower() in {"inf", "+inf", "infinity"}:
        return math.inf
    if isinstance(value, list | tuple):
        return [_from_json(spec, v) for v in value]
    return value
