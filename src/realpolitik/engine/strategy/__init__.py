"""The strategic engine's equations: every war chosen by a state, for the literature's reasons.

Sources: Fearon (1995) for demands under private information and mutual optimism; Schelling
(1960), Jervis (1978) and Kydd (2005) for preemption out of fear; Powell (2006) for preventive
war; Fearon (1994) for audience costs. docs/strategic.md describes the rules and what they
produce. The decision phase that runs them is
:mod:`realpolitik.engine.mechanisms.decisions`.

Modules
-------
- :mod:`~realpolitik.engine.strategy.constants`: the phase's constants per chunk;
- :mod:`~realpolitik.engine.strategy.values`: strengths, coalitions, chances and war values;
- :mod:`~realpolitik.engine.strategy.choices`: each state's choice towards each rival;
- :mod:`~realpolitik.engine.strategy.resolve`: which choices are made, and the answers.
"""
