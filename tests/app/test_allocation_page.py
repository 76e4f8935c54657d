"""The allocation page: three proposals of the Red River Delta, an envelope that fits two; the
secretariat records the allocation on an agenda item and the page shows the funded lines
(source regional fund) and the fund's ledger; a representative sees the ranking and their own
province's ledger, without the secretariat's forms."""

from __future__ import annotations

from datetime import date

from sqlmodel import select

from council import allocation, meetings, projects
from council.db import read_session, write_session
from council.models import FundingLine, Region
from council.projects import Participant, ProjectInput
from tests.app.conftest import goto, signed_in
from tests.conftest import province_id

DECIDE = "Ghi quyết định phân bổ"


def _setup(engine, sec) -> dict:
    hn, hy, bn, hp = (province_id(engine, n) for n in ("Hà Nội", "Hưng Yên", "Bắc Ninh", "Hải Phòng"))
    with write_session(engine) as s:
        region = s.exec(select(Region.id).where(Region.code == "DBSH")).one()
        ids = {}
        for code, parts, total in (
            ("DX-101", [(hn, 60.0), (hy, 40.0)], 400.0),
            ("DX-102", [(hn, 50.0), (bn, 50.0)], 500.0),
            ("DX-103", [(hp, 50.0), (bn, 25.0), (hy, 25.0)], 700.0),
        ):
            ids[code] = projects.create_project(
                s,
                sec,
                ProjectInput(
                    code=code,
                    name_vi=f"Đường liên kết {code}",
                    type="road",
                    total_investment=total,
                    participants=[Participant(province_id=p, cost_share_pct=v) for p, v in parts],
                ),
            )["id"]
        m = meetings.create_meeting(s, sec, region_id=region, meeting_date=date(2027, 1, 20), place="Hà Nội")
        meetings.add_item(s, sec, m["id"], title="Phân bổ Quỹ phát triển vùng 2027")
    return {"ids": ids, "region": region, "hn": hn}


def _frame(at, column: str):
    return next(d.value for d in at.dataframe if column in d.value.columns)


def _in_region(at):
    at.selectbox(key="region_select").select("DBSH").run()
    return at


def test_the_decision_funds_two_of_three_and_the_ledger_shows_it(app_users, app_db):
    sec = app_users["secretariat"]
    fx = _setup(app_db, sec)
    at = _in_region(goto(signed_in(sec), "allocation"))
    assert not at.exception, at.exception
    # The secretariat opens the round (the envelope typed the Vietnamese way) and splits the
    # members' contributions equally.
    at.number_input(key="allocation_new_year").set_value(2027)
    at.text_input(key="allocation_new_envelope").input("1.000")
    at.button(key="FormSubmitter:allocation_create-Mở đợt phân bổ").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert "Đã mở đợt phân bổ năm 2027." in [s.value for s in at.success]
    with read_session(app_db) as s:
        fx["round"] = allocation.list_rounds(s, fx["region"])[0]["id"]
    rid = fx["round"]
    at.text_input(key=f"allocation_ct_total_{rid}").input("1.200")
    at.selectbox(key=f"allocation_ct_key_{rid}").select("equal")
    at.button(key=f"FormSubmitter:allocation_contrib_{rid}-Chia đóng góp").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    ranked = _frame(at, "Điểm")
    assert set(ranked["Mã dự án"]) == {"DX-101", "DX-102", "DX-103"}
    chosen = _frame(at, "Được chọn theo phương án tối ưu")
    assert (chosen["Được chọn theo phương án tối ưu"] == "Có").sum() == 2

    at.button(key=f"FormSubmitter:allocation_decide_{fx['round']}-{DECIDE}").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert "Đã ghi quyết định phân bổ cho 2 dự án." in [s.value for s in at.success]
    awards = _frame(at, "Nguồn vốn")
    assert list(awards["Nguồn vốn"]) == ["Quỹ phát triển vùng"] * 2
    assert set(awards["Mã dự án"]) == {"DX-101", "DX-102"}
    book = _frame(at, "Đã đóng góp")
    hanoi = book[book["Tỉnh, thành phố"] == "Hà Nội"].iloc[0]
    # Hà Nội pays a sixth of 1.200 (equal key, the six members) and receives 60 % of DX-101 and half of DX-102.
    assert hanoi["Đã nhận"] == "490" and hanoi["Đã đóng góp"] == "200"
    with read_session(app_db) as s:
        lines = s.exec(select(FundingLine).where(FundingLine.source == "regional_fund")).all()
    assert {(ln.project_id, ln.planned_amount) for ln in lines} == {
        (fx["ids"]["DX-101"], 400.0),
        (fx["ids"]["DX-102"], 500.0),
    }

    rep = _in_region(goto(signed_in(app_users["province_rep"]), "allocation"))
    assert not rep.exception
    assert not [b for b in rep.button if b.key and "allocation_" in b.key and "FormSubmitter" in b.key]
    assert "**Sổ theo dõi của Hà Nội**" in [m.value for m in rep.markdown]
    own = next(d.value for d in rep.dataframe if len(d.value) == 1 and "Đã nhận" in d.value.columns)
    assert own.iloc[0]["Đã nhận"] == "490"

    # An observer reads it all in English: the ranking, the awards, the ledger; no form.
    obs = _in_region(goto(signed_in(app_users["observer"]), "allocation"))
    obs.sidebar.selectbox(key="lang_select").select("en").run()
    assert not obs.exception
    assert "Allocation round" in [s.label for s in obs.selectbox]
    assert list(_frame(obs, "Funding source")["Funding source"]) == ["Regional fund"] * 2
    assert "Paid in" in _frame(obs, "Cumulative").columns
    assert not [b for b in obs.button if b.key and "FormSubmitter:allocation_" in b.key]
