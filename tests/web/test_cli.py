"""`chuhai db …`, `chuhai users create` and the demo, as `make run` calls them."""

from __future__ import annotations

from typer.testing import CliRunner

from chuhai.cli import app

runner = CliRunner()


def test_upgrade_is_idempotent_and_the_demo_loads_once(tmp_path):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    first = runner.invoke(app, ["db", "upgrade", "--database-url", url])
    assert first.exit_code == 0, first.output
    assert "reference rows changed: 0" not in first.output
    again = runner.invoke(app, ["db", "upgrade", "--database-url", url])
    assert again.exit_code == 0 and "reference rows changed: 0" in again.output
    assert runner.invoke(app, ["db", "is-empty", "--database-url", url]).exit_code == 0

    created = runner.invoke(app, ["users", "create", "boss@bureau.example.com", "--role", "operator", "--name", "局长",
                                  "--password", "a-long-password", "--database-url", url])
    assert created.exit_code == 0, created.output
    duplicate = runner.invoke(app, ["users", "create", "boss@bureau.example.com", "--role", "operator", "--name", "x",
                                    "--password", "a-long-password", "--database-url", url])
    assert duplicate.exit_code == 2 and "already exists" in duplicate.output

    demo = runner.invoke(app, ["demo", "--scale", "small", "--database-url", url])
    assert demo.exit_code == 0, demo.output
    assert runner.invoke(app, ["db", "is-empty", "--database-url", url]).exit_code == 1
    assert runner.invoke(app, ["demo", "--scale", "small", "--database-url", url]).exit_code == 2


def test_serve_refuses_a_database_that_is_not_up_to_date(tmp_path, monkeypatch):
    import uvicorn

    from chuhai.migrate import missing_heads, upgrade

    started = []
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: started.append(args))
    url = f"sqlite:///{tmp_path / 'behind.db'}"
    upgrade(url, "imports_0001")  # the version before import jobs
    result = CliRunner().invoke(app, ["serve", "--database-url", url])
    missing = missing_heads(url)
    assert any(head.startswith("imports_") for head in missing)  # the imports branch's newest migration
    assert result.exit_code == 1 and all(head in result.output for head in missing)
    assert "chuhai db upgrade" in result.output
    assert started == []
    upgrade(url)
    result = CliRunner().invoke(app, ["serve", "--database-url", url])
    assert result.exit_code == 0 and len(started) == 1
