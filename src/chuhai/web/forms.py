"""Turning HTML form fields into validated payloads, and validation errors into per-field messages."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from chuhai.errors import ChuhaiError, InvalidValue
from chuhai.i18n import error_text
from chuhai.i18n import gettext as _

M = TypeVar("M", bound=BaseModel)


def split_list(text: str | None) -> list[str]:
    """Comma, semicolon or newline separated values (Chinese punctuation too)."""
    if not text:
        return []
    for separator in ("，", "；", ";", "\n", "、"):
        text = text.replace(separator, ",")
    return [part.strip() for part in text.split(",") if part.strip()]


def enum_options(enum: type[StrEnum]) -> list[tuple[str, str]]:
    """(value, translated label) pairs; the label's message id is the value in sentence case."""
    return [(member.value, _(member.value.replace("_", " ").capitalize())) for member in enum]


def blank_to_none(values: dict[str, Any]) -> dict[str, Any]:
    return {key: (None if isinstance(value, str) and value.strip() == "" else value) for key, value in values.items()}


def field_errors(exc: ValidationError) -> dict[str, str]:
    errors: dict[str, str] = {}
    for error in exc.errors():
        field = str(error["loc"][0]) if error["loc"] else "__all__"
        cause = (error.get("ctx") or {}).get("error")
        message = error_text(cause) if isinstance(cause, InvalidValue) else error["msg"].removeprefix("Value error, ")
        errors.setdefault(field, message)
    return errors


def validate_form(model: type[M], values: dict[str, Any]) -> tuple[M | None, dict[str, str]]:
    try:
        return model.model_validate(values), {}
    except ValidationError as exc:
        return None, field_errors(exc)


def service_error(exc: ChuhaiError) -> dict[str, str]:
    field = exc.details.get("field") if isinstance(exc.details, dict) else None
    return {field or "__all__": error_text(exc)}
