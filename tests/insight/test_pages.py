"""Feedback report pages, PDFs and JSON: in both languages, for the operator and the enterprise's own members
only (small demo)."""

from __future__ import annotations

import re

import pytest

from chuhai.config import Settings
from tests.conftest import BACKEND
from tests.stats.demo import signed_in_client, small_demo_url

pytestmark = pytest.mark.skipif(BACKEND != "sqlite", reason="the demo copy is a SQLite file")
OWN = 1  # wigs@chuhai.demo belongs to enterprise 1 of the demo
OTHER = 2


@pytest.fixture(scope="module")
def app(template_database, tmp_path_factory):
    from chuhai.app import create_app

    url = small_demo_url(template_database, tmp_path_factory)
    return create_app(Settings(database_url=url, secret_key="test", warm_caches=False,
                               data_dir=tmp_path_factory.mktemp("var")))


HEADINGS = {"zh_CN": ("需求反馈", "哪里卖得好"), "en": ("Market feedback", "What sells where")}


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
@pytest.mark.parametrize("path", ["/insight", f"/insight/enterprises/{OWN}", f"/insight/enterprises/{OTHER}",
                                  "/insight/belts/1"])
def test_the_operator_opens_every_report_in_both_languages(app, lang, path):
    with signed_in_client(app, "operator@chuhai.demo", lang) as client:
        page = client.get(path)
    assert page.status_code == 200
    assert HEADINGS[lang][0] in page.text
    if path != "/insight":
        assert HEADINGS[lang][1] in page.text
        assert 'data-testid="chart-markets"' in page.text and 'data-testid="markets-table"' in page.text
        assert f'href="{path}/report.pdf"' in page.text


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_an_enterprise_member_sees_only_its_own_report(app, lang):
    with signed_in_client(app, "wigs@chuhai.demo", lang) as client:
        assert client.get("/insight", follow_redirects=False).headers["location"] == f"/insight/enterprises/{OWN}"
        own = client.get(f"/insight/enterprises/{OWN}")
        assert own.status_code == 200 and HEADINGS[lang][1] in own.text
        for path in (f"/insight/enterprises/{OTHER}", f"/insight/enterprises/{OTHER}/report.pdf",
                     "/insight/belts/1", "/insight/belts/1/report.pdf",
                     f"/api/v1/insight/enterprises/{OTHER}/feedback", "/api/v1/insight/belts/1/feedback"):
            assert client.get(path).status_code == 403, path
        assert client.get(f"/api/v1/insight/enterprises/{OWN}/feedback").status_code == 200


@pytest.mark.parametrize("email", ["buyer@chuhai.demo", "forwarder@chuhai.demo"])
def test_buyers_and_providers_may_not_open_feedback(app, email):
    with signed_in_client(app, email) as client:
        for path in ("/insight", f"/insight/enterprises/{OWN}", "/insight/belts/1"):
            assert client.get(path).status_code == 403, path


def _enterprise_links(html: str) -> list[int]:
    table = html.split('data-testid="enterprise-reports"', 1)[1].split("</table>", 1)[0]
    return [int(found) for found in re.findall(r'href="/insight/enterprises/(\d+)"', table)]


def test_the_operator_finds_an_enterprise_report_by_name_or_belt_a_page_at_a_time(app):
    from sqlalchemy import create_engine, text

    with create_engine(app.state.database_url).connect() as db:
        total = db.scalar(text("SELECT count(*) FROM enterprises"))
        first_id, name, belt_id = db.execute(text("SELECT id, name_zh, belt_id FROM enterprises ORDER BY id")).first()
        in_belt = {row[0] for row in db.execute(text("SELECT id FROM enterprises WHERE belt_id = :b"), {"b": belt_id})}
    assert total > 25  # the demo must need a second page for this test to mean anything
    with signed_in_client(app, "operator@chuhai.demo", "en") as client:
        first = client.get("/insight").text
        assert len(_enterprise_links(first)) == 25 and f"of {-(-total // 25)}" in first
        second = _enterprise_links(client.get("/insight?page=2").text)
        assert second and not set(second) & set(_enterprise_links(first))
        assert first_id in _enterprise_links(client.get("/insight", params={"q": name}).text)
        by_belt = client.get("/insight", params={"belt": belt_id}).text
        assert set(_enterprise_links(by_belt)) <= in_belt and _enterprise_links(by_belt)
        assert f'href="?belt={belt_id}&page=2"' in by_belt or len(in_belt) <= 25
        nothing = client.get("/insight", params={"q": "no such enterprise anywhere"}).text
        assert _enterprise_links(nothing) == [] and "No enterprise matches these filters." in nothing


def test_unknown_reports_are_not_found(app):
    with signed_in_client(app, "operator@chuhai.demo") as client:
        assert client.get("/insight/enterprises/99999").status_code == 404
        assert client.get("/insight/belts/99999/report.pdf").status_code == 404


def test_the_sidebar_links_follow_the_role(app):
    with signed_in_client(app, "operator@chuhai.demo", "en") as client:
        page = client.get("/").text
        assert 'href="/insight"' in page and 'href="/stats"' in page
    with signed_in_client(app, "wigs@chuhai.demo", "en") as client:
        page = client.get("/").text
        assert 'href="/insight"' in page and 'href="/stats"' not in page


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
@pytest.mark.parametrize("path", [f"/insight/enterprises/{OWN}/report.pdf", "/insight/belts/1/report.pdf"])
def test_the_pdf_has_pages_and_chart_images(app, lang, path):
    with signed_in_client(app, "operator@chuhai.demo", lang) as client:
        response = client.get(path)
    assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) >= 1
    assert len(re.findall(rb"/Subtype\s*/Image", pdf)) >= 3
    if lang == "zh_CN":
        assert b"/STSong-Light" in pdf or b"ChuhaiCJK" in pdf
    else:
        assert b"/Helvetica" in pdf and b"(Market feedback: " in pdf  # the document title
