"""Hostile uploads and round trips (issue 14, items 1, 5, 6 and 8): workbooks built here in code
that declare or hold a huge area are refused from their XML, before any reader loads them;
non-finite numbers, dates out of range, control characters and over-long cells get named
errors; an export imports back unchanged, hostile text included."""

from __future__ import annotations

import io
import re
import zipfile

import pandas as pd
import pytest
import python_calamine
import xlsxwriter
from sqlmodel import Session

from council import io as council_io
from council import projects
from council.db import write_session
from council.errors import ValidationError
from council.io import read_table, to_csv, to_excel
from council.models import Project
from council.textutil import clean

HOSTILE = [
    "=1+1",
    '=HYPERLINK("http://example.com","x")',
    "+84 912 345 678",
    "-5 km",
    "@SUM(A1)",
    "'=already quoted",
    "''+two apostrophes",
    "'plain apostrophe",
    "Cầu Rạch Miễu 2",
]


def workbook(write) -> bytes:
    """An .xlsx made with xlsxwriter: ``write(sheet)`` fills the first sheet."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "constant_memory": True})
    sheet = book.add_worksheet("data")
    write(sheet)
    book.close()
    return buffer.getvalue()


@pytest.fixture
def no_loading(monkeypatch):
    """Fail the test if a workbook is handed to the reader at all."""

    def refuse(*_a, **_k):
        raise AssertionError("the workbook was loaded")

    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_filelike", refuse)


def _key(data: bytes, name: str = "hostile.xlsx") -> str:
    with pytest.raises(ValidationError) as exc:
        read_table(data, name)
    return exc.value.key


# --- item 1: bounded before loading -----------------------------------------------------------


def test_a_small_workbook_declaring_the_whole_grid_is_refused_before_loading(no_loading):
    def far_cell(sheet):
        sheet.write_string(0, 0, "province")
        sheet.write_string(1048575, 16383, "x")  # XFD1048576

    data = workbook(far_cell)
    assert len(data) < 8 * 1024
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert b'ref="A1:XFD1048576"' in zf.read("xl/worksheets/sheet1.xml")
    with pytest.raises(ValidationError) as exc:
        read_table(data, "hostile.xlsx")
    assert exc.value.key == "error.sheet_dimension"
    assert exc.value.params["ref"] == "A1:XFD1048576"
    assert "XFD1048576" in str(exc.value)


def test_a_dimension_that_lies_is_caught_by_the_cell_positions(no_loading):
    data = workbook(lambda sheet: (sheet.write_string(0, 0, "a"), sheet.write_string(900000, 5000, "x")))
    # Rewrite the declared area to a harmless A1:B2: the far cell itself is still refused.
    src = io.BytesIO(data)
    out = io.BytesIO()
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            content = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:B2"/>', content)
                assert b'ref="A1:B2"' in content
            zout.writestr(item, content)
    assert _key(out.getvalue()) == "error.sheet_dimension"


def rewrite_sheet(data: bytes, change) -> bytes:
    """The workbook with its first sheet's XML passed through ``change``."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            content = zin.read(item.filename)
            zout.writestr(item, change(content) if item.filename == "xl/worksheets/sheet1.xml" else content)
    return out.getvalue()


def harmless_area(xml: bytes) -> bytes:
    return re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:B2"/>', xml)


def test_a_far_cell_in_the_sheets_last_bytes_is_refused_before_loading(no_loading):
    def far_last(sheet):
        sheet.write_row(0, 0, ["province", "value"])
        sheet.write_string(2, 16383, "x")  # XFD3, the sheet's very last cell

    def strip(xml):
        xml = re.sub(rb"<pageMargins[^>]*/>", b"", harmless_area(xml))
        assert xml.endswith(b'<c r="XFD3" t="s"><v>2</v></c></row></sheetData></worksheet>')
        return xml

    assert _key(rewrite_sheet(workbook(far_last), strip)) == "error.sheet_dimension"


def test_a_far_cell_across_two_pieces_of_the_stream_is_refused_before_loading(no_loading):
    # The pre-scan reads the sheet's XML a megabyte at a time: put the far cell's tag across
    # the first piece's end, and across the place where it is cut for the next round.
    def rows(sheet):
        for r in range(40000):
            sheet.write_row(r, 0, ["Hà Nội", r])

    plain = workbook(rows)
    far = b'<c r="XFD7" t="s"><v>0</v></c>'
    for before_end in (100, 80, 70, 66, 64, 40, 10):  # where the far tag starts, before the first megabyte

        def place(xml, start=(1 << 20) - before_end):
            xml = harmless_area(xml)
            after_cell = xml.rfind(b"</c>", 0, start) + 4
            return xml[:after_cell] + b" " * (start - after_cell) + far + xml[after_cell:]

        assert _key(rewrite_sheet(plain, place)) == "error.sheet_dimension", before_end


def test_a_sheet_with_too_many_rows_is_refused_before_loading(no_loading, monkeypatch):
    monkeypatch.setattr(council_io, "MAX_IMPORT_ROWS", 1000)

    def rows(sheet):
        sheet.write_row(0, 0, ["province", "indicator_code", "year", "value"])
        for r in range(1, 1200):
            sheet.write_row(r, 0, ["Hà Nội", "urbanisation", 2025, r])

    assert _key(workbook(rows)) == "error.sheet_dimension"


def test_a_sheet_with_too_many_columns_is_refused(no_loading):
    data = workbook(
        lambda sheet: sheet.write_row(0, 0, [f"c{i}" for i in range(council_io.MAX_IMPORT_COLUMNS + 5)])
    )
    assert _key(data) == "error.sheet_dimension"


def test_a_workbook_that_unpacks_too_big_is_refused(no_loading, monkeypatch):
    monkeypatch.setattr(council_io, "MAX_UNCOMPRESSED_BYTES", 1024 * 1024)
    data = workbook(lambda sheet: [sheet.write_string(r, 0, f"{r:05d}" + "x" * 30000) for r in range(60)])
    assert len(data) < council_io.MAX_IMPORT_BYTES
    assert _key(data) == "error.xlsx_uncompressed"


def test_a_zip_that_is_not_a_workbook_is_unreadable_not_a_crash():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("hello.txt", "not a workbook")
    assert _key(out.getvalue()) == "error.file_unreadable"


def test_a_csv_with_too_many_rows_is_refused(monkeypatch):
    monkeypatch.setattr(council_io, "MAX_IMPORT_ROWS", 100)
    data = ("a,b\n" + "1,2\n" * 150).encode()
    assert _key(data, "big.csv") == "error.too_many_rows"


def test_an_ordinary_workbook_reads_as_text_the_way_it_shows():
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["code", "year", "value", "date"])
    sheet.write_row(1, 0, ["DA-001", 2026, 18.5])
    sheet.write_datetime(
        1, 3, pd.Timestamp("2026-01-31").to_pydatetime(), book.add_format({"num_format": "dd/mm/yyyy"})
    )
    book.close()
    rows = read_table(buffer.getvalue(), "ok.xlsx")
    assert rows == [{"code": "DA-001", "year": "2026", "value": "18.5", "date": "2026-01-31", "__row__": 2}]


# --- item 5: non-finite numbers --------------------------------------------------------------


@pytest.mark.parametrize("text", ["inf", "-inf", "nan", "NaN", "1e309", "Infinity"])
def test_parse_float_refuses_non_finite_numbers(text):
    errors = []
    assert council_io.parse_float(text, 3, "total_investment", errors) is None
    assert [(e.row, e.field, e.key) for e in errors] == [(3, "total_investment", "error.not_finite")]


# --- item 6: text at the boundary -------------------------------------------------------------


def test_control_characters_are_normalised_on_the_way_in():
    assert clean("Mục\x0bmột\x00\x1b[31m đỏ\t!\r\n") == "Mục\nmột[31m đỏ !"
    rows = read_table('title,note\n"Dòng\x0bhai",\x00x\x07\n'.encode(), "t.csv")
    assert rows == [{"title": "Dòng\nhai", "note": "x", "__row__": 2}]


def test_an_over_long_csv_cell_is_a_named_error():
    for size in (council_io.MAX_CELL_CHARS + 1, 131_073):  # ours, and past the csv module's own limit
        with pytest.raises(ValidationError) as exc:
            read_table(f"code,note\nDA-1,{'x' * size}\n".encode(), "long.csv")
        assert exc.value.key == "error.cell_too_long"
        assert "32767" in str(exc.value) or "32,767" in str(exc.value)


# --- item 8: export -> import round trip ------------------------------------------------------


@pytest.mark.parametrize("text", HOSTILE)
def test_neutralised_csv_text_comes_back_unchanged(text):
    frame = pd.DataFrame([{"code": "DA-001", "name_vi": text}])
    for data, name in ((to_csv(frame), "x.csv"), (to_excel({"s": frame}), "x.xlsx")):
        assert read_table(data, name)[0]["name_vi"] == text, name
    line = to_csv(frame).decode("utf-8-sig").splitlines()[1]
    assert not line.split(",", 1)[1].lstrip('"').startswith(("=", "+", "-", "@"))


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_projects_with_hostile_names_export_and_import_back_unchanged(engine, users, fmt):
    sec = users["secretariat"]
    with Session(engine) as s:
        listed = projects.list_projects(s)[: len(HOSTILE)]
    with write_session(engine) as s:
        for r, name in zip(listed, HOSTILE, strict=True):  # as if typed in the form
            project = s.get(Project, r["id"])
            project.name_vi = project.investment_note = name
            s.add(project)
    with Session(engine) as s:
        rows = projects.list_projects(s)
    frame = projects.export_frame(rows)
    payload = to_excel({"projects": frame}) if fmt == "xlsx" else to_csv(frame)
    table = read_table(payload, f"export.{fmt}")
    with write_session(engine) as s:
        counts = projects.import_projects(s, sec, table)
    assert counts == {"created": 0, "updated": 0, "unchanged": len(rows)}
    with Session(engine) as s:
        names = {r["code"]: r["name_vi"] for r in projects.list_projects(s)}
    assert [names[r["code"]] for r in listed] == HOSTILE
