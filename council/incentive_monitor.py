"""The incentive monitor (issue 19, item 3): each package's foregone revenue per unit of
investment as a net present value, its deviation from the regional standard, and three flags.

Foregone revenue per VND 1 billion invested, in VND million (the formula the README and the page
show)::

    F = sum over t = 1..H of [ 1000 * p * (s - c_t) + a * (P_ref - p_t) / 10^6 ]^+ / (1 + r)^t

- ``r`` the discount rate (setting ``discount_rate_pct``, default 8 %);
- ``p`` taxable profit as a share of investment a year (``profit_share_pct``, default 10 %);
- ``s`` the standard corporate income tax rate (``standard_cit_rate_pct``, default 20 %, Vietnam's
  standard rate); ``c_t`` the rate the package charges in year t: 0 in the exemption years, the
  reduced rate in the reduced years after them, ``s`` afterwards;
- ``a`` land per VND 1 billion invested (``land_m2_per_billion``, m², default 60);
- ``P_ref`` the reference land rent (VND per m² a year): the regional floor's minimum price when
  the standard sets one, otherwise the package's own price; ``p_t`` the rent charged in year t:
  0 in the land-rent exemption years, the package's price afterwards (``P_ref`` when it has none);
- ``H`` the horizon (``horizon_years``, default 20); each bracket counts only when positive (a
  rent above the floor is not revenue given away).

Deviation = F(package) − F(the floor package: the standard's longest exemptions, lowest rate and
price). Positive: the province gives away more than the region agreed.

Flags (conflict type ``investment_competition``):

- ``incentive.below_floor``: a package in force (or announced) is more generous than its sector's
  floor on any term: more CIT exemption years, a lower reduced rate, more reduced years, more
  land-rent exemption years or a lower land rent than the standard allows (strictly).
- ``incentive.escalation``: a province deepens its package for a sector (a package whose F,
  measured against the previous package's land rent, is above its previous one's; a first
  package with F > 0) within ``escalation_months`` (default 6) after a neighbouring province
  (Border table) did for the same sector. Dated by ``effective_from``; the later package not expired.
- ``incentive.plan_elsewhere``: two or more provinces of a region offer packages in force for a
  sector the regional plan assigns to other provinces of the region.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

from council import early_warning
from council.incentives import current_standards, list_incentives, settings
from council.incentives_models import Sector, SectorAssignment
from council.models import Border, Province
from council.numbers import format_number

CONFLICT_TYPE = "investment_competition"


# --- the maths (pure) ------------------------------------------------------------------------


def _share(years: float, year: int) -> float:
    """The part of ``year`` (1-based) that falls within the first ``years`` years (fractions count)."""
    return min(max(years - (year - 1), 0.0), 1.0)


def cit_rate(year: int, package: dict, standard_rate: float) -> float:
    """The CIT rate (percent) the package charges in ``year`` (1-based; part years pro rata)."""
    exempt = package.get("cit_exempt_years") or 0
    reduced = package.get("cit_reduced_rate")
    reduced_years = (package.get("cit_reduced_years") or 0) if reduced is not None else 0
    f_exempt = _share(exempt, year)
    f_reduced = _share(exempt + reduced_years, year) - f_exempt
    rate = min(reduced, standard_rate) if reduced is not None else standard_rate
    return f_reduced * rate + (1 - f_exempt - f_reduced) * standard_rate


def land_rent(year: int, package: dict, reference: float | None) -> float | None:
    """The land rent (VND per m² a year) the package charges in ``year`` (part years pro rata)."""
    price = package.get("land_rent_price")
    price = price if price is not None else reference
    if price is None:
        return None
    return (1 - _share(package.get("land_exempt_years") or 0, year)) * price


def foregone(package: dict, cfg: dict, reference_price: float | None = None) -> float:
    """F: NPV of the revenue a package gives away per VND 1 billion invested, VND million.
    ``reference_price``: the land rent the region expects (None: the package's own price)."""
    r = cfg["discount_rate_pct"] / 100
    p = cfg["profit_share_pct"] / 100
    s = cfg["standard_cit_rate_pct"]
    a = cfg["land_m2_per_billion"]
    ref = reference_price if reference_price is not None else package.get("land_rent_price")
    total = 0.0
    for year in range(1, int(cfg["horizon_years"]) + 1):
        tax = 1000 * p * (s - cit_rate(year, package, s)) / 100
        land = 0.0
        charged = land_rent(year, package, ref)
        if ref is not None and charged is not None:
            land = a * (ref - charged) / 1e6
        total += (max(tax, 0.0) + max(land, 0.0)) / (1 + r) ** year
    return total


def floor_package(standard, package: dict | None = None) -> dict:
    """The most generous package the standard allows; a term the standard leaves unset takes the
    package's own value (the deviation measures only what the council agreed)."""
    own = package or {}
    terms = {
        "cit_exempt_years": standard.max_cit_exempt_years,
        "cit_reduced_rate": standard.min_cit_rate,
        "cit_reduced_years": standard.max_cit_reduced_years,
        "land_exempt_years": standard.max_land_exempt_years,
        "land_rent_price": standard.min_land_rent_price,
    }
    return {k: v if v is not None else own.get(k) for k, v in terms.items()}


def breaches(package: dict, standard) -> list[str]:
    """The terms on which ``package`` goes beyond the floor (strictly)."""
    out = []

    def more(value, limit) -> bool:
        return value is not None and limit is not None and value > limit

    def less(value, limit) -> bool:
        return value is not None and limit is not None and value < limit

    if more(package.get("cit_exempt_years"), standard.max_cit_exempt_years):
        out.append("cit_exempt_years")
    if (package.get("cit_reduced_years") or 0) > 0 and less(
        package.get("cit_reduced_rate"), standard.min_cit_rate
    ):
        out.append("cit_reduced_rate")
    if more(package.get("cit_reduced_years"), standard.max_cit_reduced_years):
        out.append("cit_reduced_years")
    if more(package.get("land_exempt_years"), standard.max_land_exempt_years):
        out.append("land_exempt_years")
    if less(package.get("land_rent_price"), standard.min_land_rent_price):
        out.append("land_rent_price")
    return out


def add_months(day: date, months: int) -> date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    raise ValueError(day)


def _not_expired(row: dict, today: date) -> bool:
    return row["effective_to"] is None or row["effective_to"] >= today


def _in_force(row: dict, today: date) -> bool:
    return row["effective_from"] <= today and _not_expired(row, today)


# --- the monitor's data ----------------------------------------------------------------------


def monitor(session: Session, region_id: int | None = None, today: date | None = None) -> dict:
    """Every package with F, its floor's F and the deviation, its breaches and whether it
    deepened the province's previous package for the sector; the settings used."""
    today = today or date.today()
    cfg = settings(session)
    standards = current_standards(session)
    rows = list_incentives(session, None)
    history: dict[tuple[int, int], list[dict]] = {}
    for row in rows:
        std = standards.get((row["region_id"], row["sector_id"]))
        ref = std.min_land_rent_price if std is not None else None
        row["foregone"] = foregone(row, cfg, ref)
        row["standard_id"] = std.id if std is not None else None
        row["floor_foregone"] = foregone(floor_package(std, row), cfg, ref) if std is not None else None
        row["deviation"] = row["foregone"] - row["floor_foregone"] if std is not None else None
        row["breaches"] = breaches(row, std) if std is not None else []
        row["in_force"] = _in_force(row, today)
        row["expired"] = not _not_expired(row, today)
        history.setdefault((row["province_id"], row["sector_id"]), []).append(row)
    for items in history.values():
        items.sort(key=lambda r: (r["effective_from"], r["id"]))
        previous = None
        for row in items:
            if previous is None:
                row["change"] = "first"
                row["deepened"] = row["foregone"] > 0
            else:
                ref = previous.get("land_rent_price") or row.get("land_rent_price")
                now, before = foregone(row, cfg, ref), foregone(previous, cfg, ref)
                row["change"] = (
                    "deepened" if now > before + 1e-9 else ("eased" if now < before - 1e-9 else "same")
                )
                row["deepened"] = row["change"] == "deepened"
            row["previous_id"] = previous["id"] if previous else None
            previous = row
    if region_id is not None:
        rows = [r for r in rows if r["region_id"] == region_id]
    return {"rows": rows, "settings": cfg}


def matrix(rows: list[dict]) -> dict:
    """Sector × province: the most generous package in force or announced of each cell (its F
    and deviation)."""
    cells: dict[tuple[str, str], dict] = {}
    for r in rows:
        if r["expired"]:
            continue
        key = (r["sector"], r["province"])
        if key not in cells or r["foregone"] > cells[key]["foregone"]:
            cells[key] = r
    return cells


def per_province(rows: list[dict]) -> list[dict]:
    """Per province: packages in force or announced, their largest and mean F."""
    by: dict[int, list[dict]] = {}
    for r in rows:
        if not r["expired"]:
            by.setdefault(r["province_id"], []).append(r)
    out = []
    for items in by.values():
        values = [r["foregone"] for r in items]
        out.append(
            {
                "province": items[0]["province"],
                "province_en": items[0]["province_en"],
                "packages": len(items),
                "max_foregone": max(values),
                "mean_foregone": sum(values) / len(values),
            }
        )
    return sorted(out, key=lambda r: -r["max_foregone"])


# --- the flags -------------------------------------------------------------------------------


def _both(name: str, vi: str, en: str) -> dict:
    return {f"{name}_vi": vi, f"{name}_en": en}


def _num(name: str, value: float, decimals: int = 1) -> dict:
    return _both(name, format_number(value, "vi", decimals), format_number(value, "en", decimals))


def _terms(row: dict) -> tuple:
    return (
        row["id"],
        row["province_id"],
        row["sector_id"],
        row["cit_exempt_years"],
        row["cit_reduced_rate"],
        row["cit_reduced_years"],
        row["land_exempt_years"],
        row["land_rent_price"],
        row["effective_from"],
        row["effective_to"],
    )


def _std_terms(std) -> tuple:
    return (
        std.id,
        std.max_cit_exempt_years,
        std.min_cit_rate,
        std.max_cit_reduced_years,
        std.max_land_exempt_years,
        std.min_land_rent_price,
    )


def below_floor_flags(data: dict, standards: dict, today: date) -> list[early_warning.Flag]:
    from council.i18n import t

    flags = []
    cfg = data["settings"]
    # The provinces of the region offering a package in force for the same sector: the ones a package
    # below the floor undercuts for the same investors, named as the other parties of the flag.
    offering: dict[tuple, set[int]] = {}
    for r in data["rows"]:
        if not r["expired"]:
            offering.setdefault((r["region_id"], r["sector_id"]), set()).add(r["province_id"])
    for r in data["rows"]:
        if r["expired"] or not r["breaches"]:
            continue
        std = standards[(r["region_id"], r["sector_id"])]
        rivals = sorted(offering.get((r["region_id"], r["sector_id"]), set()) - {r["province_id"]})
        terms_vi = ", ".join(t(f"incentives.term.{b}", "vi") for b in r["breaches"])
        terms_en = ", ".join(t(f"incentives.term.{b}", "en") for b in r["breaches"])
        flags.append(
            early_warning.Flag(
                rule="incentive.below_floor",
                subject=f"incentive={r['id']}",
                conflict_type=CONFLICT_TYPE,
                province_ids=(r["province_id"], *rivals),
                fingerprint=early_warning.fingerprint(
                    _terms(r), _std_terms(std), sorted(cfg.items()), rivals
                ),
                message_key="incentives.flag.below_floor",
                params={
                    **_both("province", r["province"], r["province_en"]),
                    **_both("sector", r["sector"], r["sector_en"]),
                    **_both("terms", terms_vi, terms_en),
                    **_num("deviation", r["deviation"] or 0),
                },
                links=(("incentive", r["id"]), ("standard", std.id)),
            )
        )
    return flags


def escalation_flags(session: Session, data: dict, today: date) -> list[early_warning.Flag]:
    months = int(data["settings"]["escalation_months"])
    neighbours: dict[int, set[int]] = {}
    for b in session.exec(select(Border)):
        neighbours.setdefault(b.province_a_id, set()).add(b.province_b_id)
        neighbours.setdefault(b.province_b_id, set()).add(b.province_a_id)
    deepenings: dict[int, list[dict]] = {}
    for r in data["rows"]:
        if r.get("deepened"):
            deepenings.setdefault(r["sector_id"], []).append(r)
    flags = []
    for items in deepenings.values():
        for later in items:
            if later["expired"]:
                continue
            for first in items:
                if first["province_id"] not in neighbours.get(later["province_id"], set()):
                    continue
                if (
                    not first["effective_from"]
                    < later["effective_from"]
                    <= add_months(first["effective_from"], months)
                ):
                    continue
                days = (later["effective_from"] - first["effective_from"]).days
                flags.append(
                    early_warning.Flag(
                        rule="incentive.escalation",
                        subject=f"sector={later['sector_id']}:after={first['id']}:then={later['id']}",
                        conflict_type=CONFLICT_TYPE,
                        province_ids=(first["province_id"], later["province_id"]),
                        fingerprint=early_warning.fingerprint(_terms(first), _terms(later), months),
                        message_key="incentives.flag.escalation",
                        params={
                            **_both("later", later["province"], later["province_en"]),
                            **_both("first", first["province"], first["province_en"]),
                            **_both("sector", later["sector"], later["sector_en"]),
                            **_both(
                                "first_date",
                                first["effective_from"].strftime("%d/%m/%Y"),
                                first["effective_from"].strftime("%d/%m/%Y"),
                            ),
                            **_both(
                                "later_date",
                                later["effective_from"].strftime("%d/%m/%Y"),
                                later["effective_from"].strftime("%d/%m/%Y"),
                            ),
                            "days": days,
                            "months": months,
                        },
                        links=(("incentive", first["id"]), ("incentive", later["id"])),
                    )
                )
    return flags


def plan_elsewhere_flags(session: Session, data: dict, today: date) -> list[early_warning.Flag]:
    assigned: dict[tuple[int, int], set[int]] = {}
    for a in session.exec(select(SectorAssignment)):
        assigned.setdefault((a.region_id, a.sector_id), set()).add(a.province_id)
    names = {p.id: (p.name_vi, p.name_en or p.name_vi) for p in session.exec(select(Province))}
    sectors = {s.id: s for s in session.exec(select(Sector))}
    flags = []
    for (region_id, sector_id), owners in sorted(assigned.items()):
        competing: dict[int, list[dict]] = {}
        for r in data["rows"]:
            if (
                r["region_id"] == region_id
                and r["sector_id"] == sector_id
                and r["in_force"]
                and r["province_id"] not in owners
            ):
                competing.setdefault(r["province_id"], []).append(r)
        if len(competing) < 2:
            continue
        ids = sorted(competing)
        owner_ids = sorted(owners)
        package_ids = sorted(r["id"] for items in competing.values() for r in items)
        sector = sectors[sector_id]
        flags.append(
            early_warning.Flag(
                rule="incentive.plan_elsewhere",
                subject=f"region={region_id}:sector={sector_id}",
                conflict_type=CONFLICT_TYPE,
                province_ids=tuple(ids + owner_ids),
                fingerprint=early_warning.fingerprint(ids, owner_ids, package_ids),
                message_key="incentives.flag.plan_elsewhere",
                params={
                    **_both(
                        "provinces",
                        ", ".join(names[i][0] for i in ids),
                        ", ".join(names[i][1] for i in ids),
                    ),
                    **_both(
                        "owners",
                        ", ".join(names[i][0] for i in owner_ids),
                        ", ".join(names[i][1] for i in owner_ids),
                    ),
                    **_both("sector", sector.name_vi, sector.name_en or sector.name_vi),
                    "count": len(ids),
                },
                links=tuple(("incentive", i) for i in package_ids),
            )
        )
    return flags


@early_warning.register("incentives")
def incentive_flags(session: Session, today: date) -> list[early_warning.Flag]:
    """The three incentive rules over the whole register."""
    data = monitor(session, None, today)
    standards = current_standards(session)
    return (
        below_floor_flags(data, standards, today)
        + escalation_flags(session, data, today)
        + plan_elsewhere_flags(session, data, today)
    )


RULES = ("incentive.below_floor", "incentive.escalation", "incentive.plan_elsewhere")


def region_warnings(
    session: Session, region_id: int, lang: str = "vi", today: date | None = None
) -> list[dict]:
    """The incentive flags touching the region, with their status (open, dismissed, case), as
    plain rows for the page."""
    from council.i18n import t

    today = today or date.today()
    flags = [f for f in incentive_flags(session, today)]
    out = []
    for state in early_warning.evaluate(session, region_id=region_id, today=today, flags=flags):
        out.append(
            {
                "key": state.flag.key,
                "rule": t("warning.rule." + state.flag.rule, lang),
                "message": state.flag.message(lang),
                "status": state.status,
                "conflict_code": state.conflict_code,
                "reason": state.reason,
            }
        )
    return out
