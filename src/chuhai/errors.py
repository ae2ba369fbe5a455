"""One error hierarchy: each error carries its HTTP status, a message id and the message's parameters.

Services raise these with an English message id written with `%(name)s` placeholders and the values as
keyword arguments — `NotFound("No such demand %(demand_id)s.", demand_id=7)` — never an f-string, so the
id can be looked up in the Babel catalogs. The class names are extraction keywords (babel.cfg, `make i18n`,
tests/web/test_i18n.py): raising one is enough to put its message id into the catalogs. The web layer turns
them into JSON (API) or a page (HTML) in one place, in the reader's language (`chuhai.i18n.error_text`).
"""

from __future__ import annotations

from typing import Any


class ChuhaiError(Exception):
    status_code = 400
    code = "bad_request"

    def __init__(self, message: str, *, details: Any = None, **params: Any) -> None:
        self.message = message
        self.params = params
        self.details = details
        super().__init__(self.english)

    @property
    def english(self) -> str:
        """The message in English (logs, CLIs, and readers whose language is English)."""
        return self.message % self.params if self.params else self.message


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


class InvalidValue(ValueError):
    """A field validator's refusal (Pydantic wraps it into the field's error): a message id and its
    parameters, so a form shows it in the reader's language (`chuhai.web.forms.field_errors`); the API's
    422 details keep the English."""

    def __init__(self, message: str, **params: Any) -> None:
        self.message = message
        self.params = params
        super().__init__(message % params if params else message)


# The exception classes whose first argument is a message id (babel.cfg and the i18n test use this list):
# these, and the problems an import reports row by row (chuhai.imports.report.ImportProblem and its kinds).
MESSAGE_KEYWORDS = ("ChuhaiError", "InvalidValue", "ValidationFailed", "NotFound", "Forbidden", "NotAuthenticated",
                    "Conflict", "TooManyRequests", "ImportProblem", "BadValue", "HeaderProblem", "UnreadableFile")
