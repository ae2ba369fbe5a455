"""The ASGI entry point: `uvicorn chuhai.web.main:app`."""

from chuhai.web.app import create_app

app = create_app()
