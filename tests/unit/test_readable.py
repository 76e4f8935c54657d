"""Audit values in the reader's words (council.ui.readable)."""

from council.ui.readable import field_label, readable


def test_fields_times_numbers_and_lists_read_plainly():
    assert field_label("total_investment", "vi") == "Tổng mức đầu tư"
    assert field_label("total_investment", "en") == "Total investment"
    assert field_label("some_new_field", "vi") == "some new field"
    assert readable("2026-11-30T17:05:00", "vi") == "01/12/2026 00:05"  # UTC stored, Vietnam time shown
    assert readable("2026-01-05", "vi") == "05/01/2026"
    assert readable(1234.5, "vi") == "1.234,5" and readable(1234.5, "en") == "1,234.5"
    assert readable(True, "vi") == "có" and readable(None, "vi") == ""
    assert readable({"code": "DA-1", "length_km": 18.5}, "vi") == "Mã: DA-1; Chiều dài (km): 18,5"
    assert "{" not in readable([{"a": 1}], "en")
