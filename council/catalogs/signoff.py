"""Two-level sign-off of figures and per-indicator progress settings (issue 21, items 4 and 5)."""

VI = {
    # the role
    "role.statistics_officer": "Cán bộ thống kê tỉnh",
    "role_of.statistics_officer": "Cán bộ thống kê {province}",
    "error.officer_needs_province": "Cán bộ thống kê tỉnh phải gắn với một tỉnh, thành phố.",
    # the new step of a figure
    "ostatus.verified": "Đã xác minh, chờ ký xác nhận",
    "meetings.figstatus.verified": "Chờ đại diện tỉnh ký xác nhận",
    "plan.figstatus.verified": "chờ đại diện tỉnh ký xác nhận",
    "meetings.item.figures_awaiting_signoff": "Số liệu chờ đại diện tỉnh ký xác nhận",
    "entity.province_signoff": "số cấp ký xác nhận số liệu",
    "entity.indicator_progress": "cách tính tiến độ của chỉ tiêu",
    "audit_field.levels": "Số cấp ký xác nhận",
    "audit_field.method": "Cách tính tiến độ",
    "audit_field.on_track": "Ngưỡng đúng tiến độ",
    "audit_field.at_risk": "Ngưỡng có nguy cơ chậm",
    "signoff.audit_step": "Bước của số liệu: {step}",
    # errors
    "signoff.error.one_level": (
        "Số liệu của tỉnh này chỉ qua một cấp ký xác nhận: không có bước xác minh của cán bộ thống kê."
    ),
    "signoff.error.not_verified": (
        "Còn {n} số liệu năm {year} chưa được cán bộ thống kê xác minh: chưa thể ký xác nhận và gửi."
    ),
    "signoff.error.nothing_to_verify": "Không có số liệu nháp hoặc bị trả lại nào của năm {year} để xác minh.",
    "signoff.error.nothing_verified": "Không có số liệu nào của năm {year} đang chờ ký xác nhận.",
    "signoff.error.no_officer": (
        "{province} chưa có cán bộ thống kê tỉnh đang hoạt động: hãy tạo tài khoản trước khi đặt hai cấp."
    ),
    "targets.error.bad_threshold": "Ngưỡng «{value}» phải là một số lớn hơn 0 và không quá {max}.",
    "targets.error.thresholds_order": (
        "Ngưỡng có nguy cơ chậm ({risk}) không được lớn hơn ngưỡng đúng tiến độ ({on})."
    ),
    # the figures page
    "signoff.levels_two": (
        "Số liệu của tỉnh này qua **hai cấp**: cán bộ thống kê tỉnh nhập và xác minh, "
        "đại diện tỉnh ký xác nhận và gửi Cơ quan thường trực."
    ),
    "signoff.levels_one": "Số liệu của tỉnh này qua **một cấp**: đại diện tỉnh gửi Cơ quan thường trực.",
    "signoff.ready_verify": "Sẵn sàng xác minh: **{n}** số liệu nháp hoặc đã sửa sau khi bị trả lại.",
    "signoff.verify": "Xác minh {n} số liệu năm {year}",
    "signoff.verified": "Đã xác minh {n} số liệu; chờ đại diện tỉnh ký xác nhận.",
    "signoff.awaiting": "Chờ ký xác nhận: **{n}** số liệu đã được cán bộ thống kê xác minh.",
    "signoff.returned_to_signoff": (
        "Cơ quan thường trực trả lại {n} số liệu để đại diện tỉnh xem lại trước khi ký. Lý do: {reason}"
    ),
    "signoff.sign_off": "Ký xác nhận và gửi {n} số liệu năm {year}",
    "signoff.signed_off": "Đã ký xác nhận và gửi {n} số liệu cho Cơ quan thường trực.",
    "signoff.send_back_title": "Trả lại cho cán bộ thống kê",
    "signoff.send_back_reason": "Lý do trả lại cho cán bộ thống kê",
    "signoff.send_back": "Trả lại cho cán bộ thống kê",
    "signoff.sent_back": "Đã trả lại {n} số liệu cho cán bộ thống kê.",
    "signoff.return_level": "Trả lại cho",
    "signoff.level.entry": "Cán bộ thống kê tỉnh (nhập, xác minh lại)",
    "signoff.level.signoff": "Đại diện tỉnh (ký xác nhận lại)",
    "signoff.levels_title": "Số cấp ký xác nhận số liệu của các tỉnh",
    "signoff.levels_help": (
        "Một cấp: đại diện tỉnh gửi số liệu. Hai cấp: cán bộ thống kê tỉnh xác minh, đại diện tỉnh ký "
        "xác nhận rồi mới gửi. Hai cấp cần một cán bộ thống kê tỉnh đang hoạt động."
    ),
    "signoff.col.levels": "Số cấp",
    "signoff.col.officers": "Cán bộ thống kê tỉnh",
    "signoff.province": "Tỉnh, thành phố",
    "signoff.levels_choice": "Số cấp ký xác nhận",
    "signoff.level_n.1": "Một cấp (đại diện tỉnh)",
    "signoff.level_n.2": "Hai cấp (cán bộ thống kê, rồi đại diện tỉnh)",
    "signoff.levels_save": "Lưu số cấp",
    "signoff.levels_saved": "Đã lưu số cấp ký xác nhận.",
    # my province
    "myprovince.awaiting_signoff": "Số liệu chờ ký xác nhận",
    "myprovince.awaiting_signoff_line": "Năm {year}: {n} số liệu đã xác minh, chờ đại diện tỉnh ký xác nhận",
    # per-indicator progress settings
    "progress_settings.title": "Cách tính tiến độ của chỉ tiêu",
    "progress_settings.help": (
        "Để trống ngưỡng để dùng mặc định (0,95 và 0,60). Cách tính mặc định: trung bình tốc độ hằng năm "
        "cho đơn vị «%/năm», tỷ số tăng trưởng bình quân (CAGR) cho các chỉ tiêu khác."
    ),
    "progress_settings.method": "Cách tính",
    "progress_settings.method.": "Mặc định theo đơn vị",
    "progress_settings.method.cagr": "Tỷ số tăng trưởng bình quân (CAGR)",
    "progress_settings.method.linear": "Tỷ số thay đổi tuyến tính",
    "progress_settings.method.yearly_mean": "Trung bình tốc độ hằng năm",
    "progress_settings.on_track": "Ngưỡng đúng tiến độ (R ≥)",
    "progress_settings.at_risk": "Ngưỡng có nguy cơ chậm (R ≥)",
    "progress_settings.save": "Lưu cách tính tiến độ",
    "progress_settings.saved": "Đã lưu cách tính tiến độ; các trạng thái được tính lại theo cách này.",
    "progress_settings.used": "Cách tính: {method}; ngưỡng {on} / {risk} ({source})",
    "progress_settings.source.default": "mặc định",
    "progress_settings.source.indicator": "riêng của chỉ tiêu",
}

EN = {
    "role.statistics_officer": "Provincial statistics officer",
    "role_of.statistics_officer": "Statistics officer of {province}",
    "error.officer_needs_province": "A provincial statistics officer must be bound to one province.",
    "ostatus.verified": "Verified, awaiting sign-off",
    "meetings.figstatus.verified": "Awaiting the representative's sign-off",
    "plan.figstatus.verified": "awaiting the representative's sign-off",
    "meetings.item.figures_awaiting_signoff": "Figures awaiting the representative's sign-off",
    "entity.province_signoff": "figure sign-off levels",
    "entity.indicator_progress": "indicator progress settings",
    "audit_field.levels": "Sign-off levels",
    "audit_field.method": "Progress method",
    "audit_field.on_track": "On-track threshold",
    "audit_field.at_risk": "At-risk threshold",
    "signoff.audit_step": "Step of the figure: {step}",
    "signoff.error.one_level": (
        "This province's figures pass one sign-off level only: there is no statistics officer's verification."
    ),
    "signoff.error.not_verified": (
        "{n} figures of {year} are not yet verified by the statistics officer: they cannot be signed off yet."
    ),
    "signoff.error.nothing_to_verify": "There are no draft or returned figures of {year} to verify.",
    "signoff.error.nothing_verified": "No figures of {year} are awaiting sign-off.",
    "signoff.error.no_officer": (
        "{province} has no active provincial statistics officer: create the account before setting two levels."
    ),
    "targets.error.bad_threshold": "The threshold “{value}” must be a number above 0 and at most {max}.",
    "targets.error.thresholds_order": "The at-risk threshold ({risk}) cannot be above the on-track threshold ({on}).",
    "signoff.levels_two": (
        "This province's figures pass **two levels**: the provincial statistics officer enters and verifies "
        "them, the representative signs them off and submits them to the secretariat."
    ),
    "signoff.levels_one": "This province's figures pass **one level**: the representative submits them.",
    "signoff.ready_verify": "Ready to verify: **{n}** draft or corrected figures.",
    "signoff.verify": "Verify {n} figures of {year}",
    "signoff.verified": "{n} figures verified; awaiting the representative's sign-off.",
    "signoff.awaiting": "Awaiting sign-off: **{n}** figures verified by the statistics officer.",
    "signoff.returned_to_signoff": (
        "The secretariat returned {n} figures for the representative to review before signing. Reason: {reason}"
    ),
    "signoff.sign_off": "Sign off and submit {n} figures of {year}",
    "signoff.signed_off": "{n} figures signed off and sent to the secretariat.",
    "signoff.send_back_title": "Send back to the statistics officer",
    "signoff.send_back_reason": "Reason for sending back",
    "signoff.send_back": "Send back to the statistics officer",
    "signoff.sent_back": "{n} figures sent back to the statistics officer.",
    "signoff.return_level": "Return to",
    "signoff.level.entry": "The provincial statistics officer (enter, verify again)",
    "signoff.level.signoff": "The representative (sign off again)",
    "signoff.levels_title": "Sign-off levels of the provinces' figures",
    "signoff.levels_help": (
        "One level: the representative submits the figures. Two levels: the provincial statistics officer "
        "verifies them, then the representative signs them off and submits them. Two levels need an active "
        "provincial statistics officer."
    ),
    "signoff.col.levels": "Levels",
    "signoff.col.officers": "Provincial statistics officers",
    "signoff.province": "Province",
    "signoff.levels_choice": "Sign-off levels",
    "signoff.level_n.1": "One level (the representative)",
    "signoff.level_n.2": "Two levels (the statistics officer, then the representative)",
    "signoff.levels_save": "Save the levels",
    "signoff.levels_saved": "Sign-off levels saved.",
    "myprovince.awaiting_signoff": "Figures awaiting sign-off",
    "myprovince.awaiting_signoff_line": "{year}: {n} figures verified, awaiting the representative's sign-off",
    "progress_settings.title": "How the indicator's progress is computed",
    "progress_settings.help": (
        "Leave a threshold empty for the default (0.95 and 0.60). Default method: the mean of the yearly "
        "rates for a “%/năm” unit, the compound growth (CAGR) ratio for the others."
    ),
    "progress_settings.method": "Method",
    "progress_settings.method.": "Default for the unit",
    "progress_settings.method.cagr": "Compound growth (CAGR) ratio",
    "progress_settings.method.linear": "Linear change ratio",
    "progress_settings.method.yearly_mean": "Mean of the yearly rates",
    "progress_settings.on_track": "On-track threshold (R ≥)",
    "progress_settings.at_risk": "At-risk threshold (R ≥)",
    "progress_settings.save": "Save the progress settings",
    "progress_settings.saved": "Progress settings saved; the statuses are computed with them.",
    "progress_settings.used": "Method: {method}; thresholds {on} / {risk} ({source})",
    "progress_settings.source.default": "default",
    "progress_settings.source.indicator": "the indicator's own",
}
