"""AppTest of the targets and figures pages on the seeded targets."""

from sqlmodel import select

from council import targets
from council.db import read_session, write_session
from tests.app.conftest import goto, signed_in
from tests.conftest import make_user


def markdown_text(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_heatmap_and_scorecard_on_the_seeded_targets(app_users, app_db):
    at = goto(signed_in(app_users["observer"]), "targets")
    assert not at.exception
    assert at.title[0].value == "Mục tiêu quy hoạch vùng và tiến độ thực hiện"
    with read_session(app_db) as session:
        heat = targets.heatmap(session, at.session_state["region_id"])
    counted = {s: sum(1 for c in heat["cells"] if c["status"] == s) for s in targets.PROGRESS_STATUSES}
    # The counts under the heatmap are those of the service (seeded: some statuses, much "no data").
    assert counted["no_data"] > 0 and counted["on_track"] > 0
    text = markdown_text(at)
    assert f"Chưa có số liệu: **{counted['no_data']}**" in text
    assert f"Đúng tiến độ: **{counted['on_track']}**" in text
    # The heatmap chart is drawn, with one row per province of the region plus the region row.
    assert at.get("plotly_chart")
    # Scorecard of Hà Nội (first province by Vietnamese order is not Hà Nội: choose it).
    at.radio(key="targets_view").set_value("scorecard").run()
    with read_session(app_db) as session:
        hanoi = next(p["id"] for p in heat["provinces"] if p["name"] == "Hà Nội")
        card = targets.scorecard(session, hanoi)
    at.selectbox(key="targets_scorecard_province").select(hanoi).run()
    assert not at.exception
    assert "Thẻ điểm: Hà Nội" in [s.value for s in at.subheader]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Chưa có số liệu"] == str(sum(r["progress"]["status"] == "no_data" for r in card["rows"]))
    # Statuses other than "no data" are shown with their inputs (the ratio and thresholds).
    shown = [r for r in card["rows"] if r["progress"]["status"] != "no_data"]
    if shown:
        assert "tỷ số R =" in markdown_text(at)


def test_representative_scorecard_defaults_to_own_province(app_users):
    at = goto(signed_in(app_users["province_rep"]), "targets")
    assert not at.exception
    assert "Thẻ điểm: Hà Nội" in [s.value for s in at.subheader]


def test_indicator_tab_shows_coverage_of_an_old_region_target(app_users, app_db):
    at = goto(signed_in(app_users["expert"]), "targets")
    with read_session(app_db) as session:
        listed = targets.list_targets(session, at.session_state["region_id"])
    partial = next(t for t in listed if t["partial"] and t["geography"] == "2021")
    at.radio(key="targets_view").set_value("indicator").run()
    at.selectbox(key="targets_target").select(partial["id"]).run()
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning)
    for name in partial["partial"]:
        assert name in warnings


def test_figures_page_is_not_in_the_observer_navigation(app_users):
    at = signed_in(app_users["observer"])
    goto(at, "figures")  # the address shows the app's own refusal, not the page
    assert [t.value for t in at.title] == ["Không mở được trang này"]
    assert not at.get("data_editor")


def test_representative_saves_a_figure_and_submits(app_users, app_db):
    at = goto(signed_in(app_users["province_rep"]), "figures")
    assert not at.exception
    assert at.title[0].value == "Số liệu của tỉnh, thành phố"
    year = at.selectbox(key="figures_year").value
    with read_session(app_db) as session:
        ind = next(
            r
            for r in targets.figures_for(session, app_users["province_rep"].province_id, year)
            if r["status"] is None
        )
    at.selectbox(key="figures_quick_indicator").select(ind["indicator_id"])
    at.text_input(key="figures_quick_value").input("12,5")
    at.button(key="FormSubmitter:figures_quick-Lưu số liệu").click().run()
    assert not at.exception
    assert "Đã lưu 1 số liệu (nháp)." in [s.value for s in at.success]
    at.button(key="figures_submit").click().run()
    assert "Đã gửi 1 số liệu cho Cơ quan thường trực." in [s.value for s in at.success]
    with read_session(app_db) as session:
        row = next(
            r
            for r in targets.figures_for(session, app_users["province_rep"].province_id, year)
            if r["indicator_id"] == ind["indicator_id"]
        )
    assert (row["value"], row["status"], row["entered_by"]) == (12.5, "submitted", "rep.hanoi")
    # The secretariat sees it in the queue and approves it.
    sec = goto(signed_in(app_users["secretariat"]), "figures")
    assert not sec.exception
    sec.button(key="figures_approve").click().run()
    assert not sec.exception
    assert "Đã phê duyệt 1 số liệu; số liệu đã khóa." in [s.value for s in sec.success]
    with read_session(app_db) as session:
        row = next(
            r
            for r in targets.figures_for(session, app_users["province_rep"].province_id, year)
            if r["indicator_id"] == ind["indicator_id"]
        )
    assert row["status"] == "approved"


def test_secretariat_splits_a_target_into_quotas(app_users, app_db):
    at = goto(signed_in(app_users["secretariat"]), "targets")
    with read_session(app_db) as session:
        listed = targets.list_targets(session, at.session_state["region_id"])
    mean_target = next(t for t in listed if t["aggregation"] == "weighted_mean" and t["geography"] == "2025")
    at.radio(key="targets_view").set_value("indicator").run()
    at.selectbox(key="targets_target").select(mean_target["id"]).run()
    assert "Mục tiêu này chưa được phân bổ cho các tỉnh, thành phố." in [c.value for c in at.caption]
    at.button(key="targets_suggest_quotas").click().run()
    assert not at.exception
    with read_session(app_db) as session:
        detail = targets.target_detail(session, mean_target["id"])
    assert len(detail["quotas"]) == len(detail["coverage"]) and detail["quota_check"]["ok"]
    assert any("khớp với mục tiêu của vùng" in m.value for m in at.markdown)


def test_representative_sees_no_target_editing(app_users):
    at = goto(signed_in(app_users["province_rep"]), "targets")
    at.radio(key="targets_view").set_value("indicator").run()
    assert not at.exception and at.get("plotly_chart")
    keys = {b.key for b in at.button}
    assert "targets_suggest_quotas" not in keys and "targets_quota_save" not in keys
    at.radio(key="targets_view").set_value("catalogue").run()
    assert not [t for t in at.text_input if (t.key or "").startswith("targets_f_")]
    sec = goto(signed_in(app_users["secretariat"]), "targets")
    sec.radio(key="targets_view").set_value("catalogue").run()
    assert [t for t in sec.text_input if (t.key or "").startswith("targets_f_")]
    sec.radio(key="targets_view").set_value("indicator").run()
    assert "targets_suggest_quotas" in {b.key for b in sec.button}


def test_contribution_and_map_views_render(app_users, app_db):
    at = goto(signed_in(app_users["expert"]), "targets")
    for view in ("contribution", "map"):
        at.radio(key="targets_view").set_value(view).run()
        assert not at.exception
    # Map of the seeded 2025 GRDP growth: the caption counts the provinces with a value.
    assert any("tỉnh, thành phố có số liệu" in c.value for c in at.caption)


def _catalogue(actor):
    at = goto(signed_in(actor), "targets")
    at.radio(key="targets_view").set_value("catalogue").run()
    assert not at.exception
    return at


def test_secretariat_adds_then_edits_an_indicator_in_the_catalogue(app_users, app_db):
    from council.models import Indicator

    at = _catalogue(app_users["secretariat"])
    at.text_input(key="targets_i_new_code").input("Rail_Share")
    at.text_input(key="targets_i_new_unit").input("%")
    at.text_input(key="targets_i_new_name_vi").input("Tỷ trọng vận tải đường sắt")
    at.text_input(key="targets_i_new_name_en").input("Rail share of transport")
    at.selectbox(key="targets_i_new_agg").set_value("mean")
    at.button(key="FormSubmitter:targets_ind_form_new-Lưu chỉ tiêu").click().run()
    assert not at.exception
    assert "Đã lưu chỉ tiêu." in [s.value for s in at.success]
    with read_session(app_db) as s:
        ind = s.exec(select(Indicator).where(Indicator.code == "rail_share")).one()
    assert (ind.name_vi, ind.aggregation, ind.version) == ("Tỷ trọng vận tải đường sắt", "mean", 1)
    # Edit it; a bad code is refused with the field named and nothing written.
    at.selectbox(key="targets_ind_choice").set_value(ind.id).run()
    at.text_input(key=f"targets_i_code_{ind.id}").input("đường sắt")
    at.button(key=f"FormSubmitter:targets_ind_form_{ind.id}-Lưu chỉ tiêu").click().run()
    assert any("Mã chỉ tiêu «đường sắt» không hợp lệ" in e.value for e in at.error)
    at.text_input(key=f"targets_i_code_{ind.id}").input("rail_share")
    at.text_input(key=f"targets_i_unit_{ind.id}").input("% khối lượng")
    # The weight of a weighted mean and the coverage a regional status needs are set here too.
    at.selectbox(key=f"targets_i_weight_{ind.id}").set_value("grdp")
    at.number_input(key=f"targets_i_cov_{ind.id}").set_value(90)
    at.button(key=f"FormSubmitter:targets_ind_form_{ind.id}-Lưu chỉ tiêu").click().run()
    assert "Đã lưu chỉ tiêu." in [s.value for s in at.success]
    with read_session(app_db) as s:
        ind = s.get(Indicator, ind.id)
    assert (ind.unit, ind.version) == ("% khối lượng", 2)
    assert (ind.weight_by, ind.min_coverage) == ("grdp", 0.9)


def test_a_target_saved_by_someone_else_since_the_form_opened_is_not_overwritten(app_users, app_db):
    from council.models import Target

    at = _catalogue(app_users["secretariat"])
    with read_session(app_db) as s:
        tid = targets.list_targets(s, at.session_state["region_id"])[0]["id"]
    at.selectbox(key="targets_edit_choice").set_value(tid).run()
    assert not at.exception and at.session_state["targets_edit_choice"] == tid
    # Someone else saves the target after this form opened.
    other = make_user(app_db, "secretariat", username="sec2")
    with write_session(app_db) as s:
        version = s.get(Target, tid).version
        targets.save_target(
            s, other, target_id=tid, expected_version=version, source_url="https://example.vn/qd"
        )
    at.text_input(key=f"targets_f_source_{tid}").input("Quyết định sửa đổi")
    at.button(key=f"FormSubmitter:targets_form_{tid}-Lưu mục tiêu").click().run()
    assert not at.exception
    assert at.error, "the stale save must be refused with a message"
    assert "sec2" in at.error[0].value  # who changed it
    with read_session(app_db) as s:
        saved = s.get(Target, tid)
    assert (saved.source_url, saved.version) == ("https://example.vn/qd", version + 1)
    assert saved.source_document != "Quyết định sửa đổi"
    # The form reopens on the record as it now is; saving again works.
    assert at.text_input(key=f"targets_f_url_{tid}").value == "https://example.vn/qd"
    at.text_input(key=f"targets_f_source_{tid}").input("Quyết định sửa đổi")
    at.button(key=f"FormSubmitter:targets_form_{tid}-Lưu mục tiêu").click().run()
    assert "Đã lưu mục tiêu." in [x.value for x in at.success]
    with read_session(app_db) as s:
        assert s.get(Target, tid).source_document == "Quyết định sửa đổi"


# --- the page kit's cycle on the catalogue's forms -------------------------------------------


def _count_caption(at, word: str) -> int:
    return next(int(c.value.split()[0]) for c in at.caption if c.value.endswith(word))


def test_a_new_target_is_listed_and_counted_at_once_the_form_is_empty_and_saved_once(app_users, app_db):
    from council.models import Target

    at = _catalogue(app_users["secretariat"])
    before = _count_caption(at, "mục tiêu")
    at.text_input(key="targets_f_new_plan").input("Quy hoạch vùng thử nghiệm")
    at.selectbox(key="targets_f_new_region").set_value(at.session_state["region_id"])
    at.text_input(key="targets_f_new_tt").input("≥ 70")
    submit = "FormSubmitter:targets_form_new-Lưu mục tiêu"
    at.button(key=submit).click().run()
    assert not at.exception
    assert "Đã lưu mục tiêu." in [s.value for s in at.success]
    assert _count_caption(at, "mục tiêu") == before + 1
    assert "Quy hoạch vùng thử nghiệm" in set(at.dataframe[0].value.iloc[:, 2])
    assert at.text_input(key="targets_f_new_plan").value == ""
    # A double click sends the same values again: nothing more is written.
    at.text_input(key="targets_f_new_plan").input("Quy hoạch vùng thử nghiệm")
    at.selectbox(key="targets_f_new_region").set_value(at.session_state["region_id"])
    at.text_input(key="targets_f_new_tt").input("≥ 70")
    at.button(key=submit).click().run()
    with read_session(app_db) as s:
        assert len(s.exec(select(Target).where(Target.plan_region == "Quy hoạch vùng thử nghiệm")).all()) == 1


def test_an_indicator_edit_after_someone_elses_is_refused_reopened_and_then_saved_once(app_users, app_db):
    from council.models import Indicator

    at = _catalogue(app_users["secretariat"])
    with read_session(app_db) as s:
        ind = s.exec(select(Indicator)).first()
    at.selectbox(key="targets_ind_choice").set_value(ind.id).run()
    other = make_user(app_db, "secretariat", username="sec2")
    with write_session(app_db) as s:
        targets.save_indicator(
            s, other, indicator_id=ind.id, expected_version=ind.version, unit="đơn vị khác"
        )
    submit = f"FormSubmitter:targets_ind_form_{ind.id}-Lưu chỉ tiêu"
    at.text_input(key=f"targets_i_name_en_{ind.id}").input("Renamed")
    at.button(key=submit).click().run()
    assert any("sec2" in e.value for e in at.error)
    with read_session(app_db) as s:
        saved = s.get(Indicator, ind.id)
    assert (saved.unit, saved.name_en) == ("đơn vị khác", ind.name_en)
    assert at.text_input(key=f"targets_i_unit_{ind.id}").value == "đơn vị khác"  # reopened on theirs
    at.text_input(key=f"targets_i_name_en_{ind.id}").input("Renamed")
    at.button(key=submit).click().run()
    assert "Đã lưu chỉ tiêu." in [s.value for s in at.success]
    with read_session(app_db) as s:
        version = s.get(Indicator, ind.id).version
    at.text_input(key=f"targets_i_name_en_{ind.id}").input("Renamed")
    at.button(key=submit).click().run()
    assert not at.error
    with read_session(app_db) as s:
        assert s.get(Indicator, ind.id).version == version


def test_a_new_indicator_is_listed_and_counted_at_once_and_the_form_is_empty(app_users, app_db):
    at = _catalogue(app_users["secretariat"])
    before = _count_caption(at, "chỉ tiêu")
    at.text_input(key="targets_i_new_code").input("bus_share")
    at.text_input(key="targets_i_new_unit").input("%")
    at.text_input(key="targets_i_new_name_vi").input("Tỷ trọng xe buýt")
    at.text_input(key="targets_i_new_name_en").input("Bus share")
    at.button(key="FormSubmitter:targets_ind_form_new-Lưu chỉ tiêu").click().run()
    assert "Đã lưu chỉ tiêu." in [s.value for s in at.success]
    assert _count_caption(at, "chỉ tiêu") == before + 1
    assert "bus_share" in set(at.dataframe[1].value.iloc[:, 0])
    assert at.text_input(key="targets_i_new_code").value == ""


def test_a_target_edit_sent_twice_after_a_success_writes_once(app_users, app_db):
    from council.models import Target

    at = _catalogue(app_users["secretariat"])
    with read_session(app_db) as s:
        tid = targets.list_targets(s, at.session_state["region_id"])[0]["id"]
    at.selectbox(key="targets_edit_choice").set_value(tid).run()
    submit = f"FormSubmitter:targets_form_{tid}-Lưu mục tiêu"
    at.text_input(key=f"targets_f_source_{tid}").input("Quyết định sửa đổi")
    at.button(key=submit).click().run()
    assert "Đã lưu mục tiêu." in [x.value for x in at.success]
    with read_session(app_db) as s:
        version = s.get(Target, tid).version
    at.text_input(key=f"targets_f_source_{tid}").input("Quyết định sửa đổi")
    at.button(key=submit).click().run()
    assert not at.exception and not at.error
    with read_session(app_db) as s:
        assert s.get(Target, tid).version == version


def test_a_quick_entry_over_a_figure_saved_meanwhile_is_refused_not_overwritten(app_users, app_db):
    """Two browsers on one figure (issue 14, item 4): the page names the version it showed, so the
    second save is refused with who changed it, and the first save stays."""
    from council.db import write_session

    rep = app_users["province_rep"]
    at = goto(signed_in(rep), "figures")
    year = at.selectbox(key="figures_year").value
    with read_session(app_db) as session:
        ind = next(r for r in targets.figures_for(session, rep.province_id, year) if r["status"] is None)
    at.selectbox(key="figures_quick_indicator").select(ind["indicator_id"])
    at.text_input(key="figures_quick_value").input("10")
    at.button(key="FormSubmitter:figures_quick-Lưu số liệu").click().run()
    assert "Đã lưu 1 số liệu (nháp)." in [s.value for s in at.success]
    # Both browsers now show the draft at the same version; the secretariat saves first.
    with read_session(app_db) as session:
        shown = next(
            r
            for r in targets.figures_for(session, rep.province_id, year)
            if r["indicator_id"] == ind["indicator_id"]
        )
    with write_session(app_db) as session:
        targets.apply_edits(
            session,
            app_users["secretariat"],
            [
                {
                    "province_id": rep.province_id,
                    "indicator_id": ind["indicator_id"],
                    "year": year,
                    "value": 20.0,
                    "version": shown["version"],
                }
            ],
        )
    at.selectbox(key="figures_quick_indicator").select(ind["indicator_id"])
    at.text_input(key="figures_quick_value").input("30")
    at.button(key="FormSubmitter:figures_quick-Lưu số liệu").click().run()
    assert not at.exception
    assert any("sec" in e.value and "thay đổi" in e.value for e in at.error), [e.value for e in at.error]
    with read_session(app_db) as session:
        row = next(
            r
            for r in targets.figures_for(session, rep.province_id, year)
            if r["indicator_id"] == ind["indicator_id"]
        )
    assert (row["value"], row["entered_by"]) == (20.0, "sec")
