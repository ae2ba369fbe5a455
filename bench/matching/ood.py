"""Out-of-domain quality: marketplace titles from outside the belts, leaf-category names as queries.

The set (`ood/listings.tsv`, `ood/queries.tsv`, `ood/heldout.txt`; how it was made: `ood/README.md`)
has 118 English titles in 24 leaf categories and, for 23 of them, the category's name as a query in
English, Chinese, Spanish and Russian. A title of the query's category is graded 3, a title of the
same parent category (necklaces for "earrings") 1. The held-out categories were fixed before any
change to the engine and are reported first; nothing is tuned on them.

The harder set (`ood_hard/`, README there: 383 titles, 52 queried leaves, the category name mostly
absent from the title) is evaluated the same way and reported under "hard", without the `*_before` systems;
the sibling-leaves set (`ood_siblings/`, README there: 414 titles, 69 leaves under 12 parents that share head
nouns, as "Stud Earrings" beside "Hoop Earrings") likewise under "siblings".

`*_static_table_only`: the static table embeds every demand, even one with a word it was never fitted
on (before `DualEmbedder.e5_for_unknown`); `*_static` hands those to e5. `hybrid_static_no_feedback`:
the default without the catalogue feedback (`Fusion.feedback_docs` = 0; see `hybrid.HybridCorpus`).

Systems, all in one run over the same index: `anchor_bm25` (plain BM25: no glossary, no stemming),
`*_before` (the engine without the query translation, i.e. as it was before the cross-lingual
vocabulary), and the engine as it is (`lexical`, `hybrid_static` = the default, `hybrid_e5`).
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from pathlib import Path

from embedding_cache import CachedEmbedder
from metrics import ndcg_at, recall_at, reciprocal_rank, summarise

from chuhai.matching.engine.dense import E5Embedder
from chuhai.matching.engine.embedders import DualEmbedder
from chuhai.matching.engine.hybrid import Fusion
from chuhai.matching.engine.match_index import MatchIndex
from chuhai.matching.engine.records import CatalogItem
from chuhai.matching.engine.static import StaticQueryEncoder, load_static_table
from chuhai.matching.engine.tokenizer import Tokenizer

HERE = Path(__file__).resolve().parent / "ood"
HARD = Path(__file__).resolve().parent / "ood_hard"
SIBLINGS = Path(__file__).resolve().parent / "ood_siblings"
LANGUAGES = ("en", "zh", "es", "ru")
DEPTH = 50


def load_set(here: Path = HERE) -> tuple[list[CatalogItem], dict[str, tuple[str, str]], list[dict]]:
    """Catalogue items, product id → (parent, category), and the queries with their grades and split."""
    with (here / "listings.tsv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    items, labels = [], {}
    for n, row in enumerate(rows, 1):
        pid = f"{here.name}-{n:03d}"
        items.append(CatalogItem(product_id=pid, enterprise_id=here.name, title_en=row["title"]))
        labels[pid] = (row["parent"], row["category"])
    heldout = {line.strip() for line in (here / "heldout.txt").read_text(encoding="utf-8").splitlines()
               if line.strip() and not line.startswith("#")}
    parents = {category: parent for parent, category in labels.values()}
    with (here / "queries.tsv").open(encoding="utf-8") as f:
        query_rows = list(csv.DictReader(f, delimiter="\t"))
    queries = []
    for row in query_rows:
        category = row["category"]
        grades = {pid: 3 if c == category else 1 for pid, (p, c) in labels.items() if p == parents[category]}
        for language in LANGUAGES:
            queries.append({"category": category, "language": language, "text": row[language], "grades": grades,
                            "split": "heldout" if category in heldout else "dev"})
    return items, labels, queries


def _table(queries: list[dict], ranked: list[list[str]]) -> dict:
    rows = [{"split": q["split"], "language": q["language"], "ndcg": ndcg_at(r, q["grades"]),
             "recall": recall_at(r, q["grades"], DEPTH), "rr": reciprocal_rank(r, q["grades"], DEPTH)}
            for q, r in zip(queries, ranked, strict=True)]
    by = defaultdict(list)
    for r in rows:
        for split in (r["split"], "all"):
            by[f"{split}/{r['language']}"].append(r)
            by[f"{split}/non-en"].append(r) if r["language"] != "en" else None
            by[split].append(r)
    order = [f"{s}{x}" for s in ("heldout", "dev", "all") for x in ("", "/en", "/zh", "/es", "/ru", "/non-en")]
    return {key: summarise(by[key]) for key in order}


def evaluate(here: Path, cache_path: Path, log, before: bool = True) -> dict:
    """Every system over one set's index, in one run (the anchor included)."""
    items, _, queries = load_set(here)
    texts = [q["text"] for q in queries]
    log(f"out-of-domain {here.name}: {len(items)} titles, {len(queries)} queries "
        f"({sum(q['split'] == 'heldout' for q in queries)} held out)")
    e5 = CachedEmbedder(E5Embedder(), cache_path)
    e5.embed_passages([i.search_text() for i in items])
    e5.embed_queries(texts)
    e5.save()
    static_table = load_static_table(embedder_name=e5.name)
    static = StaticQueryEncoder(static_table) if static_table else None
    embedder = DualEmbedder(e5, static, "static")
    # the static table alone, as before it handed the demands it does not know to e5
    table_only = DualEmbedder(e5, static, "static", e5_for_unknown=False)

    anchor = MatchIndex.build(items, embedder=None, tokenizer=Tokenizer(glossary=False, stem=False, stopwords=False))
    after = MatchIndex.build(items, embedder=embedder, tokenizer=Tokenizer())
    plain_static = MatchIndex.build(items, embedder=table_only, tokenizer=Tokenizer())
    no_feedback = MatchIndex.build(items, embedder=embedder, tokenizer=Tokenizer(), fusion=Fusion(feedback_docs=0))
    systems = {"anchor_bm25": anchor.rank(texts, "lexical", DEPTH),
               "dense_static_table_only": plain_static.rank(texts, "dense", DEPTH, query_encoder="static"),
               "hybrid_static_table_only": plain_static.rank(texts, "hybrid", DEPTH, query_encoder="static"),
               "hybrid_static_no_feedback": no_feedback.rank(texts, "hybrid", DEPTH, query_encoder="static")}
    if before:
        prior = MatchIndex.build(items, embedder=table_only, tokenizer=Tokenizer(translate=False))
        systems.update({
            "lexical_before": prior.rank(texts, "lexical", DEPTH),
            "hybrid_static_before": prior.rank(texts, "hybrid", DEPTH, query_encoder="static"),
            "hybrid_e5_before": prior.rank(texts, "hybrid", DEPTH, query_encoder="e5"),
        })
    systems.update({
        "dense_static": after.rank(texts, "dense", DEPTH, query_encoder="static"),
        "dense_e5": after.rank(texts, "dense", DEPTH, query_encoder="e5"),
        "lexical": after.rank(texts, "lexical", DEPTH),
        "hybrid_static": after.rank(texts, "hybrid", DEPTH, query_encoder="static"),
        "hybrid_e5": after.rank(texts, "hybrid", DEPTH, query_encoder="e5"),
    })
    results = {name: _table(queries, ranked) for name, ranked in systems.items()}
    ndcg = {split: {name: {lang: results[name][f"{split}/{lang}" if lang else split]["ndcg@10"]
                           for lang in ("", "en", "zh", "es", "ru", "non-en")} for name in systems}
            for split in ("heldout", "dev", "all")}
    for split in ndcg.values():
        for row in split.values():
            row["overall"] = row.pop("")
    return {
        "set": {"titles": len(items), "queries": len(queries), "languages": list(LANGUAGES),
                "heldout_categories": sorted({q["category"] for q in queries if q["split"] == "heldout"}),
                "provenance": f"bench/matching/{here.name}/README.md (hand-written by the team; no downloaded data)"},
        "ndcg@10": ndcg,
        "systems": results,
    }


def run_ood(cache_path: Path, log, in_domain: dict | None = None) -> dict:
    """The first set's figures at the top level (as before), the harder set's under "hard", the siblings' under
    "siblings"."""
    easy = evaluate(HERE, cache_path, log)
    hard = evaluate(HARD, cache_path.with_name(cache_path.stem + "-hard.npz"), log, before=False)
    siblings = evaluate(SIBLINGS, cache_path.with_name(cache_path.stem + "-siblings.npz"), log, before=False)
    return {**easy, "in_domain_ndcg@10": in_domain or {}, "hard": hard, "siblings": siblings}


def in_domain_figures(path: Path) -> dict:
    """The in-domain figures of the last matching quality run, to show beside these."""
    if not path.exists():
        return {}
    systems = json.loads(path.read_text(encoding="utf-8"))["systems"]
    keys = ("handwritten", "handwritten/non-en", "generated", "overall")
    return {"file": path.name, **{name: {k: systems[name][k]["ndcg@10"] for k in keys if k in systems[name]}
                                  for name in ("anchor_bm25", "lexical", "hybrid_static", "hybrid_e5")
                                  if name in systems}}
