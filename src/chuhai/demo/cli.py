"""`chuhai demo [--scale small|full] [--seed N] [--database-url URL]`: load the demo data."""

from __future__ import annotations

import time

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from chuhai import migrate
from chuhai.config import get_settings
from chuhai.database import refresh_planner_statistics, session_scope
from chuhai.demo.events import seed_demo_event, seed_past_demo_event
from chuhai.demo.generator import DEMO_BUYER_KEY, DEMO_ENTERPRISE_CREDIT_CODE, generate
from chuhai.demo.loader import DemoLoadError, load
from chuhai.demo.logins import DEMO_PASSWORD, seed_demo_logins
from chuhai.demo.trade import seed_demo_trade
from chuhai.markets.service import sync_reference_data
from chuhai.media.demo import seed_demo_photos
from chuhai.media.service import config_from_settings

app = typer.Typer(help="Generate the deterministic demo data and load it into the database.")


@app.callback(invoke_without_command=True)
def demo(
    ctx: typer.Context,
    scale: str = typer.Option("small", "--scale", help="small (seconds, for tests) or full (~1.15M order lines)."),
    seed: int = typer.Option(7, "--seed", help="Random seed; the same seed always gives the same data."),
    database_url: str | None = typer.Option(None, "--database-url", envvar="CHUHAI_DATABASE_URL",
                                            help="SQLAlchemy URL; default from settings (sqlite:///var/chuhai.db)."),
) -> None:
    """Migrate the database, load belts, enterprises, products, buyers, demands and sales, add the demo logins."""
    if ctx.invoked_subcommand is not None:
        return
    if scale not in ("small", "full"):
        typer.echo(f"error: --scale must be small or full, not {scale!r}", err=True)
        raise typer.Exit(2)


    console = Console(stderr=True)
    url = database_url or get_settings().database_url
    started = time.perf_counter()
    migrate.upgrade(url)
    data = generate(scale, seed)  # type: ignore[arg-type]
    tasks: dict[str, int] = {}
    columns = (TextColumn("{task.description:<18}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    try:
        with Progress(*columns, console=console) as bar, session_scope(url) as session:
            session.info["audit_disabled"] = True  # one summary entry instead of a row per record
            sync_reference_data(session)
            session.info["audit_disabled"] = False

            def progress(step: str, done: int, total: int | None) -> None:
                if step not in tasks:
                    tasks[step] = bar.add_task(step, total=total)
                bar.advance(tasks[step], done)

            counts = load(session, data, progress=progress)
            for task in tasks.values():
                bar.update(task, total=bar.tasks[task].completed)
            logins = seed_demo_logins(session, DEMO_ENTERPRISE_CREDIT_CODE, DEMO_BUYER_KEY)
            seed_demo_event(session)  # a published matchmaking event with its schedule
            trade = seed_demo_trade(session, scale=scale, seed=seed)  # quotations, threads, samples, orders
            past = seed_past_demo_event(session)  # an event held, its meetings marked and linked to the trade
            photos = seed_demo_photos(session, config_from_settings(get_settings()))  # drawn, CC0
            held = past.id if past is not None else None
            accounts = [(user.email, user.role, user.status) for user in logins]
    except DemoLoadError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    refresh_planner_statistics(url)  # the tables just grew from nothing: PostgreSQL plans with their sizes
    elapsed = time.perf_counter() - started
    summary = ", ".join(f"{name.replace('_', ' ')} {count:,}" for name, count in counts.items())
    typer.echo(f"demo data loaded (scale {scale}, seed {seed}) in {elapsed:.1f} s: {summary}")
    trade_summary = ", ".join(f"{name.replace('_', ' ')} {count:,}" for name, count in sorted(trade.items()))
    typer.echo(f"demo trade: {trade_summary}" + (f"; event held: /events/{held}" if held else ""))
    photo_summary = ", ".join(f"{name.replace('_', ' ')} {count:,}" for name, count in photos.items())
    typer.echo(f"demo photos (drawn by the project, CC0): {photo_summary}")
    for email, role, status in accounts:
        typer.echo(f"  demo login {email} / {DEMO_PASSWORD}  ({role}{', ' + status if status != 'active' else ''})")
