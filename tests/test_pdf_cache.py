"""Generated PDFs are drawn once per content: the key follows the inputs (records and what is loaded on them),
the language and the drawing code."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from chuhai import i18n
from chuhai.catalog.models import Product
from chuhai.pdf_cache import cached_pdf, pdf_key
from tests import factories


def _counting():
    calls = []

    def render(*inputs) -> bytes:
        calls.append(inputs)
        return b"%PDF-" + str(len(calls)).encode()

    return render, calls


def test_the_same_content_is_drawn_once_and_served_from_disk(tmp_path):
    render, calls = _counting()
    report = {"scope": "wigs", "rows": [("US", Decimal("1.50")), ("DE", Decimal("2.00"))]}
    first = cached_pdf(tmp_path, render, report, "enterprise")
    again = cached_pdf(tmp_path, render, {"rows": [("US", Decimal("1.50")), ("DE", Decimal("2.00"))],
                                          "scope": "wigs"}, "enterprise")
    assert first == again == b"%PDF-1" and len(calls) == 1
    assert len(list((tmp_path / "pdf-cache").glob("*.pdf"))) == 1
    changed = cached_pdf(tmp_path, render, {**report, "rows": [("US", Decimal("1.51"))]}, "enterprise")
    assert changed == b"%PDF-2"


def test_the_language_is_part_of_the_key(tmp_path):
    render, calls = _counting()
    try:
        i18n.set_locale("en")
        cached_pdf(tmp_path, render, {"a": 1})
        i18n.set_locale("zh_CN")
        cached_pdf(tmp_path, render, {"a": 1})
    finally:
        i18n.set_locale(i18n.DEFAULT_LOCALE)
    assert len(calls) == 2


def test_a_record_changes_the_key_by_its_columns_and_by_the_related_records_loaded_on_it(session, tmp_path):
    render, _calls = _counting()
    enterprise = factories.enterprise(session)
    factories.product(session, enterprise, title_zh="蕾丝假发")
    session.commit()
    session.expire_all()

    def product():
        return session.scalar(select(Product).options(selectinload(Product.enterprise)))

    before = pdf_key(render, product())
    assert pdf_key(render, product()) == before  # a fresh load of the same rows: the same key
    enterprise.name_zh = "改名后的企业有限公司"  # a related record the PDF shows
    session.commit()
    session.expire_all()
    renamed = pdf_key(render, product())
    assert renamed != before
    row = product()
    row.moq = 999  # a column of the record itself
    assert pdf_key(render, row) != renamed


def test_another_renderer_is_another_key():
    def one(*_inputs):
        return b""

    def other(*_inputs):
        return b""

    other.__module__ = "chuhai.events.pdf"
    assert pdf_key(one, {"a": 1}) != pdf_key(other, {"a": 1})
