"""`chuhai match mine-terms`: term pairs mined from the platform's own bilingual titles are read by the matcher
besides the shipped list once `reindex` rebuilds the index, so a Chinese query finds an English-only product."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from chuhai.config import get_settings
from chuhai.matching import index_store, service
from chuhai.matching.cli import app
from chuhai.matching.engine.bilingual import load_cedict, load_mined, parse_mined, use_platform_terms
from chuhai.matching.engine.tokenizer import Tokenizer
from chuhai.matching.models import DemandMatch
from tests import factories

# A product type the glossary, the shipped pairs and CC-CEDICT all lack.
BILINGUAL = [
    ("手工捕梦网 羽毛挂饰", "Handmade dreamcatcher feather wall hanging", "textiles"),
    ("捕梦网 卧室装饰", "Dreamcatcher bedroom decor", "textiles"),
    ("大号捕梦网 流苏", "Large dreamcatcher with tassels", "textiles"),
    ("羽毛挂饰 客厅", "Feather wall hanging living room", "textiles"),
]


@pytest.fixture(autouse=True)
def platform_terms_forgotten(lexical_only):
    yield
    use_platform_terms(None)


def test_the_term_is_one_the_shipped_lists_lack():
    tokens = Tokenizer()("捕梦网")
    assert "捕梦网" in tokens and not any(t.startswith("~") for t in tokens)
    assert "捕梦网" not in load_mined() and "捕梦网" not in load_cedict()
    # nothing knows the word: only its characters' glosses are added (catch, dream, net), not "dreamcatcher"
    assert not any(t.startswith("dreamcatch") for t in Tokenizer().query_tokens("捕梦网"))


def test_mined_terms_and_reindex_let_a_chinese_query_find_an_english_only_product(session, db_url):
    enterprise = factories.enterprise(session)
    for i, (zh, en, category) in enumerate(BILINGUAL):
        factories.product(session, enterprise, sku=f"DC-{i}", title_zh=zh, title_en=en, category=category)
    english_only = factories.product(session, enterprise, sku="DC-EN", title_zh=None,
                                     title_en="Boho dreamcatcher, macrame, 3 rings", category="textiles")
    demand = factories.demand(session, text="捕梦网 500个", category="textiles")
    session.commit()
    runner = CliRunner()

    def matched() -> set[int]:
        return set(session.scalars(select(DemandMatch.product_id).where(DemandMatch.demand_id == demand.id)))

    result = runner.invoke(app, ["reindex", "--database-url", db_url, "--lexical-only", "--rematch"])
    assert result.exit_code == 0, result.output
    session.expire_all()
    assert english_only.id not in matched()  # nothing translates 捕梦网 yet

    result = runner.invoke(app, ["mine-terms", "--database-url", db_url, "--min-count", "2"])
    assert result.exit_code == 0, result.output
    assert "4 bilingual products → " in result.output
    terms = get_settings().match_terms_path
    assert parse_mined(terms.read_text(encoding="utf-8"))["捕梦网"] == "dreamcatch"

    result = runner.invoke(app, ["reindex", "--database-url", db_url, "--lexical-only", "--rematch"])
    assert result.exit_code == 0, result.output
    assert "mined term pairs of the platform's" in result.output
    session.expire_all()
    assert english_only.id in matched()
    # and the platform's pages and API, in this process, search with them too
    index_store.forget(session)
    service.compute_matches(session, [demand])
    assert english_only.id in matched()


def test_a_missing_or_broken_terms_file_adds_nothing(tmp_path):
    assert use_platform_terms(tmp_path / "none.tsv") == 0
    broken = tmp_path / "broken.tsv"
    broken.write_text("zh\ten\tproducts\tdice\tconfirmed\n捕梦网\tdreamcatch\t3\tnot-a-number\t0\n", encoding="utf-8")
    assert use_platform_terms(broken) == 0


def test_the_batch_command_reads_the_platforms_mined_terms_like_the_server(tmp_path, monkeypatch):
    """`chuhai match batch` translates with the mined file the server reads (settings' match_terms_path), or the one
    `--terms` names; `--no-terms` (and a missing file) leaves the shipped pairs only."""
    import json

    from chuhai.matching.engine.bilingual import format_mined

    catalog, demands, out = tmp_path / "catalog.jsonl", tmp_path / "demands.jsonl", tmp_path / "out.jsonl"
    products = [{"product_id": "dreamcatcher", "enterprise_id": "E1", "title_en": "Boho dreamcatcher, macrame, 3 rings",
                 "category": "textiles"},
                {"product_id": "towel", "enterprise_id": "E2", "title_en": "Cotton bath towel", "category": "textiles"}]
    catalog.write_text("".join(json.dumps(p) + "\n" for p in products), encoding="utf-8")
    demands.write_text(json.dumps({"demand_id": "D1", "text": "捕梦网 500个"}, ensure_ascii=False) + "\n",
                       encoding="utf-8")
    mined = tmp_path / "mined.tsv"
    mined.write_text(format_mined([("捕梦网", "dreamcatch", 3, 1.0, False)], source="a test"), encoding="utf-8")

    def found(*extra: str) -> list[str]:
        use_platform_terms(None)  # each run starts as a fresh process would
        result = CliRunner().invoke(app, ["batch", "--catalog", str(catalog), "--demands", str(demands),
                                          "--out", str(out), "--lexical-only", *extra])
        assert result.exit_code == 0, result.output
        return [m["product_id"] for m in json.loads(out.read_text(encoding="utf-8"))["matches"]]

    monkeypatch.setenv("CHUHAI_MATCH_TERMS_FILE", str(tmp_path / "none-yet.tsv"))
    get_settings.cache_clear()
    assert "dreamcatcher" not in found()  # no mined file: nothing translates 捕梦网
    assert found("--terms", str(mined))[0] == "dreamcatcher"

    monkeypatch.setenv("CHUHAI_MATCH_TERMS_FILE", str(mined))  # the platform's file, as `mine-terms` writes it
    get_settings.cache_clear()
    assert found()[0] == "dreamcatcher"
    assert "dreamcatcher" not in found("--no-terms")

    result = CliRunner().invoke(app, ["batch", "--catalog", str(catalog), "--demands", str(demands), "--out",
                                      str(out), "--lexical-only", "--terms", str(tmp_path / "missing.tsv")])
    assert result.exit_code == 2 and "no such file" in result.output
