"""Links such as project?project=12, targets?target=5 and figures?province=3&year=2025 open the
record (once per arrival), a wrong id is said, and a record shows the council's decisions about it."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

from council import meetings, targets
from council.db import read_session, write_session
from council.models import AgendaItem, FollowUp, Project
from tests import meeting_factories as f
from tests.app.conftest import goto, signed_in

DEADLINE = date(2027, 1, 31)


def texts(at) -> str:
    return "\n".join([m.value for m in at.markdown] + [m.value for m in at.caption])


def warnings(at) -> list[str]:
    return [w.value for w in at.warning]


def open_with(actor, page: str, **params) -> object:
    at = signed_in(actor)
    for name, value in params.items():
        at.query_params[name] = value
    at = goto(at, page)
    assert not at.exception
    return at


def decide(engine, actor, ref_entity: str, ref_id, text: str, deadline: date | None = DEADLINE) -> int:
    """A council decision on an agenda item about the record, as the meetings page records it;
    returns the follow-up it opens on the record."""
    with write_session(engine) as s:
        meeting = meetings.create_meeting(
            s, actor, region_id=f.region_of(engine, "Hà Nội"), meeting_date=date(2026, 10, 1), place="Hà Nội"
        )
        item = AgendaItem(
            meeting_id=meeting["id"],
            kind="manual",
            ref_entity=ref_entity,
            ref_id=str(ref_id),
            title="Nội dung về hồ sơ",
        )
        s.add(item)
        s.flush()
        decision = meetings.record_decision(
            s, actor, item.id, text=text, responsible_bodies="Bộ Xây dựng", deadline=deadline
        )
    return decision["follow_ups"][0]["id"]


def region_targets(engine) -> tuple[list[int], int]:
    """The ids of the targets listed for Hà Nội's region, and one target of another region only."""
    with read_session(engine) as s:
        mine = [t["id"] for t in targets.list_targets(s, f.region_of(engine, "Hà Nội"))]
        others = [t["id"] for t in targets.list_targets(s) if t["id"] not in mine]
    return mine, others[0]


# --- projects -----------------------------------------------------------------------------


def test_a_project_link_opens_the_project_once(app_users, app_db):
    with Session(app_db) as s:
        first, wanted = s.exec(select(Project).order_by(Project.id)).all()[:2]
        other = s.exec(select(Project).order_by(Project.id)).all()[5]
    at = open_with(app_users["observer"], "project", project=str(wanted.id))
    assert at.selectbox(key="project_pick").value == wanted.id
    assert at.title[0].value.startswith(wanted.code)
    assert "project" not in at.query_params  # consumed: applied once per arrival
    # The user then picks another project and is not sent back to the linked one.
    at.selectbox(key="project_pick").set_value(other.id).run()
    assert not at.exception
    assert at.selectbox(key="project_pick").value == other.id
    at.run()
    assert at.selectbox(key="project_pick").value == other.id
    # Arriving again with a link opens the linked project again.
    at.query_params["project"] = str(wanted.id)
    at.run()
    assert at.selectbox(key="project_pick").value == wanted.id
    assert first.id != wanted.id


def test_a_bad_project_id_is_said_not_raised(app_users):
    for bad in ("abc", "999999", "-3", "1e3", "<b>x</b>"):
        at = open_with(app_users["secretariat"], "project", project=bad)
        assert any("Không tìm thấy dự án" in w for w in warnings(at)), bad
        assert at.selectbox(key="project_pick").value is not None


def test_english_message_for_a_bad_project_id(app_users):
    at = signed_in(app_users["observer"])
    at.sidebar.selectbox(key="lang_select").select("en").run()
    at.query_params["project"] = "0"
    at = goto(at, "project")
    assert not at.exception
    assert any("No project with id “0”" in w for w in warnings(at))


# --- targets -------------------------------------------------------------------------------


def test_a_target_link_opens_the_one_target_view(app_users, app_db):
    mine, _ = region_targets(app_db)
    wanted = mine[-1]
    # A representative starts on the scorecard; the link switches to the one-target view.
    at = open_with(app_users["province_rep"], "targets", target=str(wanted))
    assert at.radio(key="targets_view").value == "indicator"
    assert at.selectbox(key="targets_target").value == wanted
    assert "target" not in at.query_params
    at.selectbox(key="targets_target").set_value(mine[0]).run()
    assert not at.exception
    at.run()
    assert at.selectbox(key="targets_target").value == mine[0]
    at.radio(key="targets_view").set_value("heatmap").run()
    assert not at.exception and at.radio(key="targets_view").value == "heatmap"


def test_a_link_to_another_regions_target_opens_it(app_users, app_db):
    _, elsewhere = region_targets(app_db)
    at = open_with(app_users["secretariat"], "targets", target=str(elsewhere))
    assert at.selectbox(key="targets_target").value == elsewhere
    assert "Mục tiêu này không thuộc vùng đang chọn; mở từ liên kết." in texts(at)
    at.run()
    assert at.selectbox(key="targets_target").value == elsewhere


def test_a_bad_target_id_is_said_not_raised(app_users):
    for bad in ("x", "99999", ""):
        at = open_with(app_users["secretariat"], "targets", target=bad)
        assert any("Không tìm thấy mục tiêu" in w for w in warnings(at)), bad
        assert at.radio(key="targets_view").value == "heatmap"


# --- figures -------------------------------------------------------------------------------


def test_a_figures_link_opens_the_province_and_year(app_users, app_db):
    cantho = f.pid(app_db, "Cần Thơ")
    at = open_with(app_users["secretariat"], "figures", province=str(cantho), year="2021")
    assert at.selectbox(key="figures_province").value == cantho
    assert at.selectbox(key="figures_year").value == 2021
    assert not warnings(at)
    assert "province" not in at.query_params and "year" not in at.query_params
    at.selectbox(key="figures_year").set_value(2023).run()
    at.run()
    assert at.selectbox(key="figures_year").value == 2023
    assert at.selectbox(key="figures_province").value == cantho


def test_a_representative_stays_on_their_own_province(app_users, app_db):
    cantho, hanoi = f.pid(app_db, "Cần Thơ"), f.pid(app_db, "Hà Nội")
    at = open_with(app_users["province_rep"], "figures", province=str(cantho), year="2022")
    assert at.selectbox(key="figures_year").value == 2022
    assert "Hà Nội" in texts(at) and "Cần Thơ" not in texts(at)
    assert any("tỉnh trong liên kết được bỏ qua" in i.value for i in at.info)
    at = open_with(app_users["province_rep"], "figures", province=str(hanoi), year="2022")
    assert not [i for i in at.info if "bỏ qua" in i.value]


def test_bad_figures_params_are_said_not_raised(app_users):
    at = open_with(app_users["secretariat"], "figures", province="abc", year="1990")
    assert any("Không tìm thấy tỉnh, thành phố" in w for w in warnings(at))
    assert any("Năm «1990» trong liên kết" in w for w in warnings(at))
    assert at.selectbox(key="figures_year").value == date.today().year - 1


# --- council decisions on the records ------------------------------------------------------


def test_a_project_shows_the_council_decisions_about_it(app_users, app_db):
    sec = app_users["secretariat"]
    pid = f.project(app_db, "Đường liên tỉnh có kết luận", ["Hà Nội", "Hưng Yên"])
    fu = decide(app_db, sec, "project", pid, "Hưng Yên bố trí vốn đối ứng trong quý I")
    at = open_with(app_users["observer"], "project", project=str(pid))
    text = texts(at)
    assert "Quyết định của Hội đồng" in [s.value for s in at.subheader]
    assert "Hưng Yên bố trí vốn đối ứng trong quý I" in text
    assert "Thời hạn: 31/01/2027 · Tình trạng: Đang theo dõi · Phiên họp ngày 01/10/2026 tại Hà Nội" in text
    # The decision links to its meeting (a page link with the follow-up).
    assert [(el.proto.page, el.proto.query_string) for el in at.get("page_link")] == [
        ("meetings", f"follow_up={fu}")
    ]

    with write_session(app_db) as s:
        version = s.get(FollowUp, fu).version
        meetings.set_follow_up(s, sec, fu, expected_version=version, done=True)
    at.run()
    assert "Tình trạng: Đã hoàn thành" in texts(at)


def test_a_record_without_decisions_says_so(app_users, app_db):
    pid = f.project(app_db, "Đường chưa có kết luận", ["Hà Nội", "Hưng Yên"])
    at = open_with(app_users["observer"], "project", project=str(pid))
    assert "Hội đồng chưa có quyết định nào về hồ sơ này." in texts(at)


def test_a_conflict_shows_the_council_decisions_about_it(app_users, app_db):
    cid = f.conflict(app_db, "Nguồn nước sông Đáy", ["Hà Nội", "Ninh Bình"], status="in_mediation")
    decide(app_db, app_users["secretariat"], "conflict", cid, "Ninh Bình chủ trì lập phương án xả lũ")
    other = f.conflict(app_db, "Ranh giới bãi bồi", ["Hà Nội", "Hưng Yên"])
    at = open_with(app_users["expert"], "conflicts", conflict=f.conflict_code(app_db, cid))
    text = texts(at)
    assert "#### Quyết định của Hội đồng" in text
    assert "Ninh Bình chủ trì lập phương án xả lũ" in text
    assert "Thời hạn: 31/01/2027" in text
    at.selectbox(key="conflicts_pick").set_value(other).run()
    assert not at.exception
    assert "Ninh Bình chủ trì lập phương án xả lũ" not in texts(at)
    assert "Hội đồng chưa có quyết định nào về hồ sơ này." in texts(at)


def test_a_target_shows_the_council_decisions_about_it(app_users, app_db):
    mine, _ = region_targets(app_db)
    decide(
        app_db,
        app_users["secretariat"],
        "target",
        mine[0],
        "Các tỉnh đẩy nhanh giải ngân đầu tư công",
        deadline=date(2027, 6, 30),
    )
    at = open_with(app_users["expert"], "targets", target=str(mine[0]))
    text = texts(at)
    assert "Các tỉnh đẩy nhanh giải ngân đầu tư công" in text
    assert "Thời hạn: 30/06/2027" in text
    # Another target does not show it.
    at.selectbox(key="targets_target").set_value(mine[1]).run()
    assert "Các tỉnh đẩy nhanh giải ngân đầu tư công" not in texts(at)
