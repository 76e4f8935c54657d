import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from council import auth
from council.db import init_db, make_engine, write_session
from council.errors import CouncilError
from council.models import Comment, Observation, Project, ProjectProvince
from council.synth import commune_graph, generate, is_synthetic
from tests.conftest import PASSWORD


def test_synthetic_data_is_deterministic_labelled_and_balanced(tmp_path):
    a = make_engine(f"sqlite:///{tmp_path / 'a.db'}")
    b = make_engine(f"sqlite:///{tmp_path / 'b.db'}")
    counts = generate(a, scale=1, seed_value=7)
    assert counts == generate(b, scale=1, seed_value=7)
    assert counts["project"] == 200 and counts["comment"] == 5000 and counts["observation"] == 6 * 34 * 15
    assert is_synthetic(a)
    with Session(a) as sa, Session(b) as sb:
        assert [p.model_dump(exclude={"created_at", "updated_at"}) for p in sa.exec(select(Project))] == [
            p.model_dump(exclude={"created_at", "updated_at"}) for p in sb.exec(select(Project))
        ]
        synthetic = sa.exec(select(Project).where(Project.code.startswith("SYN-"))).all()
        assert len(synthetic) == 200 and all(p.name_vi.startswith("[Tổng hợp]") for p in synthetic)
        # the real projects are still there, untouched
        assert sa.exec(select(func.count()).select_from(Project)).one() == 237
        for p in synthetic[:50]:
            shares = sa.exec(
                select(ProjectProvince.cost_share_pct).where(ProjectProvince.project_id == p.id)
            ).all()
            assert round(sum(shares), 2) == 100
        assert (
            sa.exec(select(func.count()).select_from(Comment).where(Comment.parent_id.is_not(None))).one() > 0
        )
        assert sa.exec(select(func.count()).select_from(Observation)).one() >= 3060


def test_synthetic_data_never_goes_into_a_real_database(tmp_path, monkeypatch):
    real = make_engine(f"sqlite:///{tmp_path / 'real.db'}")
    init_db(real)
    with write_session(real) as s:
        auth.create_first_secretariat(s, "admin", PASSWORD, code=None)
    with pytest.raises(CouncilError) as err:
        generate(real)
    assert err.value.key == "error.synth_real_db"
    monkeypatch.setenv("COUNCIL_DATABASE_URL", f"sqlite:///{tmp_path / 'default.db'}")
    with pytest.raises(CouncilError) as err:
        generate(make_engine(f"sqlite:///{tmp_path / 'default.db'}"))
    assert err.value.key == "error.synth_default_db"


def test_commune_graph_has_3321_nodes_and_about_10000_edges(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'g.db'}")
    generate(engine, scale=1)
    g = commune_graph(engine)
    assert g.number_of_nodes() == 3321
    assert 8000 <= g.number_of_edges() <= 12000
    assert all(d["synthetic"] for _, d in g.nodes(data=True))


def test_cli_requires_a_separate_database(capsys):
    from council.cli import main

    assert main(["synth"]) == 2
    assert "separate database" in capsys.readouterr().err
