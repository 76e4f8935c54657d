"""Opening a record from a link (?project=, ?target=, ?province=&year=) and the council's
decisions shown on the records they concern."""

VI = {
    "records.project_not_found": "Không tìm thấy dự án có mã số «{ident}» trong liên kết; đang hiển thị dự án khác.",
    "records.target_not_found": "Không tìm thấy mục tiêu có mã số «{ident}» trong liên kết.",
    "records.conflict_not_found": "Không tìm thấy xung đột «{ident}» trong liên kết.",
    "records.target_other_region": "Mục tiêu này không thuộc vùng đang chọn; mở từ liên kết.",
    "records.province_not_found": "Không tìm thấy tỉnh, thành phố có mã số «{ident}» trong liên kết.",
    "records.province_not_yours": "Bạn chỉ làm việc với số liệu của tỉnh, thành phố mình; tỉnh trong liên kết được bỏ qua.",
    "records.year_not_found": "Năm «{ident}» trong liên kết không có trong danh sách năm ({first}–{last}).",
    "records.decisions": "Quyết định của Hội đồng",
    "records.decisions_none": "Hội đồng chưa có quyết định nào về hồ sơ này.",
    "records.decision_facts": "Thời hạn: {deadline} · Tình trạng: {status} · Phiên họp ngày {date} tại {place}",
    "records.open_meeting": "Xem phiên họp",
}

EN = {
    "records.project_not_found": "No project with id “{ident}” from the link; another project is shown.",
    "records.target_not_found": "No target with id “{ident}” from the link.",
    "records.conflict_not_found": "No conflict “{ident}” from the link.",
    "records.target_other_region": "This target is outside the selected region; opened from a link.",
    "records.province_not_found": "No province with id “{ident}” from the link.",
    "records.province_not_yours": "You work on your own province's figures; the province in the link is ignored.",
    "records.year_not_found": "The year “{ident}” in the link is not in the list of years ({first}–{last}).",
    "records.decisions": "Council decisions",
    "records.decisions_none": "The council has taken no decision about this record.",
    "records.decision_facts": "Deadline: {deadline} · Status: {status} · Meeting of {date} in {place}",
    "records.open_meeting": "Open the meeting",
}
