"""The column-at-a-time paths of council.io (issue 23, spreadsheets): whole columns are checked
at once and walked cell by cell only when something needs it, so one odd cell in a large column
must still be found, and every output must be the one the cell-by-cell code gave. The references
below are that code, kept here only to compare with."""

from __future__ import annotations

import io
import unicodedata
import warnings
import zipfile
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
import python_calamine
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from council import io as council_io
from council.errors import ValidationError
from council.io import read_table, to_excel
from council.textutil import clean, clean_all

NFD = unicodedata.normalize("NFD", "Cầu Rạch Miễu")
ODD = ["a\x01b", NFD, "x\r\ny", "tab\there", "\u2028sep", "\x85nel", " pad ", "\u00a0nbsp\u00a0", "l1\nl2"]


# --- references: the cell-by-cell code this replaced ----------------------------------------


def reference_read_table(data: bytes, filename: str) -> list[dict]:
    if filename.endswith(".xlsx"):
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        records = [
            [council_io._cell_text(v) for v in record]
            for record in book.get_sheet_by_index(0).to_python(skip_empty_area=False)
        ]
    else:
        records = council_io._read_csv(data, filename)
    if not records:
        return []
    header = [clean(str(h)) for h in records[0]]
    rows = []
    for i, record in enumerate(records[1:], start=2):
        values = list(record)[: len(header)] + [""] * (len(header) - len(record))
        clean_row = {}
        for column, value in zip(header, values, strict=True):
            if len(value) > council_io.MAX_CELL_CHARS:
                raise ValidationError("error.cell_too_long", field=column, row=i, column=column, max=0)
            clean_row[column] = clean(value)
        if not any(clean_row.values()):
            continue
        clean_row["__row__"] = i
        rows.append(clean_row)
    return rows


def reference_to_excel(frames: dict[str, pd.DataFrame]) -> bytes:
    buffer = io.BytesIO()
    options = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    with pd.ExcelWriter(buffer, engine="xlsxwriter", engine_kwargs={"options": options}) as writer:
        for sheet, frame in frames.items():
            name = council_io._SHEET_NAME_BAD.sub("-", council_io._CONTROL.sub("", sheet)).strip("'")[:31]
            council_io._safe_frame(frame, quote=False).to_excel(
                writer, sheet_name=name or "data", index=False
            )
    return buffer.getvalue()


def reference_positions(scan: bytes) -> tuple[int, int, int]:
    """What _check_sheet counted in a piece of XML before the plain-layout path."""
    rows = len(council_io._ROW_TAG.findall(scan))
    refs = council_io._CELL_REF.findall(scan)
    max_row = max(map(int, [number for _, _, number in refs])) if refs else 0
    cols = [letters.rjust(3, b"@") for kind, letters, _ in refs if kind == b"c"]
    return rows, max_row, council_io._column_number(max(cols)) if cols else 0


def outcome(function, *args):
    """Result, error and warnings of a call, comparable between two implementations."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result, error = function(*args), None
        except Exception as exc:  # the same failure is part of the same behaviour
            result, error = None, (type(exc).__name__, getattr(exc, "key", str(exc)))
    return result, error, [str(w.message) for w in caught]


def parts(data: bytes | None) -> dict[str, bytes] | None:
    """Every part of a workbook but its creation time."""
    if data is None:
        return None
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {name: zf.read(name) for name in zf.namelist() if name != "docProps/core.xml"}


def workbook(rows: list[list]) -> bytes:
    buffer = io.BytesIO()
    options = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    book = xlsxwriter.Workbook(buffer, options)
    sheet = book.add_worksheet("data")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None:
                sheet.write(r, c, value)
    book.close()
    return buffer.getvalue()


# --- cleaning a column at once ----------------------------------------------------------------


@pytest.mark.parametrize("odd", ODD)
def test_one_odd_text_in_a_large_column_is_cleaned_like_the_rest(odd):
    texts = [f"Dự án {i}" for i in range(5000)]
    texts[2718] = odd
    cleaned = clean_all(texts)
    assert cleaned == [clean(t) for t in texts]
    assert cleaned[2718] == clean(odd)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(codec="utf-8"), max_size=8), max_size=12))
def test_clean_all_is_clean_of_each(texts):
    assert clean_all(texts) == [clean(t) for t in texts]


# --- reading ----------------------------------------------------------------------------------


def large_sheet(n: int = 3000) -> list[list]:
    rows = [["code", "name", "value", "note"]]
    rows += [[f"X-{i:05d}", f"Dự án {i}", i * 1.5, ""] for i in range(n)]
    middle = n // 2
    rows[middle][1] = "a\x01b\x0bc"  # control characters in the middle of the column
    rows[middle + 100][1] = NFD  # decomposed Vietnamese
    rows[middle + 200][3] = '=HYPERLINK("http://example.com","x")'  # formula-looking text
    rows[middle + 300] = [None, None, None, None]  # a blank row
    return rows


def test_odd_cells_in_the_middle_of_a_large_sheet_are_caught():
    rows = read_table(workbook(large_sheet(3000)), "big.xlsx")
    by_row = {r["__row__"]: r for r in rows}
    assert by_row[1501]["name"] == "ab\nc"
    assert by_row[1601]["name"] == unicodedata.normalize("NFC", NFD)
    assert by_row[1701]["note"] == '=HYPERLINK("http://example.com","x")'
    assert 1801 not in by_row and len(rows) == 2999
    assert by_row[2]["value"] == "0" and by_row[4]["value"] == "3"


CSV_SAMPLES = [
    "a,b,c\n1,2,3\n4,5\n6,7,8,9\n,,\n x ,\u00a0y\u00a0, z\n",
    "a,a,b\n1,2,3\n,,\n1,,\n,1,\n",  # a repeated column name: the last one's value
    "a,__row__,b\n1,2,3\n,,\n,x,\n",
    "",
    "\n\n",
    "a,b\n",
    ",,\n1,2,3\n",
    f' A ,B\u0301\n{NFD},x\u0001y\r\n"q\tw","l1\nl2"\n\'=1,\'\'+2\n',
]


@pytest.mark.parametrize("text", CSV_SAMPLES)
def test_csv_rows_are_the_ones_the_cell_by_cell_code_gave(text):
    data = text.encode()
    mine, theirs = outcome(read_table, data, "t.csv"), outcome(reference_read_table, data, "t.csv")
    assert mine == theirs
    assert [list(r) for r in mine[0]] == [list(r) for r in theirs[0]]  # same keys, same order


XLSX_SAMPLES = [
    large_sheet(800),
    [
        ["a", "b", "c"],
        [1, 2.5, True],
        [date(2026, 1, 31), datetime(2026, 1, 31, 10, 5), "x"],
        [1e20, -0.0, False],
    ],
    [["a", "b"], ["x", "y"], [None, None, "z"]],  # a body wider than the header
    [["a", None, "c"], ["x", "y", "z"]],
    [["a", "a"], ["1", "2"], ["", "3"], ["4", ""]],
    [["a"]],
    [[None], [None, "x"]],
    [["n"]] + [[i * 0.1] for i in range(50)],
]


@pytest.mark.parametrize("sample", XLSX_SAMPLES)
def test_excel_rows_are_the_ones_the_cell_by_cell_code_gave(sample):
    data = workbook(sample)
    mine, theirs = read_table(data, "t.xlsx"), reference_read_table(data, "t.xlsx")
    assert [list(r.items()) for r in mine] == [list(r.items()) for r in theirs]


def test_the_first_over_long_cell_is_named_row_by_row():
    long = "w" * (council_io.MAX_CELL_CHARS + 1)
    data = f"a,b\nx,y\nz,{long}\n{long},q\n".encode()
    with pytest.raises(ValidationError) as exc:
        read_table(data, "t.csv")
    assert (exc.value.key, exc.value.params["row"], exc.value.params["column"]) == (
        "error.cell_too_long",
        3,
        "b",
    )


# --- the sheet pre-scan -----------------------------------------------------------------------

PIECES = [
    b'<c r="A1">',
    b'<c r="B22"/>',
    b'<c r="ZZ9" t="s">',
    b'<c t="s" r="C3">',
    b'<x:c r="D4">',
    b'<c:row r="5">',
    b'<row r="6">',
    b'<row r="A7" spans="1:3">',
    b"<rows>",
    b"<col>",
    b"<c>",
    b"<c/>",
    b'<c r="a1">',
    b'<c r="ABCD1">',
    b'<c r="A12345678">',
    b"<",
    b">",
    b'"',
    b"<v>1</v>",
    b"</c>",
    b"</row>",
    b'<c r="XFD1048576">',
    b'<row r="1048576">',
    b'<c  r="E5">',
    b'<c\nr="F6">',
    b'<c r="007">',
    b"<c r=",
    b'<c r="Q',
    b'<row r="0009"',
    b":c",
    b":row",
    b'<cr="A1">',
    b'<c xr="A1" r="B2">',
    b"<row",
    b"<c",
    b'r="Z9"',
    b" ",
    b'<c r="5">',
    b'<row r="12"/>',
]


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=14), st.integers(min_value=0, max_value=200))
def test_the_plain_layout_path_counts_what_the_general_expressions_count(pieces, cut):
    scan = b"".join(pieces)
    scan = scan[: len(scan) - cut] if cut < len(scan) else scan
    assert council_io._positions(scan) == reference_positions(scan)


def test_the_usual_layout_takes_the_plain_path_and_finds_the_far_cell(monkeypatch):
    with zipfile.ZipFile(io.BytesIO(workbook(large_sheet(2000)))) as zf:
        xml = zf.read("xl/worksheets/sheet1.xml")
    far = xml.replace(b'<c r="B1000"', b'<c r="CW1000"').replace(b'<c r="C1500"', b'<c r="C250000"')
    expected = [reference_positions(xml), reference_positions(far)]

    def general_path(_scan):
        raise AssertionError("the general expressions were used")

    monkeypatch.setattr(council_io, "_CELL_REF", type("Spy", (), {"findall": staticmethod(general_path)}))
    assert [council_io._positions(xml), council_io._positions(far)] == expected
    assert expected[1][1:] == (250000, 101)


# --- writing ----------------------------------------------------------------------------------

TZ = timezone(timedelta(hours=2))
DATES = pd.to_datetime(["2026-01-01 10:00", None, "2026-02-03", "2026-03-04 05:06:07"], format="ISO8601")
MIXED = pd.DataFrame(
    {
        "text": ["=1+1", "a\x01b\r\nc", None, "Cầu Rạch Miễu"],
        "str": pd.array(["x", None, "=SUM(A1)", "y\x0b"], dtype="str"),
        "ints": [1, 2, 3, 2**62],
        "floats": [1.5, float("nan"), float("inf"), 1e301],
        "float32": np.array([1.5, np.nan, -np.inf, 0], dtype=np.float32),
        "bools": [True, False, True, False],
        "mixed": [1, "a", Decimal("1.10"), date(2026, 1, 31)],
        "naive": DATES,
        "aware": DATES.tz_localize("UTC"),
        "objects": [datetime(2026, 1, 1, 10, tzinfo=TZ), timedelta(days=1, hours=6), time(12, 30), pd.NA],
        "category": pd.Categorical(["a", "b\x01", None, "a"]),
        "nullable": pd.array([1, None, 3, 4], dtype="Int64"),
        "nan_text": ["a", float("nan"), "", "+84 912"],
        "none": [None] * 4,
        "=formula header\x01": ["v"] * 4,
    }
)
FRAMES = [
    {"Dự án/1": MIXED, "second": MIXED[["ints", "text"]]},
    {"a": pd.DataFrame(columns=["x", "y"])},
    {"a": pd.DataFrame()},
    {"a": pd.DataFrame(index=pd.Index([1, 2], name="idx"))},
    {},
    {"a/b": pd.DataFrame({"x": [1]}), "a-b": pd.DataFrame({"y": [2], "x": ["t"]})},  # one sheet, twice
    {"Data": pd.DataFrame({"x": [1]}), "data": pd.DataFrame({"y": [2]})},  # refused by xlsxwriter
    {"a": pd.DataFrame([[1, 2]], columns=["x", "x"])},  # refused (a repeated column)
    {"a": pd.DataFrame({"long": ["x" * 20000, "y" * 40000, "z"]})},  # cut, with pandas' warning
    {"a": pd.DataFrame({"t": [time(1, 2, tzinfo=TZ)]})},  # refused: a time zone Excel cannot hold
    {"a": pd.DataFrame({("a", "b"): [1], ("a", "c"): [2]})},
    {"a": pd.DataFrame({"x": [1, 2]}, index=pd.MultiIndex.from_tuples([(1, 2), (3, 4)]))},
    {"a": pd.DataFrame({0: [1], 1.5: ["x"], None: [2]})},
    {"a": pd.DataFrame({"p": pd.period_range("2026-01", periods=2, freq="M"), "c": [1 + 2j, 3j]})},
    {
        "a": pd.DataFrame(
            {"u": np.array([2**64 - 1, 0], dtype=np.uint64), "td": pd.to_timedelta(["1 day", None])}
        )
    },
]


@pytest.mark.parametrize("frames", FRAMES, ids=range(len(FRAMES)))
def test_the_workbook_is_the_one_pandas_wrote(frames):
    mine, theirs = outcome(to_excel, frames), outcome(reference_to_excel, frames)
    assert (parts(mine[0]), mine[1:]) == (parts(theirs[0]), theirs[1:])


def test_odd_texts_in_the_middle_of_a_large_export_are_caught():
    frame = pd.DataFrame({"name": [f"Dự án {i}" for i in range(5000)], "value": np.arange(5000) * 1.5})
    frame.loc[2000, "name"] = "=1+1"
    frame.loc[3000, "name"] = "a\x01b\r\nc"
    frame.loc[4000, "value"] = float("inf")
    data = to_excel({"projects": frame})
    assert parts(data) == parts(reference_to_excel({"projects": frame}))
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert b"<f>" not in zf.read("xl/worksheets/sheet1.xml")  # no formula anywhere
    rows = {r["__row__"]: r for r in read_table(data, "x.xlsx")}
    assert (rows[2002]["name"], rows[3002]["name"], rows[4002]["value"]) == ("=1+1", "ab\nc", "inf")
