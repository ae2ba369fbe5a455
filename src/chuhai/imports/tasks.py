"""The imports' background job kind (see `chuhai.jobs`): a page or API upload, imported in a child process
with CPU-time, memory and file-size limits (the settings' `jobs_child_*`)."""

from __future__ import annotations

from chuhai.imports.jobs import IMPORT_KIND, after_import, run_import_job
from chuhai.jobs.registry import Kind, register

register(Kind(IMPORT_KIND, run_import_job, isolated=True, timeout_s=3600, after=after_import))
