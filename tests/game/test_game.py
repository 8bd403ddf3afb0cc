"""The crisis game (docs/game.md): what the player sees, moves, the end, the debrief, replays.

Fixed seeds; every claim is exact for its game (a game is one run), so no interval is needed.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from realpolitik.game import Game, GameError, GameStore, debrief

SPIRAL = {"scenario": "two-state-spiral", "player": "Athens", "turns": 12, "seed": 5}
MULTI = {"scenario": "multipolar-offense", "player": "Borvia", "turns": 6, "seed": 0}
BIPOLAR = {"scenario": "bipolar-nuclear", "player": "West", "turns": 10, "seed": 5}

MOVES = [
    {"budget": 0.05, "reassure": 0.2, "hotline": False},
    {"budget": 0.08, "join": ["East ally"]},
    {"reassure": 0.5, "budget": 0.1},
    {"leave": ["East ally"], "demand": {"target": "East ally", "share": 0.3}},
    {},
    {"budget": 0.02, "answer": "concede"},
    {"strike": [], "answer": "stand_firm"},
    {"budget": 0.07},
    {"join": ["West ally"], "reassure": 0.1},
    {},
]


def play(start, moves, answers=()):
    """Play ``moves`` in order (answering paused turns with ``answers``); return the game."""
    game, k = Game(start), 0
    for move in moves:
        if game.over:
            break
        game.play(move)
        if game.stage == "answer":
            game.answer(list(answers[k % len(answers)]) if answers else [])
            k += 1
    return game


def test_the_player_sees_its_perceptions_and_beliefs_never_the_others_types():
    game = Game(MULTI)
    view = game.view()
    assert view["you"]["name"] == "Borvia" and view["you"]["type"] in ("greedy", "security seeker")
    assert view["year"] is None and Game(BIPOLAR).view()["year"] == 1950
    keys = {k for o in view["others"] for k in o}
    assert keys == {"name", "perceived_military", "gdp", "trust", "allied", "may_fight"}
    assert "greedy" not in json.dumps(view["others"])
    true = game.stepper._loop.world.military_old[0]
    seen = np.array([o["perceived_military"] for o in view["others"]])
    assert np.any(np.abs(seen - np.delete(true, game.player)) > 1e-9)  # noisy perceptions


def test_a_game_ends_at_the_first_war_its_state_is_in():
    game = Game({**SPIRAL, "seed": 1})
    view = game.play({"strike": ["Sparta"]})
    assert game.over and view["end_reason"] == "war in turn 1"
    wars = [e for e in view["history"][0]["events"] if e["kind"] == "war"]
    assert wars[0]["initiator_name"] == "Athens"
    with pytest.raises(GameError, match="stage 'over'") as err:
        game.play({})
    assert err.value.status == 409


def test_a_game_ends_after_its_turns_with_the_models_advice_each_turn():
    game = play({**SPIRAL, "seed": 2, "turns": 4}, [{}] * 4)
    assert game.over and game.end_reason == "all 4 turns played"
    d = debrief(game)
    assert [t["turn"] for t in d["turns"]] == [1, 2, 3, 4]
    for t in d["turns"]:
        assert {"reassure", "budget", "strike", "demand"} <= set(t["model"])


def test_demands_pause_the_turn_until_answered():
    game = Game(MULTI)
    while game.stage == "move":
        view = game.play({})
    assert game.stage == "answer" and view["demands"]
    turn = view["turn"]
    challenger = view["demands"][0]["challenger"]
    with pytest.raises(GameError, match="made no demand"):
        game.answer(["Aldoria" if challenger != "Aldoria" else "Carthis"])
    with pytest.raises(GameError, match="needs stage 'move'"):
        game.play({})
    view = game.answer([challenger])
    events = view["history"][turn - 1]["events"]
    assert any(e["initiator_name"] == challenger and e["outcome"] == "conceded" for e in events)
    assert game.turns[turn - 1]["move"]["concede"] == [challenger]


def test_the_debrief_reveals_the_types_and_marks_spirals_and_deterrence_failures():
    game = play(BIPOLAR, [{}] * 10)
    d = debrief(game)
    greedy = game.stepper.trajectory(partial=True).data["greedy"].to_numpy()[0]
    assert d["types"] == {n: "greedy" if g else "security seeker"
                          for n, g in zip(game.names, greedy, strict=True)}  # fmt: skip
    assert d["spiral_turns"] and d["deterrence_failure_turns"]
    for t in d["turns"]:
        for s in t["spirals"]:
            assert d["types"][s["observer"]] == d["types"][s["target"]] == "security seeker"
            assert s["trust_before"] >= s["min_trust"] > s["trust_after"]
        for f in t["deterrence_failures"]:
            assert d["types"][f["initiator"]] == "greedy"
        greedy_initiated = {(e["initiator_name"], e["target_name"]) for e in t["events"]
                            if d["types"][e["initiator_name"]] == "greedy"}  # fmt: skip
        marked = {(f["initiator"], f["target"]) for f in t["deterrence_failures"]}
        assert marked == greedy_initiated
    with pytest.raises(GameError, match="when the game is over"):
        debrief(Game(BIPOLAR))


def test_same_seed_and_same_moves_make_the_same_game_and_a_save_replays_it():
    game = play(BIPOLAR, MOVES)
    again = play(BIPOLAR, MOVES)
    assert json.dumps(debrief(game)) == json.dumps(debrief(again))
    saved = json.loads(json.dumps(game.save()))
    replayed = Game.replay(saved)
    assert replayed.save() == game.save()
    assert json.dumps(debrief(replayed)) == json.dumps(debrief(game))
    other = play({**BIPOLAR, "seed": 6}, MOVES)
    assert json.dumps(debrief(other)) != json.dumps(debrief(game))


def test_the_players_moves_act():
    game = play(BIPOLAR, MOVES[:3])
    m = game.stepper.trajectory(partial=True).data["military"].to_numpy()[0, :, 0]
    gdp = game.stepper.trajectory(partial=True).data["gdp"].to_numpy()[0, :, 0]
    assert m[2] == pytest.approx(0.08 * gdp[1])  # turn 2's budget, 8% of last year's GDP
    assert m[3] <= 0.5 * m[2] + 1e-12  # a gesture binds the year's arming
    assert game.view()["others"][2]["allied"]  # West ally: a scenario pact


def test_interleaved_games_equal_games_played_one_after_another():
    starts = [BIPOLAR, {**BIPOLAR, "seed": 9}, MULTI]
    alone = [json.dumps(debrief(play(s, MOVES if s is not MULTI else [{}] * 6, [[]])))
             for s in starts]  # fmt: skip
    store = GameStore(capacity=8)
    ids = [store.add(Game(s)) for s in starts]
    moves = [MOVES, MOVES, [{}] * 6]
    for k in range(10):
        for gid, ms in zip(ids, moves, strict=True):
            game = store.get(gid)
            if game.over or k >= len(ms):
                continue
            game.play(ms[k])
            if game.stage == "answer":
                game.answer([])
    assert [json.dumps(debrief(store.get(g))) for g in ids] == alone


def test_bad_starts_and_moves_are_one_clear_error():
    cases = [
        ({"scenario": "../etc/passwd", "player": "A"}, "unknown scenario"),
        ({"scenario": "two-state-spiral", "player": "Rome"}, "not a state of"),
        ({**SPIRAL, "turns": 0}, "turns"),
        ({**SPIRAL, "colour": "red"}, "colour"),
        ("two-state-spiral", "expected an object"),
    ]
    for start, msg in cases:
        with pytest.raises(GameError, match=msg):
            Game(start)
    game = Game(BIPOLAR)
    for move, msg in [
        ({"budget": 0.9}, "above the cap"),
        ({"budget": -1}, "budget"),
        ({"strike": ["West"]}, "not another state"),
        ({"strike": ["West ally"]}, "an ally"),
        ({"demand": {"target": "East", "share": 2}}, "share"),
        ({"join": ["East"], "leave": ["East"]}, "the same states"),
        ({"reassure": float("nan")}, "reassure"),
    ]:
        with pytest.raises(GameError, match=msg):
            game.play(move)
    assert game.stage == "move" and game.stepper.year == 0
    with pytest.raises(GameError, match="alliances are off"):
        Game(SPIRAL).play({"join": ["Sparta"]})
    with pytest.raises(GameError, match=r"saved\.version"):
        Game.replay({"version": 99})


def test_the_store_evicts_the_least_recently_used_game():
    store = GameStore(capacity=2)
    a, b = store.add(Game(SPIRAL)), store.add(Game(SPIRAL))
    store.get(a)
    c = store.add(Game(SPIRAL))
    assert a in store and c in store and b not in store
    with pytest.raises(GameError, match="no game") as err:
        store.get(b)
    assert err.value.status == 404
