"""Figures name the person who entered them (full name), and the seed's figures say they are source data."""

from sqlmodel import Session, select

from council import targets
from council.models import Observation
from tests.conftest import make_user, province_id


def test_figures_name_the_person_and_mark_the_seeded_ones(engine):
    rep = make_user(engine, "province_rep", "Hà Nội", username="rep.hanoi")
    hanoi = province_id(engine, "Hà Nội")
    with Session(engine) as s:
        seeded = s.exec(select(Observation).where(Observation.province_id == hanoi)).first()
        year = seeded.year
        rows = targets.figures_for(s, hanoi, year)
        assert any(r["seeded"] and r["entered_by_name"] == "" for r in rows)
        seeded.entered_by = rep.username
        s.add(seeded)
        s.commit()
        row = next(r for r in targets.figures_for(s, hanoi, year) if r["id"] == seeded.id)
        assert not row["seeded"] and row["entered_by_name"] == (rep.display_name or "rep.hanoi")
        assert targets.people_names(s, ["rep.hanoi", "nobody"]) == {
            "rep.hanoi": rep.display_name or "rep.hanoi"
        }


def _context(engine, actor):
    from council.ui.context import PageContext

    return PageContext(engine=engine, actor=actor, lang="vi", region_id=1, region_code="")


def _named_user(engine):
    from council import auth
    from council.db import write_session
    from tests.conftest import PASSWORD

    with write_session(engine) as s:
        return auth.create_user(
            s,
            auth.SYSTEM,
            username="pho.vanphong",
            password=PASSWORD,
            role="secretariat",
            province_id=None,
            display_name="Phạm Thị Hoa",
        )


def test_the_stale_edit_refusal_names_the_person_by_full_name(engine):
    from datetime import UTC, datetime

    from council.errors import StaleEdit
    from council.ui.forms import stale_message

    user = _named_user(engine)
    c = _context(engine, user)
    text = stale_message(
        c, StaleEdit("project", by="pho.vanphong", at=datetime(2026, 3, 2, 1, 5, tzinfo=UTC))
    )
    assert "Phạm Thị Hoa" in text and "pho.vanphong" not in text
    assert "dự án" in text and "02/03/2026" in text
    # Someone who is no account (an old user name) is still named as recorded.
    assert "ai.do" in stale_message(c, StaleEdit("project", by="ai.do", at=""))


def test_pages_name_people_the_seed_and_the_system_in_words(engine):
    from council.ui.people import people

    user = _named_user(engine)
    name = people(_context(engine, user), ["pho.vanphong", "seed", "system", "ai.do", None])
    assert name("pho.vanphong") == "Phạm Thị Hoa"
    assert name("seed") == "Dữ liệu gốc (nguồn công khai)"
    assert name("system") == "Hệ thống"
    assert name("ai.do") == "ai.do" and name(None) == ""
