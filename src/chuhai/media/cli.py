"""`chuhai media …`: the bulk photo import from a ZIP (as the products import page offers it)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from chuhai.accounts.principal import SYSTEM
from chuhai.config import get_settings
from chuhai.database import session_scope
from chuhai.errors import ChuhaiError
from chuhai.i18n import error_text, gettext_in
from chuhai.media import service

app = typer.Typer(help="Photos and files.", no_args_is_help=True)


@app.callback()
def media() -> None:
    """Photos and files."""


@app.command("import-photos")
def import_photos_command(
    archive: Annotated[Path, typer.Argument(help="A ZIP of photos named by SKU: SKU123_1.jpg, SKU123-2.png.",
                                            exists=True, dir_okay=False, readable=True)],
    enterprise: Annotated[int, typer.Option("--enterprise", help="The enterprise whose products they show.")],
    locale: Annotated[str, typer.Option("--locale", help="Language of the report.")] = "en",
) -> None:
    """Add each photo to the product of the enterprise whose SKU its file name carries; one line per file.
    Importing the same archive again adds nothing. Exit status 1 when a file was refused."""
    settings = get_settings()
    if archive.stat().st_size > settings.max_upload_bytes:
        typer.echo(f"error: the archive is larger than {settings.max_upload_bytes >> 20} MB", err=True)
        raise typer.Exit(2)
    try:
        with session_scope(settings.database_url) as session:
            report = service.import_photos(session, SYSTEM, service.config_from_settings(settings), enterprise,
                                           archive.read_bytes())
    except ChuhaiError as exc:
        typer.echo(f"error: {error_text(exc)}", err=True)
        raise typer.Exit(2) from None
    for row in report.rows:
        reason = gettext_in(locale, row.message, **row.params) if row.message else ""
        typer.echo(f"{row.status:9}  {row.file}  {row.sku or '-'}  {reason}".rstrip())
    typer.echo(f"{report.added} added, {report.unchanged} already there, {report.refused} refused")
    if report.refused:
        raise typer.Exit(1)
