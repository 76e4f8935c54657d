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
