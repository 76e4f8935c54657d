import runpy
from pathlib import Path

import pytest

from tests.app.conftest import goto, new_app, sign_in, signed_in
from tests.conftest import PASSWORD, make_user

ROOT = Path(__file__).resolve().parents[2]
PAGE_FILES = sorted(p for p in (ROOT / "pages").glob("*.py") if p.name != "__init__.py")


def titles(at):
    return [t.value for t in at.title]


def test_first_visitor_creates_the_secretariat_account(tmp_path, monkeypatch):
    monkeypatch.setenv("COUNCIL_DATABASE_URL", f"sqlite:///{tmp_path / 'fresh.db'}")
    at = new_app().run()
    assert titles(at) == ["Tạo tài khoản Cơ quan thường trực đầu tiên"]
    from council import auth
    from council.ui.context import get_engine

    at.text_input(key="first_setup_code").input(auth.setup_code(get_engine()))
    at.text_input(key="first_username").input("chanh.vanphong")
    at.text_input(key="first_password").input(PASSWORD)
    at.text_input(key="first_password2").input(PASSWORD + "x")
    at.button[0].click().run()
    assert "Hai mật khẩu không khớp." in [e.value for e in at.error]
    at.text_input(key="first_password2").input(PASSWORD)
    at.button[0].click().run()
    assert not at.exception
    assert at.session_state["actor"]["role"] == "secretariat"
    # The first start seeded the real data: the home page shows the region's provinces.
    assert titles(at) == ["Tổng quan vùng Đồng bằng sông Hồng"]
    assert at.metric[0].value == "6"


@pytest.mark.parametrize("page", PAGE_FILES, ids=lambda p: p.name)
def test_page_file_run_on_its_own_renders_nothing(page, app_db):
    at = new_app().__class__.from_file(str(page), default_timeout=30).run()
    assert not at.exception
    assert len(at.main.children) == 0 and len(at.sidebar.children) == 0


@pytest.mark.parametrize("page", PAGE_FILES, ids=lambda p: p.name)
def test_page_module_has_no_module_level_streamlit_calls(page):
    # Importing a page must not render: runpy executes the module body without calling render().
    namespace = runpy.run_path(str(page))
    assert callable(namespace["render"])


def test_sign_in_success_and_failure(app_users):
    at = new_app().run()
    assert "Đăng nhập" in [s.value for s in at.subheader]
    at = sign_in(at, "expert", "wrong-password")
    assert "Sai tên đăng nhập hoặc mật khẩu." in [e.value for e in at.error]
    assert "actor" not in at.session_state
    at = sign_in(at, "expert")
    assert not at.exception
    assert at.session_state["actor"]["username"] == "expert"
    # An expert lands where their comment is awaited: the conflicts.
    assert titles(at) == ["Vướng mắc, xung đột lợi ích giữa các địa phương"]


@pytest.mark.parametrize(
    "role, can_admin",
    [("secretariat", True), ("province_rep", False), ("expert", False), ("observer", False)],
)
def test_pages_each_role_sees(app_users, role, can_admin):
    at = signed_in(app_users[role])
    assert not at.exception
    for page in ("users", "audit"):
        if can_admin:
            goto(at, page)
            assert not at.exception and at.title
        else:
            # The app's own page in the reader's language, not Streamlit's "Page not found".
            goto(at, page)
            assert not at.exception
            assert titles(at) == ["Không mở được trang này"]
            assert any("không dành cho vai trò" in w.value for w in at.warning)


def test_representative_starts_in_their_own_region(app_users, app_db):
    from tests.conftest import make_user

    rep = make_user(app_db, "province_rep", "Cần Thơ", username="rep.cantho")
    at = signed_in(rep)
    assert at.session_state["region_code"] == "DBSCL" or "Cửu Long" in at.sidebar.selectbox(
        key="region_select"
    ).format_func(at.session_state["region_code"])
    goto(at, "home")
    assert titles(at) == ["Tổng quan vùng Đồng bằng sông Cửu Long"]


def test_language_switch(app_users):
    at = signed_in(app_users["observer"])
    assert titles(at) == ["Tổng quan vùng Đồng bằng sông Hồng"]
    at.sidebar.selectbox(key="lang_select").select("en").run()
    assert titles(at) == ["Region at a glance: Red River Delta"]
    assert at.metric[0].label == "Provinces and cities"


def test_region_switch_changes_the_home_page(app_users):
    at = signed_in(app_users["observer"])
    at.sidebar.selectbox(key="region_select").select("DNB").run()
    assert titles(at) == ["Tổng quan vùng Đông Nam Bộ"]
    assert at.metric[0].value == "3"
    names = set(at.dataframe[0].value.iloc[:, 1])
    assert names == {"Hồ Chí Minh", "Đồng Nai", "Tây Ninh"}


def test_home_page_shows_seeded_data(app_users):
    at = goto(signed_in(app_users["expert"]), "home")
    table = at.dataframe[0].value
    assert set(table.iloc[:, 1]) == {"Hà Nội", "Hải Phòng", "Ninh Bình", "Hưng Yên", "Bắc Ninh", "Quảng Ninh"}
    labels = {m.label: m.value for m in at.metric}
    assert labels["Dự án liên tỉnh"] == "6"


def test_sign_out_revokes_the_session(app_users):
    at = signed_in(app_users["expert"])
    at.sidebar.button(key="sign_out").click().run()
    assert "actor" not in at.session_state
    assert "Đăng nhập" in [s.value for s in at.subheader]


def test_users_page_creates_a_user(app_users, app_db):
    at = signed_in(app_users["secretariat"])
    goto(at, "users")
    at.text_input(key="uc_username").input("nguyen.van.a")
    at.text_input(key="uc_password").input(PASSWORD)
    at.selectbox(key="uc_role").select("expert")
    at.button(key="FormSubmitter:user_create-Tạo").click().run()
    assert not at.exception
    assert "Đã tạo người dùng nguyen.van.a." in [s.value for s in at.success]


def test_users_page_names_the_bad_field(app_users):
    at = signed_in(app_users["secretariat"])
    goto(at, "users")
    at.text_input(key="uc_username").input("short.pw")
    at.text_input(key="uc_password").input("123")
    at.button(key="FormSubmitter:user_create-Tạo").click().run()
    assert any("ít nhất 10 ký tự" in e.value for e in at.error)


def test_audit_page_lists_changes(app_users):
    at = signed_in(app_users["secretariat"])
    goto(at, "audit")
    assert not at.exception
    table = at.dataframe[0].value
    # Actions and records in the reader's words, not codes.
    assert {"nạp dữ liệu gốc", "tạo mới"} <= set(table.iloc[:, 3])
    assert {"cơ sở dữ liệu", "người dùng"} <= set(table.iloc[:, 4])
    # The detail: before -> after as a table in the reader's words, never raw JSON.
    created = int(table[table.iloc[:, 3] == "tạo mới"].iloc[0, 0])
    at.selectbox(key="audit_pick").set_value(created).run()
    assert not at.json
    detail = at.dataframe[-1].value
    assert list(detail.columns) == ["Trường", "Trước", "Sau"]


def test_revoked_sign_in_ends_the_session_on_the_next_rerun(app_users, app_db):
    from council import auth
    from council.db import write_session
    from council.models import User

    at = goto(signed_in(app_users["expert"]), "home")
    assert titles(at) == ["Tổng quan vùng Đồng bằng sông Hồng"]
    with write_session(app_db) as s:
        version = s.get(User, app_users["expert"].id).version
        auth.update_user(
            s, app_users["secretariat"], app_users["expert"].id, expected_version=version, is_active=False
        )
    at.run()
    assert "actor" not in at.session_state
    assert "Đăng nhập" in [s.value for s in at.subheader]


def test_role_change_applies_on_the_next_rerun(app_users, app_db):
    from council import auth
    from council.db import write_session
    from council.models import User

    at = signed_in(app_users["observer"])
    goto(at, "users")
    assert titles(at) == ["Không mở được trang này"]
    with write_session(app_db) as s:
        version = s.get(User, app_users["observer"].id).version
        auth.update_user(
            s,
            app_users["secretariat"],
            app_users["observer"].id,
            expected_version=version,
            role="secretariat",
        )
    at.run()
    goto(at, "users")
    assert not at.exception
    assert titles(at) != ["Không mở được trang này"]


def test_a_user_saved_by_someone_else_since_the_form_opened_is_not_overwritten(app_users, app_db):
    from council import auth
    from council.db import write_session
    from council.models import User

    expert = app_users["expert"]
    other = make_user(app_db, "secretariat", username="sec2")
    at = signed_in(app_users["secretariat"])
    goto(at, "users")
    at.selectbox(key="ue_user").set_value(expert.id).run()
    with write_session(app_db) as s:  # another secretary changes the expert's affiliation meanwhile
        version = s.get(User, expert.id).version
        auth.update_user(s, other, expert.id, expected_version=version, affiliation="Viện Chiến lược")
    at.text_input(key=f"ue_aff_{expert.id}").input("Đại học Quốc gia")
    at.button(key=f"FormSubmitter:user_edit_{expert.id}-Lưu").click().run()
    assert not at.exception
    assert any("sec2" in e.value for e in at.error)
    with write_session(app_db) as s:
        assert s.get(User, expert.id).affiliation == "Viện Chiến lược"
    # The form reopened on the newer record; saving now works.
    assert at.text_input(key=f"ue_aff_{expert.id}").value == "Viện Chiến lược"
    at.text_input(key=f"ue_aff_{expert.id}").input("Đại học Quốc gia")
    at.button(key=f"FormSubmitter:user_edit_{expert.id}-Lưu").click().run()
    assert "Đã lưu." in [x.value for x in at.success]
    with write_session(app_db) as s:
        assert s.get(User, expert.id).affiliation == "Đại học Quốc gia"


def test_a_representatives_first_page_after_sign_in_is_my_province(app_users):
    at = sign_in(new_app().run(), "rep.hanoi")
    assert not at.exception
    assert titles(at) == ["Việc của Hà Nội"]
    # ... and the role is shown with its province
    assert any("Đại diện Hà Nội" in m.value for m in at.sidebar.markdown)


def test_the_secretariat_lands_on_the_region_overview(app_users):
    at = sign_in(new_app().run(), "sec")
    assert titles(at) == ["Tổng quan vùng Đồng bằng sông Hồng"]


def test_a_forbidden_page_is_said_in_english_too(app_users):
    at = signed_in(app_users["observer"])
    at.sidebar.selectbox(key="lang_select").select("en").run()
    goto(at, "users")
    assert titles(at) == ["This page cannot be opened"]
    assert any("not available to the role Observer" in w.value for w in at.warning)


def test_the_language_is_kept_in_the_url_and_read_back_by_a_new_session(app_users):
    at = signed_in(app_users["observer"])
    at.sidebar.selectbox(key="lang_select").select("en").run()
    assert at.query_params["lang"] in ("en", ["en"])
    fresh = new_app()
    fresh.query_params["lang"] = "en"  # a reload or a copied link
    fresh.run()
    assert fresh.session_state["lang"] == "en"
    assert titles(fresh) == ["Sign in"] or "Sign in" in [s.value for s in fresh.subheader]
