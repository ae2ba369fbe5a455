"""`chuhai plan ...` and `chuhai hs ...` commands.

Batch contracts (see planning/CONTRACTS.md): bad input prints `error: FILE: FIELD: message` on
stderr, exits with code 2 and writes nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import tempfile
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import typer

from chuhai.planning.contracts import hs_suggestion_line, landed_cost_option, parse_hs_item, replenish_plan
from chuhai.planning.engine.hs import suggest_item
from chuhai.planning.engine.landed_cost import evaluate
from chuhai.planning.engine.reference import InputError, reference_versions
from chuhai.planning.engine.stock import parse_params, replenish
from chuhai.planning.forecast_contract import forecast_file
from chuhai.planning.texts import hs_question

plan_app = typer.Typer(help="Export planning (出海方案): landed cost, replenishment.", no_args_is_help=True)
hs_app = typer.Typer(help="HS 2022 code suggestion.", no_args_is_help=True)


def _fail(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(2)


def _read_json(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        _fail(f"{path}: cannot read ({exc.strerror})")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        _fail(f"{path}: line {exc.lineno}: invalid JSON ({exc.msg})")


def _write_json(path: Path, payload: Any) -> None:
    """Write atomically so that a failure never leaves a partial file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(payload, handle, ensure_ascii=False, indent=2)
            handle.write("\n")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@plan_app.command("landed-cost")
def landed_cost_command(
    input: Path = typer.Option(..., "--input", help="INPUT.json: {sku, options, overrides}"),
    out: Path = typer.Option(..., "--out", help="OUT.json: options with components, best margin first"),
) -> None:
    """Landed cost and margin per unit for each market × channel × route × customs-mode option."""
    data = _read_json(input)
    try:
        results = evaluate(data)
    except InputError as exc:
        _fail(f"{input}: {exc.field}: {exc.message}")
    payload = {"options": [landed_cost_option(r) for r in results], "reference_versions": reference_versions()}
    _write_json(out, payload)
    best = results[0]
    typer.echo(
        f"{len(results)} option(s) → {out}; best: {best.option.id} margin {best.margin_cny} CNY ({best.margin_pct}%)"
    )


@plan_app.command("forecast")
def forecast_command(
    series: Path = typer.Option(
        ..., "--series", help="SERIES.csv: unique_id, ds (YYYY-MM-DD), y; missing periods are 0"
    ),
    horizon: int = typer.Option(..., "--horizon", help="periods to forecast after the file's last period"),
    freq: str = typer.Option(..., "--freq", help="W (ISO weeks, Monday) or M (calendar months)"),
    out: Path = typer.Option(..., "--out", help="FORECAST.csv: unique_id, ds, forecast; ids in input order"),
) -> None:
    """Demand forecast per series for the next HORIZON weeks or months (intermittent-demand aware)."""

    def progress(line: int) -> None:
        typer.echo(f"read {line:,} lines", err=True)

    try:
        n, periods = forecast_file(series, horizon, freq.strip().upper(), out, progress)
    except InputError as exc:
        _fail(f"{series}: {exc.field}: {exc.message}")
    typer.echo(f"{n} series × {periods} {freq.upper()} periods → {out}: {horizon} period(s) each")


@plan_app.command("replenish")
def replenish_command(
    orders: Path = typer.Option(
        ..., "--orders", help="ORDERS.csv: order_date, channel, country, product_id, units, unit_price, currency"
    ),
    params: Path = typer.Option(..., "--params", help="PARAMS.json: {skus: {product_id: {...}}, as_of}"),
    out: Path = typer.Option(..., "--out", help="PLAN.json"),
) -> None:
    """Weekly forecast, reorder point, order quantity and ship-by date per SKU; slow-mover alerts."""
    try:
        sku_params, as_of = parse_params(_read_json(params))
    except InputError as exc:
        _fail(f"{params}: {exc.field}: {exc.message}")
    rows = _read_orders(orders)
    plan = replenish_plan(replenish(rows, sku_params, as_of))
    _write_json(out, plan)
    to_ship = sum(1 for s in plan["skus"] if s["order_quantity"] > 0 and s["ship_by"] == plan["as_of"])
    slow = sum(1 for s in plan["skus"] if s["slow_mover"])
    typer.echo(f"{len(plan['skus'])} SKU(s) → {out}; {to_ship} to ship now, {slow} slow mover(s)")


def _read_orders(path: Path) -> list[dict]:
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        _fail(f"{path}: cannot read ({exc.strerror})")
    with handle:
        reader = csv.DictReader(handle)
        columns = set(reader.fieldnames or [])
        missing = [c for c in ("order_date", "product_id", "units") if c not in columns]
        if missing:
            _fail(f"{path}: line 1: missing column(s) {', '.join(missing)}")
        rows = []
        for line, row in enumerate(reader, start=2):
            try:
                order_date = dt.date.fromisoformat((row["order_date"] or "").strip()[:10])
            except ValueError:
                _fail(f"{path}: line {line}: order_date: expected YYYY-MM-DD, got {row['order_date']!r}")
            try:
                units_value = Decimal((row["units"] or "").strip())
            except InvalidOperation:
                units_value = Decimal("NaN")
            if not units_value.is_finite() or units_value != units_value.to_integral_value():
                _fail(f"{path}: line {line}: units: expected a whole number, got {row['units']!r}")
            units = int(units_value)
            if units < 0:
                _fail(f"{path}: line {line}: units: must not be negative, got {units}")
            product_id = (row["product_id"] or "").strip()
            if not product_id:
                _fail(f"{path}: line {line}: product_id: missing")
            price = (row.get("unit_price") or "").strip()
            if price:
                try:
                    Decimal(price)
                except InvalidOperation:
                    _fail(f"{path}: line {line}: unit_price: expected a decimal, got {price!r}")
            rows.append(
                {
                    "order_date": order_date,
                    "product_id": product_id,
                    "units": units,
                    "unit_price": price or None,
                    "currency": (row.get("currency") or "").strip().upper() or None,
                    "channel": row.get("channel"),
                    "country": row.get("country"),
                }
            )
    return rows


@hs_app.command("suggest")
def hs_suggest_command(
    text: str = typer.Argument("", help="product title or description (any language); not with --batch"),
    top: int = typer.Option(5, "--top", min=1, max=50, help="how many codes"),
    as_json: bool = typer.Option(False, "--json", help="print [{code, description, score}] as JSON"),
    batch: Path | None = typer.Option(None, "--batch", help='ITEMS.jsonl: {"id", "text", "category"?, "attributes"?}'),
    out: Path | None = typer.Option(None, "--out", help="OUT.jsonl for --batch: one result line per item, in order"),
) -> None:
    """Suggest HS 2022 six-digit codes for a product, or for every item of a JSON-lines file (--batch)."""
    if batch is not None:
        _hs_batch(batch, out, top)
        return
    if not text.strip():
        _fail("TEXT: empty product text")
    answer = suggest_item(text, top=top)
    if as_json:
        typer.echo(json.dumps(answer.suggestions, ensure_ascii=False))
        return
    if not answer.suggestions:
        typer.echo("no suggestion")
    for r in answer.suggestions:
        typer.echo(f"{r['code'][:4]}.{r['code'][4:]}  {r['score']:8.3f}  {r['description']}")
    if answer.question is not None:
        question = hs_question(answer.question, "en")
        typer.echo(f"? {question['text']}")
        for option in question["options"]:
            typer.echo(f"  {option['label']}: {', '.join(option['codes'])}")


def _hs_batch(batch: Path, out: Path | None, top: int) -> None:
    """`--batch ITEMS.jsonl --out OUT.jsonl`: every line checked first (errors name the line), then answered."""
    if out is None:
        _fail("--out: required with --batch")
    try:
        lines = batch.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        _fail(f"{batch}: cannot read ({getattr(exc, 'strerror', None) or exc})")
    items = []
    for line_no, raw in enumerate(lines, 1):
        if not raw.strip():
            continue
        try:
            items.append(parse_hs_item(line_no, raw))
        except InputError as exc:
            _fail(f"{batch}: {exc}")
    results = [hs_suggestion_line(item, top) for item in items]
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in results), encoding="utf-8")
    typer.echo(f"{len(results)} items → {out}")
