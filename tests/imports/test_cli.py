"""`chuhai import …`: exit codes, messages, commits."""

from __future__ import annotations

import json

from sqlalchemy import select
from typer.testing import CliRunner

from chuhai.catalog.models import Product
from chuhai.imports.cli import app

from .factories import add_enterprise, count, csv_bytes

runner = CliRunner()
HEADER = ["enterprise", "sku", "title_en", "category", "hs_code", "price", "currency"]


def write(tmp_path, rows, name="products.csv"):
    path = tmp_path / name
    path.write_bytes(csv_bytes(rows))
    return path


def test_a_bad_file_exits_2_names_the_bad_rows_and_writes_nothing(tmp_path, session, db_url):
    _, code = add_enterprise(session, 1)
    session.commit()
    path = write(tmp_path, [HEADER, [code, "A", "Wig", "wigs", "670420", "9.5", "USD"],
                            [code, "B", "Wig", "wigs", "6704.1", "9.5", "USD"]])

    result = runner.invoke(app, ["products", str(path), "--database-url", db_url])

    assert result.exit_code == 2
    assert "products.csv: row 3, column hs_code: HS code 6704.1 is not a 6-digit HS 2022 code" in result.stderr
    assert "nothing was imported" in result.stderr
    session.expire_all()
    assert count(session, Product) == 0


def test_skip_bad_rows_commits_the_good_rows_and_a_rerun_changes_nothing(tmp_path, session, db_url):
    _, code = add_enterprise(session, 1)
    session.commit()
    path = write(tmp_path, [HEADER, [code, "A", "Wig", "wigs", "670420", "9.5", "USD"],
                            [code, "B", "Wig", "wigs", "6704.1", "9.5", "USD"]])

    first = runner.invoke(app, ["products", str(path), "--skip-bad-rows", "--database-url", db_url])
    second = runner.invoke(app, ["products", str(path), "--skip-bad-rows", "--database-url", db_url, "--json"])

    assert first.exit_code == 0, first.output
    assert "created 1" in first.stdout and "skipped row 3, column hs_code" in first.stdout
    report = json.loads(second.stdout)
    assert (report["created"], report["updated"], report["unchanged"], report["skipped_rows"]) == (0, 0, 1, 1)
    session.expire_all()
    assert session.scalars(select(Product.sku)).all() == ["A"]


def test_as_enterprise_refuses_another_enterprises_rows(tmp_path, session, db_url):
    _, own = add_enterprise(session, 1)
    _, other = add_enterprise(session, 2)
    session.commit()
    path = write(tmp_path, [HEADER, [other, "A", "Wig", "wigs", "670420", "9.5", "USD"]])

    result = runner.invoke(app, ["products", str(path), "--as-enterprise", own, "--database-url", db_url])

    assert result.exit_code == 2
    assert "only for your own enterprise" in result.stderr


def test_an_operator_only_kind_refuses_an_enterprise_and_a_missing_file_is_clear(tmp_path, session, db_url):
    missing = runner.invoke(app, ["buyers", str(tmp_path / "nope.csv"), "--database-url", db_url])
    misplaced = runner.invoke(app, ["buyers", str(write(tmp_path, [["key"]])), "--as-enterprise", "X",
                                    "--database-url", db_url])

    assert missing.exit_code == 2 and "no such file" in missing.stderr
    assert misplaced.exit_code == 2 and "No such option: --as-enterprise" in misplaced.stderr
