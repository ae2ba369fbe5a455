"""The batch contract `chuhai screen` (no database)."""

import json
from pathlib import Path

from typer.testing import CliRunner

from chuhai.cli import app

DATA = Path(__file__).parent / "data"


def run(tmp_path, parties, *extra):
    src = tmp_path / "parties.jsonl"
    src.write_text("\n".join(json.dumps(p, ensure_ascii=False) for p in parties) + "\n", encoding="utf-8")
    out = tmp_path / "hits.jsonl"
    result = CliRunner().invoke(app, ["screen", "--list", str(DATA / "csl_sample.csv"), "--list",
                                      str(DATA / "un_sample.xml"), "--parties", str(src), "--out", str(out), *extra])
    return result, out


def test_one_line_per_party_in_input_order_best_first(tmp_path):
    parties = [{"party_id": "b7", "name": "Acme Hair Products", "country": "US"},
               {"party_id": 12, "name": "Юрий Щукин", "country": "RU", "address": "Moscow"},
               {"party_id": "x", "name": "Morozov Aleksey"}]
    result, out = run(tmp_path, parties)
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["party_id"] for r in rows] == ["b7", "12", "x"]
    assert rows[0]["matches"] == []
    hit = rows[1]["matches"][0]
    assert set(hit) == {"list", "entry_id", "name", "score", "reasons"}
    assert hit["entry_id"] == "sdn-25123" and "transliteration" in hit["reasons"] and "country_match" in hit["reasons"]
    assert rows[2]["matches"][0]["list"] == "UN Security Council Consolidated List"
    scores = [m["score"] for r in rows for m in r["matches"]]
    assert all(0 < s <= 1 for s in scores)


def test_threshold_option(tmp_path):
    _, out = run(tmp_path, [{"party_id": "1", "name": "Aerokomplkt"}], "--threshold", "0.99")
    assert json.loads(out.read_text())["matches"] == []


def test_bad_inputs_name_the_line(tmp_path):
    result, _ = run(tmp_path, [{"party_id": "1", "name": "A"}, {"name": "no id"}])
    assert result.exit_code == 2 and "line 2" in result.output
    bad = tmp_path / "bad.csv"
    bad.write_text("name,aliases,country,list,reference,date\nA,,US,L,1,2024\nB,,US\n")
    parties = tmp_path / "p.jsonl"
    parties.write_text('{"party_id": 1, "name": "A"}\n')
    result = CliRunner().invoke(app, ["screen", "--list", str(bad), "--parties", str(parties),
                                      "--out", str(tmp_path / "o.jsonl")])
    assert result.exit_code == 2 and "line 3" in result.output


def test_lists_import_from_the_command_line_is_idempotent(db_url, session, tmp_path, monkeypatch):
    from chuhai.compliance import screening  # deferred: only this test needs the database side
    from chuhai.config import get_settings  # deferred: as above

    monkeypatch.setenv("CHUHAI_DATABASE_URL", db_url)
    get_settings.cache_clear()
    try:
        first = CliRunner().invoke(app, ["compliance", "lists", "import", str(DATA / "un_sample.xml")])
        again = CliRunner().invoke(app, ["compliance", "lists", "import", str(DATA / "un_sample.xml")])
        bad_file = tmp_path / "bad.xml"
        bad_file.write_text("<CONSOLIDATED_LIST>\n<ENTITIES>\n</CONSOLIDATED_LIST>\n")
        bad = CliRunner().invoke(app, ["compliance", "lists", "import", str(bad_file)])
    finally:
        get_settings.cache_clear()
    assert first.exit_code == 0 and "un-sc: version 1 with 3 entries; rescreening queued" in first.output
    assert again.exit_code == 0 and "un-sc: unchanged (version 1, 3 entries)" in again.output
    assert bad.exit_code == 2 and "line 3" in bad.output
    assert [(row.key, row.version) for row in screening.current_lists(session)] == [("un-sc", 1)]


def test_several_workers_keep_the_input_order(tmp_path, monkeypatch):
    from chuhai.compliance.engine.screening import contract  # deferred: only this test needs the module

    monkeypatch.setattr(contract, "CHUNK", 2)
    names = ["Юрий Щукин", "Acme Hair", "Morozov Aleksey", "Koryo Trading Co", "Jane Doe Imports"] * 3
    parties = [{"party_id": str(i), "name": n} for i, n in enumerate(names)]
    result, out = run(tmp_path, parties, "--workers", "2")
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["party_id"] for r in rows] == [str(i) for i in range(len(names))]
    assert [bool(r["matches"]) for r in rows] == [n in ("Юрий Щукин", "Morozov Aleksey", "Koryo Trading Co")
                                                  for n in names]
