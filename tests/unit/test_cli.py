from sqlmodel import Session, select

from council.cli import main
from council.models import Province, User


def test_init_seed_and_user_add(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    assert main(["--database", url, "init"]) == 0
    printed = capsys.readouterr().out
    from council import auth
    from council.db import make_engine as _make

    code = auth.setup_code(_make(url))
    assert f"setup code for the first account (mã thiết lập): {code}" in printed
    assert main(["--database", url, "setup-code"]) == 0 and code in capsys.readouterr().out
    assert main(["--database", url, "seed"]) == 0
    assert "nothing new" in capsys.readouterr().out
    assert (
        main(
            [
                "--database",
                url,
                "user",
                "add",
                "admin",
                "--role",
                "secretariat",
                "--password",
                "long-enough-horse-7",
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
                "rep",
                "--role",
                "province_rep",
                "--province",
                "Cần Thơ",
                "--password",
                "long-enough-horse-7",
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
                "long-enough-horse-7",
            ]
        )
        == 2
    )
    assert main(["--database", url, "user", "add", "short", "--password", "123"]) == 2
    assert "10" in capsys.readouterr().err
    from council.db import make_engine

    with Session(make_engine(url)) as s:
        rep = s.exec(select(User).where(User.username == "rep")).one()
        assert s.get(Province, rep.province_id).name_vi == "Cần Thơ"
        assert s.exec(select(User).where(User.username == "bad")).first() is None
    assert main(["--database", url, "user", "list"]) == 0
    assert "rep" in capsys.readouterr().out


def test_restore_asks_for_confirmation_and_keeps_a_safety_copy(tmp_path, capsys, monkeypatch):
    import io

    url = f"sqlite:///{tmp_path / 'live.db'}"
    assert main(["--database", url, "init"]) == 0
    assert (
        main(
            [
                "--database",
                url,
                "user",
                "add",
                "admin",
                "--role",
                "secretariat",
                "--password",
                "long-enough-horse-7",
            ]
        )
        == 0
    )
    assert main(["--database", url, "setup-code"]) == 1  # an account exists: no code any more
    backup_file = tmp_path / "b.db"
    assert main(["--database", url, "backup", str(backup_file)]) == 0
    # No terminal and no --yes: refused, nothing changed.
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["--database", url, "restore", str(backup_file)]) == 2
    assert "--yes" in capsys.readouterr().err
    # A terminal where the user does not type yes: cancelled.
    monkeypatch.setattr("sys.stdin", type("Tty", (io.StringIO,), {"isatty": lambda self: True})("no\n"))
    assert main(["--database", url, "restore", str(backup_file)]) == 1
    assert not list(tmp_path.glob("live.db.before-restore-*"))
    assert main(["--database", url, "restore", "--yes", str(backup_file)]) == 0
    out = capsys.readouterr().out
    assert "safety copy" in out and list(tmp_path.glob("live.db.before-restore-*.bak"))
    # Not a council backup at all: refused before anything is touched.
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    assert main(["--database", url, "restore", "--yes", str(junk)]) == 2
