"""What an import tells its user: counts, and every bad row with its column and reason."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

# A file where every one of a million rows is bad should not need a million messages in memory;
# beyond this many, only the count grows.
MAX_LISTED = 1000


@dataclass(frozen=True, slots=True)
class RowError:
    """A problem in one cell. Row numbers are the spreadsheet's (the header is row 1, 0 = file)."""

    row: int
    column: str  # the header as the file writes it
    reason: str
    field: str = ""  # the canonical field name (hs_code), for programs

    def __str__(self) -> str:
        if self.row == 0:
            return self.reason
        if not self.column:
            return f"row {self.row}: {self.reason}"
        return f"row {self.row}, column {self.column}: {self.reason}"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


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

    def to_dict(self) -> dict[str, Any]:
        data = {
            key: value
            for key, value in asdict(self).items()
            if key not in {"skipped", "errors"}
        }
        data["skipped"] = [error.to_dict() for error in self.skipped]
        data["errors"] = [error.to_dict() for error in self.errors]
        data["ok"] = self.ok
        data["imported"] = self.imported
        data["errors_truncated"] = self.error_count > len(self.errors) + len(self.skipped)
        return data
