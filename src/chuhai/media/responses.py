"""What the media pages and API share: the media configuration of the running app (one storage client per
app), reading an upload with its size bound, and the response that serves a stored file."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import FileResponse, Response

from chuhai.media import service

YEAR = 365 * 24 * 3600


def media_config(request: Request) -> service.MediaConfig:
    config = getattr(request.app.state, "media_config", None)
    if config is None:
        config = service.config_from_settings(request.app.state.settings)
        request.app.state.media_config = config
    return config


def read_upload(upload, limit: int) -> bytes:
    """At most one byte more than allowed: enough to refuse it without reading the rest. Reads the spooled file
    itself (blocking): called by plain `def` handlers, which run on the thread pool."""
    return upload.file.read(limit + 1)


def file_response(config: service.MediaConfig, served: service.Served) -> Response:
    """The file with its content type, immutable caching (the URL is the content's hash; `public` only for
    what anonymous visitors may see), no sniffing, and a sandbox policy so a PDF or image runs nothing."""
    headers = {
        "Cache-Control": f"{'public' if served.public else 'private'}, max-age={YEAR}, immutable",
        "ETag": '"' + served.key.rsplit("/", 1)[-1].split(".")[0] + '"',
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; sandbox",
        "Cross-Origin-Resource-Policy": "same-site",
    }
    path = config.storage.local_path(served.key)
    if path is not None:
        return FileResponse(path, media_type=served.content_type, headers=headers, filename=served.file_name,
                            content_disposition_type="inline")
    data = config.storage.get(served.key)
    if data is None:
        return Response(status_code=404, headers={"Cache-Control": "no-store"})
    return Response(data, media_type=served.content_type, headers=headers)
