"""One error hierarchy: each error carries its HTTP status and a message key for the user.

Services raise these; the web layer turns them into JSON (API) or a page (HTML) in one place.
"""

from __future__ import annotations

from typing import Any


class ChuhaiError(Exception):
    status_code = 400
    code = "bad_request"

    def __init__(self, message: str, *, details: Any = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details


class ValidationFailed(ChuhaiError):
    status_code = 422
    code = "validation_failed"


class NotFound(ChuhaiError):
    status_code = 404
    code = "not_found"


class Forbidden(ChuhaiError):
    status_code = 403
    code = "forbidden"


class NotAuthenticated(ChuhaiError):
    status_code = 401
    code = "not_authenticated"


class Conflict(ChuhaiError):
    status_code = 409
    code = "conflict"


class TooManyRequests(ChuhaiError):
    status_code = 429
    code = "too_many_requests"
