"""realpolitik data list | show | cite | sipri."""

from __future__ import annotations

import pytest

from realpolitik.data import DATASETS


def test_list_shows_every_dataset_with_its_citation(invoke):
    out = " ".join(invoke("data", "list").stdout.split())
    for name in DATASETS:
        assert name in out
    for author in ("Singer, Bremer", "Sarkees and Wayman", "Gibler, Miller and Little",
                   "Thompson, Sakuwa", "Kristensen", "SIPRI"):  # fmt: skip
        assert author in out
    assert "user download" in out


def test_show_prints_description_columns_and_rows(invoke):
    out = invoke("data", "show", "wars", "--rows", "2").stdout
    assert "version: 4.0; years: 1816-2007" in out
    assert "war_num (Int16)" in out and "Franco-Spanish War" in out
    sipri = " ".join(invoke("data", "show", "sipri").stdout.split())
    assert "sipri.org/databases/milex" in sipri


def test_cite_prints_bibtex(invoke):
    out = invoke("data", "cite", "atop", "wars").stdout
    assert "@article{leeds2002," in out and "@book{sarkees2010," in out


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("data", "show", "cow"), ["NAME: 'cow' is not a dataset", "nmc", "rivalries"]),
        (("data", "cite", "nmc", "foo"), ["NAME: 'foo'"]),
        (("data", "show", "nmc", "--rows", "-1"), ["--rows: -1", "0..1000"]),
        (("data", "sipri", "/no/such/file.xlsx"), ["PATH:", "no file at", "sipri.org"]),
    ],
)
def test_bad_input_is_one_line_with_exit_code_2(run_main, args, words):
    code, out, err = run_main(*args)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1
    for word in words:
        assert word in err


def test_sipri_remembers_the_workbook(run_main, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("APPDATA", str(tmp_path / "config"))
    book = tmp_path / "sipri.xlsx"
    book.write_bytes(b"not read here")
    code, out, _ = run_main("data", "sipri", str(book))
    assert code == 0 and str(book) in out
    assert (tmp_path / "config" / "realpolitik" / "data.json").is_file()
