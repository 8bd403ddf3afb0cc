"""The per-chunk context of a simulation: parameters in effect, prepared constants, scratch.

Source: docs/mechanisms.md ("The engine contract": mechanisms hand results to each other
through typed World fields only). What a chunk needs besides its World travels in one explicit
object, passed to every phase as ``step(world, params, rng, ctx)``:

- ``params``: the resolved parameters *in effect* this year: the simulation's, with the
  schedule's overrides (``world.overrides``) applied, so a mechanism reads every key, scheduled
  or not, as ``params.key``;
- ``prepared(prepare, reads)``: a mechanism's per-parameter constants, computed once per chunk
  by its ``prepare(params, states)`` hook and computed again, with the parameters in effect,
  when the schedule changes one of the keys it ``reads``;
- ``scratch(owner)``: a mechanism's own reusable buffers (a dict that lives as long as the
  chunk);
- ``schedule``: the scenario's time-dated events; ``recorder``: the chunk's
  :class:`~realpolitik.engine.recorder.Recorder` (None outside a simulation); ``policies``:
  the users' policies of some states (None when there are none; docs/policies.md).

A mechanism called on its own (``step(world, params, rng)``, as the tests do) gets a fresh
context from :func:`ensure_context`, built from the world's overrides: the same numbers, only
nothing is kept between calls (persistent state lives in typed World fields).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from types import SimpleNamespace
from typing import Any

__all__ = ["ChunkContext", "ensure_context", "with_overrides"]


def with_overrides(params: Any, overrides: Mapping[str, Any]) -> Any:
    """Return ``params`` with some keys replaced (the schedule's values), a new object.

    Parameters
    ----------
    params
        Resolved parameters (with a ``replace`` method, as
        :class:`~realpolitik.engine.params.ResolvedParams`), any attribute namespace, or None.
    overrides
        Key -> value.

    Returns
    -------
    Any
        ``params`` itself when there is nothing to replace (or it is None), else a copy with
        the values replaced (``params.replace(**overrides)`` where available).
    """
    if not overrides or params is None:
        return params
    replace = getattr(params, "replace", None)
    if callable(replace):
        return replace(**overrides)
    return SimpleNamespace(**{**vars(params), **overrides})


class ChunkContext:
    """What the phases of one chunk share besides the World (see the module docstring).

    Parameters
    ----------
    params
        The simulation's resolved parameters (the base the schedule's overrides apply to).
    states
        The number of states N.
    runs
        The chunk's runs (None when unknown).
    schedule
        The chunk's scheduled events (in order).
    recorder
        The chunk's recorder, or None.
    policies
        The chunk's policies (:class:`~realpolitik.engine.policy.runtime.PolicyRuntime`: the
        states whose decisions a user's policy makes, docs/policies.md), or None.
    """

    def __init__(
        self,
        params: Any,
        states: int,
        runs: int | None = None,
        *,
        schedule: Sequence[Any] = (),
        recorder: Any = None,
        policies: Any = None,
    ) -> None:
        self.base = params
        self.params = params
        self.states = int(states)
        self.runs = runs
        self.schedule = tuple(schedule)
        self.recorder = recorder
        self.policies = policies
        self.overrides: dict[str, Any] = {}
        self._prepared: dict[Callable, tuple[frozenset[str], Any]] = {}
        self._scratch: dict[str, dict[str, Any]] = {}

    @classmethod
    def standalone(cls, world: Any, params: Any) -> ChunkContext:
        """Return a context for one call of a mechanism on ``world`` (its overrides applied)."""
        ctx = cls(params, world.states, world.runs)
        if world.overrides:
            ctx.set_overrides(world.overrides)
        return ctx

    def prepared(self, prepare: Callable[[Any, int], Any], reads: Sequence[str] = ()) -> Any:
        """Return ``prepare(params, states)`` for the parameters in effect, computed once.

        Parameters
        ----------
        prepare
            A mechanism's ``prepare(params, states)`` hook (the cache key).
        reads
            The keys the constants depend on: a schedule override of one of them computes
            them again.

        Returns
        -------
        Any
            Whatever ``prepare`` returns.
        """
        entry = self._prepared.get(prepare)
        if entry is None:
            entry = (frozenset(reads), prepare(self.params, self.states))
            self._prepared[prepare] = entry
        return entry[1]

    def scratch(self, owner: str) -> dict[str, Any]:
        """Return the mechanism ``owner``'s buffers: a dict kept for the chunk's lifetime."""
        return self._scratch.setdefault(owner, {})

    def set_overrides(self, overrides: Mapping[str, Any]) -> frozenset[str]:
        """Put the schedule's overrides in effect; re-prepare the constants that read them.

        Parameters
        ----------
        overrides
            Key -> value, every override in effect (``world.overrides``).

        Returns
        -------
        frozenset of str
            The keys whose value changed.
        """
        old = self.overrides
        changed = frozenset(
            k
            for k in {*old, *overrides}
            if k not in old or k not in overrides or old[k] != overrides[k]
        )
        if not changed:
            return changed
        self.overrides = dict(overrides)
        self.params = with_overrides(self.base, self.overrides)
        self._prepared = {f: e for f, e in self._prepared.items() if not e[0] & changed}
        return changed


def ensure_context(world: Any, params: Any, ctx: ChunkContext | None) -> ChunkContext:
    """Return ``ctx``, or for a mechanism called on its own a :meth:`ChunkContext.standalone`.

    Parameters
    ----------
    world
        The chunk's world.
    params
        The resolved parameters the mechanism was called with.
    ctx
        The chunk's context, or None.

    Returns
    -------
    ChunkContext
        The context to use; its ``params`` are the parameters in effect.
    """
    return ChunkContext.standalone(world, params) if ctx is None else ctx
