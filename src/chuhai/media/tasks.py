"""The media domain's background job kind (see `chuhai.jobs`): the bulk photo ZIP from the page, in an isolated
child process under the `jobs_child_*` limits (Pillow decodes hundreds of photos there)."""

from __future__ import annotations

from chuhai.jobs.registry import Kind, register
from chuhai.media.photo_jobs import PHOTO_ZIP_KIND, run_photo_import

register(Kind(PHOTO_ZIP_KIND, run_photo_import, isolated=True, timeout_s=3600))
