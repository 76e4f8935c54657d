"""The early-warning page: a flag raised by a rule is listed with its provinces; the secretariat
opens it as a conflict with both provinces as parties in one click, or dismisses another with a
reason; a representative of a province not named cannot open a case."""

from __future__ import annotations

import pytest
from sqlmodel import select

from council import early_warning
from council.db import read_session
from council.models import Conflict, ConflictParty
from tests.app.conftest import goto, signed_in
from tests.conftest import make_user, province_id


@pytest.fixture
def two_flags(app_db, monkeypatch):
    hanoi, haiphong, hungyen = (province_id(app_db, n) for n in ("Hà Nội", "Hải Phòng", "Hưng Yên"))

    def provider(session, today):
        return [
            early_warning.Flag(
                rule="test.rule",
                subject=f"pair={a}-{b}",
                conflict_type="investment_competition",
                province_ids=(a, b),
                fingerprint=early_warning.fingerprint(a, b),
                message_key="warning.status.open",
            )
            for a, b in ((hanoi, haiphong), (hanoi, hungyen))
        ]

    monkeypatch.setattr(early_warning, "_PROVIDERS", {"test": provider})
    monkeypatch.setattr(early_warning, "_LOADED", True)
    return hanoi, haiphong, hungyen


def test_a_flag_becomes_a_case_with_both_parties_and_another_is_dismissed(app_db, app_users, two_flags):
    hanoi, haiphong, hungyen = two_flags
    at = goto(signed_in(app_users["secretariat"]), "warnings")
    assert not at.exception
    assert [m.value for m in at.metric][:1] == ["2"]
    first = early_warning.fingerprint(hanoi, haiphong)
    at.button(key=f"warning_case_{first}").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    with read_session(app_db) as s:
        conflict = s.exec(select(Conflict).where(Conflict.type == "investment_competition")).one()
        parties = set(
            s.exec(select(ConflictParty.province_id).where(ConflictParty.conflict_id == conflict.id)).all()
        )
    assert parties == {hanoi, haiphong}
    assert any(conflict.code in s.value for s in at.success)
    second = early_warning.fingerprint(hanoi, hungyen)
    at.text_input(key=f"warning_dismiss_{second}_reason").input("Đã thống nhất tại phiên họp tháng 11")
    at.button(key="FormSubmitter:warning_dismiss-Bỏ qua cảnh báo").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert [m.value for m in at.metric][:1] == ["0"]
    at.segmented_control(key="warning_status").set_value("dismissed").run()
    assert any("Đã thống nhất tại phiên họp tháng 11" in m.value for m in at.markdown)


def test_a_representative_of_a_province_not_named_sees_the_flag_without_the_case_button(
    app_db, app_users, two_flags
):
    rep = make_user(app_db, "province_rep", "Cần Thơ", username="rep.cantho")
    at = goto(signed_in(rep), "warnings")
    assert not at.exception
    # The region switch starts on the representative's region: the flags are in Hà Nội's.
    keys = [b.key for b in at.button]
    assert not any(k and k.startswith("warning_case_") for k in keys)
    at = goto(signed_in(app_users["province_rep"]), "warnings")
    keys = [b.key for b in at.button]
    assert sum(1 for k in keys if k and k.startswith("warning_case_")) == 2
    assert not at.get("text_input")


def test_the_region_overview_counts_the_open_flags(app_db, app_users, two_flags):
    at = goto(signed_in(app_users["secretariat"]), "home")
    assert not at.exception
    tiles = {m.label: m.value for m in at.metric}
    assert tiles["Cảnh báo sớm đang mở"] == "2"


def test_two_packages_for_one_sector_one_below_the_floor_become_a_case_with_both(app_db, app_users):
    """The issue's case, through the real rules: Hà Nội and Hưng Yên court electronics investors,
    Hưng Yên beyond the region's floor; the flag names both and opens a conflict with both."""
    from datetime import date

    from council import incentives
    from council.db import write_session
    from council.models import Province

    sec = app_users["secretariat"]
    hanoi, hungyen = province_id(app_db, "Hà Nội"), province_id(app_db, "Hưng Yên")
    with write_session(app_db) as s:
        region = s.get(Province, hanoi).region_id
        sector = incentives.save_sector(s, sec, code="ELEC", name_vi="Điện tử", name_en="Electronics")["id"]
        incentives.set_standard(
            s, sec, region_id=region, sector_id=sector, expected_revision=0, max_cit_exempt_years=4
        )
        for pid, years in ((hanoi, 4), (hungyen, 6)):
            incentives.create_incentive(
                s,
                sec,
                province_id=pid,
                sector_id=sector,
                cit_exempt_years=years,
                effective_from=date(2026, 1, 1),
            )
    at = goto(signed_in(sec), "warnings")
    assert not at.exception
    (flag_box,) = [b for b in at.button if b.key and b.key.startswith("warning_case_")]
    assert any("Hưng Yên" in m.value and "Điện tử" in m.value for m in at.markdown)
    flag_box.click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    with read_session(app_db) as s:
        conflict = s.exec(select(Conflict).where(Conflict.type == "investment_competition")).one()
        parties = set(
            s.exec(select(ConflictParty.province_id).where(ConflictParty.conflict_id == conflict.id)).all()
        )
    assert parties == {hanoi, hungyen}
    assert any(conflict.code in s.value for s in at.success)
