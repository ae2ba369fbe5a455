"""The import page: upload a CSV/XLSX, watch the progress, read every bad row."""

from __future__ import annotations

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse

from chuhai.accounts.principal import Principal
from chuhai.i18n import gettext as _
from chuhai.imports.jobs import (
    allowed_kinds,
    get_job,
    import_limits,
    recent_jobs,
    rerun_import_job,
    start_import_job,
)
from chuhai.types import RoleCode
from chuhai.web.deps import require, verify_csrf
from chuhai.web.templating import render

router = APIRouter(include_in_schema=False, dependencies=[Depends(verify_csrf)])
Importer = Depends(require(RoleCode.OPERATOR, RoleCode.ENTERPRISE, RoleCode.BUYER))


def reason_text(error: dict) -> str:
    """A stored row error's reason in the reader's language, from its message id and parameters (a report
    stored before reports kept them shows its English reason)."""
    if error.get("message"):
        return _(error["message"], **error.get("params", {}))
    return error["reason"]


@router.get("/imports")
def import_page(request: Request, principal: Principal = Importer):
    return render(request, "imports/import.html", kinds=allowed_kinds(principal),
                  jobs=recent_jobs(request.app.state.database_url, principal))


@router.post("/imports")
def upload(request: Request, principal: Principal = Importer, kind: str = Form(...),
           file: UploadFile = File(...), skip_bad_rows: str = Form("0"), fmt: str = Form("auto")):
    job = start_import_job(request.app.state.database_url, principal, kind, file, skip_bad_rows == "1", fmt,
                           **import_limits(request.app.state.settings))
    return RedirectResponse(f"/imports/jobs/{job.id}", status_code=303)


@router.get("/imports/jobs/{job_id}")
def job_page(request: Request, job_id: str, principal: Principal = Importer):
    job = get_job(request.app.state.database_url, principal, job_id)
    template = "imports/_job.html" if request.headers.get("hx-request") else "imports/job.html"
    return render(request, template, job=job, reason=reason_text)


@router.post("/imports/jobs/{job_id}/rerun")
def rerun(request: Request, job_id: str, principal: Principal = Importer):
    """A failed or interrupted import, run again from the file it kept."""
    job = rerun_import_job(request.app.state.database_url, principal, job_id,
                           **import_limits(request.app.state.settings))
    return RedirectResponse(f"/imports/jobs/{job.id}", status_code=303)
