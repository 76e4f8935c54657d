"""Errors the services raise. Each carries a message key from council.i18n and
its parameters, so the UI can show it in the user's language."""

from __future__ import annotations


class CouncilError(Exception):
    def __init__(self, key: str, **params):
        super().__init__(key)
        self.key = key
        self.params = params

    def __str__(self) -> str:  # readable in logs and the CLI
        from council.i18n import t

        return t(self.key, "en", **self.params)


class PermissionDenied(CouncilError):
    def __init__(self, action: str, actor_name: str = "", **params):
        super().__init__("error.permission_denied", action=action, **params)
        self.action = action
        self.actor_name = actor_name


class ValidationError(CouncilError):
    """Bad input. ``field`` names the field; ``row`` the row of an import (1-based)."""

    def __init__(self, key: str, field: str = "", row: int | None = None, **params):
        super().__init__(key, field=field, row=row, **params)
        self.field = field
        self.row = row


class StaleEdit(CouncilError):
    """Optimistic lock: the record changed since the form was opened."""

    def __init__(self, entity: str, by: str, at, **params):
        from datetime import datetime

        from council.i18n import fmt_date

        # The moment in Vietnam time, as every page shows times; "?" when the record keeps none.
        when = fmt_date(at) if isinstance(at, datetime) else (str(at)[:19] or "?")
        super().__init__("error.stale_edit", entity=entity, by=by or "?", at=when, **params)
        self.entity = entity


class SignInError(CouncilError):
    def __init__(self, key: str, wait_seconds: int = 0):
        super().__init__(key, wait=wait_seconds)
        self.wait_seconds = wait_seconds


class NotFound(CouncilError):
    def __init__(self, entity: str, ident):
        super().__init__("error.not_found", entity=entity, ident=ident)
