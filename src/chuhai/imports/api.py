"""JSON API for imports: upload a file, poll the job, read the report."""

from __future__ import annotations

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile

from chuhai.accounts.principal import Principal
from chuhai.imports.jobs import get_job, import_limits, rerun_import_job, start_import_job
from chuhai.types import RoleCode
from chuhai.web.deps import require, verify_csrf
from chuhai.web.openapi import errors

router = APIRouter(tags=["imports"], dependencies=[Depends(verify_csrf)])
Importer = Depends(require(RoleCode.OPERATOR, RoleCode.ENTERPRISE, RoleCode.BUYER))


@router.post("/imports/{kind}", status_code=202)
def start(kind: str, request: Request, file: UploadFile = File(...), skip_bad_rows: bool = Form(False),
          fmt: str = Form("auto"), principal: Principal = Importer) -> dict:
    """Start an import of enterprises, products, buyers, demands or order_lines; poll the returned job."""
    job = start_import_job(request.app.state.database_url, principal, kind, file, skip_bad_rows, fmt,
                           **import_limits(request.app.state.settings))
    return job.to_dict()


@router.get("/imports/jobs/{job_id}")
def job(job_id: str, request: Request, principal: Principal = Importer) -> dict:
    return get_job(request.app.state.database_url, principal, job_id).to_dict()


@router.post("/imports/jobs/{job_id}/rerun", status_code=202, responses=errors(409, 429))
def rerun(job_id: str, request: Request, principal: Principal = Importer) -> dict:
    """Run a failed or interrupted import again from the file it kept (nothing of it was saved; an import is
    idempotent); poll the job as after an upload."""
    return rerun_import_job(request.app.state.database_url, principal, job_id,
                            **import_limits(request.app.state.settings)).to_dict()
