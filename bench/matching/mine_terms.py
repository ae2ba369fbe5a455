"""Mine zh↔en term pairs from the catalogue's bilingual titles into src/chuhai/matching/engine/mined_terms.tsv.

    .venv/bin/python bench/matching/mine_terms.py [--min-count 3] [--min-dice 0.5]
    .venv/bin/python bench/matching/mine_terms.py --catalog catalog.jsonl --out pairs.tsv   # any export

Pairs are linked one-to-one (competitive linking), and a pair is `confirmed` when CC-CEDICT's
glosses of the Chinese word give the English token. The catalogue is the demo platform's
(`chuhai.demo.generator`, full scale, seed 7): every product with both `title_zh` and `title_en`.
Both titles are tokenised by the engine's own tokenizer (glossary on), so glossary concepts drop
out and what is mined is the vocabulary the glossary does not cover. The English side is stored as
the tokenizer writes it (stemmed). See chuhai.matching.engine.bilingual.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from chuhai.matching.engine.bilingual import MINED_FILE, format_mined, mine_titles
from chuhai.matching.engine.tokenizer import Tokenizer

ROOT = Path(__file__).resolve().parents[2]
TARGET = ROOT / "src" / "chuhai" / "matching" / "engine" / MINED_FILE


def catalogue_titles(catalog: Path | None = None) -> list[tuple[str | None, str | None]]:
    """(title_zh, title_en) per product: of a batch-contract catalogue file (the platform's export,
    `chuhai match batch --catalog`), else of the demo catalogue. (A running platform mines its own
    catalogue with `chuhai match mine-terms`: the same engine function, `bilingual.mine_titles`.)"""
    if catalog is not None:
        from chuhai.matching.engine.contract import read_catalog

        return [(i.title_zh, i.title_en) for i in read_catalog(catalog)]
    from chuhai.demo.generator import generate

    return [(p.get("title_zh"), p.get("title_en")) for p in generate("full", 7).products]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--min-count", type=int, default=3)
    parser.add_argument("--min-dice", type=float, default=0.5)
    parser.add_argument("--catalog", type=Path, help="a batch-contract catalogue JSONL (default: the demo catalogue)")
    parser.add_argument("--out", type=Path, default=TARGET, help=f"default: {TARGET.relative_to(ROOT)}")
    args = parser.parse_args()
    products, rows = mine_titles(catalogue_titles(args.catalog), Tokenizer(translate=False), args.min_count,
                                 args.min_dice)
    args.out.write_text(format_mined(rows), encoding="utf-8")
    print(f"{products} bilingual products → {len(rows)} pairs in {args.out}")
    for row in rows[:15]:
        print("  ", *row)


if __name__ == "__main__":
    main()
