"""Settings read from the environment, in one place."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

DEFAULT_SQLITE_FILE = "council.db"
PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"


@dataclass(frozen=True)
class Settings:
    database_url: str
    secret_key: str
    session_hours: float
    default_region: str

    @classmethod
    def from_env(cls) -> Settings:
        url = os.environ.get("COUNCIL_DATABASE_URL") or f"sqlite:///{DEFAULT_SQLITE_FILE}"
        return cls(
            database_url=url,
            secret_key=os.environ.get("COUNCIL_SECRET_KEY", ""),
            session_hours=float(os.environ.get("COUNCIL_SESSION_HOURS", "12")),
            default_region=os.environ.get("COUNCIL_DEFAULT_REGION", "DBSH"),
        )


def get_settings() -> Settings:
    return Settings.from_env()


def new_secret() -> str:
    return secrets.token_urlsafe(32)
