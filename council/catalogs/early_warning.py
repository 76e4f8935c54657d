"""Early warning (issue 19): the core's words; each rule module adds its own
``warning.rule.<rule>`` label and message keys."""

VI = {
    "warning.nav": "Cảnh báo sớm",
    "warning.act_there": "Bỏ qua hoặc mở vụ việc từ cảnh báo: trang Cảnh báo sớm",
    "home.warnings": "Cảnh báo sớm đang mở",
    "home.warnings_open": "Xem cảnh báo",
    "warning.title": "Cảnh báo sớm",
    "warning.intro": (
        "Các cảnh báo được tính lại từ dữ liệu mỗi lần mở trang: ưu đãi đầu tư thấp hơn mức sàn của vùng "
        "hoặc leo thang giữa các tỉnh láng giềng, công trình quy hoạch trùng lặp, vượt nhu cầu hoặc không "
        "nối được với tỉnh bên cạnh. Cảnh báo đã bỏ qua sẽ trở lại khi số liệu của nó thay đổi."
    ),
    "warning.show": "Xem",
    "warning.facts": "Quy tắc: {rule} · Loại xung đột: {kind} · Tỉnh, thành phố: {provinces}",
    "warning.records": "Hồ sơ liên quan:",
    "warning.back_after_dismissal": "Cảnh báo này đã được bỏ qua trước đây; số liệu đã thay đổi nên nó hiện lại.",
    "warning.back_after_case": "Đã mở vụ việc {code} cho cảnh báo này trước đây; số liệu đã thay đổi nên nó hiện lại.",
    "warning.dismissed_line": "Bỏ qua bởi {who} ngày {at}. Lý do: {reason}",
    "warning.open_conflict": "Mở vụ việc {code}",
    "warning.to_case": "Mở thành vụ việc xung đột",
    "warning.case_opened": "Đã mở vụ việc {code} với các tỉnh được nêu là các bên.",
    "warning.field.reason": "Lý do bỏ qua (bắt buộc)",
    "warning.dismiss": "Bỏ qua cảnh báo",
    "warning.dismissed": "Đã bỏ qua cảnh báo. Nó sẽ hiện lại nếu số liệu thay đổi.",
    "warning.more": "Còn {n} cảnh báo nữa; hãy xử lý các cảnh báo trên trước.",
    "warning.none.open": "Không có cảnh báo nào đang mở trong vùng này.",
    "warning.none.dismissed": "Chưa có cảnh báo nào bị bỏ qua.",
    "warning.none.case": "Chưa có cảnh báo nào được mở thành vụ việc.",
    "myprovince.warnings": "Cảnh báo sớm liên quan đến tỉnh",
    "meetings.item.early_warning": "Cảnh báo sớm chưa được xử lý",
    "warning.case_title": "Cảnh báo sớm: {message}",
    "warning.case_description": "Mở từ cảnh báo sớm ({rule}).\n\n{message}\n\nHồ sơ liên quan:",
    "warning.party_position": "Được nêu trong cảnh báo sớm; chưa ghi ý kiến của tỉnh",
    "warning.link.project": "Dự án",
    "warning.link.incentive": "Ưu đãi đầu tư",
    "warning.link.facility": "Công trình quy hoạch",
    "warning.link.standard": "Mức sàn ưu đãi của vùng",
    "warning.error.changed": "Số liệu của cảnh báo đã thay đổi từ khi trang được mở. Hãy xem lại cảnh báo.",
    "warning.error.case_exists": "Cảnh báo này đã được mở thành vụ việc.",
    "warning.status.open": "Đang cảnh báo",
    "warning.status.dismissed": "Đã bỏ qua",
    "warning.status.case": "Đã mở vụ việc",
}

EN = {
    "warning.nav": "Early warning",
    "warning.act_there": "Dismiss a warning or open it as a case: the Early warning page",
    "home.warnings": "Open early warnings",
    "home.warnings_open": "See the warnings",
    "warning.title": "Early warning",
    "warning.intro": (
        "Warnings are recomputed from the data each time the page opens: investment incentives below the "
        "region's floor or escalating between neighbouring provinces, planned facilities that duplicate, "
        "exceed the forecast need or fail to connect with the next province. A dismissed warning comes "
        "back when its figures change."
    ),
    "warning.show": "Show",
    "warning.facts": "Rule: {rule} · Kind of conflict: {kind} · Provinces: {provinces}",
    "warning.records": "Records concerned:",
    "warning.back_after_dismissal": "This warning was dismissed before; its figures have changed, so it is back.",
    "warning.back_after_case": "Case {code} was opened for this warning before; its figures have changed, so it is back.",
    "warning.dismissed_line": "Dismissed by {who} on {at}. Reason: {reason}",
    "warning.open_conflict": "Open case {code}",
    "warning.to_case": "Open as a conflict case",
    "warning.case_opened": "Case {code} opened with the provinces named as parties.",
    "warning.field.reason": "Reason for dismissing (required)",
    "warning.dismiss": "Dismiss the warning",
    "warning.dismissed": "Warning dismissed. It comes back if its figures change.",
    "warning.more": "{n} more warnings; deal with the ones above first.",
    "warning.none.open": "No open warnings in this region.",
    "warning.none.dismissed": "No warning has been dismissed.",
    "warning.none.case": "No warning has been opened as a case.",
    "myprovince.warnings": "Early warnings concerning the province",
    "meetings.item.early_warning": "Early warning not yet dealt with",
    "warning.case_title": "Early warning: {message}",
    "warning.case_description": "Opened from an early warning ({rule}).\n\n{message}\n\nRecords concerned:",
    "warning.party_position": "Named by the early warning; the province's position is not recorded yet",
    "warning.link.project": "Project",
    "warning.link.incentive": "Investment incentive",
    "warning.link.facility": "Planned facility",
    "warning.link.standard": "Regional incentive floor",
    "warning.error.changed": "The figures behind this warning changed since the page was opened. Look at it again.",
    "warning.error.case_exists": "This warning has already been opened as a case.",
    "warning.status.open": "Active warning",
    "warning.status.dismissed": "Dismissed",
    "warning.status.case": "Case opened",
}
