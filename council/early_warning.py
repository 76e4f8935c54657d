"""Early warning (issue 19): flags computed from the data, dismissed with a reason, or turned into
a conflict case in one step.

A *flag* is a warning a rule computes from the data — an incentive below the regional floor, two
provinces planning the same airport 60 km apart. Flags are never stored: every call recomputes them
from the registers, so a flag cannot outlive the data that raised it. Each flag carries

- ``key``: the rule and the subject (``rule:subject``), stable while the same things are involved;
- ``fingerprint``: a hash of the figures the flag rests on. A dismissal or a case is kept with the
  fingerprint it was decided on: the flag stays quiet while the fingerprint is unchanged, and comes
  back when the data behind it changes.

Rule modules register a *provider* (``register``): a function ``(session, today) -> list[Flag]``.
Their modules are listed in ``PROVIDER_MODULES`` and imported on first use.

Who may do what: everyone signed in reads flags (they are derived from data everyone reads); the
secretariat dismisses them (``warning.manage``); opening a case is opening a conflict
(``conflict.open``: the secretariat for any, a representative where their province is a party).
"""

from __future__ import annotations

import hashlib
import importlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, col, select

from council import audit, conflicts
from council.auth import Actor, authorize
from council.early_warning_models import WarningCase, WarningDismissal
from council.errors import NotFound, ValidationError
from council.i18n import t
from council.models import CONFLICT_TYPES, Conflict, Province
from council.numbers import format_number

# Modules defining providers; each calls ``register`` at import.
PROVIDER_MODULES: tuple[str, ...] = (
    "council.facilities_rules",  # planned facilities (duplicate, over capacity, connection mismatch)
    "council.incentive_monitor",  # investment incentives (below the floor, escalation, plan elsewhere)
)

Provider = Callable[[Session, date], list["Flag"]]
_PROVIDERS: dict[str, Provider] = {}
_LOADED = False
MAX_REASON = 2000


@dataclass(frozen=True)
class Flag:
    """One warning. ``message_key`` and ``params`` make its sentence in the reader's language
    (a catalog key in council/catalogs/); ``links`` name the records it rests on as
    ``(kind, id)`` pairs (``("project", 12)``, ``("incentive", 4)``, ``("facility", 9)``)."""

    rule: str
    subject: str
    conflict_type: str
    province_ids: tuple[int, ...]
    fingerprint: str
    message_key: str
    params: dict = field(default_factory=dict, compare=False, hash=False)
    project_ids: tuple[int, ...] = ()
    links: tuple[tuple[str, int], ...] = ()

    @property
    def key(self) -> str:
        return f"{self.rule}:{self.subject}"

    def message(self, lang: str) -> str:
        """The flag's sentence in ``lang``; a float in ``params`` written the reader's way with one
        decimal; a ``{"vi": …, "en": …}`` param picks the reader's text."""
        return t(self.message_key, lang, **{k: _param(v, lang) for k, v in self.params.items()})


def _param(value: object, lang: str) -> object:
    # Plain floats only: whole numbers stay as they are (years), and a rule's own number or name
    # types (formatted by their ``__format__`` with the language as the spec, ``{distance:vi}``)
    # pass through untouched.
    if type(value) is float:
        return format_number(value, lang, 1)
    if isinstance(value, dict) and lang in value:
        return value[lang]
    return value


@dataclass(frozen=True)
class FlagState:
    """A flag with what was decided about it: ``status`` is ``open``, ``dismissed`` or ``case``.
    ``earlier`` is set on an open flag that was dismissed or opened as a case on older data."""

    flag: Flag
    status: str
    reason: str = ""
    decided_by: str = ""
    decided_at: object = None
    conflict_id: int | None = None
    conflict_code: str = ""
    earlier: str = ""


def fingerprint(*values: object) -> str:
    """A short hash of the figures a flag rests on (numbers, dates, codes, ids)."""
    text = json.dumps(values, default=str, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def register(name: str) -> Callable[[Provider], Provider]:
    def decorate(fn: Provider) -> Provider:
        _PROVIDERS[name] = fn
        return fn

    return decorate


def _providers() -> dict[str, Provider]:
    global _LOADED
    if not _LOADED:
        for module in PROVIDER_MODULES:
            importlib.import_module(module)
        _LOADED = True
    return _PROVIDERS


def compute_flags(session: Session, today: date | None = None) -> list[Flag]:
    """Every flag every rule raises today, in a stable order (rule, subject)."""
    today = today or conflicts.local_today()
    flags: dict[str, Flag] = {}
    for _name, provider in sorted(_providers().items()):
        for flag in provider(session, today):
            if flag.conflict_type not in CONFLICT_TYPES:
                raise ValueError(f"flag {flag.key}: unknown conflict type {flag.conflict_type!r}")
            flags.setdefault(flag.key, flag)
    return [flags[k] for k in sorted(flags)]


def _region_of(session: Session) -> dict[int, int]:
    return {int(pid or 0): rid for pid, rid in session.exec(select(Province.id, Province.region_id)).all()}


def _in_scope(flag: Flag, regions: dict[int, int], region_id: int | None, province_id: int | None) -> bool:
    if province_id is not None and province_id not in flag.province_ids:
        return False
    if region_id is not None and not any(regions.get(p) == region_id for p in flag.province_ids):
        return False
    return True


def evaluate(
    session: Session,
    *,
    region_id: int | None = None,
    province_id: int | None = None,
    today: date | None = None,
    flags: Iterable[Flag] | None = None,
) -> list[FlagState]:
    """The flags touching a region (any party in it) or a province, with their status."""
    regions = _region_of(session)
    candidates = [
        f
        for f in (compute_flags(session, today) if flags is None else flags)
        if _in_scope(f, regions, region_id, province_id)
    ]
    if not candidates:
        return []
    keys = [f.key for f in candidates]
    dismissals: dict[str, list[WarningDismissal]] = {}
    for row in session.exec(
        select(WarningDismissal)
        .where(col(WarningDismissal.flag_key).in_(keys))
        .order_by(col(WarningDismissal.id))
    ).all():
        dismissals.setdefault(row.flag_key, []).append(row)
    cases: dict[str, list[tuple[WarningCase, str]]] = {}
    for case, code in session.exec(
        select(WarningCase, Conflict.code)
        .join(Conflict, col(Conflict.id) == col(WarningCase.conflict_id), isouter=True)
        .where(col(WarningCase.flag_key).in_(keys))
        .order_by(col(WarningCase.id))
    ).all():
        cases.setdefault(case.flag_key, []).append((case, code or ""))
    states = []
    for flag in candidates:
        current_case = next(
            ((c, code) for c, code in reversed(cases.get(flag.key, [])) if c.fingerprint == flag.fingerprint),
            None,
        )
        if current_case is not None and current_case[0].conflict_id is not None:
            case, code = current_case
            states.append(
                FlagState(
                    flag, "case", decided_at=case.opened_at, conflict_id=case.conflict_id, conflict_code=code
                )
            )
            continue
        current = next(
            (d for d in reversed(dismissals.get(flag.key, [])) if d.fingerprint == flag.fingerprint), None
        )
        if current is not None:
            states.append(
                FlagState(
                    flag,
                    "dismissed",
                    reason=current.reason,
                    decided_by=current.dismissed_by,
                    decided_at=current.dismissed_at,
                )
            )
            continue
        earlier = ""
        if cases.get(flag.key):
            earlier = cases[flag.key][-1][1]
        elif dismissals.get(flag.key):
            earlier = "dismissed"
        states.append(FlagState(flag, "open", earlier=earlier))
    return states


def open_flags(
    session: Session,
    *,
    region_id: int | None = None,
    province_id: int | None = None,
    today: date | None = None,
) -> list[Flag]:
    return [
        s.flag
        for s in evaluate(session, region_id=region_id, province_id=province_id, today=today)
        if s.status == "open"
    ]


def counts(session: Session, *, region_id: int | None = None, today: date | None = None) -> dict[str, int]:
    """Open flags per conflict type (``investment_competition``, ``planning_overlap``, …) and ``total``."""
    out: dict[str, int] = {"total": 0}
    for flag in open_flags(session, region_id=region_id, today=today):
        out[flag.conflict_type] = out.get(flag.conflict_type, 0) + 1
        out["total"] += 1
    return out


def _current(session: Session, flag_key: str, today: date | None) -> Flag:
    for flag in compute_flags(session, today):
        if flag.key == flag_key:
            return flag
    raise NotFound("warning", flag_key)


def dismiss(
    session: Session,
    actor: Actor,
    flag_key: str,
    reason: str,
    *,
    fingerprint_seen: str | None = None,
    today: date | None = None,
) -> WarningDismissal:
    """Dismiss a flag with a reason (required). The flag is recomputed here, never taken from the
    page; when ``fingerprint_seen`` (what the page showed) differs from today's data the dismissal is
    refused: the reader must look at the flag again."""
    authorize(actor, "warning.manage")
    reason = conflicts._text(reason, "reason", required=True, limit=MAX_REASON)
    flag = _current(session, flag_key, today)
    if fingerprint_seen is not None and fingerprint_seen != flag.fingerprint:
        raise ValidationError("warning.error.changed", field="fingerprint")
    row = WarningDismissal(
        flag_key=flag.key,
        fingerprint=flag.fingerprint,
        reason=reason,
        dismissed_by_id=actor.id,
        dismissed_by=actor.username,
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor,
        "dismiss",
        "warning",
        row.id,
        None,
        {"flag": flag.key, "fingerprint": flag.fingerprint, "reason": reason, "params": flag.params},
    )
    return row


def open_case(
    session: Session,
    actor: Actor,
    flag_key: str,
    *,
    lang: str = "vi",
    fingerprint_seen: str | None = None,
    today: date | None = None,
) -> dict:
    """Open a conflict of the flag's kind with its provinces as parties and its projects linked.
    Returns ``{"id", "code"}`` of the conflict. Refused when the flag already has a case on the
    same data (the page shows the case instead)."""
    flag = _current(session, flag_key, today)
    if fingerprint_seen is not None and fingerprint_seen != flag.fingerprint:
        raise ValidationError("warning.error.changed", field="fingerprint")
    existing = session.exec(
        select(WarningCase).where(
            WarningCase.flag_key == flag.key,
            WarningCase.fingerprint == flag.fingerprint,
            col(WarningCase.conflict_id).is_not(None),
        )
    ).first()
    if existing is not None:
        raise ValidationError("warning.error.case_exists", field="flag")
    if len(set(flag.province_ids)) < 2:
        # A conflict is between localities: a warning naming one province is dismissed or acted on
        # in its register, not opened as a case.
        raise ValidationError("warning.error.one_province", field="flag")
    message = flag.message(lang)
    title = t("warning.case_title", lang, message=message)
    if len(title) > conflicts.MAX_TITLE:
        title = title[: conflicts.MAX_TITLE - 1] + "…"
    record_lines = [f"- {t('warning.link.' + kind, lang)} #{rid}" for kind, rid in flag.links]
    description = "\n".join(
        [t("warning.case_description", lang, message=message, rule=t("warning.rule." + flag.rule, lang))]
        + record_lines
    )
    created = conflicts.open_conflict(
        session,
        actor,
        title=title,
        parties=[
            {"province_id": pid, "position": t("warning.party_position", lang)} for pid in flag.province_ids
        ],
        type=flag.conflict_type,
        description=description,
        project_ids=list(flag.project_ids),
    )
    case = WarningCase(
        flag_key=flag.key, fingerprint=flag.fingerprint, conflict_id=created["id"], opened_by_id=actor.id
    )
    session.add(case)
    session.flush()
    audit.record(
        session,
        actor,
        "open_case",
        "warning",
        case.id,
        None,
        {"flag": flag.key, "fingerprint": flag.fingerprint, "conflict": created["code"]},
    )
    return created


def link(flag_key: str) -> str:
    """The page where a flag is acted on."""
    from urllib.parse import quote

    return f"warnings?flag={quote(flag_key, safe='')}"


def agenda_candidates(
    session: Session, province_ids: list[int], today: date
) -> list[tuple[str, str, str, str]]:
    """(kind, ref_entity, ref_id, title) of the draft agenda: the open flags touching the meeting's
    provinces (the title in Vietnamese, the council's working language, like the other rules)."""
    wanted = set(province_ids)
    return [
        ("early_warning", "warning", flag.key, flag.message("vi"))
        for flag in open_flags(session, today=today)
        if wanted & set(flag.province_ids)
    ]


def page_rows(
    session: Session,
    lang: str,
    *,
    region_id: int | None = None,
    province_id: int | None = None,
    today: date | None = None,
) -> list[dict]:
    """The flags as the pages show them: sentence, rule, provinces by name, status and decision."""
    names = {p.id: (p.name_vi if lang == "vi" else p.name_en) for p in session.exec(select(Province)).all()}
    rows = []
    for state in evaluate(session, region_id=region_id, province_id=province_id, today=today):
        flag = state.flag
        rows.append(
            {
                "key": flag.key,
                "rule": flag.rule,
                "conflict_type": flag.conflict_type,
                "message": flag.message(lang),
                "province_ids": list(flag.province_ids),
                "provinces": [names.get(p, str(p)) for p in flag.province_ids],
                "links": list(flag.links),
                "fingerprint": flag.fingerprint,
                "status": state.status,
                "reason": state.reason,
                "decided_by": state.decided_by,
                "decided_at": state.decided_at,
                "conflict_code": state.conflict_code,
                "earlier": state.earlier,
                "link": link(flag.key),
            }
        )
    return rows
