"""Reading and writing tables (CSV, Excel) for imports and exports.

Imports are validated whole before anything is written: ``ImportRejected``
carries every error with its row (1-based, the header is row 1) and field,
and the caller writes nothing. Writing happens in one transaction.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import pandas as pd

from council.errors import CouncilError, PermissionDenied, ValidationError
from council.i18n import LOCAL_TZ
from council.textutil import nfc

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MIME = "text/csv"
MAX_IMPORT_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class RowError:
    row: int
    field: str
    key: str
    params: dict

    def message(self, lang: str = "vi") -> str:
        from council.i18n import t

        return t(
            "error.row_field", lang, row=self.row, field=self.field, message=t(self.key, lang, **self.params)
        )


class ImportRejected(CouncilError):
    """The file was refused whole; ``errors`` lists every bad row and field."""

    def __init__(self, errors: list[RowError], refusal: PermissionDenied | None = None):
        super().__init__("error.import_rejected", count=len(errors))
        self.errors = errors
        # Set when some rows were refused for permission: the audit log records the refusal.
        self.refusal = refusal


def read_table(data: bytes, filename: str) -> list[dict]:
    """Rows of a CSV or Excel file as dicts of NFC-normalised strings ('' for empty cells),
    each with ``__row__``: its row number in the file (header = 1)."""
    if len(data) > MAX_IMPORT_BYTES:
        raise ValidationError("error.file_too_large", field="file", max_mb=MAX_IMPORT_BYTES // (1024 * 1024))
    name = filename.lower()
    try:
        if name.endswith((".xlsx", ".xlsm")):
            frame = pd.read_excel(io.BytesIO(data), dtype=str, keep_default_na=False, engine="openpyxl")
        elif name.endswith(".csv"):
            text = data.decode("utf-8-sig")
            frame = pd.DataFrame(list(csv.DictReader(io.StringIO(text))))
            if frame.empty:
                header = next(csv.reader(io.StringIO(text)), [])
                frame = pd.DataFrame(columns=header)
        else:
            raise ValidationError("error.file_type", field="file", name=filename)
    except (ValueError, KeyError, UnicodeDecodeError, zipfile.BadZipFile, OSError, OverflowError) as exc:
        if isinstance(exc, ValidationError):
            raise
        raise ValidationError(
            "error.file_unreadable", field="file", name=filename, detail=str(exc)[:200]
        ) from exc
    rows = []
    for i, record in enumerate(frame.to_dict(orient="records"), start=2):
        clean = {nfc(str(k)): nfc("" if v is None else str(v)) for k, v in record.items()}
        if not any(clean.values()):
            continue  # blank lines are not rows
        clean["__row__"] = i
        rows.append(clean)
    return rows


def require_columns(rows: list[dict], columns: Iterable[str], header: Iterable[str] | None = None) -> None:
    present = set(header) if header is not None else (set(rows[0]) if rows else set())
    missing = [c for c in columns if c not in present]
    if missing:
        raise ImportRejected([RowError(1, c, "error.missing_column", {"column": c}) for c in missing])


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """Text a spreadsheet will show as text: control characters removed, and a leading
    = + - @ neutralised with an apostrophe so user text never becomes a formula."""
    if isinstance(value, float) and (value != value or abs(value) > 1e300):
        # NaN, infinities and values beyond Excel's range are written as text, not numbers.
        return "" if value != value else str(value)
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(ZoneInfo(LOCAL_TZ)).replace(tzinfo=None)
    if not isinstance(value, str):
        return value
    value = _CONTROL.sub("", value)
    if value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in out.columns:
        if isinstance(out[column].dtype, pd.DatetimeTZDtype):
            # Spreadsheets have no time zones: write Vietnam local time.
            out[column] = out[column].dt.tz_convert(LOCAL_TZ).dt.tz_localize(None)
            continue
        if (
            out[column].dtype == object
            or pd.api.types.is_string_dtype(out[column])
            or pd.api.types.is_float_dtype(out[column])
        ):
            out[column] = out[column].map(safe_cell)
    out.columns = [safe_cell(str(c)) for c in out.columns]
    return out


def to_excel(frames: dict[str, pd.DataFrame]) -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for sheet, frame in frames.items():
            _safe_frame(frame).to_excel(
                writer, sheet_name=_CONTROL.sub("", sheet)[:31] or "data", index=False
            )
    return buffer.getvalue()


def to_csv(frame: pd.DataFrame) -> bytes:
    # BOM so that Excel opens Vietnamese text as UTF-8.
    return _safe_frame(frame).to_csv(index=False).encode("utf-8-sig")


def parse_float(
    value: str,
    row: int,
    field: str,
    errors: list[RowError],
    *,
    minimum: float | None = None,
    maximum: float | None = None,
    required: bool = False,
) -> float | None:
    """Accepts 1234.5 and Vietnamese 1.234,5; records an error and returns None when bad."""
    text = (value or "").strip().replace(" ", "").replace("\u00a0", "")
    if not text:
        if required:
            errors.append(RowError(row, field, "error.required", {"field": field}))
        return None
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        errors.append(RowError(row, field, "error.not_a_number", {"value": value}))
        return None
    if minimum is not None and number < minimum:
        errors.append(RowError(row, field, "error.too_small", {"value": value, "min": minimum}))
        return None
    if maximum is not None and number > maximum:
        errors.append(RowError(row, field, "error.too_large", {"value": value, "max": maximum}))
        return None
    return number
