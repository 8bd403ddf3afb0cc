"""realpolitik.cite: every model knows its sources, and the BibTeX is well formed."""

from __future__ import annotations

import re

import pytest

import realpolitik as rp
from realpolitik.citations import BIBTEX, CITABLE
from realpolitik.theory import MODELS


@pytest.mark.parametrize("model", MODELS)
def test_every_theory_model_cites_known_sources(model):
    module = getattr(rp.theory, model)
    assert module.REFERENCES, f"{model} declares no sources"
    text = rp.cite(model)
    for key in module.REFERENCES:
        assert key in BIBTEX
        assert f"{{{key}," in text


def test_cite_without_arguments_lists_every_entry_once():
    text = rp.cite()
    keys = re.findall(r"^@\w+\{(\w+),", text, flags=re.M)
    assert sorted(keys) == sorted(BIBTEX)
    assert len(keys) == len(set(keys))


def test_cite_accepts_modules_results_and_keys_and_deduplicates():
    from realpolitik.theory import richardson

    model = richardson.Richardson(k=1, l=1, a=2, b=2, g=1, h=1)
    text = rp.cite(richardson, model, "richardson1960", "richardson")
    assert text.count("@book{richardson1960,") == 1
    assert rp.cite("jervis1978").startswith("@article{jervis1978,")


def test_every_bibtex_entry_is_balanced_and_has_author_title_year():
    for key, entry in BIBTEX.items():
        assert entry.count("{") == entry.count("}"), key
        for field in ("author", "title", "year"):
            assert re.search(rf"^\s+{field} = ", entry, flags=re.M), (key, field)


def test_unknown_things_are_refused_with_the_allowed_names():
    with pytest.raises(ValueError, match="unknown thing 'nonsense'"):
        rp.cite("nonsense")
    with pytest.raises(ValueError, match="no known sources"):
        rp.cite(3.5)
    import types

    with pytest.raises(ValueError, match="declares no REFERENCES"):
        rp.cite(types.ModuleType("empty"))


def test_citable_names_cover_every_theory_model():
    assert set(MODELS) <= set(CITABLE)
