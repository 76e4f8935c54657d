"""Early warning (issue 19): the core's words; each rule module adds its own
``warning.rule.<rule>`` label and message keys."""

VI = {
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
