"""An import's problems are message ids with parameters: English in the CLI, the API and the stored
report's `reason`, the reader's language on the job page."""

from __future__ import annotations

from chuhai.imports import values as v
from chuhai.imports.jobs import IMPORT_KIND
from chuhai.imports.report import ImportReport, RowError
from chuhai.jobs.models import Job, JobState
from tests import factories
from tests.conftest import PASSWORD, login
from tests.web.test_import_api import BAD, _run


def test_a_row_error_keeps_the_english_reason_and_its_message_id():
    try:
        v.decimal("-3")
    except v.BadValue as exc:
        error = RowError.of(4, "Price", exc, "price")
    assert str(error) == "row 4, column Price: '-3' is negative; amounts must be ≥ 0"
    assert (error.message, error.params) == ("%(value)s is negative; amounts must be ≥ 0", {"value": "'-3'"})

    report = ImportReport(kind="products", filename="p.csv")
    report.add_error(error)
    # `chuhai import --json` prints what it always printed; the stored job report adds the id and parameters.
    assert report.to_dict()["errors"] == [{"row": 4, "column": "Price", "reason": error.reason, "field": "price"}]
    assert report.to_dict(messages=True)["errors"] == [{
        "row": 4, "column": "Price", "reason": error.reason, "field": "price",
        "message": "%(value)s is negative; amounts must be ≥ 0", "params": {"value": "'-3'"},
    }]


def test_the_job_page_shows_each_problem_in_the_readers_language(client, session):
    member = factories.user(session, "enterprise", enterprise_id=factories.enterprise(session).id)
    session.commit()
    headers = {"Authorization": "Bearer " + client.post(
        "/api/v1/auth/token", json={"email": member.email, "password": PASSWORD}).json()["access_token"]}
    job = _run(client, headers, "products", BAD)
    error = job["report"]["errors"][0]
    assert error["reason"] == "HS code 6704XX is not a 6-digit HS 2022 code (it has 4 digits)"
    assert error["message"] == "HS code %(value)s is not a 6-digit HS 2022 code (it has %(digits)s digits)"
    assert error["params"] == {"value": "6704XX", "digits": 4}

    login(client, member.email)
    chinese = client.get(f"/imports/jobs/{job['id']}").text
    assert "HS 编码 6704XX 不是 6 位的 HS 2022 编码（实际为 4 位）" in chinese
    client.cookies.set("lang", "en")
    english = client.get(f"/imports/jobs/{job['id']}").text
    assert "HS code 6704XX is not a 6-digit HS 2022 code (it has 4 digits)" in english


def test_a_report_stored_before_message_ids_shows_its_english_reason(client, session):
    member = factories.user(session, "enterprise", enterprise_id=factories.enterprise(session).id)
    report = ImportReport(kind="products", filename="old.csv", total_rows=1)
    report.add_error(RowError(2, "hs_code", "an old reason", "hs_code"))
    session.add(Job(id="oldreport01", owner_id=member.id, kind=IMPORT_KIND, state=JobState.SUCCEEDED,
                    payload={"kind": "products", "filename": "old.csv"}, result=report.to_dict()))
    session.commit()
    login(client, member.email)
    assert "an old reason" in client.get("/imports/jobs/oldreport01").text
