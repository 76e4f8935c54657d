"""The agreements page's forms on the page kit."""

from __future__ import annotations

import re
from datetime import date

from council import agreements
from council.db import read_session, write_session
from tests.app.conftest import goto, signed_in
from tests.conftest import make_user, province_id

CREATE = "FormSubmitter:agreements_create-Lưu thỏa thuận"


def _fill(at, engine, title: str) -> None:
    at.text_input(key="agreements_new_title").input(title)
    at.multiselect(key="agreements_new_provinces").select(province_id(engine, "Hà Nội"))
    at.multiselect(key="agreements_new_provinces").select(province_id(engine, "Bắc Ninh"))
    at.selectbox(key="agreements_new_status").select("draft")


def _count(engine) -> int:
    with read_session(engine) as s:
        return len(agreements.list_agreements(s))


def test_a_recorded_agreement_is_in_the_register_at_once_and_the_form_is_empty(app_users, app_db):
    at = goto(signed_in(app_users["secretariat"]), "agreements")
    shown = len(at.dataframe[0].value)  # the region's real agreements, seeded
    _fill(at, app_db, "Hợp tác du lịch")
    at.button(key=CREATE).click().run()
    assert not at.exception
    assert "Đã lưu thỏa thuận TT-001." in [s.value for s in at.success]
    codes = list(at.dataframe[0].value["Mã"])
    assert "TT-001" in codes and len(codes) == shown + 1
    assert f"{shown + 1} thỏa thuận" in [m.value for m in at.markdown]
    assert at.text_input(key="agreements_new_title").value == ""
    assert at.multiselect(key="agreements_new_provinces").value == []


def test_the_create_form_sent_twice_records_one_agreement(app_users, app_db):
    before = _count(app_db)
    at = goto(signed_in(app_users["secretariat"]), "agreements")
    _fill(at, app_db, "Hợp tác du lịch")
    at.button(key=CREATE).click().run()
    _fill(at, app_db, "Hợp tác du lịch")
    at.button(key=CREATE).click().run()
    assert not at.exception and not at.error
    assert _count(app_db) == before + 1


def _agreement(
    engine, actor, title: str = "Hợp tác giao thông", provinces=("Hà Nội", "Hưng Yên"), **fields
) -> dict:
    fields = {"form": "joint_powers_agreement", "date_signed": date(2025, 8, 1), **fields}
    with write_session(engine) as s:
        return agreements.create_agreement(
            s, actor, title=title, province_ids=[province_id(engine, name) for name in provinces], **fields
        )


def test_an_agreement_saved_elsewhere_after_the_form_opened_is_not_overwritten(app_users, app_db):
    sec = app_users["secretariat"]
    other = make_user(app_db, "secretariat", username="sec2")
    created = _agreement(app_db, sec)
    aid = created["id"]
    at = goto(signed_in(sec), "agreements")
    at.selectbox(key="agreements_edit_select").select(aid).run()  # the edit form opens on the agreement
    with write_session(app_db) as s:
        agreements.update_agreement(
            s,
            other,
            aid,
            expected_version=1,
            title="Bản của người khác",
            province_ids=created["province_ids"],
            form="joint_powers_agreement",
            status="signed",
            date_signed=date(2025, 8, 1),
        )
    at.run()
    at.text_input(key=f"agreements_edit_title_{aid}").input("Bản của tôi")
    at.button(key=f"FormSubmitter:agreements_edit_form_{aid}-Lưu thay đổi").click().run()
    refusal = " ".join(e.value for e in at.error)
    assert "sec2" in refusal and re.search(r"\d{2}/\d{2}/\d{4}", refusal)
    with read_session(app_db) as s:
        assert agreements.get_agreement(s, aid)["title"] == "Bản của người khác"
    # Reopened on the newer version.
    assert at.text_input(key=f"agreements_edit_title_{aid}").value == "Bản của người khác"


def test_the_edit_form_saved_twice_after_a_success_writes_once(app_users, app_db):
    sec = app_users["secretariat"]
    aid = _agreement(app_db, sec)["id"]
    at = goto(signed_in(sec), "agreements")
    at.selectbox(key="agreements_edit_select").select(aid).run()
    at.text_input(key=f"agreements_edit_title_{aid}").input("Hợp tác giao thông 2")
    at.button(key=f"FormSubmitter:agreements_edit_form_{aid}-Lưu thay đổi").click().run()
    assert at.success
    at.text_input(key=f"agreements_edit_title_{aid}").input("Hợp tác giao thông 2")
    at.button(key=f"FormSubmitter:agreements_edit_form_{aid}-Lưu thay đổi").click().run()
    assert not at.error
    with read_session(app_db) as s:
        assert agreements.get_agreement(s, aid)["version"] == 2


def test_a_deleted_agreement_leaves_the_register_at_once_and_the_confirmation_shows(app_users, app_db):
    sec = app_users["secretariat"]
    created = _agreement(app_db, sec)
    at = goto(signed_in(sec), "agreements")
    at.selectbox(key="agreements_edit_select").select(created["id"]).run()
    at.button(key="agreements_delete").click().run()
    assert not at.exception
    # The form of the deleted agreement is gone; its notice is shown at the top of the page instead.
    assert f"Đã xóa thỏa thuận {created['code']}." in [s.value for s in at.success]
    assert created["code"] not in list(at.dataframe[0].value["Mã"])
    at.run()
    assert f"Đã xóa thỏa thuận {created['code']}." not in [s.value for s in at.success]  # shown once


def test_the_details_open_on_the_first_agreement_listed_for_the_region(app_users, app_db):
    """A Mekong Delta representative's register lists the region's agreements: the details box
    opens on the first of them, not on an agreement of another region."""
    rep = make_user(app_db, "province_rep", "Cần Thơ", "rep.cantho.detail")
    at = goto(signed_in(rep), "agreements")
    assert not at.exception
    listed = at.dataframe[0].value.iloc[:, 0].tolist()  # the register, codes first
    with read_session(app_db) as s:
        codes = {a["id"]: a["code"] for a in agreements.list_agreements(s)}
    chosen = at.selectbox(key="agreements_detail_select").value
    assert listed and codes[chosen] == listed[0]


def test_a_representatives_edit_form_offers_only_drafts_their_province_takes_part_in(app_users, app_db):
    """The edit list is the shared register filtered by agreements.may_change for the reader."""
    sec, rep = app_users["secretariat"], app_users["province_rep"]  # rep: Hà Nội
    draft = {"status": "draft", "date_signed": None}
    mine = _agreement(app_db, sec, "Dự thảo Hà Nội – Bắc Ninh", ("Hà Nội", "Bắc Ninh"), **draft)["id"]
    signed = _agreement(app_db, sec, "Đã ký Hà Nội – Bắc Ninh", ("Hà Nội", "Bắc Ninh"))["id"]
    other = _agreement(app_db, sec, "Dự thảo Cần Thơ – Cà Mau", ("Cần Thơ", "Cà Mau"), **draft)["id"]
    at = goto(signed_in(rep), "agreements")
    assert not at.exception
    offered = at.selectbox(key="agreements_edit_select").options
    with read_session(app_db) as s:
        listed = {a["id"]: a for a in agreements.list_agreements(s)}
    labels = {i: listed[i]["code"] for i in (mine, signed, other)}
    assert any(labels[mine] in o for o in offered)
    assert not any(labels[signed] in o or labels[other] in o for o in offered)
    at = goto(signed_in(sec), "agreements")
    offered = at.selectbox(key="agreements_edit_select").options
    assert all(any(labels[i] in o for o in offered) for i in (mine, signed, other))
