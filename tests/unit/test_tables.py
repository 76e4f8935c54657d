"""The page kit's localized tables (council.ui.tables.localized): numbers written the reader's
way, and the Styler kept small without changing what Streamlit sends."""

from __future__ import annotations

from datetime import date

import pandas as pd
from streamlit.elements.lib.pandas_styler_utils import marshall_styler
from streamlit.proto.ArrowData_pb2 import ArrowData

from council.ui.tables import localized


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "code": ["DA-001", "DA-002", "DA-003"],
            "name": ["Cao tốc", "Cảng", None],
            "start": [date(2025, 1, 1), None, date(2027, 6, 30)],
            "investment": [1234.5, None, 0.25],
            "progress": [10, 55, None],
        }
    )


def _sent(styler) -> ArrowData:
    proto = ArrowData()
    marshall_styler(proto, styler, "test")
    return proto


def test_numbers_are_written_the_readers_way_and_every_column_is_sent():
    frame = _frame()
    vi = _sent(localized(frame, {"investment": 2}, "vi"))
    full = _sent(frame.style.format({"investment": lambda v: v}, na_rep=""))
    # The same data and the same display values as a Styler that translates every cell, apart
    # from the formatted column.
    assert vi.data == full.data
    assert len(vi.styler.display_values) > 0
    shown = _display(vi)
    assert shown["investment"] == ["1.234,5", "", "0,25"]
    assert shown["code"] == ["DA-001", "DA-002", "DA-003"]
    en = _display(_sent(localized(frame, {"investment": 2}, "en")))
    assert en["investment"] == ["1,234.5", "", "0.25"]


def test_hiding_the_other_columns_from_the_styler_changes_nothing_sent():
    frame = _frame()
    lean = _sent(localized(frame, {"investment": 2}, "vi"))
    every = _sent(_every_cell(frame))
    assert lean.data == every.data
    assert lean.styler.display_values == every.styler.display_values
    assert lean.styler.styles == every.styler.styles


def _every_cell(frame: pd.DataFrame):
    """The same formatting, with every column translated by the Styler (the old way)."""
    from council.numbers import format_number

    return frame.style.format({"investment": lambda v: format_number(v, "vi", 2)}, na_rep="")


def _display(proto: ArrowData) -> dict[str, list[str]]:
    import pyarrow as pa

    table = pa.ipc.open_stream(proto.styler.display_values).read_all()
    return {
        name: ["" if v is None else str(v) for v in table.column(name).to_pylist()]
        for name in table.column_names
    }
