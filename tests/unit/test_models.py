import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from council.models import Border, Project, ProjectProvince, Province, Region


def _add(engine, obj):
    with Session(engine) as s:
        s.add(obj)
        s.commit()


def test_project_code_is_unique(engine):
    with pytest.raises(IntegrityError):
        _add(engine, Project(code="DA-001", name_vi="Trùng mã"))


@pytest.mark.parametrize(
    "field, value",
    [("total_investment", -1), ("length_km", -0.5), ("progress_physical", 101), ("progress_disbursed", -1)],
)
def test_project_amounts_are_checked(engine, field, value):
    with pytest.raises(IntegrityError):
        _add(engine, Project(code="X-1", name_vi="Dự án thử", **{field: value}))


def test_cost_share_bounds_and_unique_participation(engine):
    with Session(engine) as s:
        project = s.exec(select(Project).where(Project.code == "DA-001")).one()
        pp = s.exec(select(ProjectProvince).where(ProjectProvince.project_id == project.id)).first()
        pid, prov = project.id, pp.province_id
    with pytest.raises(IntegrityError):
        _add(engine, ProjectProvince(project_id=pid, province_id=prov))
    other = 1 if prov != 1 else 2
    with pytest.raises(IntegrityError):
        _add(engine, ProjectProvince(project_id=pid, province_id=other, cost_share_pct=150))


def test_foreign_keys_are_enforced(engine):
    with pytest.raises(IntegrityError):
        _add(engine, Province(code="99", name_vi="Không có", name_en="None", kind="province", region_id=999))


def test_border_pairs_are_stored_once_in_order(engine):
    with pytest.raises(IntegrityError):
        _add(engine, Border(province_a_id=5, province_b_id=2))
    with pytest.raises(IntegrityError):
        _add(engine, Region(code="DBSH", name_vi="x", name_en="x"))


def test_sqlite_pragmas(tmp_path):
    from council.db import make_engine

    eng = make_engine(f"sqlite:///{tmp_path / 'p.db'}")
    with eng.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 15000
