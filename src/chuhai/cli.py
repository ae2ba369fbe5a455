"""The `chuhai` command line: one Typer app with a sub-command group per domain.

Each domain owns its commands in `chuhai/<domain>/cli.py`; heavy libraries are imported inside the
commands so that `chuhai --help` stays fast.
"""

from __future__ import annotations

import typer

from chuhai.compliance.cli import app as compliance_app
from chuhai.compliance.cli import screen_command
from chuhai.demo.cli import app as demo_app
from chuhai.events.cli import app as events_app
from chuhai.imports.cli import app as import_app
from chuhai.insight.cli import app as insight_app
from chuhai.jobs.cli import app as jobs_app
from chuhai.mail.cli import app as mail_app
from chuhai.matching.cli import app as match_app
from chuhai.media.cli import app as media_app
from chuhai.planning.cli import hs_app, plan_app
from chuhai.web.cli import db_app, serve_command, users_app

app = typer.Typer(
    name="chuhai",
    help="Chuhai (出海): cross-border e-commerce + industrial belt platform.",
    no_args_is_help=True,
    add_completion=False,
)
app.add_typer(db_app, name="db")
app.add_typer(users_app, name="users")
app.add_typer(demo_app, name="demo")
app.add_typer(import_app, name="import")
app.add_typer(match_app, name="match")
app.add_typer(media_app, name="media")
app.add_typer(insight_app, name="insight")
app.add_typer(plan_app, name="plan")
app.add_typer(hs_app, name="hs")
app.add_typer(compliance_app, name="compliance")
app.add_typer(events_app, name="events")
app.add_typer(mail_app, name="mail")
app.add_typer(jobs_app, name="jobs")
app.command("serve")(serve_command)
app.command("screen")(screen_command)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
