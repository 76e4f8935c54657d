"""The briefing pack of a meeting: agenda, then per item a short factual summary with its
key numbers and a small bar chart, built from the data at the time of export, in Vietnamese
(or English), as PDF (fpdf2, DejaVu fonts shipped in data/fonts for the Vietnamese glyphs)
and Word (python-docx). Charts are drawn with Pillow (a Streamlit dependency) so that no
browser or kaleido is needed."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlmodel import Session, select

from council import meetings
from council.config import DATA_DIR
from council.i18n import code_label, fmt_date, fmt_number, t
from council.models import Province, utcnow

FONT_DIR = DATA_DIR / "fonts"
FONT_REGULAR = FONT_DIR / "DejaVuSans.ttf"
FONT_BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"
PDF_MIME = "application/pdf"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass
class PackItem:
    number: int
    title: str
    kind_label: str
    lines: list[str] = field(default_factory=list)
    chart: dict | None = None
    decisions: list[str] = field(default_factory=list)
    link: str = ""


@dataclass
class PackSection:
    """A section after the agenda items (e.g. plan execution of the region)."""

    title: str
    lines: list[str] = field(default_factory=list)


@dataclass
class Pack:
    lang: str
    title: str
    council: str
    heading: str
    generated: str
    items: list[PackItem]
    sections: list[PackSection] = field(default_factory=list)

    def agenda_lines(self) -> list[str]:
        return [f"{i.number}. {i.title}" for i in self.items]


def build_pack(
    session: Session,
    meeting_id: int,
    lang: str = "vi",
    today: date | None = None,
    now: datetime | None = None,
) -> Pack:
    """The pack's content in ``lang``: the agenda without dropped items, in order."""
    detail = meetings.meeting_detail(session, meeting_id)
    now = now or utcnow()
    names = dict(session.exec(select(Province.id, Province.name_vi)).all())
    items, cache = [], {}
    for n, item in enumerate((i for i in detail["items"] if not i["dropped"]), start=1):
        facts = meetings.item_facts(session, item, today, cache)
        items.append(
            PackItem(
                number=n,
                title=item["title"],
                kind_label=t(f"meetings.item.{item['kind']}", lang),
                lines=_lines(facts, item, lang),
                chart=_chart(facts, lang),
                decisions=[_decision_line(d, names, lang) for d in item["decisions"]],
                link=item["link"],
            )
        )
    region = detail["region_vi"] if lang == "vi" else detail["region_en"]
    heading = t(
        "meetings.heading",
        lang,
        kind=t(f"meetings.kind.{detail['kind']}", lang),
        date=fmt_date(detail["meeting_date"], lang),
        place=detail["place"],
    )
    if detail["title"]:
        heading = f"{detail['title']} — {heading}"
    return Pack(
        lang=lang,
        title=t("briefing.title", lang),
        council=t("briefing.council", lang, region=region),
        heading=heading,
        generated=t("briefing.generated", lang, at=fmt_date(now, lang)),
        items=items,
        sections=[
            _plan_section(session, detail["region_id"], lang, today),
            _sharing_section(session, detail["region_id"], lang),
            _allocation_section(session, detail["region_id"], lang),
        ],
    )


def item_summary(
    session: Session, item: dict, lang: str = "vi", today: date | None = None, cache: dict | None = None
) -> list[str]:
    """The summary lines of one agenda item, as the pack prints them (for the meetings page)."""
    return _lines(meetings.item_facts(session, item, today, cache), item, lang)


def _num(value, lang: str, digits: int = 1) -> str:
    return fmt_number(value, lang, digits)


def _lines(facts: dict, item: dict, lang: str) -> list[str]:
    kind = facts.get("kind")
    if kind == "project":
        out = [
            t(
                "briefing.project",
                lang,
                code=facts["code"],
                status=code_label("pstatus", facts["status"], lang),
                investment=_num(facts["total_investment"], lang),
                end=fmt_date(facts["planned_end"], lang),
            ),
            t(
                "briefing.project_progress",
                lang,
                physical=_num(facts["progress_physical"], lang),
                disbursed=_num(facts["progress_disbursed"], lang),
                expected=_num(facts["expected_progress"], lang),
            ),
        ]
        if facts["late"]:
            out.append(t("briefing.project_late", lang, late=t(f"meetings.late.{facts['late']}", lang)))
        if facts["provinces"]:
            out.append(t("briefing.project_provinces", lang, names=", ".join(facts["provinces"])))
        if facts["not_accepted"]:
            out.append(t("briefing.project_not_accepted", lang, names=", ".join(facts["not_accepted"])))
        return out
    if kind == "conflict":
        out = [
            t(
                "briefing.conflict",
                lang,
                code=facts["code"],
                status=code_label("cstatus", facts["status"], lang),
                severity=code_label("severity", facts["severity"], lang),
                parties=", ".join(facts["parties"]),
            )
        ]
        if facts["due_on"]:
            key = "briefing.conflict_due" if facts["days_overdue"] else "briefing.conflict_due_ok"
            out.append(t(key, lang, due=fmt_date(facts["due_on"], lang), days=facts["days_overdue"]))
        out.append(t("briefing.conflict_comments", lang, n=facts["comments"]))
        return out
    if kind == "target":
        out = [
            t(
                "briefing.target",
                lang,
                indicator=facts["indicator"],
                unit=facts["unit"],
                target=facts["target_text"],
                year=facts["target_year"],
            )
        ]
        if facts["latest_value"] is None:
            out.append(t("briefing.target_no_data", lang))
        else:
            out.append(
                t(
                    "briefing.target_latest",
                    lang,
                    value=_num(facts["latest_value"], lang),
                    year=facts["latest_year"],
                    status=code_label("progress", facts["status"], lang),
                )
            )
        return out
    if kind == "figures":
        out = [
            t(
                "briefing.figures",
                lang,
                province=facts["province"],
                year=facts["year"],
                deadline=fmt_date(facts["deadline"], lang),
                approved=facts["approved"],
                submitted=facts["submitted"],
                draft=facts["draft"],
                returned=facts["returned"],
                missing=facts["missing"],
            )
        ]
        if facts["reasons"]:
            out.append(t("briefing.figures_reasons", lang, reasons="; ".join(facts["reasons"])))
        if facts["missing_names"]:
            out.append(t("briefing.figures_missing", lang, names="; ".join(facts["missing_names"])))
        return out
    if kind == "follow_up":
        return [
            t(
                "briefing.follow_up",
                lang,
                date=fmt_date(facts["meeting_date"], lang),
                place=facts["meeting_place"],
                text=facts["decision"],
            ),
            t(
                "briefing.follow_up_who",
                lang,
                who=", ".join(facts["responsible"]) or "—",
                deadline=fmt_date(facts["deadline"], lang),
                status=t(f"meetings.fu.{facts['status']}", lang),
            ),
        ]
    if kind in ("delivery", "priority", "reporting"):
        return _plan_lines(facts, lang)
    if kind == "allocation_round":
        return [
            t(
                "briefing.allocation_fact",
                lang,
                year=facts["year"],
                count=facts["proposals"],
                envelope=_num(facts["envelope"], lang, 2),
                selected=", ".join(facts["selected"]) or "—",
            )
        ]
    if kind == "allocation_ledger":
        return [
            t(
                "briefing.allocation_ledger_fact",
                lang,
                province=facts["province"],
                cumulative=_num(facts["cumulative"], lang, 2),
                streak=facts["streak"],
            )
        ]
    if kind == "missing":
        return [t("briefing.missing", lang)]
    return [item["summary"]] if item.get("summary") else []


def _chart(facts: dict, lang: str) -> dict | None:
    chart = facts.get("chart")
    if not chart or not chart["values"]:
        return None
    labels = chart["labels"]
    if chart.get("translate"):
        labels = [t(lbl if "." in lbl else f"briefing.label.{lbl}", lang) for lbl in labels]
    title = t(f"briefing.chart.{chart['title']}", lang, unit=chart.get("unit", ""))
    reference = chart.get("reference")
    return {
        "title": title,
        "labels": labels,
        "values": [float(v) for v in chart["values"]],
        "reference": reference,
        "reference_label": t("briefing.chart.target_line", lang, value=_num(reference, lang))
        if reference is not None
        else "",
        "lang": lang,
    }


def _decision_line(d: dict, names: dict[int, str], lang: str) -> str:
    who = [names[p] for p in d["province_ids"] if p in names] + (
        [d["responsible_bodies"]] if d["responsible_bodies"] else []
    )
    parts = [t("meetings.decision_line", lang, id=d["id"], text=d["text"])]
    if d["corrects_id"]:
        parts.append(t("meetings.correction_of", lang, id=d["corrects_id"]))
    if d["corrected_by"]:
        parts.append(t("meetings.corrected_by", lang, id=d["corrected_by"]))
    parts.append(t("meetings.responsible", lang, who=", ".join(who)))
    parts.append(t("meetings.deadline_line", lang, date=fmt_date(d["deadline"], lang)))
    return " — ".join(parts)


# --- chart -------------------------------------------------------------------------


def chart_png(chart: dict, width: int = 1400) -> bytes:
    """A horizontal bar chart as PNG: one bar per label with its value written at its end,
    and the reference (target) as a dashed line when given."""
    from PIL import Image, ImageDraw, ImageFont

    lang = chart.get("lang", "vi")
    labels, values = chart["labels"], chart["values"]
    row, top, pad = 56, 80, 24
    height = top + row * len(labels) + pad * 2 + (40 if chart.get("reference") is not None else 0)
    img = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(str(FONT_REGULAR), 26)
    bold = ImageFont.truetype(str(FONT_BOLD), 28)
    draw.text((pad, pad), chart["title"], font=bold, fill="#1f2937")
    label_w = min(int(width * 0.38), max(int(draw.textlength(lbl, font=font)) for lbl in labels) + 2 * pad)
    span_max = max([*values, chart.get("reference") or 0, 0]) or 1.0
    span_min = min([*values, 0])
    plot_w = width - label_w - 200
    scale = plot_w / (span_max - span_min or 1.0)
    x0 = label_w + (0 - span_min) * scale
    for i, (lbl, v) in enumerate(zip(labels, values, strict=True)):
        y = top + i * row
        text = lbl
        while draw.textlength(text, font=font) > label_w - pad and len(text) > 4:
            text = text[:-2]
        if text != lbl:
            text = text.rstrip() + "…"
        draw.text((pad, y + 10), text, font=font, fill="#111827")
        x1 = x0 + v * scale
        draw.rectangle([min(x0, x1), y + 6, max(x0, x1), y + row - 10], fill="#2563eb")
        draw.text((max(x0, x1) + 10, y + 10), fmt_number(v, lang, 1), font=font, fill="#111827")
    draw.line([x0, top - 4, x0, top + row * len(labels)], fill="#6b7280", width=2)
    ref = chart.get("reference")
    if ref is not None:
        xr = x0 + ref * scale
        y = top
        while y < top + row * len(labels):
            draw.line([xr, y, xr, min(y + 12, top + row * len(labels))], fill="#dc2626", width=3)
            y += 20
        draw.text((pad, top + row * len(labels) + 10), chart["reference_label"], font=font, fill="#dc2626")
    out = io.BytesIO()
    img.save(out, format="PNG")
    return out.getvalue()


# --- PDF ---------------------------------------------------------------------------


def to_pdf(pack: Pack) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=16)
    pdf.add_font("DejaVu", "", str(FONT_REGULAR))
    pdf.add_font("DejaVu", "B", str(FONT_BOLD))
    pdf.set_title(f"{pack.title} — {pack.heading}")
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin

    def para(text: str, size: float = 10.5, style: str = "", gap: float = 1.5) -> None:
        pdf.set_font("DejaVu", style, size)
        pdf.multi_cell(width, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(gap)

    para(pack.council, 11, "B", 0)
    para(pack.title, 16, "B", 1)
    para(pack.heading, 12, "", 1)
    para(pack.generated, 9, "", 4)
    para(t("briefing.agenda", pack.lang), 13, "B", 2)
    if not pack.items:
        para(t("briefing.no_items", pack.lang))
    for line, item in zip(pack.agenda_lines(), pack.items, strict=True):
        para(f"{line}  ({item.kind_label})", 10.5, "", 1)
    for item in pack.items:
        pdf.ln(3)
        para(f"{item.number}. {item.title}", 12, "B", 0.5)
        para(item.kind_label, 9, "", 1.5)
        for line in item.lines:
            para(line)
        if item.chart:
            png = chart_png(item.chart)
            img_w = min(width, 150)
            pdf.image(io.BytesIO(png), w=img_w)
            pdf.ln(2)
        if item.decisions:
            para(t("briefing.decisions", pack.lang), 10.5, "B", 0.5)
            for d in item.decisions:
                para(d)
        if item.link:
            para(t("briefing.source", pack.lang, link=item.link), 8.5, "", 1)
    for section in pack.sections:
        pdf.ln(4)
        para(section.title, 13, "B", 2)
        for line in section.lines:
            para(line)
    return bytes(pdf.output())


# --- DOCX --------------------------------------------------------------------------


def to_docx(pack: Pack) -> bytes:
    from docx import Document
    from docx.shared import Cm, Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"  # the font of Vietnamese administrative documents
    style.font.size = Pt(12)
    doc.add_paragraph(pack.council).runs[0].bold = True
    doc.add_heading(pack.title, level=0)
    doc.add_paragraph(pack.heading)
    doc.add_paragraph(pack.generated).runs[0].italic = True
    doc.add_heading(t("briefing.agenda", pack.lang), level=1)
    if not pack.items:
        doc.add_paragraph(t("briefing.no_items", pack.lang))
    for line, item in zip(pack.agenda_lines(), pack.items, strict=True):
        doc.add_paragraph(f"{line} ({item.kind_label})")
    if pack.items:
        doc.add_heading(t("briefing.items", pack.lang), level=1)
    for item in pack.items:
        doc.add_heading(f"{item.number}. {item.title}", level=2)
        doc.add_paragraph(item.kind_label).runs[0].italic = True
        for line in item.lines:
            doc.add_paragraph(line)
        if item.chart:
            doc.add_picture(io.BytesIO(chart_png(item.chart)), width=Cm(15))
        if item.decisions:
            doc.add_paragraph(t("briefing.decisions", pack.lang)).runs[0].bold = True
            for d in item.decisions:
                doc.add_paragraph(d, style="List Bullet")
        if item.link:
            doc.add_paragraph(t("briefing.source", pack.lang, link=item.link))
    for section in pack.sections:
        doc.add_heading(section.title, level=1)
        for line in section.lines:
            doc.add_paragraph(line)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def export(session: Session, meeting_id: int, fmt: str, lang: str = "vi", today: date | None = None) -> bytes:
    """The pack of ``meeting_id`` as ``fmt`` ("pdf" or "docx"); everyone may read it."""
    pack = build_pack(session, meeting_id, lang, today)
    return to_pdf(pack) if fmt == "pdf" else to_docx(pack)


# --- plan execution ----------------------------------------------------------------


def _pct(value, lang: str) -> str:
    return "—" if value is None else f"{fmt_number(100 * value, lang, 1)} %"


def _plan_lines(facts: dict, lang: str) -> list[str]:
    kind = facts["kind"]
    if kind == "delivery":
        out = [
            t(
                "briefing.delivery",
                lang,
                indicator=facts["indicator"],
                goal=_num(facts["goal"], lang),
                unit=facts["unit"],
                year=facts["target_year"],
                delivered=_num(facts["delivered"], lang),
                pipeline=_num(facts["pipeline"], lang),
                gap=_num(facts["gap"], lang),
                status=code_label("progress", facts["status"], lang),
            )
        ]
        if facts["provinces"]:
            lines = "; ".join(f"{n}: {_num(d, lang)} / {_num(p, lang)}" for n, d, p in facts["provinces"])
            out.append(t("briefing.delivery_provinces", lang, lines=lines))
        return out
    if kind == "priority":
        status = (
            t("plan.not_in_register", lang)
            if facts["status"] == "not_in_register"
            else f"{code_label('pstatus', facts['status'], lang)} ({facts['project_code']})"
        )
        return [
            t(
                "briefing.priority",
                lang,
                decision=facts["decision"],
                period=facts["period"] or "—",
                status=status,
                years="—" if facts["years_left"] is None else facts["years_left"],
            ),
            t("briefing.priority_provinces", lang, names=", ".join(facts["provinces"])),
        ]
    out = [
        t(
            "briefing.reporting",
            lang,
            province=facts["province"],
            year=facts["year"],
            expected=facts["expected"],
            submitted=facts["submitted"],
            submitted_rate=_pct(facts["submitted_rate"], lang),
            on_time=facts["on_time"],
            on_time_rate=_pct(facts["on_time_rate"], lang),
        )
    ]
    if facts["late_names"]:
        out.append(t("briefing.reporting_late", lang, names="; ".join(facts["late_names"])))
    return out


def _plan_section(session: Session, region_id: int, lang: str, today: date | None) -> PackSection:
    """The region's plan execution at the time of export: targets with credited projects, the
    priority checklist and the reporting rates."""
    from council import plan

    summary = plan.region_summary(session, region_id, today)
    lines = []
    for d in summary["deliveries"]:
        lines.extend(_plan_lines(plan.delivery_facts(d), lang))
    if not summary["deliveries"]:
        lines.append(t("briefing.plan_no_links", lang))
    lines.append(t("briefing.plan_checklist", lang, **summary["checklist"]))
    r = summary["reporting"]
    lines.append(
        t(
            "briefing.plan_reporting",
            lang,
            year=r["year"],
            submitted=r["submitted"],
            expected=r["expected"],
            submitted_rate=_pct(r["submitted_rate"], lang),
            on_time_rate=_pct(r["on_time_rate"], lang),
        )
    )
    return PackSection(title=t("briefing.plan_section", lang), lines=lines)


def item_summaries(session: Session, items: list[dict], lang: str = "vi") -> dict[int, list[str]]:
    """The summary lines of every agenda item of a meeting, by item id (for the meetings page)."""
    cache: dict = {}
    return {i["id"]: item_summary(session, i, lang, cache=cache) for i in items}


def _sharing_section(session: Session, region_id: int, lang: str) -> PackSection:
    """Benefit and cost sharing arrangements of the region's provinces: the latest settled year,
    each province's net and change against the status quo, who loses, who has not accepted."""
    from council import meetings as _meetings
    from council import sharing

    lines = []
    for entry in sharing.region_summary(session, _meetings.region_province_ids(session, region_id)):
        st = entry["settlement"]
        lines.append(
            t(
                "briefing.sharing_arrangement",
                lang,
                code=entry["code"],
                title=entry["title"],
                year=entry["year"],
                method=t(f"sharing.key.{st['scenario']['key']}", lang),
            )
        )
        for r in st["rows"]:
            lines.append(
                t(
                    "briefing.sharing_row",
                    lang,
                    province=r["name"],
                    net=_num(r["net"], lang, 2),
                    change=_num(r["change"], lang, 2),
                    loses=t("briefing.sharing_loses", lang) if r["loses"] else "",
                    accepted=t(
                        "briefing.sharing_accepted" if r["accepted_at"] else "briefing.sharing_unaccepted",
                        lang,
                    ),
                )
            )
        if st["marginal_only"]:
            lines.append(t("sharing.warn.marginal_only", lang))
    if not lines:
        lines.append(t("briefing.sharing_none", lang))
    return PackSection(title=t("briefing.sharing_section", lang), lines=lines)


def _allocation_section(session: Session, region_id: int, lang: str) -> PackSection:
    """The region's latest allocation round (every proposal's rank, score, amount and whether the
    round's selection funds it; how many sensitivity flips) and the fund's latest ledger year."""
    from council import allocation

    summary = allocation.region_summary(session, region_id)
    result = summary["ranking"]
    lines = []
    if result is None:
        lines.append(t("briefing.allocation_none", lang))
    else:
        rnd = result["round"]
        lines.append(
            t(
                "briefing.allocation_round",
                lang,
                year=rnd["year"],
                status=t(f"allocation.status.{rnd['status']}", lang),
                envelope=_num(rnd["envelope"], lang, 2),
                count=len(result["rows"]),
            )
        )
        awarded = {a["project_id"] for a in result["awards"]}
        chosen = awarded or set(result["selection"][rnd["method"]])
        for r in result["rows"]:
            lines.append(
                t(
                    "briefing.allocation_row",
                    lang,
                    rank=r["rank"],
                    code=r["code"],
                    score=_num(r["score"], lang, 2),
                    cost=_num(r["cost"], lang, 2),
                    funded=t(
                        "briefing.allocation_funded"
                        if r["id"] in chosen
                        else "briefing.allocation_not_funded",
                        lang,
                    ),
                )
            )
        flips = [f for f in result["sensitivity"] if f["now_funded"] or f["now_unfunded"]]
        lines.append(t("briefing.allocation_flips", lang, count=len(flips)))
    book = summary["ledger"]
    for r in book["rows"]:
        if r["year"] != book["latest"]:
            continue
        lines.append(
            t(
                "briefing.allocation_ledger",
                lang,
                year=r["year"],
                province=r["name"],
                paid=_num(r["paid_in"], lang, 2),
                received=_num(r["received"], lang, 2),
                cumulative=_num(r["cumulative"], lang, 2),
                flag=t("briefing.allocation_flag", lang) if r["net_contributor"] else "",
            )
        )
    return PackSection(title=t("briefing.allocation_section", lang), lines=lines)
