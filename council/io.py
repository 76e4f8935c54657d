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
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pandas as pd

from council.bounds import is_finite
from council.errors import CouncilError, PermissionDenied, ValidationError
from council.i18n import LOCAL_TZ
from council.textutil import clean, line_breaks

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


# Bounds of an upload, checked before anything is loaded (issue 14, item 1): the file's size,
# the size its parts unpack to, the rows, the columns, the cells of the first sheet's area (which
# a reader allocates whole) and the characters of a cell (Excel's own limit).
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
MAX_IMPORT_ROWS = 200_000
MAX_IMPORT_COLUMNS = 100
MAX_IMPORT_CELLS = 4_000_000
MAX_CELL_CHARS = 32_767


def read_table(data: bytes, filename: str) -> list[dict]:
    """Rows of a CSV or Excel file as dicts of clean strings ('' for empty cells), each with
    ``__row__``: its row number in the file (header = 1).

    The upload is bounded before it is read (size, unpacked size, the first sheet's declared
    area and its actual rows and columns, cell length): a file beyond a bound is refused with a
    named ValidationError, never loaded. Excel files are read with calamine (first sheet, cached
    values, never formulas); CSV files are UTF-8 (a BOM is fine), and the apostrophe our CSV
    export puts before text that would start a formula is taken off again."""
    if len(data) > MAX_IMPORT_BYTES:
        raise ValidationError("error.file_too_large", field="file", max_mb=MAX_IMPORT_BYTES // (1024 * 1024))
    name = filename.lower()
    if name.endswith((".xlsx", ".xlsm")):
        records = _read_xlsx(data, filename)
    elif name.endswith(".csv"):
        records = _read_csv(data, filename)
    else:
        raise ValidationError("error.file_type", field="file", name=filename)
    if not records:
        return []
    header = [clean(str(h)) for h in records[0]]
    if len(header) > MAX_IMPORT_COLUMNS:
        raise ValidationError("error.too_many_columns", field="file", max=MAX_IMPORT_COLUMNS)
    rows = []
    for i, record in enumerate(records[1:], start=2):
        values = list(record)[: len(header)] + [""] * (len(header) - len(record))
        clean_row = {}
        for column, value in zip(header, values, strict=True):
            if len(value) > MAX_CELL_CHARS:
                raise ValidationError(
                    "error.cell_too_long", field=column, row=i, column=column, max=MAX_CELL_CHARS
                )
            clean_row[column] = clean(value)
        if not any(clean_row.values()):
            continue  # blank lines are not rows
        clean_row["__row__"] = i
        rows.append(clean_row)
    return rows


def _read_csv(data: bytes, filename: str) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(
            "error.file_unreadable", field="file", name=filename, detail=str(exc)[:200]
        ) from exc
    reader = csv.reader(io.StringIO(text, newline=""))
    records = []
    try:
        for record in reader:
            if len(records) > MAX_IMPORT_ROWS:
                raise ValidationError("error.too_many_rows", field="file", max=MAX_IMPORT_ROWS)
            if len(record) > MAX_IMPORT_COLUMNS:
                raise ValidationError("error.too_many_columns", field="file", max=MAX_IMPORT_COLUMNS)
            records.append([unneutralise(v) for v in record])
    except csv.Error as exc:
        # The csv module's own limit (131,072 characters) is above ours: a longer cell is named.
        if "field larger" in str(exc):
            raise ValidationError(
                "error.cell_too_long", field="file", row=reader.line_num, column="?", max=MAX_CELL_CHARS
            ) from exc
        raise ValidationError(
            "error.file_unreadable", field="file", name=filename, detail=str(exc)[:200]
        ) from exc
    return records


_CELL_REF = re.compile(rb"<(?:\w+:)?(c|row)\b[^>]*?\br=\"([A-Z]{0,3})([0-9]{1,7})\"")
_ROW_TAG = re.compile(rb"<(?:\w+:)?row\b")
_CELL_TAG = re.compile(rb"<(?:\w+:)?c\b")
_DIMENSION = re.compile(
    rb"<(?:\w+:)?dimension\b[^>]*?\bref=\"([A-Z]{1,3})?([0-9]{1,7})?(?::([A-Z]{1,3})([0-9]{1,7}))?\""
)


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n


def _refuse_area(sheet: str, ref: str, rows: int, cols: int) -> None:
    if rows > MAX_IMPORT_ROWS + 1 or cols > MAX_IMPORT_COLUMNS or rows * cols > MAX_IMPORT_CELLS:
        raise ValidationError(
            "error.sheet_dimension",
            field="file",
            sheet=sheet,
            ref=ref,
            rows=rows,
            cols=cols,
            max_rows=MAX_IMPORT_ROWS + 1,
            max_cols=MAX_IMPORT_COLUMNS,
        )


def _first_sheet(zf: zipfile.ZipFile) -> tuple[str, str]:
    """(name, path in the package) of the workbook's first sheet."""
    from xml.etree import ElementTree

    def small(path: str) -> bytes:
        if zf.getinfo(path).file_size > 10 * 1024 * 1024:
            raise ValidationError("error.xlsx_uncompressed", field="file", max_mb=10)
        return zf.read(path)

    ns_main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    ns_rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    book = ElementTree.fromstring(small("xl/workbook.xml"))
    first = book.find(f"{ns_main}sheets/{ns_main}sheet")
    if first is None:
        raise KeyError("no sheet")
    rels = ElementTree.fromstring(small("xl/_rels/workbook.xml.rels"))
    target = next(r.get("Target") for r in rels if r.get("Id") == first.get(f"{ns_rel}id"))
    path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return first.get("name") or "", path


def _check_sheet(zf: zipfile.ZipFile, sheet: str, path: str) -> None:
    """Stream the sheet's XML (never held whole): its declared dimension, then every row and
    cell position, against the bounds. A hostile sheet is refused at its first bad position."""
    max_row = max_col = rows = 0
    tail = b""
    with zf.open(path) as stream:
        head = True
        while chunk := stream.read(1 << 20):
            text = tail + chunk
            if head:
                head = False
                d = _DIMENSION.search(text[:4096])
                if d and d.group(3):
                    r0, r1 = int(d.group(2) or 1), int(d.group(4))
                    c0, c1 = _column_number(d.group(1) or b"A"), _column_number(d.group(3))
                    ref = d.group(0).split(b'ref="')[1].rstrip(b'"').decode()
                    _refuse_area(sheet, ref, r1 - r0 + 1, c1 - c0 + 1)
            # Positions split across chunks are found in the next round (the tail is kept).
            cut = max(0, len(text) - 64)
            scan, tail = text[:cut], text[cut:]
            rows += len(_ROW_TAG.findall(scan))
            refs = _CELL_REF.findall(scan)
            if refs:  # whole lists at once (a Python step per cell was half of reading a sheet)
                max_row = max(max_row, max(map(int, [number for _, _, number in refs])))
                # Letters padded with "@" (64, just below "A") compare as their column numbers.
                cols = [letters.rjust(3, b"@") for kind, letters, _ in refs if kind == b"c"]
                if cols:
                    max_col = max(max_col, _column_number(max(cols)))
            cells = len(_CELL_TAG.findall(scan))
            if cells > MAX_IMPORT_CELLS:
                raise ValidationError("error.too_many_rows", field="file", max=MAX_IMPORT_ROWS)
            area_rows = max(max_row, rows)
            if (
                area_rows > MAX_IMPORT_ROWS + 1
                or max_col > MAX_IMPORT_COLUMNS
                or area_rows * max_col > MAX_IMPORT_CELLS
            ):
                _refuse_area(sheet, f"A1:{_column_letters(max_col)}{area_rows}", area_rows, max_col)
    rows += len(_ROW_TAG.findall(tail))


def _column_letters(n: int) -> str:
    out = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out or "A"


def _read_xlsx(data: bytes, filename: str) -> list[list[str]]:
    from python_calamine import CalamineWorkbook

    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        unpacked = sum(info.file_size for info in zf.infolist())
        if unpacked > MAX_UNCOMPRESSED_BYTES:
            raise ValidationError(
                "error.xlsx_uncompressed", field="file", max_mb=MAX_UNCOMPRESSED_BYTES // (1024 * 1024)
            )
        sheet, path = _first_sheet(zf)
        _check_sheet(zf, sheet, path)
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        records = book.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except ValidationError:
        raise
    except (zipfile.BadZipFile, KeyError, StopIteration, ValueError, OSError, EOFError) as exc:
        raise ValidationError(
            "error.file_unreadable", field="file", name=filename, detail=str(exc)[:200]
        ) from exc
    except Exception as exc:  # calamine's own errors (CalamineError, XmlError, ZipError, ...)
        raise ValidationError(
            "error.file_unreadable",
            field="file",
            name=filename,
            detail=f"{type(exc).__name__}: {str(exc)[:180]}",
        ) from exc
    return [[_cell_text(v) for v in record] for record in records]


def _cell_text(value) -> str:
    """A cell as text, the way it reads in the sheet: 2026 (not 2026.0), 18.5, 2026-01-31."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def require_columns(rows: list[dict], columns: Iterable[str], header: Iterable[str] | None = None) -> None:
    present = set(header) if header is not None else (set(rows[0]) if rows else set())
    missing = [c for c in columns if c not in present]
    if missing:
        raise ImportRejected([RowError(1, c, "error.missing_column", {"column": c}) for c in missing])


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Text a spreadsheet would take for a formula once opened from CSV: it starts with = + - @ (or
# tab, CR), possibly behind apostrophes. The CSV export puts one apostrophe before such text and
# the CSV import takes exactly one off again, so every value comes back as it left.
_NEEDS_QUOTE = re.compile(r"'*[=+\-@\t\r]")
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")


def neutralise(text: str) -> str:
    """CSV text that no spreadsheet evaluates: an apostrophe before a formula-like start."""
    return "'" + text if _NEEDS_QUOTE.match(text) else text


def unneutralise(text: str) -> str:
    """The inverse of ``neutralise`` (for CSV imports): ``unneutralise(neutralise(t)) == t``."""
    return text[1:] if text.startswith("'") and _NEEDS_QUOTE.match(text, 1) else text


def _export_value(value, *, quote: bool):
    """A value ready for a spreadsheet: control characters removed from text (and, for CSV,
    formula-like text neutralised); NaN and infinities as text; times in Vietnam local time."""
    if isinstance(value, float) and (value != value or abs(value) > 1e300):
        # NaN, infinities and values beyond Excel's range are written as text, not numbers.
        return "" if value != value else str(value)
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(ZoneInfo(LOCAL_TZ)).replace(tzinfo=None)
    if not isinstance(value, str):
        return value
    # A bare CR would split a CSV row (the writer only quotes fields with its own line ending).
    value = _CONTROL.sub("", line_breaks(value))
    return neutralise(value) if quote else value


def safe_cell(value):
    """A value as the CSV export writes it (text that would start a formula gets an apostrophe)."""
    return _export_value(value, quote=True)


def _safe_frame(frame: pd.DataFrame, *, quote: bool) -> pd.DataFrame:
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
            out[column] = out[column].map(lambda v: _export_value(v, quote=quote))
    out.columns = [_export_value(str(c), quote=quote) for c in out.columns]
    return out


def to_excel(frames: dict[str, pd.DataFrame]) -> bytes:
    """An .xlsx written with xlsxwriter in which every text is a text cell: never a formula, a
    link or a number, whatever it starts with, so it needs no apostrophe and imports back as it
    left (read_table)."""
    buffer = io.BytesIO()
    options = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    with pd.ExcelWriter(buffer, engine="xlsxwriter", engine_kwargs={"options": options}) as writer:
        for sheet, frame in frames.items():
            name = _SHEET_NAME_BAD.sub("-", _CONTROL.sub("", sheet)).strip("'")[:31] or "data"
            _safe_frame(frame, quote=False).to_excel(writer, sheet_name=name, index=False)
    return buffer.getvalue()


def to_csv(frame: pd.DataFrame) -> bytes:
    # BOM so that Excel opens Vietnamese text as UTF-8.
    return _safe_frame(frame, quote=True).to_csv(index=False).encode("utf-8-sig")


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
    if not is_finite(number):  # "inf", "nan", "1e309" (overflows to infinity)
        errors.append(RowError(row, field, "error.not_finite", {"value": value}))
        return None
    if minimum is not None and number < minimum:
        errors.append(RowError(row, field, "error.too_small", {"value": value, "min": minimum}))
        return None
    if maximum is not None and number > maximum:
        errors.append(RowError(row, field, "error.too_large", {"value": value, "max": maximum}))
        return None
    return number
