"""The benefit and cost sharing page on the kit: an arrangement for a real pair of provinces
(the HCMC – Hà Nội cooperation MoU of 18/10/2023, data/agreements.csv AG01), two keys compared,
one adopted, both provinces accept, and the draft agenda no longer lists the settlement."""

from __future__ import annotations

from datetime import date

from council import agreements, meetings, sharing
from council.db import read_session, write_session
from council.models import Meeting, Province
from tests.app.conftest import goto, signed_in
from tests.conftest import make_user, province_id

CREATE = "FormSubmitter:sharing_create-Lưu thỏa thuận chia sẻ"


def _agreement(engine, actor) -> int:
    with write_session(engine) as s:
        return agreements.create_agreement(
            s,
            actor,
            title="Biên bản ghi nhớ hợp tác toàn diện giữa TP.HCM và Hà Nội",
            province_ids=[province_id(engine, "Hồ Chí Minh"), province_id(engine, "Hà Nội")],
            form="handshake_agreement",
            date_signed=date(2023, 10, 18),
        )["id"]


def _frame(at, column: str):
    """The table that has ``column`` (AppTest does not look dataframes up by key)."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def _pending(engine, when: date, province: str = "Hà Nội") -> set[str]:
    """The sharing items of a draft agenda of the province's region on ``when``."""
    with write_session(engine) as s:
        region = s.get(Province, province_id(engine, province)).region_id
        meeting = Meeting(region_id=region, meeting_date=when, place="Hà Nội")
        return {
            c.ref_id for c in meetings.draft_candidates(s, meeting, when) if c.kind == "sharing_unaccepted"
        }


def test_create_compare_adopt_accept_and_the_agenda_drops_it(app_users, app_db):
    sec = app_users["secretariat"]
    agreement_id = _agreement(app_db, sec)
    hcm, hn = province_id(app_db, "Hồ Chí Minh"), province_id(app_db, "Hà Nội")
    at = goto(signed_in(sec), "sharing")
    assert not at.exception
    at.selectbox(key="sharing_new_agreement").select(agreement_id).run()
    prefix = f"sharing_new_{agreement_id}"
    at.text_input(key=f"{prefix}_title").input("Chia sẻ nguồn thu du lịch liên kết")
    at.text_input(key=f"{prefix}_baseline_{hcm}").input("1.000")
    at.text_input(key=f"{prefix}_baseline_{hn}").input("600,5")
    at.button(key=CREATE).click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert "Đã lập thỏa thuận chia sẻ CS-001." in [s.value for s in at.success]
    with read_session(app_db) as s:
        arr = sharing.list_arrangements(s)[0]
    aid = arr["id"]
    assert {p["province_id"]: p["baseline"] for p in arr["participants"]} == {hcm: 1000.0, hn: 600.5}

    # The 2025 revenue, then two keys saved and compared side by side.
    at.number_input(key=f"sharing_rev_year_{aid}").set_value(2025)
    at.text_input(key=f"sharing_rev_revenue_{aid}").input("2.000,5")
    at.button(key=f"FormSubmitter:sharing_revenue_{aid}-Lưu").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    for name, key in (("Chia đều", "equal"), ("Theo dân số", "population")):
        at.text_input(key=f"sharing_sc_{aid}_name").input(name)
        at.selectbox(key=f"sharing_sc_{aid}_key").select(key)
        at.button(key="FormSubmitter:sharing_scenario-Lưu phương án").click().run()
        assert not at.exception and not at.error, [e.value for e in at.error]
    compare = _frame(at, "Chia đều (Chia đều) — Thực nhận")
    assert list(compare.columns) == [
        "Tỉnh, thành phố",
        "Chia đều (Chia đều) — Thực nhận",
        "Chia đều (Chia đều) — Chênh lệch so với hiện trạng",
        "Theo dân số (Theo dân số) — Thực nhận",
        "Theo dân số (Theo dân số) — Chênh lệch so với hiện trạng",
    ]
    by_name = dict(zip(compare["Tỉnh, thành phố"], compare["Chia đều (Chia đều) — Thực nhận"], strict=True))
    assert by_name == {"Hồ Chí Minh": "1.200", "Hà Nội": "800,5"}
    assert (
        compare["Theo dân số (Theo dân số) — Thực nhận"].tolist()
        != compare["Chia đều (Chia đều) — Thực nhận"].tolist()
    )

    with read_session(app_db) as s:
        scs = sharing.scenarios(s, aid)
    at.button(key=f"sharing_adopt_{aid}_{scs[1]['id']}").click().run()
    assert not at.exception and not at.error
    assert "Phương án đang áp dụng: Theo dân số" in [c.value for c in at.caption]
    settled = _frame(at, "Lũy kế")
    assert set(settled["Tỉnh, thành phố"]) == {"Hồ Chí Minh", "Hà Nội"}

    # Past the due date (31/03/2026) both provinces are on the draft agenda until each accepts.
    assert _pending(app_db, date(2026, 3, 31)) == set()
    # Each province's item goes on the agenda of its own region's meetings.
    assert _pending(app_db, date(2026, 5, 4)) == {f"{aid}:2025:{hn}"}
    assert _pending(app_db, date(2026, 5, 4), "Hồ Chí Minh") == {f"{aid}:2025:{hcm}"}
    reps = {
        hn: app_users["province_rep"],
        hcm: make_user(app_db, "province_rep", "Hồ Chí Minh", username="rep.hcm"),
    }
    for pid, rep in reps.items():
        at = goto(signed_in(rep), "sharing")
        assert not at.exception
        buttons = [b for b in at.button if b.key and b.key.startswith(f"sharing_accept_{aid}_2025_")]
        assert [b.key for b in buttons] == [f"sharing_accept_{aid}_2025_{pid}"]  # its own province only
        buttons[0].click().run()
        assert not at.exception and not at.error, [e.value for e in at.error]
    with read_session(app_db) as s:
        rows = sharing.settlement(s, aid, 2025)["rows"]
    assert all(r["accepted_version"] == rows[0]["accepted_version"] for r in rows)
    assert _pending(app_db, date(2026, 5, 4)) == set()
    assert _pending(app_db, date(2026, 5, 4), "Hồ Chí Minh") == set()


def _open_preparation(at):
    """Open the agreement page's preparation expander, as a click on it does (it reruns the page)."""
    from pages.agreements_page import PREPARATION_KEY

    at.session_state[PREPARATION_KEY] = True
    return at.run()


def test_the_agreement_page_shows_where_preparation_stands_and_the_secretariat_moves_a_step(
    app_users, app_db
):
    from council import preparation

    sec = app_users["secretariat"]
    aid = _agreement(app_db, sec)
    at = goto(signed_in(sec), "agreements")
    assert not at.exception
    # Closed, the preparation section builds nothing; the user opens it.
    assert "agreements_prep_select" not in [w.key for w in at.selectbox]
    _open_preparation(at)
    at.selectbox(key="agreements_prep_select").select(aid).run()
    assert "Đang ở bước 1: Các bên liên quan." in [m.value for m in at.markdown]
    at.text_input(key=f"prep_new_{aid}_1_owner").input("Ban Kinh tế")
    at.selectbox(key=f"prep_new_{aid}_1_status").select("done")
    at.button(key=f"FormSubmitter:preparation_new_{aid}_1-Lưu bước").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert "Đang ở bước 2: Vấn đề và thế mạnh." in [m.value for m in at.markdown]
    with read_session(app_db) as s:
        step = preparation.progress(s, aid)["steps"][0]
    assert step["owner"] == "Ban Kinh tế" and len(step["details"]["groups"]) == 7
    # A representative sees where it stands but gets no form.
    at = _open_preparation(goto(signed_in(app_users["province_rep"]), "agreements"))
    at.selectbox(key="agreements_prep_select").select(aid).run()
    assert "Đang ở bước 2: Vấn đề và thế mạnh." in [m.value for m in at.markdown]
    assert not [b for b in at.button if b.key and "preparation" in b.key]


def test_every_preparation_step_form_renders(app_users, app_db):
    sec = app_users["secretariat"]
    aid = _agreement(app_db, sec)
    at = _open_preparation(goto(signed_in(sec), "agreements"))
    at.selectbox(key="agreements_prep_select").select(aid).run()
    for step in range(1, 7):
        at.selectbox(key=f"preparation_step_{aid}").select(step).run()
        assert not at.exception, step
        assert at.button(key=f"FormSubmitter:preparation_new_{aid}_{step}-Lưu bước")


def test_the_sharing_page_renders_in_english_with_an_adopted_settlement(app_users, app_db):
    sec = app_users["secretariat"]
    agreement_id = _agreement(app_db, sec)
    hcm, hn = province_id(app_db, "Hồ Chí Minh"), province_id(app_db, "Hà Nội")
    with write_session(app_db) as s:
        arr = sharing.create_arrangement(
            s,
            sec,
            title="Shared tourism revenue",
            province_ids=[hcm, hn],
            base_year=2024,
            baselines={hcm: 100, hn: 50},
            agreement_id=agreement_id,
        )
        sharing.set_revenue(s, sec, arr["id"], expected_version=1, year=2025, revenue=90)
        sc = sharing.save_scenario(s, sec, arr["id"], name="Equal", key="equal")["id"]
        sharing.adopt_scenario(s, sec, arr["id"], sc, expected_version=2)
        sharing.add_cost_line(
            s,
            sec,
            arr["id"],
            expected_version=3,
            year=2025,
            category="operation",
            amount=10,
            key="equal",
            cost_type="marginal",
        )
    at = goto(signed_in(sec), "sharing")
    at.sidebar.selectbox(key="lang_select").select("en").run()
    assert not at.exception
    warnings = [w.value for w in at.warning]
    assert any("only marginal costs" in w for w in warnings) and any(
        "below the sum of the baselines" in w for w in warnings
    )
    assert any("Losing against the status quo" in e.value for e in at.error)
    assert _frame(at, "Cumulative")["Province"].tolist() == ["Hà Nội", "Hồ Chí Minh"]
