"""Errors carry a message id and parameters: never formatted text in the code, English for the API,
the reader's language on a page."""

from __future__ import annotations

import ast
from pathlib import Path

from chuhai.errors import MESSAGE_KEYWORDS, NotFound, ValidationFailed
from tests import factories
from tests.conftest import login, page_csrf

ROOT = Path(__file__).resolve().parents[1]


def _callee(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def _formatted(node: ast.expr) -> bool:
    """An f-string, a "…".format(…) call or a "…" % … expression: text formatted before it is raised."""
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        return True
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format")


def test_error_messages_are_message_ids_not_formatted_text():
    """`raise NotFound("No such demand %(demand_id)s.", demand_id=7)`, never `NotFound(f"… {demand_id}")`:
    a formatted message cannot be looked up in the catalogs, so it would reach every reader in English."""
    offenders = []
    for path in sorted((ROOT / "src" / "chuhai").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if (isinstance(node, ast.Call) and _callee(node) in MESSAGE_KEYWORDS and node.args
                    and _formatted(node.args[0])):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} {_callee(node)}")
    assert offenders == []


def test_the_checker_sees_each_kind_of_formatted_message():
    samples = ['raise NotFound(f"No such demand {x}.")', 'raise errors.Conflict("Key {} taken".format(k))',
               'raise v.BadValue("%s is bad" % value)']
    for sample in samples:
        call = ast.parse(sample).body[0].exc
        assert _callee(call) in MESSAGE_KEYWORDS and _formatted(call.args[0]), sample
    call = ast.parse('raise NotFound("No such demand %(demand_id)s.", demand_id=x)').body[0].exc
    assert not _formatted(call.args[0])


def test_an_error_keeps_its_id_and_parameters_and_reads_in_english():
    error = ValidationFailed("Unknown belt %(belt)s.", belt="'x'", details={"field": "belt_code"})
    assert (error.message, error.params, error.details) == ("Unknown belt %(belt)s.", {"belt": "'x'"},
                                                            {"field": "belt_code"})
    assert error.english == str(error) == "Unknown belt 'x'."
    assert NotFound("No such user.").english == "No such user."


def test_an_error_page_speaks_the_readers_language_and_the_api_english(client, session):
    operator = factories.user(session, "operator")
    session.commit()
    login(client, operator.email)
    upload = {"file": ("x.csv", b"key\nB-1\n", "text/csv")}

    page = client.post("/imports", data={"kind": "widgets", "csrf_token": page_csrf(client, "/imports")},
                       files=upload)
    assert page.status_code == 422
    assert "未知的导入类型 &#39;widgets&#39;。" in page.text or "未知的导入类型 'widgets'。" in page.text

    client.cookies.set("lang", "en")
    english_page = client.post("/imports", data={"kind": "widgets", "csrf_token": page_csrf(client, "/imports")},
                               files=upload)
    assert "Unknown import kind" in english_page.text and "未知的导入类型" not in english_page.text

    client.cookies.set("lang", "zh_CN")
    api = client.post("/api/v1/imports/widgets", files=upload,
                      headers={"X-CSRF-Token": page_csrf(client, "/imports"), "Accept-Language": "zh-CN"})
    assert api.status_code == 422
    assert api.json()["error"] == {"code": "validation_failed", "message": "Unknown import kind 'widgets'.",
                                   "details": {"field": "kind"}}


def test_a_state_in_an_error_is_shown_by_its_label_in_the_readers_language():
    """A service error naming a state passes the enum: the page shows its label, the API its code."""
    from chuhai import i18n
    from chuhai.errors import ValidationFailed
    from chuhai.trade.models import DealStage

    error = ValidationFailed("A deal at %(stage)s cannot move to %(target)s.", stage=DealStage.SAMPLE_SENT,
                             target=DealStage.COMPLETED)
    assert error.english == "A deal at sample_sent cannot move to completed."
    i18n.set_locale("zh_CN")
    zh = i18n.error_text(error)
    i18n.set_locale("en")
    en = i18n.error_text(error)
    assert "sample_sent" not in zh and i18n.gettext_in("zh_CN", DealStage.SAMPLE_SENT.label) in zh
    assert en == f"A deal at {DealStage.SAMPLE_SENT.label} cannot move to {DealStage.COMPLETED.label}."
