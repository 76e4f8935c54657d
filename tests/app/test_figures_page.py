"""The figures page on the page kit: the grid, one figure, submit, return and reopen."""

from __future__ import annotations

import re

from council import targets
from council.db import read_session, write_session
from tests.app.conftest import goto, signed_in
from tests.conftest import make_user


def _page(actor):
    at = goto(signed_in(actor), "figures")
    assert not at.exception, at.exception
    return at


def _rows(engine, pid, year):
    with read_session(engine) as s:
        return targets.figures_for(s, pid, year)


def _save(engine, actor, pid, year, row, value):
    with write_session(engine) as s:
        targets.apply_edits(
            s,
            actor,
            [
                {
                    "province_id": pid,
                    "indicator_id": row["indicator_id"],
                    "year": year,
                    "version": row["version"],
                    "value": value,
                }
            ],
        )


def _edit_grid(at, pid, year, index, value):
    at.session_state[f"figures_grid_{pid}_{year}"] = {
        "edited_rows": {index: {"value": value}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.button(key="figures_save_grid").click().run()
    assert not at.exception, at.exception


def test_a_grid_save_after_someone_elses_is_refused_with_who_and_when(app_users, app_db):
    rep = app_users["province_rep"]
    other = make_user(app_db, "province_rep", "Hà Nội", username="rep.hanoi2")
    pid = rep.province_id
    at = _page(rep)
    year = at.selectbox(key="figures_year").value
    index, row = next((i, r) for i, r in enumerate(_rows(app_db, pid, year)) if r["status"] is None)
    _save(app_db, other, pid, year, row, 7.0)  # another representative saves while the grid is open
    _edit_grid(at, pid, year, index, "9")
    refusal = " ".join(e.value for e in at.error)
    assert "rep.hanoi2" in refusal and re.search(r"\d{2}/\d{2}/\d{4}", refusal)
    assert _rows(app_db, pid, year)[index]["value"] == 7.0  # nothing overwritten
    # The grid reopens on the figures as they now are.
    assert at.data_editor[0].value["value"].iloc[index] == "7"
    _edit_grid(at, pid, year, index, "9")
    assert "Đã lưu 1 số liệu (nháp)." in [s.value for s in at.success]
    assert _rows(app_db, pid, year)[index]["value"] == 9.0


def test_the_grid_saved_twice_after_a_success_writes_once(app_users, app_db):
    rep = app_users["province_rep"]
    pid = rep.province_id
    at = _page(rep)
    year = at.selectbox(key="figures_year").value
    index = next(i for i, r in enumerate(_rows(app_db, pid, year)) if r["status"] is None)
    _edit_grid(at, pid, year, index, "12,5")  # typed the Vietnamese way: 12.5, not 125
    assert "Đã lưu 1 số liệu (nháp)." in [s.value for s in at.success]
    # The count of drafts moved in the same rerun, and the grid shows the saved figure.
    assert any("Nháp: " in c.value for c in at.caption)
    assert at.data_editor[0].value["value"].iloc[index] == "12,5"
    assert _rows(app_db, pid, year)[index]["value"] == 12.5
    version = _rows(app_db, pid, year)[index]["version"]
    _edit_grid(at, pid, year, index, "12,5")
    assert not at.error
    assert _rows(app_db, pid, year)[index]["version"] == version


def test_one_figure_saved_after_someone_elses_is_refused_then_saved_once(app_users, app_db):
    rep = app_users["province_rep"]
    other = make_user(app_db, "province_rep", "Hà Nội", username="rep.hanoi2")
    pid = rep.province_id
    at = _page(rep)
    year = at.selectbox(key="figures_year").value
    row = next(r for r in _rows(app_db, pid, year) if r["status"] is None)
    _save(app_db, other, pid, year, row, 7.0)

    def quick(value):
        at.selectbox(key="figures_quick_indicator").select(row["indicator_id"])
        at.text_input(key="figures_quick_value").input(value)
        at.button(key="FormSubmitter:figures_quick-Lưu số liệu").click().run()
        assert not at.exception, at.exception

    quick("18,5")
    assert any("rep.hanoi2" in e.value for e in at.error)
    assert (
        next(r for r in _rows(app_db, pid, year) if r["indicator_id"] == row["indicator_id"])["value"] == 7.0
    )
    quick("18,5")  # now made on the figure the page shows
    assert "Đã lưu 1 số liệu (nháp)." in [s.value for s in at.success]
    assert at.text_input(key="figures_quick_value").value == ""  # the form is empty again
    # "18,5" typed the Vietnamese way is 18.5, not 185
    assert (
        next(r for r in _rows(app_db, pid, year) if r["indicator_id"] == row["indicator_id"])["value"] == 18.5
    )
    version = next(r for r in _rows(app_db, pid, year) if r["indicator_id"] == row["indicator_id"])["version"]
    quick("18,5")
    assert (
        next(r for r in _rows(app_db, pid, year) if r["indicator_id"] == row["indicator_id"])["version"]
        == version
    )


def test_the_secretariat_returns_a_set_once_with_a_reason_and_reopens_an_approved_one(app_users, app_db):
    rep, sec = app_users["province_rep"], app_users["secretariat"]
    pid = rep.province_id
    at = _page(rep)
    year = at.selectbox(key="figures_year").value
    row = next(r for r in _rows(app_db, pid, year) if r["status"] is None)
    _save(app_db, rep, pid, year, row, 3.0)
    with write_session(app_db) as s:
        targets.submit_set(s, rep, pid, year)
    page = _page(sec)
    page.text_input(key="figures_return_reason").input("Thiếu nguồn số liệu")
    page.button(key="FormSubmitter:figures_return-Trả lại").click().run()
    assert "Đã trả lại 1 số liệu cho tỉnh." in [s.value for s in page.success]
    # The queue is read again in the same rerun: the returned set has left it.
    assert "Không có bộ số liệu nào đang chờ phê duyệt." in [i.value for i in page.info]
    returned = next(r for r in _rows(app_db, pid, year) if r["indicator_id"] == row["indicator_id"])
    assert (returned["status"], returned["return_reason"]) == ("returned", "Thiếu nguồn số liệu")
    with write_session(app_db) as s:
        targets.submit_set(s, rep, pid, year)
        targets.approve_set(s, sec, pid, year)
    page.run()
    page.selectbox(key="figures_reopen_set").set_value((pid, year))
    page.text_input(key="figures_reopen_reason").input("Cục Thống kê đã sửa số liệu")
    page.button(key="FormSubmitter:figures_reopen-Mở lại").click().run()
    assert any(s.value.startswith("Đã mở lại") for s in page.success)
    assert page.text_input(key="figures_reopen_reason").value == ""
    statuses = {r["status"] for r in _rows(app_db, pid, year) if r["indicator_id"] == row["indicator_id"]}
    assert statuses == {"draft"}


def test_a_grid_cell_that_is_not_a_number_is_refused_naming_the_row(app_users, app_db):
    rep = app_users["province_rep"]
    pid = rep.province_id
    at = _page(rep)
    year = at.selectbox(key="figures_year").value
    index = next(i for i, r in enumerate(_rows(app_db, pid, year)) if r["status"] is None)
    _edit_grid(at, pid, year, index, "12,5,3")
    assert any("12,5,3" in e.value and f"Dòng {index + 1}" in e.value for e in at.error), [
        e.value for e in at.error
    ]
    assert _rows(app_db, pid, year)[index]["value"] is None
