"""Settings read from the environment, in one place."""

from __future__ import annotations

import os
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path

DEFAULT_SQLITE_FILE = "council.db"
# The token signing key when COUNCIL_SECRET_KEY is not set: a file readable by its owner only,
# created at first start next to the default database (never inside the database or its backups).
DEFAULT_SECRET_KEY_FILE = "council-secret.key"
PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"


@dataclass(frozen=True)
class Settings:
    database_url: str
    secret_key: str
    session_hours: float
    default_region: str
    secret_key_file: str = DEFAULT_SECRET_KEY_FILE
    setup_code: str = ""
    client_ip_header: str = ""
    # E-mail notifications (council/notify_mail.py): off while no SMTP host is set.
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_tls: str = "starttls"  # starttls | ssl | none
    smtp_user: str = ""
    smtp_password: str = ""
    mail_from: str = ""
    base_url: str = "http://localhost:8501"
    digest_hour: int = 7

    @classmethod
    def from_env(cls) -> Settings:
        url = os.environ.get("COUNCIL_DATABASE_URL") or f"sqlite:///{DEFAULT_SQLITE_FILE}"
        return cls(
            database_url=url,
            secret_key=os.environ.get("COUNCIL_SECRET_KEY", ""),
            session_hours=float(os.environ.get("COUNCIL_SESSION_HOURS", "8")),
            default_region=os.environ.get("COUNCIL_DEFAULT_REGION", "DBSH"),
            secret_key_file=os.environ.get("COUNCIL_SECRET_KEY_FILE") or DEFAULT_SECRET_KEY_FILE,
            setup_code=os.environ.get("COUNCIL_SETUP_CODE", "").strip(),
            client_ip_header=os.environ.get("COUNCIL_CLIENT_IP_HEADER", "").strip(),
            smtp_host=os.environ.get("COUNCIL_SMTP_HOST", "").strip(),
            smtp_port=int(os.environ.get("COUNCIL_SMTP_PORT") or 587),
            smtp_tls=(os.environ.get("COUNCIL_SMTP_TLS") or "starttls").strip().lower(),
            smtp_user=os.environ.get("COUNCIL_SMTP_USER", ""),
            smtp_password=os.environ.get("COUNCIL_SMTP_PASSWORD", ""),
            mail_from=os.environ.get("COUNCIL_MAIL_FROM", "").strip(),
            base_url=(os.environ.get("COUNCIL_BASE_URL") or "http://localhost:8501").strip().rstrip("/"),
            digest_hour=int(os.environ.get("COUNCIL_DIGEST_HOUR") or 7),
        )


def get_settings() -> Settings:
    return Settings.from_env()


def new_secret() -> str:
    return secrets.token_urlsafe(32)


class KeyFileError(RuntimeError):
    """The key file exists but others may read it, or it is empty."""


_KEYS: dict[str, str] = {}


def signing_key() -> str:
    """The key that signs session cookies and keys the hashes of sign-in counters.

    COUNCIL_SECRET_KEY when set; otherwise the content of COUNCIL_SECRET_KEY_FILE (default
    ``council-secret.key`` in the working directory), created with mode 0600 the first time.
    Several processes starting at once agree on one key: the file is written under a temporary
    name and linked into place, which fails for all but the first."""
    settings = get_settings()
    if settings.secret_key:
        return settings.secret_key
    path = Path(settings.secret_key_file).resolve()
    if not path.exists():
        _KEYS.pop(str(path), None)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "w") as fh:
                fh.write(new_secret() + "\n")
            try:
                os.link(tmp, path)
            except FileExistsError:
                pass  # another process was first: use its key
        finally:
            tmp.unlink(missing_ok=True)
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        raise KeyFileError(f"{path} is readable by other users (mode {mode:o}); run: chmod 600 {path}")
    cached = _KEYS.get(str(path))
    if cached is not None:
        return cached
    key = path.read_text().strip()
    if not key:
        raise KeyFileError(f"{path} is empty; delete it and a new key is made at the next start")
    _KEYS[str(path)] = key
    return key
