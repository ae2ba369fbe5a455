"""The API's OpenAPI document tells the error answers the routes really give, in the shape they give them.

Every error of the API is `{"error": {"code", "message", "details"?}}` (chuhai.web.errors). FastAPI documents only
its own 422 shape (`{"detail": [...]}`), which the app never sends. `document_errors` rewrites the document once:
- 422 on every operation that takes parameters or a body; 413 (the body limit) and 400 (a body that cannot be
  parsed) on every one that takes a body;
- 401 on every operation behind a sign-in dependency (`require_*`), 403 where it admits only some roles, and on
  every write behind `verify_csrf` (a cookie-authenticated write without its CSRF token is refused);
- 404 on every operation with a path parameter (the record it names may not exist or be out of the reader's
  sight);
- whatever a route declares itself with `responses=errors(409, 429, …)` (chuhai.web.openapi.errors): the answers
  that depend on its rules (a conflict, a rate limit, a refused step).
Every error response gets the `ApiError` schema. tests/web/test_fuzz_api.py checks the result against the app.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.routing import iter_route_contexts

API_PREFIX = "/api/v1"
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "details": {"description": "The fields at fault (validation) or other particulars."},
            },
        },
    },
}
DESCRIPTIONS = {
    400: "The request cannot be carried out as it stands",
    401: "Not signed in, or the token is invalid or expired",
    403: "The principal's role or relation to the record does not allow it",
    404: "No such record, or not visible to this principal",
    409: "Conflicts with the record's current state",
    413: "The request body is larger than the limit",
    422: "Some fields are not valid",
    429: "Too many attempts or jobs; retry later",
}


def errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    """`responses=` for a route: the error answers its rules may give beyond the ones documented for all."""
    return {code: {"description": DESCRIPTIONS.get(code, "Error")} for code in codes}


def _dependency_names(dependant) -> set[str]:
    names: set[str] = set()
    stack = list(dependant.dependencies) if dependant is not None else []
    while stack:
        dependency = stack.pop()
        names.add(getattr(dependency.call, "__name__", ""))
        stack.extend(dependency.dependencies)
    return names


def _implied_errors(route) -> set[int]:
    codes: set[int] = set()
    dependant = getattr(route, "dependant", None)
    names = _dependency_names(dependant)
    guards = {name for name in names if name.startswith("require_")}
    methods = set(route.methods or ())
    if guards:
        codes.add(401)
        if guards != {"require_signed_in"}:
            codes.add(403)
    if "verify_csrf" in names and methods & UNSAFE_METHODS:
        codes.add(403)  # a cookie-authenticated write without the session's CSRF token
    if dependant is not None and dependant.path_params:
        codes.add(404)
    if getattr(route, "body_field", None) is not None:
        codes |= {400, 413, 422}  # 400: a body that cannot be parsed (not UTF-8 JSON, a broken form)
    if dependant is not None and (dependant.path_params or dependant.query_params or dependant.header_params):
        codes.add(422)
    return codes


def document_errors(app: FastAPI) -> None:
    """Replace `app.openapi` by one that documents the error answers (computed once, then kept)."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema and app.openapi_schema.get("x-errors-documented"):
            return app.openapi_schema
        schema = build()
        schema.setdefault("components", {}).setdefault("schemas", {})["ApiError"] = ERROR_SCHEMA
        reference = {"application/json": {"schema": {"$ref": "#/components/schemas/ApiError"}}}
        for route in iter_route_contexts(app.router.routes):
            path = getattr(route, "path", None) or ""
            if not path.startswith(API_PREFIX) or not getattr(route, "include_in_schema", False):
                continue
            for method in route.methods or ():
                operation = schema.get("paths", {}).get(path, {}).get(method.lower())
                if operation is None:
                    continue
                responses = operation.setdefault("responses", {})
                for code in _implied_errors(route):
                    responses.setdefault(str(code), {"description": DESCRIPTIONS[code]})
                for code, response in responses.items():
                    if code.startswith(("4", "5")):
                        if code == "422":
                            response["description"] = DESCRIPTIONS[422]
                        response["content"] = reference
        schema["x-errors-documented"] = True
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
