"""A representative submits a set of figures: the secretariat's bell counts it without following
anything, the list says so once for the whole set, and its link opens the set in the approval
queue, where it is approved."""

from __future__ import annotations

from council import notify, targets
from council.db import read_session, write_session
from tests.app.conftest import goto, signed_in


def test_the_secretariat_is_told_and_the_link_opens_the_set_to_approve(app_users, app_db):
    rep, sec, expert = app_users["province_rep"], app_users["secretariat"], app_users["expert"]
    pid = rep.province_id
    notify.deliver_pending(app_db)  # the notifier starts at the log as it is
    at = goto(signed_in(rep), "figures")
    year = at.selectbox(key="figures_year").value
    with read_session(app_db) as s:
        empty = [r for r in targets.figures_for(s, pid, year) if r["status"] is None][:2]
    with write_session(app_db) as s:
        targets.apply_edits(
            s,
            rep,
            [
                {"province_id": pid, "indicator_id": r["indicator_id"], "year": year, "value": 3.0}
                for r in empty
            ],
        )
    with write_session(app_db) as s:
        # The year before waits too, ahead of it in the queue, submitted by the secretariat
        # itself (so not told to it): the link must open the set it names, not the first.
        targets.apply_edits(
            s,
            sec,
            [{"province_id": pid, "indicator_id": empty[0]["indicator_id"], "year": year - 1, "value": 2.0}],
        )
    with write_session(app_db) as s:
        targets.submit_set(s, sec, pid, year - 1)
    with write_session(app_db) as s:
        assert targets.submit_set(s, rep, pid, year) == 2
        assert [(q["province_id"], q["year"]) for q in targets.figure_sets(s, ("submitted",))][:2] == [
            (pid, year - 1),
            (pid, year),
        ]
    notify.deliver_pending(app_db)

    at = signed_in(sec)
    assert at.sidebar.button(key="notify_bell").label == "Thông báo (1 chưa đọc)"
    at.sidebar.button(key="notify_bell").click().run()
    assert not at.exception
    captions = [c.value for c in at.caption]
    assert any("anh/chị có quyền phê duyệt số liệu này" in c for c in captions), captions
    links = [el.proto for el in at.get("page_link") if el.proto.label == "Mở hồ sơ"]
    assert [(p.page, p.query_string) for p in links] == [("figures", f"province={pid}&year={year}")]

    at.query_params["province"] = str(pid)
    at.query_params["year"] = str(year)
    at = goto(at, "figures")
    assert not at.exception
    assert at.selectbox(key="figures_queue_set").value == (pid, year)
    at.button(key="figures_approve").click().run()
    assert not at.exception
    with read_session(app_db) as s:
        assert {
            r["status"]
            for r in targets.figures_for(s, pid, year)
            if r["indicator_id"] in {e["indicator_id"] for e in empty}
        } == {"approved"}
    # An expert was told nothing of the submit (figures before approval are not theirs to read).
    assert signed_in(expert).sidebar.button(key="notify_bell").label == "Thông báo"
