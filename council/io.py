"""Reading and writing tables (CSV, Excel) for imports and exports.

Imports are validated whole before anything is written: ``ImportRejected``
carries every error with its row (1-based, the header is row 1) and field,
and the caller writes nothing. Writing happens in one transaction.
"""

from __future__ import annotations

import csv
import io
import math
import re
import warnings
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from itertools import compress, repeat
from operator import itemgetter
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

from council.bounds import is_finite
from council.errors import CouncilError, PermissionDenied, ValidationError
from council.i18n import LOCAL_TZ
from council.textutil import clean, clean_all, line_breaks

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
        table = _read_xlsx(data, filename)
    elif name.endswith(".csv"):
        table = _columns(_read_csv(data, filename))
    else:
        raise ValidationError("error.file_type", field="file", name=filename)
    if table is None:
        return []
    first, columns, count = table
    header = [clean(str(h)) for h in first]
    if len(header) > MAX_IMPORT_COLUMNS:
        raise ValidationError("error.too_many_columns", field="file", max=MAX_IMPORT_COLUMNS)
    if not header:
        return []
    # A column at a time: its cells measured and cleaned at once (see clean_all).
    if max(max(map(len, column), default=0) for column in columns) > MAX_CELL_CHARS:
        _refuse_long_cell(header, columns)
    # Each name once, in its first place, with the cells of its last column (as a dict is built).
    last = {name: j for j, name in enumerate(header)}
    names = list(last)
    chosen: list[Sequence] = [clean_all(columns[last[name]]) for name in names]
    keep = list(map(any, zip(*chosen, strict=True)))  # blank lines are not rows
    numbers = range(2, count + 2)
    if "__row__" in last:
        chosen[names.index("__row__")] = numbers
    else:
        names.append("__row__")
        chosen.append(numbers)
    rows = list(map(dict, map(zip, repeat(names), zip(*chosen, strict=True))))
    return rows if all(keep) else list(compress(rows, keep))


# A table read from a file: its first row, then the other rows' cells column by column (each
# column as long as the first row is wide), and how many rows those are. None: an empty file.
Table = tuple[Sequence[str], list[Sequence[str]], int] | None


def _columns(records: list[list[str]]) -> Table:
    """The table of rows of text: a short row is padded with '', a long one cut."""
    if not records:
        return None
    first, body = records[0], records[1:]
    width = len(first)
    if len(set(map(len, body))) > 1 or (body and len(body[0]) != width):
        body = [list(record)[:width] + [""] * (width - len(record)) for record in body]
    return first, _transpose(body, width), len(body)


def _transpose(rows: Sequence[Sequence], width: int) -> list[list]:
    # A column at a time, not zip(*rows): that makes an iterator per row, a burden on the
    # garbage collector as large as the rows themselves.
    return [list(map(itemgetter(j), rows)) for j in range(width)]


def _refuse_long_cell(header: list[str], columns: list[Sequence[str]]) -> None:
    """Name the first over-long cell, row by row and left to right."""
    i, j = min(
        (next(i for i, value in enumerate(column) if len(value) > MAX_CELL_CHARS), j)
        for j, column in enumerate(columns)
        if max(map(len, column), default=0) > MAX_CELL_CHARS
    )
    raise ValidationError(
        "error.cell_too_long", field=header[j], row=i + 2, column=header[j], max=MAX_CELL_CHARS
    )


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
# The usual layout, each with a literal start (quick to find): see _positions.
_PREFIXED = re.compile(rb":(?:c|row)")
_PLAIN_C_REF = re.compile(rb"<c(?: r=\"([A-Z]{0,3}[0-9]{1,7})\"|\b)")
_PLAIN_ROW_REF = re.compile(rb"<row(?: r=\"[A-Z]{0,3}([0-9]{1,7})\"|\b)")
_UPPER, _DIGITS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ", b"0123456789"
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
            # A tag that runs past this piece is looked at in the next round: the tail kept
            # starts at the "<" of the last tag begun before the piece's last 64 bytes.
            cut = max(0, len(text) - 64)
            last_tag = text.rfind(b"<", max(0, cut - 4096), cut)
            cut = last_tag if last_tag >= 0 else cut
            scan, tail = text[:cut], text[cut:]
            rows, max_row, max_col = _check_positions(sheet, scan, rows, max_row, max_col)
    # The last bytes too: a far cell just before </sheetData> was never looked at.
    _check_positions(sheet, tail, rows, max_row, max_col)


def _check_positions(sheet: str, scan: bytes, rows: int, max_row: int, max_col: int) -> tuple[int, int, int]:
    """The counts so far with this piece's added; the sheet refused once they pass a bound."""
    chunk_rows, chunk_max_row, chunk_max_col = _positions(scan)
    rows += chunk_rows
    max_row, max_col = max(max_row, chunk_max_row), max(max_col, chunk_max_col)
    # A cell tag takes two bytes at least: a short piece cannot hold too many.
    if len(scan) // 2 > MAX_IMPORT_CELLS and len(_CELL_TAG.findall(scan)) > MAX_IMPORT_CELLS:
        raise ValidationError("error.too_many_rows", field="file", max=MAX_IMPORT_ROWS)
    area_rows = max(max_row, rows)
    if (
        area_rows > MAX_IMPORT_ROWS + 1
        or max_col > MAX_IMPORT_COLUMNS
        or area_rows * max_col > MAX_IMPORT_CELLS
    ):
        _refuse_area(sheet, f"A1:{_column_letters(max_col)}{area_rows}", area_rows, max_col)
    return rows, max_row, max_col


def _positions(scan: bytes) -> tuple[int, int, int]:
    """(row tags, highest row, highest column) of a piece of sheet XML, exactly as ``_ROW_TAG``
    and ``_CELL_REF`` find them, but quicker on the usual layout (``<row r="7"``, ``<c r="B7"``):
    a Python step per cell position was half of reading a sheet, a tuple per cell most of the rest."""
    if _PREFIXED.search(scan) is None:
        # One entry per <c and per <row tag (as _CELL_TAG and _ROW_TAG find them without a
        # namespace prefix): its position when the tag starts with it, else b"".
        refs = _PLAIN_C_REF.findall(scan)  # b"B7"
        row_numbers = _PLAIN_ROW_REF.findall(scan)
        if b"" not in refs and b"" not in row_numbers:
            # Every tag starts with its position, so each is one that _CELL_REF finds (it takes
            # a tag's first r=, which then spans no other tag), and these are all it finds.
            cells = b" ".join(refs)
            numbers = np.fromstring(cells.translate(None, _UPPER), dtype=np.int64, sep=" ")
            if len(numbers) == len(refs):  # numpy read them all (it would stop at anything else)
                max_row = max(int(numbers.max(initial=0)), max(map(int, row_numbers), default=0))
                return len(row_numbers), max_row, _max_column(set(cells.translate(None, _DIGITS).split()))
    refs = _CELL_REF.findall(scan)
    rows = len(_ROW_TAG.findall(scan))
    max_row = max(map(int, [number for _, _, number in refs]), default=0)
    return rows, max_row, _max_column({letters for kind, letters, _ in refs if kind == b"c"})


def _max_column(letters: set[bytes]) -> int:
    # Letters padded with "@" (64, just below "A") compare as their column numbers.
    return _column_number(max(x.rjust(3, b"@") for x in letters)) if letters else 0


def _column_letters(n: int) -> str:
    out = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out or "A"


def _read_xlsx(data: bytes, filename: str) -> Table:
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
    if len(set(map(len, records))) > 1:  # calamine's rows are all as wide
        return _columns([[_cell_text(v) for v in record] for record in records])
    if not records:
        return None
    # A column at a time: calamine gives most columns as text already.
    columns = [
        column if _all_text(column) else list(map(_cell_text, column))
        for column in _transpose(records, len(records[0]))
    ]
    return [column[0] for column in columns], [column[1:] for column in columns], len(records) - 1


def _all_text(values: list) -> bool:
    try:
        "".join(values)  # quicker than looking at each type (calamine gives plain str)
    except TypeError:
        return False
    return True


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


def _safe_column(column: pd.Series, *, quote: bool) -> pd.Series:
    if isinstance(column.dtype, pd.DatetimeTZDtype):
        # Spreadsheets have no time zones: write Vietnam local time.
        return column.dt.tz_convert(LOCAL_TZ).dt.tz_localize(None)
    if column.dtype == object or pd.api.types.is_string_dtype(column) or pd.api.types.is_float_dtype(column):
        return column.map(lambda v: _export_value(v, quote=quote))
    return column


def _safe_frame(frame: pd.DataFrame, *, quote: bool) -> pd.DataFrame:
    out = frame.copy()
    for column in out.columns:
        current = out[column]
        safe = _safe_column(current, quote=quote)
        if safe is not current:
            out[column] = safe
    out.columns = [_export_value(str(c), quote=quote) for c in out.columns]
    return out


# What _export_value changes in a text for Excel: line breaks other than a new line, and control
# characters.
_EXPORT_CHANGES = re.compile(r"[\x00-\x08\x0b-\x1f\x85\u2028\u2029]")
# pandas' own Excel formats for the values it writes with one (pandas.ExcelWriter's defaults).
_DATETIME_FORMAT, _DATE_FORMAT = "YYYY-MM-DD HH:MM:SS", "YYYY-MM-DD"
_SHEET_TOO_LARGE = "This sheet is too large! Your sheet size is: {}, {} Max sheet size is: 1048576, 16384"


def to_excel(frames: dict[str, pd.DataFrame]) -> bytes:
    """An .xlsx written with xlsxwriter in which every text is a text cell: never a formula, a
    link or a number, whatever it starts with, so it needs no apostrophe and imports back as it
    left (read_table).

    The workbook is the one ``DataFrame.to_excel`` (pandas 3, index=False) wrote from the frames
    made safe (``_safe_frame``), cell for cell and in the same order, but written a column at a
    time: pandas' own cell-by-cell path was two thirds of the time."""
    import xlsxwriter

    buffer = io.BytesIO()
    options = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    book = xlsxwriter.Workbook(buffer, options)
    try:
        for sheet, frame in frames.items():
            name = _SHEET_NAME_BAD.sub("-", _CONTROL.sub("", sheet)).strip("'")[:31] or "data"
            _write_sheet(book, name, frame)
    finally:
        book.close()
    return buffer.getvalue()


def _write_sheet(book, name: str, frame: pd.DataFrame) -> None:
    cells = [_excel_column(frame[column]) for column in frame.columns]
    header = [_export_value(str(c), quote=False) for c in frame.columns]
    if frame.shape[0] > 2**20 or frame.shape[1] > 2**14:
        raise ValueError(_SHEET_TOO_LARGE.format(*frame.shape))
    sheet = book.get_worksheet_by_name(name)
    if sheet is None:
        sheet = book.add_worksheet(name)
    formats: dict[str, object] = {}  # one per sheet, made on first use, as pandas does

    def write(row: int, col: int, value) -> None:
        value, number_format = _excel_value(value)
        if number_format is not None and number_format not in formats:
            formats[number_format] = book.add_format({"num_format": number_format})
        sheet.write(row, col, value, formats.get(number_format) if number_format else None)

    for j, title in enumerate(header):
        write(0, j, title)
    names = list(frame.index.names)
    if not header and names and all(n is not None and n != "" for n in names):
        # pandas writes a column-less frame's index names (one row down), even with index=False.
        for j, index_name in enumerate(names):
            write(1, j, index_name)
    for j, (values, plain) in enumerate(cells):
        if plain:  # numbers, booleans and short texts: written as they are (see _excel_column)
            sheet.write_column(1, j, values)
        else:
            for i, value in enumerate(values, start=1):
                write(i, j, value)


def _excel_column(column: pd.Series) -> tuple[list, bool]:
    """A column's values as ``_safe_column`` makes them, and whether all of them are numbers,
    booleans, short texts or blanks that pandas would hand to xlsxwriter unchanged (else each
    goes through ``_excel_value``). Texts are cleaned a column at a time."""
    dtype = column.dtype
    if isinstance(dtype, np.dtype) and dtype.kind in "iub":
        return column.tolist(), True
    if isinstance(dtype, np.dtype) and dtype.kind == "f":
        values = column.tolist()
        array = column.to_numpy()
        if not (np.isfinite(array).all() and (np.abs(array) <= 1e300).all()):
            # NaN as a blank, infinities and numbers beyond Excel's range as text (_export_value).
            values = [("" if v != v else str(v)) if not abs(v) <= 1e300 else v for v in values]
        return values, True
    if column.dtype == object or pd.api.types.is_string_dtype(column):
        values = column.tolist()
        kinds = set(map(type, values))
        if kinds <= {str, float, type(None)} and all(v != v for v in values if type(v) is float):
            texts = ["" if type(v) is float else v for v in values] if float in kinds else values
            joined = "".join(filter(None, texts))
            if not (joined.isprintable() or _EXPORT_CHANGES.search(joined) is None):
                texts = [v if v is None else _export_value(v, quote=False) for v in texts]
            # A text past half of Excel's limit may be cut (pandas warns): one at a time.
            return texts, max(map(len, filter(None, texts)), default=0) <= MAX_CELL_CHARS // 2
    return list(_safe_column(column, quote=False)), False


def _excel_value(value):
    """(value, number format) as pandas 3 hands a cell to xlsxwriter: ExcelFormatter's
    _format_value, then ExcelWriter._value_with_fmt."""
    if pd.api.types.is_scalar(value) and pd.isna(value):
        value = ""
    elif pd.api.types.is_float(value) and abs(value) == math.inf:
        value = "inf" if value > 0 else "-inf"
    if getattr(value, "tzinfo", None) is not None:
        raise ValueError(
            "Excel does not support datetimes with timezones. Please ensure that datetimes "
            "are timezone unaware before writing to Excel."
        )
    if pd.api.types.is_integer(value):
        return int(value), None
    if pd.api.types.is_float(value):
        return float(value), None
    if pd.api.types.is_bool(value):
        return bool(value), None
    if isinstance(value, Decimal):
        return Decimal(value), None
    if isinstance(value, datetime):
        return value, _DATETIME_FORMAT
    if isinstance(value, date):
        return value, _DATE_FORMAT
    if isinstance(value, timedelta):
        return value.total_seconds() / 86400, "0"
    value = str(value)
    if len(value) > 32767:
        warnings.warn("Cell contents too long, truncated to 32767 characters", UserWarning, stacklevel=4)
    return value, None


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
