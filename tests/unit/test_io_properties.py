"""Property-based tests: whatever bytes arrive as an upload, the reader either returns rows or
raises a council error naming the problem; it never crashes with anything else."""

import io
import zipfile

import pandas as pd
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from council.errors import CouncilError
from council.io import RowError, parse_float, read_table, to_csv, to_excel
from council.textutil import clean

cells = st.one_of(
    st.text(max_size=20),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.just('=HYPERLINK("javascript:alert(1)")'),
    st.just("=1+1"),
    st.just(""),
)


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.binary(max_size=2000), st.sampled_from(["f.csv", "f.xlsx", "f.txt", "F.CSV"]))
def test_any_bytes_give_rows_or_a_clear_error(data, name):
    try:
        rows = read_table(data, name)
    except CouncilError as exc:
        assert exc.key.startswith("error.")
        return
    assert all(isinstance(r["__row__"], int) and r["__row__"] >= 2 for r in rows)


@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(st.fixed_dictionaries({"code": cells, "value": cells}), max_size=15))
@example([{"code": "=1+1", "value": "\r0"}])  # a bare CR once split a CSV row
def test_exports_never_carry_formulas_or_break_on_odd_text(records):
    frame = pd.DataFrame(records, columns=["code", "value"])
    data = to_excel({"s": frame})
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet and b"<f " not in sheet  # no formula cell, whatever the text
    rows = read_table(data, "f.xlsx")
    assert all(set(r) <= {"code", "value", "__row__"} for r in rows)
    assert not any(
        line.startswith(("=", "+", "@")) for line in to_csv(frame).decode("utf-8-sig").splitlines()
    )
    # Text comes back as it left, from both formats (as the boundary cleans it: trimmed, no
    # control characters).
    for name, payload in (("f.xlsx", data), ("f.csv", to_csv(frame))):
        back = {r["__row__"]: r for r in read_table(payload, name)}
        for i, sent in enumerate(records, start=2):
            for column, value in sent.items():
                if isinstance(value, str) and clean(value):
                    assert back[i][column] == clean(value), (name, i, column, value)


@given(st.text(max_size=30))
def test_parse_float_never_raises(text):
    errors: list[RowError] = []
    value = parse_float(text, 7, "value", errors, minimum=0, maximum=1e12)
    if value is None and text.strip():
        assert errors and errors[0].row == 7 and errors[0].field == "value"
    if value is not None:
        assert 0 <= value <= 1e12
