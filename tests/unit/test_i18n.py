import datetime as dt

from council import i18n
from council.i18n import fmt_date, fmt_number, t
from council.models import CONFLICT_STATUSES, PROJECT_STATUSES, PROJECT_TYPES, ROLES, SEVERITIES, STANCES
from council.textutil import fold, nfc, vi_sort_key


def test_both_languages_have_the_same_keys():
    assert set(i18n.CATALOGS["vi"]) == set(i18n.CATALOGS["en"])
    assert all(v.strip() for lang in i18n.CATALOGS.values() for v in lang.values())


def test_every_stored_code_has_a_label():
    for prefix, codes in (
        ("role", ROLES),
        ("pstatus", PROJECT_STATUSES),
        ("ptype", PROJECT_TYPES),
        ("cstatus", CONFLICT_STATUSES),
        ("severity", SEVERITIES),
        ("stance", STANCES),
    ):
        for code in codes:
            assert f"{prefix}.{code}" in i18n.CATALOGS["vi"], f"{prefix}.{code}"


def test_translation_and_parameters():
    assert t("role.expert") == "Chuyên gia"
    assert t("role.expert", "en") == "Expert"
    assert t("error.sign_in_wait", "en", wait=8) == "Too many failed sign-ins. Wait 8 seconds and try again."
    assert t("no.such.key") == "no.such.key"


def test_vietnamese_number_and_date_formats():
    assert fmt_number(1234.5) == "1.234,5"
    assert fmt_number(1234.5, "en") == "1,234.5"
    assert fmt_number(85813, digits=0) == "85.813"
    assert fmt_date(dt.date(2025, 7, 1)) == "01/07/2025"
    assert fmt_number(None) == "—"


def test_vietnamese_text_helpers():
    assert nfc("Ha\u0300 Nô\u0323i") == "Hà Nội"
    assert fold("Đồng Nai") == "dong nai"
    names = ["Đồng Nai", "Cần Thơ", "Cà Mau", "An Giang", "Điện Biên", "Cao Bằng", "Hà Nội", "Zulu"]
    assert sorted(names, key=vi_sort_key) == [
        "An Giang",
        "Cà Mau",
        "Cao Bằng",
        "Cần Thơ",
        "Điện Biên",
        "Đồng Nai",
        "Hà Nội",
        "Zulu",
    ]


def test_moments_are_shown_in_vietnam_time():
    from datetime import UTC, date, datetime

    from council.i18n import fmt_date

    # 20:00 UTC is 03:00 the next day in Hà Nội (UTC+7); SQLite returns stored UTC without a zone.
    assert fmt_date(datetime(2026, 11, 30, 20, 0, tzinfo=UTC)) == "01/12/2026 03:00"
    assert fmt_date(datetime(2026, 11, 30, 20, 0)) == "01/12/2026 03:00"
    assert fmt_date(date(2026, 11, 30)) == "30/11/2026"
    assert fmt_date(None) == "—"
