"""The batch contract: `chuhai compliance requirements --hs HS6 [--category CAT] --market ISO2 [--channel CH]
--json`."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from chuhai.cli import app

KEYS = ["code", "name", "kind", "mandatory", "authority", "reasons", "source", "as_of"]


def run(*args):
    return CliRunner().invoke(app, ["compliance", "requirements", *args])


def test_the_json_contract_mandatory_first():
    result = run("--hs", "950699", "--category", "playground", "--market", "us", "--json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows and all(list(row) == KEYS for row in rows)
    assert rows[0]["code"] == "US_CPSIA_CPC" and rows[0]["mandatory"] is True
    flags = [row["mandatory"] for row in rows]
    assert flags == sorted(flags, reverse=True) and flags[-1] is False
    assert all(isinstance(r, str) for row in rows for r in row["reasons"])
    assert rows[0]["reasons"] == ["market US", "category playground (children)"]


def test_markets_and_channels_as_users_write_them():
    uk = json.loads(run("--hs", "851679", "--market", " uk ", "--json").stdout)
    assert "UK_PLUGS_BS1363" in [row["code"] for row in uk]
    b2c = json.loads(run("--hs", "670420", "--market", "DE", "--channel", "Amazon", "--json").stdout)
    b2b = json.loads(run("--hs", "670420", "--market", "DE", "--channel", "alibaba", "--json").stdout)
    assert "EU_GPSR_ONLINE_LISTING" in [r["code"] for r in b2c] and "EU_GPSR_ONLINE_LISTING" not in [
        r["code"] for r in b2b]


def test_unknown_values_are_refused_with_the_known_ones():
    result = run("--hs", "851679", "--market", "Atlantis", "--json")
    assert result.exit_code == 2 and result.stdout == ""
    assert "unknown market 'Atlantis'" in result.stderr and "GB" in result.stderr and "EU" in result.stderr
    result = run("--hs", "851679", "--market", "US", "--channel", "ebay", "--json")
    assert result.exit_code == 2 and "unknown channel 'ebay'" in result.stderr and "amazon" in result.stderr
    result = run("--hs", "x", "--market", "US", "--json")
    assert result.exit_code == 2 and "--hs" in result.stderr


def test_the_codes_table_lists_every_requirement():
    result = CliRunner().invoke(app, ["compliance", "codes"])
    assert result.exit_code == 0
    assert "| `EU_GPSR_RESPONSIBLE_PERSON` | EU |" in result.stdout and "`US_CPSIA_CPC`" in result.stdout
