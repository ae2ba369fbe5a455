"""`chuhai import KIND FILE`: load a CSV or XLSX file of enterprises, products, buyers, demands or
order lines, with a progress bar. A file with errors imports nothing (exit code 2) unless
--skip-bad-rows is given; importing the same file again changes nothing.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy import select

from chuhai.accounts.principal import SYSTEM, Principal
from chuhai.database import session_scope
from chuhai.errors import ChuhaiError
from chuhai.types import RoleCode

app = typer.Typer(
    help="Import CSV/XLSX files (Chinese or English headers; Amazon and generic order reports).",
    no_args_is_help=True,
)

FileArgument = Annotated[Path, typer.Argument(help="A .csv (UTF-8 or GBK; , ; or tab) or .xlsx file.")]
SkipOption = Annotated[bool, typer.Option("--skip-bad-rows", help="Import the good rows, list the bad ones.")]
FormatOption = Annotated[str, typer.Option("--format", help="Report layout: auto, amazon or generic.")]
MappingOption = Annotated[
    Path | None, typer.Option("--mapping", help='JSON file {"their header": "field"} for unusual headers.')
]
EnterpriseOption = Annotated[
    str | None,
    typer.Option("--as-enterprise", help="Import as this enterprise (its credit code), as its members would."),
]
BuyerOption = Annotated[str | None, typer.Option("--as-buyer", help="Import as this buyer (its key).")]
UrlOption = Annotated[str | None, typer.Option("--database-url", help="Default: CHUHAI_DATABASE_URL.")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print the report as JSON.")]


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(2)


def _load_mapping(path: Path | None) -> dict[str, str] | None:
    if path is None:
        return None
    try:
        mapping = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, json.JSONDecodeError) as exc:
        raise _fail(f"{path}: cannot read the mapping ({exc})") from None
    if not isinstance(mapping, dict) or not all(
        isinstance(k, str) and isinstance(val, str) for k, val in mapping.items()
    ):
        raise _fail(f'{path}: the mapping must be a JSON object {{"their header": "field", …}}')
    return mapping


def _actor(session, as_enterprise: str | None, as_buyer: str | None):
    from chuhai.catalog.models import Enterprise  # deferred: the ORM models load when a command runs, not for --help
    from chuhai.demand.models import Buyer  # deferred: as above

    if as_enterprise:
        found = session.execute(
            select(Enterprise.id, Enterprise.name_zh).where(Enterprise.credit_code == as_enterprise.strip().upper())
        ).first()
        if found is None:
            raise _fail(f"no enterprise has the credit code {as_enterprise}")
        return Principal(user_id=None, role=RoleCode.ENTERPRISE, display_name=found.name_zh, enterprise_id=found.id)
    if as_buyer:
        found = session.execute(select(Buyer.id, Buyer.company).where(Buyer.key == as_buyer.strip())).first()
        if found is None:
            raise _fail(f"no buyer has the key {as_buyer}")
        return Principal(user_id=None, role=RoleCode.BUYER, display_name=found.company, buyer_id=found.id)
    return SYSTEM


def _print_report(report, as_json: bool) -> None:
    from rich.console import Console  # deferred: rich loads when a command runs, not for --help

    if as_json:
        typer.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
        return
    out = Console(highlight=False, soft_wrap=True)
    out.print(f"[bold]{report.filename}[/bold] ({report.kind}, {report.file_type} {report.format}"
              f"{', ' + report.encoding if report.encoding else ''}): {report.total_rows:,} rows")
    if report.ok:
        out.print(f"  created {report.created:,} · updated {report.updated:,} · unchanged {report.unchanged:,}"
                  f" · skipped {report.skipped_rows:,}" + (f" · ignored {report.ignored:,}" if report.ignored else ""))
    if report.ignored_columns:
        out.print(f"  columns not used: {', '.join(report.ignored_columns)}")
    for error in report.skipped:
        out.print(f"  [yellow]skipped[/yellow] {error}")
    listed = len(report.errors) + len(report.skipped)
    if report.error_count > listed:
        out.print(f"  … and {report.error_count - listed:,} more problems")


def _run(kind: str, file: Path, skip_bad_rows: bool, fmt: str, mapping_file: Path | None,
         as_enterprise: str | None, as_buyer: str | None, database_url: str | None, as_json: bool) -> None:
    from rich.console import Console  # deferred: rich loads when a command runs, not for --help
    from rich.progress import (  # deferred: as above
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    from chuhai.imports.flows import import_file  # deferred: the models and numpy load when a command runs

    if not file.is_file():
        raise _fail(f"{file}: no such file")
    mapping = _load_mapping(mapping_file)
    err = Console(stderr=True)
    with session_scope(database_url) as session:
        actor = _actor(session, as_enterprise, as_buyer)
        with Progress(
            SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            console=err, transient=True, disable=as_json or not err.is_terminal,
        ) as bar:
            checking = bar.add_task(f"checking {file.name}", total=None)
            writing = None

            def progress(done: int, total: int | None) -> None:
                nonlocal writing
                if total is None:
                    bar.update(checking, completed=done)
                    return
                if writing is None:
                    bar.update(checking, visible=False)
                    writing = bar.add_task(f"writing {file.name}", total=total)
                bar.update(writing, completed=done)

            try:
                report = import_file(
                    session, kind, file, filename=file.name, actor=actor, skip_bad_rows=skip_bad_rows,
                    fmt=fmt, mapping=mapping, progress=progress,
                )
            except ChuhaiError as exc:
                raise _fail(f"{file}: {exc.english}") from None
        _print_report(report, as_json)
        if not report.ok:
            for error in report.errors:
                typer.echo(f"{file.name}: {error}", err=True)
            listed = len(report.errors)
            if report.error_count > listed:
                typer.echo(f"{file.name}: … and {report.error_count - listed:,} more errors", err=True)
            noun = "error" if report.error_count == 1 else "errors"
            typer.echo(f"{file.name}: nothing was imported ({report.error_count:,} {noun}); fix the rows "
                       "or use --skip-bad-rows", err=True)
            raise typer.Exit(2)


@app.command("enterprises")
def enterprises(file: FileArgument, skip_bad_rows: SkipOption = False, mapping: MappingOption = None,
                database_url: UrlOption = None, as_json: JsonOption = False) -> None:
    """Import enterprises (natural key: credit code). Operators only."""
    _run("enterprises", file, skip_bad_rows, "auto", mapping, None, None, database_url, as_json)


@app.command("products")
def products(file: FileArgument, skip_bad_rows: SkipOption = False, mapping: MappingOption = None,
             as_enterprise: EnterpriseOption = None, database_url: UrlOption = None,
             as_json: JsonOption = False) -> None:
    """Import products (natural key: enterprise + SKU)."""
    _run("products", file, skip_bad_rows, "auto", mapping, as_enterprise, None, database_url, as_json)


@app.command("buyers")
def buyers(file: FileArgument, skip_bad_rows: SkipOption = False, mapping: MappingOption = None,
           database_url: UrlOption = None, as_json: JsonOption = False) -> None:
    """Import buyers (natural key: buyer key). Operators only."""
    _run("buyers", file, skip_bad_rows, "auto", mapping, None, None, database_url, as_json)


@app.command("demands")
def demands(file: FileArgument, skip_bad_rows: SkipOption = False, mapping: MappingOption = None,
            as_buyer: BuyerOption = None, database_url: UrlOption = None, as_json: JsonOption = False) -> None:
    """Import demands / RFQs (natural key: ref)."""
    _run("demands", file, skip_bad_rows, "auto", mapping, None, as_buyer, database_url, as_json)


@app.command("order-lines")
def order_lines(file: FileArgument, skip_bad_rows: SkipOption = False, fmt: FormatOption = "auto",
                mapping: MappingOption = None, as_enterprise: EnterpriseOption = None,
                database_url: UrlOption = None, as_json: JsonOption = False) -> None:
    """Import order lines: Amazon's All Orders report, a generic marketplace export, Chinese headers."""
    _run("order_lines", file, skip_bad_rows, fmt, mapping, as_enterprise, None, database_url, as_json)
