"""Targets on the seeded data (coverage of old-region targets), target editing,
quotas, and the all-or-nothing Excel import of figures."""

import io

import pandas as pd
import pytest
from sqlmodel import func, select

from council import audit, targets
from council.db import read_session, write_session
from council.errors import PermissionDenied, StaleEdit, ValidationError
from council.io import ImportRejected
from council.models import Indicator, Observation, Province, Target
from tests.conftest import province_id

YEAR = 2026


def by_code(engine, code):
    with read_session(engine) as s:
        return s.exec(select(Indicator).where(Indicator.code == code)).one().id


def test_old_region_target_covers_new_provinces_fully_or_partly(engine):
    with read_session(engine) as s:
        t = s.exec(select(Target).where(Target.plan_region == "Tây Nguyên")).first()
        detail = targets.target_detail(s, t.id)
    cov = {c["province"]: c for c in detail["coverage"]}
    assert detail["geography"] == "2021"
    # Gia Lai = old Gia Lai (Tây Nguyên) + Bình Định (Bắc Trung Bộ và DHMT): partly covered.
    assert cov["Gia Lai"]["coverage"] == "partial"
    assert cov["Gia Lai"]["inside"] == ["Gia Lai"] and cov["Gia Lai"]["outside"] == ["Bình Định"]
    assert "Gia Lai" in detail["partial"]
    assert "Hà Nội" not in cov


def test_new_region_target_covers_the_region_wholly(engine):
    with read_session(engine) as s:
        t = s.exec(
            select(Target).where(Target.period == "2026-2030", Target.plan_region == "Bắc Trung Bộ")
        ).one()
        detail = targets.target_detail(s, t.id)
        n = s.exec(select(func.count()).select_from(Province).where(Province.region_id == t.region_id)).one()
    assert detail["geography"] == "2025"
    assert len(detail["coverage"]) == n and not detail["partial"]


def test_seeded_sum_target_is_not_summed_over_missing_provinces(engine):
    with read_session(engine) as s:
        t = s.exec(
            select(Target)
            .join(Indicator)
            .where(Indicator.code == "grdp_current", Target.plan_region == "Trung du và miền núi phía Bắc")
        ).one()
        detail = targets.target_detail(s, t.id)
    assert detail["series"] and not all(r["complete"] for r in detail["series"])
    assert detail["progress"]["status"] == "no_data" and detail["progress"]["reason"] == "incomplete_sum"


def test_contribution_table_adds_up_on_seeded_figures(engine):
    with read_session(engine) as s:
        t = s.exec(
            select(Target)
            .join(Indicator)
            .where(Indicator.code == "grdp_current", Target.plan_region == "Đông Nam Bộ")
        ).first()
        if t is None:  # no seeded GRDP target for Đông Nam Bộ: use the one of Trung du
            t = s.exec(select(Target).join(Indicator).where(Indicator.code == "grdp_current")).first()
        res = targets.contribution_table(s, t.id, 2021, 2024)
    assert res["rows"]
    assert sum(r["contribution"] for r in res["rows"]) == pytest.approx(
        res["region_after"] - res["region_before"]
    )


def test_secretariat_creates_and_edits_a_target_with_version_check(engine, users):
    sec = users["secretariat"]
    ind = by_code(engine, "forest_cover")
    with write_session(engine) as s:
        tid = targets.save_target(
            s,
            sec,
            indicator_id=ind,
            plan_region="Bắc Trung Bộ",
            region_id=None,
            baseline_year=2025,
            baseline_value=50.0,
            target_year=2030,
            target_text="52-53",
            period="2026-2030",
            source_document="thử nghiệm",
        )
    with read_session(engine) as s:
        t = s.get(Target, tid)
        assert (t.target_low, t.target_high, t.version) == (52.0, 53.0, 1)
    with write_session(engine) as s:
        targets.save_target(s, sec, target_id=tid, expected_version=1, target_text=">55")
    with pytest.raises(StaleEdit):
        with write_session(engine) as s:
            targets.save_target(s, sec, target_id=tid, expected_version=1, target_text="60")
    with read_session(engine) as s:
        t = s.get(Target, tid)
        assert (t.target_low, t.target_high, t.version) == (55.0, None, 2)
        kinds = [e["action"] for e in audit.list_entries(s, entity="target", entity_id=str(tid))]
    assert kinds == ["update", "create"]
    for bad in (dict(target_text="nhiều"), dict(baseline_year=2031), dict(target_year=1800)):
        with pytest.raises(ValidationError):
            with write_session(engine) as s:
                targets.save_target(s, sec, target_id=tid, expected_version=2, **bad)
    with pytest.raises(PermissionDenied):
        with write_session(engine) as s:
            targets.save_target(s, users["rep_hanoi"], target_id=tid, expected_version=2, target_text="1")


def test_secretariat_adds_and_edits_an_indicator_with_version_check(engine, users):
    sec = users["secretariat"]
    with write_session(engine) as s:
        iid = targets.save_indicator(
            s,
            sec,
            code="Rail_Freight_Share",
            name_vi="Tỷ trọng hàng hóa đường sắt",
            name_en="Rail share of freight",
            unit="%",
            direction="increase",
            aggregation="mean",
        )
    with read_session(engine) as s:
        ind = s.get(Indicator, iid)
        assert (ind.code, ind.version, ind.updated_by) == ("rail_freight_share", 1, sec.username)
    with write_session(engine) as s:
        targets.save_indicator(s, sec, indicator_id=iid, expected_version=1, aggregation="weighted_mean")
    with pytest.raises(StaleEdit):  # a form opened on version 1 cannot overwrite version 2
        with write_session(engine) as s:
            targets.save_indicator(s, sec, indicator_id=iid, expected_version=1, aggregation="sum")
    with read_session(engine) as s:
        ind = s.get(Indicator, iid)
        assert (ind.aggregation, ind.version) == ("weighted_mean", 2)
        entries = audit.list_entries(s, entity="indicator", entity_id=str(iid))
    assert [e["action"] for e in entries] == ["update", "create"]
    assert (entries[0]["before"]["aggregation"], entries[0]["after"]["aggregation"]) == (
        "mean",
        "weighted_mean",
    )
    bad_cases = [
        (dict(code="grdp_growth"), "code", "targets.error.indicator_code_taken"),
        (dict(code="GRDP tăng"), "code", "targets.error.indicator_code"),
        (dict(name_vi="  "), "name_vi", "error.required"),
        (dict(direction="up"), "direction", "targets.error.bad_choice"),
        (dict(aggregation="median"), "aggregation", "targets.error.bad_choice"),
    ]
    for change, field, key in bad_cases:
        with pytest.raises(ValidationError) as exc:
            with write_session(engine) as s:
                targets.save_indicator(s, sec, indicator_id=iid, expected_version=2, **change)
        assert (exc.value.field, exc.value.key) == (field, key), change
    for role in ("rep_hanoi", "expert", "observer"):
        with pytest.raises(PermissionDenied):
            with write_session(engine) as s:
                targets.save_indicator(s, users[role], indicator_id=iid, expected_version=2, unit="‰")
    with read_session(engine) as s:
        assert s.get(Indicator, iid).version == 2


def test_quotas_default_to_baseline_shares_and_must_add_up(engine, users):
    sec = users["secretariat"]
    ind = by_code(engine, "grdp_current")
    with write_session(engine) as s:
        tid = targets.save_target(
            s,
            sec,
            indicator_id=ind,
            plan_region="Đồng bằng sông Hồng",
            region_id=2,
            baseline_year=2025,
            target_year=2030,
            target_text="5000000",
            period="2026-2030",
        )
    with read_session(engine) as s:
        covered = [c["province_id"] for c in targets.target_detail(s, tid)["coverage"]]
        base = {
            p: v
            for p, v in s.exec(
                select(Observation.province_id, Observation.value).where(
                    Observation.indicator_id == ind, Observation.year == 2024
                )
            )
            if p in covered
        }
    if set(base) != set(covered):
        pytest.skip("seeded 2024 GRDP does not cover every province of the region")
    with read_session(engine) as s:
        suggestion = targets.suggest_quotas(s, tid)
    assert suggestion["year"] == 2024
    total = sum(base.values())
    for p, q in suggestion["quotas"].items():
        assert q == pytest.approx(5_000_000 * base[p] / total)
    with write_session(engine) as s:
        chk = targets.set_quotas(s, sec, tid, suggestion["quotas"])
    assert chk["ok"]
    bad = dict(suggestion["quotas"])
    bad[covered[0]] += 1000
    with pytest.raises(ValidationError) as exc:
        with write_session(engine) as s:
            targets.set_quotas(s, sec, tid, bad)
    assert exc.value.key == "targets.error.quota_sum"
    with read_session(engine) as s:
        detail = targets.target_detail(s, tid)
    assert detail["quota_check"]["ok"] and len(detail["quotas"]) == len(covered)
    with pytest.raises(PermissionDenied):
        with write_session(engine) as s:
            targets.set_quotas(s, users["rep_hanoi"], tid, suggestion["quotas"])


def test_quota_for_a_province_outside_the_target_is_refused(engine, users):
    with read_session(engine) as s:
        t = s.exec(select(Target).where(Target.plan_region == "Tây Nguyên")).first()
    with pytest.raises(ValidationError) as exc:
        with write_session(engine) as s:
            targets.set_quotas(s, users["secretariat"], t.id, {province_id(engine, "Hà Nội"): 1.0})
    assert exc.value.key == "targets.error.quota_outside"


# --- import ---------------------------------------------------------------------


def xlsx(rows: list[dict]) -> bytes:
    buf = io.BytesIO()
    pd.DataFrame(rows).to_excel(buf, index=False)
    return buf.getvalue()


def row(province="Hà Nội", code="urbanisation", year=YEAR, value="52,5", **extra):
    return {"province": province, "indicator_code": code, "year": year, "value": value, **extra}


def count_figures(engine, year=YEAR):
    with read_session(engine) as s:
        return s.exec(select(func.count()).select_from(Observation).where(Observation.year == year)).one()


def test_template_round_trip_lands_as_draft(engine, users):
    hanoi = province_id(engine, "Hà Nội")
    with read_session(engine) as s:
        data = targets.template(s, hanoi, YEAR)
    frame = pd.read_excel(io.BytesIO(data), dtype=str, keep_default_na=False)
    assert list(frame.columns[:6]) == ["province", "indicator_code", "indicator", "unit", "year", "value"]
    frame.loc[frame["indicator_code"] == "urbanisation", "value"] = "52,5"
    frame.loc[frame["indicator_code"] == "forest_cover", "value"] = "30"
    frame.loc[frame["indicator_code"] == "forest_cover", "follow_up"] = "x"
    buf = io.BytesIO()
    frame.to_excel(buf, index=False)
    with write_session(engine) as s:
        assert targets.import_figures(s, users["rep_hanoi"], buf.getvalue(), "hn.xlsx") == 2
    with read_session(engine) as s:
        rows = {r["code"]: r for r in targets.figures_for(s, hanoi, YEAR)}
        assert audit.list_entries(s, action="import", entity="observation")
    assert (rows["urbanisation"]["value"], rows["urbanisation"]["status"]) == (52.5, "draft")
    assert rows["forest_cover"]["follow_up"] is True


def test_import_lists_every_error_and_writes_nothing(engine, users):
    rows = [
        row(),  # row 2: good
        row(province="Tỉnh Không Có"),  # row 3: unknown province
        row(code="khong_co"),  # row 4: unknown indicator
        row(code="forest_cover", value="nhiều"),  # row 5: not a number
        row(),  # row 6: duplicate of row 2
        row(province="Cần Thơ", code="forest_cover"),  # row 7: not the uploader's province
        row(code="hdi", year="năm ngoái"),  # row 8: bad year
    ]
    before = count_figures(engine)
    with pytest.raises(ImportRejected) as exc:
        with write_session(engine) as s:
            targets.import_figures(s, users["rep_hanoi"], xlsx(rows), "bad.xlsx")
    got = {(e.row, e.field, e.key) for e in exc.value.errors}
    assert got == {
        (3, "province", "error.unknown_province"),
        (4, "indicator_code", "targets.error.unknown_indicator"),
        (5, "value", "error.not_a_number"),
        (6, "indicator_code", "targets.error.duplicate_row"),
        (7, "province", "targets.error.not_your_province"),
        (8, "year", "targets.error.bad_year"),
    }
    assert any(e.message("vi").startswith("Dòng 7, trường «province»") for e in exc.value.errors)
    assert count_figures(engine) == before


def test_import_refuses_locked_figures_and_missing_columns(engine, users):
    with read_session(engine) as s:
        seeded = s.exec(
            select(Observation, Province, Indicator)
            .join(Province)
            .join(Indicator)
            .where(Observation.status == "approved", Province.name_vi == "Hà Nội")
        ).first()
    obs, prov, ind = seeded
    with pytest.raises(ImportRejected) as exc:
        with write_session(engine) as s:
            targets.import_figures(
                s, users["secretariat"], xlsx([row(code=ind.code, year=obs.year, value="1")]), "x.xlsx"
            )
    assert [(e.row, e.key) for e in exc.value.errors] == [(2, "targets.error.locked")]
    with pytest.raises(ImportRejected) as exc:
        with write_session(engine) as s:
            targets.import_figures(
                s, users["secretariat"], xlsx([{"province": "Hà Nội", "value": 1}]), "x.xlsx"
            )
    assert {e.field for e in exc.value.errors} == {"indicator_code", "year"}


def test_import_by_expert_is_refused(engine, users):
    with pytest.raises(PermissionDenied):
        with write_session(engine) as s:
            targets.import_figures(s, users["expert"], xlsx([row()]), "x.xlsx")


def test_scorecard_reads_per_capita_as_a_level_and_growth_as_a_yearly_rate(engine):
    with read_session(engine) as s:
        card = targets.scorecard(s, province_id(engine, "Hà Nội"))
    per_capita = [r for r in card["rows"] if r["indicator_code"] == "grdp_per_capita"]
    assert per_capita and all(not r["progress"]["annual_rate"] for r in per_capita)
    # One seeded figure (2021) and no baseline value: no growth rate can be computed yet.
    assert {(r["progress"]["status"], r["progress"]["reason"]) for r in per_capita} == {
        ("no_data", "single_observation")
    }
    growth = [r for r in card["rows"] if r["indicator_code"] == "grdp_growth" and r["period"] == "2021-2030"]
    assert growth and all(
        r["progress"]["annual_rate"] and r["progress"]["years_used"] == [2025] for r in growth
    )
