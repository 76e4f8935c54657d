from sqlmodel import Session, select

from council.cli import main
from council.models import Province, User


def test_init_seed_and_user_add(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    assert main(["--database", url, "init"]) == 0
    assert main(["--database", url, "seed"]) == 0
    assert "nothing new" in capsys.readouterr().out
    assert (
        main(
            ["--database", url, "user", "add", "admin", "--role", "secretariat", "--password", "long-enough"]
        )
        == 0
    )
    assert (
        main(
            [
                "--database",
                url,
                "user",
                "add",
                "rep",
                "--role",
                "province_rep",
                "--province",
                "Cần Thơ",
                "--password",
                "long-enough",
            ]
        )
        == 0
    )
    assert (
        main(
            [
                "--database",
                url,
                "user",
                "add",
                "bad",
                "--role",
                "province_rep",
                "--province",
                "Atlantis",
                "--password",
                "long-enough",
            ]
        )
        == 2
    )
    assert main(["--database", url, "user", "add", "short", "--password", "123"]) == 2
    assert "8" in capsys.readouterr().err
    from council.db import make_engine

    with Session(make_engine(url)) as s:
        rep = s.exec(select(User).where(User.username == "rep")).one()
        assert s.get(Province, rep.province_id).name_vi == "Cần Thơ"
        assert s.exec(select(User).where(User.username == "bad")).first() is None
    assert main(["--database", url, "user", "list"]) == 0
    assert "rep" in capsys.readouterr().out
