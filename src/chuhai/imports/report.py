"""What an import tells its user: counts, and every bad row with its column and reason.

A reason is a message id (English, with `%(name)s` placeholders) and its parameters, like the errors
of `chuhai.errors`: `ImportProblem("%(value)s is not a number", value="'abc'")`. Its English text
is what the CLI prints and what a report stores as `reason`; the import page shows it in the reader's
language from the id and parameters stored beside it (`imports.views`). The problem classes are
Babel extraction keywords (`chuhai.errors.MESSAGE_KEYWORDS`), so writing one puts its id into the
catalogs.
"""

from __future__ import annotations

import dataclasses
from dataclasses import asdict, dataclass, field
from typing import Any

# A file where every one of a million rows is bad should not need a million messages in memory;
# beyond this many, only the count grows.
MAX_LISTED = 1000


def english(message: str, params: dict[str, Any]) -> str:
    """A message id with its parameters filled in: the English text."""
    return message % params if params else message


class ImportProblem(ValueError):
    """What is wrong with a file, a header or a cell: a message id and its parameters; str() is English."""

    def __init__(self, message: str, **params: Any) -> None:
        self.message = message
        self.params = params
        super().__init__(english(message, params))

    @property
    def reason(self) -> str:
        return str(self)


@dataclass(frozen=True, slots=True)
class RowError:
    """A problem in one cell. Row numbers are the spreadsheet's (the header is row 1, 0 = file)."""

    row: int
    column: str  # the header as the file writes it
    reason: str  # in English
    field: str = ""  # the canonical field name (hs_code), for programs
    message: str = ""  # the reason's message id, for translation ("" when there is none)
    # (`dataclasses.field`: the name `field` is the attribute above inside this class body)
    params: dict[str, Any] = dataclasses.field(default_factory=dict, compare=False, hash=False)

    @classmethod
    def of(cls, row: int, column: str, problem: ImportProblem, field_name: str = "") -> RowError:
        return cls(row, column, problem.reason, field_name, problem.message, problem.params)

    def __str__(self) -> str:
        if self.row == 0:
            return self.reason
        if not self.column:
            return f"row {self.row}: {self.reason}"
        return f"row {self.row}, column {self.column}: {self.reason}"

    def to_dict(self, messages: bool = False) -> dict[str, Any]:
        """Row, column, English reason and field; with `messages`, also the reason's id and parameters."""
        data = {"row": self.row, "column": self.column, "reason": self.reason, "field": self.field}
        if messages:
            data.update(message=self.message, params=dict(self.params))
        return data


@dataclass
class ImportReport:
    kind: str
    filename: str
    format: str = "standard"  # column layout: standard, amazon or generic
    file_type: str = ""  # csv or xlsx
    encoding: str | None = None
    total_rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    # Rows that carry no record, e.g. cancelled Amazon orders; counted, not errors.
    ignored: int = 0
    skipped: list[RowError] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    skipped_rows: int = 0  # distinct rows skipped (a row may have several errors)
    error_count: int = 0  # every error found, including those beyond MAX_LISTED
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the import was written (possibly without the skipped rows)."""
        return not self.errors

    @property
    def imported(self) -> int:
        return self.created + self.updated + self.unchanged

    def add_error(self, error: RowError) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_LISTED:
            self.errors.append(error)

    def add_skipped(self, error: RowError) -> None:
        self.error_count += 1
        if len(self.skipped) < MAX_LISTED:
            self.skipped.append(error)

    def to_dict(self, messages: bool = False) -> dict[str, Any]:
        """The report as JSON. `messages` adds each reason's message id and parameters (the stored report
        of an import job, so its page can show the reasons in the reader's language); without it the
        shape is the one `chuhai import --json` has always printed."""
        data = {
            key: value
            for key, value in asdict(self).items()
            if key not in {"skipped", "errors"}
        }
        data["skipped"] = [error.to_dict(messages) for error in self.skipped]
        data["errors"] = [error.to_dict(messages) for error in self.errors]
        data["ok"] = self.ok
        data["imported"] = self.imported
        data["errors_truncated"] = self.error_count > len(self.errors) + len(self.skipped)
        return data
