import pandas as pd
import pytest

from council.errors import ValidationError
from council.io import ImportRejected, RowError, parse_float, read_table, require_columns, to_csv, to_excel


def test_read_csv_and_excel_with_row_numbers():
    rows = read_table("code,name\nA,Hà Nội\n,\nB,Huế\n".encode(), "x.csv")
    assert [(r["__row__"], r["code"]) for r in rows] == [(2, "A"), (4, "B")]
    xlsx = to_excel({"sheet": pd.DataFrame([{"code": "A", "value": "1,5"}])})
    assert read_table(xlsx, "x.xlsx")[0] == {"code": "A", "value": "1,5", "__row__": 2}


def test_bad_files_are_refused_with_a_reason():
    with pytest.raises(ValidationError) as err:
        read_table(b"x", "x.pdf")
    assert err.value.key == "error.file_type"
    with pytest.raises(ValidationError) as err:
        read_table(b"not an excel file", "x.xlsx")
    assert err.value.key == "error.file_unreadable"
    with pytest.raises(ImportRejected) as rejected:
        require_columns([{"a": "1"}], ["a", "b"])
    assert rejected.value.errors == [RowError(1, "b", "error.missing_column", {"column": "b"})]


def test_parse_float_accepts_vietnamese_numbers_and_names_errors():
    errors = []
    assert parse_float("1.234,5", 3, "value", errors) == 1234.5
    assert parse_float("12.5", 3, "value", errors) == 12.5
    assert parse_float("", 3, "value", errors) is None and not errors
    assert parse_float("abc", 4, "value", errors) is None
    assert parse_float("-1", 5, "value", errors, minimum=0) is None
    assert [(e.row, e.key) for e in errors] == [(4, "error.not_a_number"), (5, "error.too_small")]
    assert "Dòng 4" in errors[0].message("vi")


def test_csv_export_opens_in_excel_as_utf8():
    assert to_csv(pd.DataFrame([{"tên": "Đà Nẵng"}])).startswith(b"\xef\xbb\xbf")


def test_exports_write_aware_datetimes_as_vietnam_local_time():
    import datetime as dt

    stamp = dt.datetime(2025, 7, 1, 1, 30, tzinfo=dt.UTC)
    frame = pd.DataFrame([{"at": stamp, "mixed": stamp}])
    frame["mixed"] = frame["mixed"].astype(object)
    rows = read_table(to_excel({"s": frame}), "x.xlsx")
    assert rows[0]["at"].startswith("2025-07-01 08:30")
    assert "2025-07-01" in to_csv(frame).decode("utf-8-sig")
