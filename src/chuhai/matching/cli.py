"""`chuhai match ...` commands: `batch` (the JSONL contract, engine only, no database), `reindex`, and
`mine-terms` (zh↔en term pairs from the platform's own bilingual titles).

The engine's heavy parts (jieba's dictionary, bm25s, the e5 model, usearch) load inside the engine
when a command first needs them.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from pathlib import Path

import typer
from rich.progress import Progress

from chuhai.config import get_settings
from chuhai.database import refresh_planner_statistics, session_scope
from chuhai.matching import index_store, repository, service
from chuhai.matching.engine.bilingual import format_mined, mine_titles, use_platform_terms
from chuhai.matching.engine.contract import ContractError, read_catalog, read_demands, result_line
from chuhai.matching.engine.embedders import QUERY_ENCODERS, default_embedder
from chuhai.matching.engine.match_index import MatchIndex
from chuhai.matching.engine.tokenizer import Tokenizer
from chuhai.matching.reasons import format_reason

app = typer.Typer(help="Precise supply–demand matching (精准匹配).", no_args_is_help=True)


@app.callback()
def _group() -> None:
    """Precise supply–demand matching (精准匹配)."""


@app.command("batch")
def batch_command(
    catalog: Path = typer.Option(..., "--catalog", help="Catalog JSONL: one product per line."),
    demands: Path = typer.Option(..., "--demands", help="Demands JSONL: one demand per line."),
    top: int = typer.Option(10, "--top", min=1, help="At most K matches per demand."),
    out: Path = typer.Option(..., "--out", help="Results JSONL, one line per demand, in input order."),
    lexical_only: bool = typer.Option(False, "--lexical-only", help="BM25 + glossary only, no embeddings."),
    query_encoder: str = typer.Option(
        "static", "--query-encoder",
        help="How demands are embedded: 'static' (a token table distilled from e5: microseconds per demand) or "
             "'e5' (the e5 model itself: ~12 ms per demand on 2 cores, slightly better on some languages).",
    ),
    terms: Path | None = typer.Option(
        None, "--terms", help="Mined term pairs to translate with besides the shipped list (a file of "
        "`chuhai match mine-terms`). Default: the platform's, CHUHAI_MATCH_TERMS_FILE (unset: "
        "DATA_DIR/match-terms.tsv), when that file exists."),
    no_terms: bool = typer.Option(False, "--no-terms", help="The shipped term pairs only: no mined file, "
                                  "whatever the settings say (reproducible runs)."),
) -> None:
    """Match every demand against the catalog (no database needed).

    Result line: {"demand_id", "matches": [{"product_id", "score", "reasons": [str]}]}, best first,
    never a product that fails a hard constraint (missing required certification; unverified
    supplier when the demand sets "verified_only"). A malformed input line stops the run with exit
    code 2 and no output file. Chinese query words are translated with the shipped term pairs and,
    as the platform's server does, with the pairs `chuhai match mine-terms` mined from its catalogue.
    """
    if query_encoder not in QUERY_ENCODERS:
        typer.echo(f"error: --query-encoder must be one of {', '.join(QUERY_ENCODERS)}", err=True)
        raise typer.Exit(2)
    if terms is not None and no_terms:
        typer.echo("error: --terms and --no-terms exclude each other", err=True)
        raise typer.Exit(2)
    if terms is not None and not terms.is_file():
        typer.echo(f"error: --terms {terms}: no such file", err=True)
        raise typer.Exit(2)
    try:
        items = read_catalog(catalog)
        queries = read_demands(demands)
    except ContractError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None

    settings = get_settings()
    terms_file = None if no_terms else terms or settings.match_terms_path
    term_pairs = use_platform_terms(terms_file)  # as `index_store.PlatformIndex` does; none when it is missing
    if terms is not None and not term_pairs:
        typer.echo(f"error: --terms {terms}: no term pairs in it (not a file of `chuhai match mine-terms`?)", err=True)
        raise typer.Exit(2)
    embedder = None if lexical_only else default_embedder(
        query_encoder, lexical_only=settings.match_lexical_only, cache_dir=settings.cache_dir)
    index = MatchIndex.build(items, embedder=embedder, tokenizer=Tokenizer(cache_dir=settings.cache_dir))
    results = index.match_batch(queries, top=top) if queries and items else [[] for _ in queries]
    _write_lines(out, (result_line(query, matches, lambda reason: format_reason(reason, "en"))
                       for query, matches in zip(queries, results, strict=False)))
    mode = "lexical-only" if index.lexical_only else f"hybrid, {index.query_encoder} query encoder"
    mode += f", {term_pairs} mined term pairs from {terms_file}" if term_pairs else ""
    typer.echo(f"{len(queries)} demands × {len(items)} products ({mode}) → {out}", err=True)


def _write_lines(out: Path, lines, raw: bool = False) -> None:
    """JSONL (`raw`: text as it is) into `out` through a temporary file: a failed run leaves no (partial) output
    file."""
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            for line in lines:
                fh.write(line if raw else json.dumps(line, ensure_ascii=False) + "\n")
        os.replace(tmp, out)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


@app.command("mine-terms")
def mine_terms_command(
    min_count: int = typer.Option(3, "--min-count", min=1, help="A pair must occur in at least N products."),
    min_dice: float = typer.Option(0.5, "--min-dice", min=0.0, max=1.0, help="Lowest Dice coefficient of a pair."),
    out: Path | None = typer.Option(None, "--out", help="Defaults to CHUHAI_MATCH_TERMS_FILE "
                                    "(unset: DATA_DIR/match-terms.tsv), the file the matcher reads."),
    database_url: str | None = typer.Option(None, "--database-url", help="Defaults to CHUHAI_DATABASE_URL."),
) -> None:
    """Mine zh↔en term pairs from the platform's products that have both title_zh and title_en (the mining that
    produced the shipped list: Dice co-occurrence, one-to-one linking, confirmed by CC-CEDICT) into a file the
    matcher reads besides the shipped list; `chuhai match reindex` then puts them to use. A Chinese query word
    the glossary lacks also searches for its mined English word."""
    settings = get_settings()
    target = out or settings.match_terms_path
    started = time.perf_counter()
    with session_scope(database_url or settings.database_url) as session:
        tokenizer = Tokenizer(translate=False, cache_dir=settings.cache_dir)
        products, rows = mine_titles(repository.bilingual_titles(session), tokenizer, min_count, min_dice)
    _write_text(target, format_mined(rows, source="chuhai match mine-terms"))
    confirmed = sum(1 for row in rows if row[4])
    typer.echo(f"{products} bilingual products → {len(rows)} term pairs ({confirmed} confirmed by the dictionary) "
               f"in {time.perf_counter() - started:.1f}s → {target}; run `chuhai match reindex` to use them")


def _write_text(out: Path, text: str) -> None:
    _write_lines(out, [text], raw=True)


@app.command("reindex")
def reindex_command(
    database_url: str | None = typer.Option(None, "--database-url", help="Defaults to CHUHAI_DATABASE_URL."),
    lexical_only: bool = typer.Option(False, "--lexical-only", help="BM25 + glossary only, no embeddings."),
    rematch: bool = typer.Option(False, "--rematch", help="Also recompute every open demand's stored short list "
                                 "and every product's stored fits (the opportunities pages read them)."),
) -> None:
    """Rebuild the platform's match index (DATA_DIR/match-index) from the database's products."""
    settings = get_settings()
    url = database_url or settings.database_url
    started = time.perf_counter()
    with session_scope(url) as session, Progress(transient=True) as progress:
        task = progress.add_task("Reading products", total=None)
        store = index_store.PlatformIndex(index_store.database_key(session), settings.data_dir / "match-index",
                                          embedder=None if lexical_only else "auto", settings=settings)
        count = store.rebuild(session, progress=lambda done, total: progress.update(task, completed=done, total=total))
        mode = "lexical-only" if store.products.lexical_only else "hybrid"
        rematched = 0
        if rematch:
            index_store.adopt(store)
            demands = repository.open_demands(session)
            progress.update(task, description="Matching open demands", completed=0, total=len(demands))
            for start in range(0, len(demands), 100):
                service.compute_matches(session, demands[start:start + 100])
                progress.update(task, completed=min(start + 100, len(demands)))
            rematched = len(demands)
            fitted = _store_all_fits(session, progress, task)
    if rematch:
        refresh_planner_statistics(url)  # the stored matches and fits were written anew
    elapsed = time.perf_counter() - started
    extra = f", {store.term_pairs} mined term pairs of the platform's" if store.term_pairs else ""
    extra += f", {rematched} open demands rematched, {fitted} product fits stored" if rematch else ""
    typer.echo(f"{count} products indexed ({mode}) in {elapsed:.1f}s{extra} → {store.directory}")


def _store_all_fits(session, progress, task) -> int:
    """Every matchable product's fits, by batches committed as they go (the pages read what is done)."""
    ids = [product.id for product in repository.matchable_products(session)]
    progress.update(task, description="Storing the open demands that fit each product", completed=0, total=len(ids))
    stored = 0
    for start in range(0, len(ids), 200):
        stored += service.store_fits(session, products=ids[start:start + 200])
        session.commit()
        progress.update(task, completed=min(start + 200, len(ids)))
    return stored


@app.command("fits")
def fits_command(
    database_url: str | None = typer.Option(None, "--database-url", help="Defaults to CHUHAI_DATABASE_URL."),
) -> None:
    """Search and store again the open demands that fit every product (e.g. nightly: scores move as demands come
    and go; the writes of a product or an enterprise already store its own)."""
    url = database_url or get_settings().database_url
    started = time.perf_counter()
    with session_scope(url) as session, Progress(transient=True) as progress:
        task = progress.add_task("Reading products", total=None)
        stored = _store_all_fits(session, progress, task)
    typer.echo(f"{stored} product fits stored in {time.perf_counter() - started:.1f}s")
