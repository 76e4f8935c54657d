"""Messages of the Vietnamese-first work (issue 15): number fields, landing, unknown pages."""

VI = {
    "error.field_not_a_number": "{field}: «{value}» không phải là số (ví dụ 18,5 hoặc 1.234,5).",
    "error.field_not_a_whole_number": "{field}: «{value}» phải là số nguyên.",
    "kit.number_placeholder": "ví dụ 18,5",
    "vi_ui.pick_provinces": "Chọn tỉnh, thành phố",
    "vi_ui.affiliation": "Đơn vị công tác",
    "vi_ui.seeded": "Dữ liệu gốc (nguồn công khai)",
    "vi_ui.implausible.history": (
        "Cần xem lại: {indicator} ({code}) = {value} {unit}, khác xa mức thường thấy của tỉnh "
        "(trung vị {reference} của {n} năm khác). Vẫn có thể duyệt nếu số liệu đúng."
    ),
    "vi_ui.implausible.peers": (
        "Cần xem lại: {indicator} ({code}) = {value} {unit}, khác xa các tỉnh cùng vùng cùng năm "
        "(trung vị {reference} của {n} tỉnh). Vẫn có thể duyệt nếu số liệu đúng."
    ),
    "shell.elsewhere_title": "Không mở được trang này",
    "shell.forbidden": "Trang «{page}» không dành cho vai trò {role}.",
    "shell.not_found": "Không có trang nào ở địa chỉ «{path}».",
    "shell.elsewhere_help": "Hãy chọn một trang trong danh mục bên trái.",
    "role_of.secretariat": "Cơ quan thường trực",
    "role_of.province_rep": "Đại diện {province}",
    "role_of.expert": "Chuyên gia",
    "role_of.observer": "Người xem",
    "perm.project.edit": "thêm và sửa dự án",
    "perm.project.propose": "đề xuất dự án",
    "perm.project.accept_share": "chấp nhận tỷ lệ phân bổ chi phí",
    "perm.agreement.edit": "thêm và sửa thỏa thuận",
    "perm.agreement.propose": "đề xuất thỏa thuận",
    "perm.conflict.open": "ghi nhận xung đột",
    "perm.conflict.edit": "sửa xung đột",
    "perm.conflict.transition": "chuyển trạng thái xung đột",
    "perm.conflict.comment": "góp ý về xung đột",
    "perm.comment.hide": "ẩn ý kiến",
    "perm.observation.enter": "nhập số liệu",
    "perm.observation.approve": "duyệt số liệu",
    "perm.target.edit": "sửa mục tiêu và chỉ tiêu",
    "perm.user.manage": "quản lý người dùng",
    "perm.data.import": "nhập dữ liệu từ tệp",
    "perm.audit.read": "xem nhật ký thay đổi",
    "perm.meeting.manage": "quản lý cuộc họp",
    "perm.only": "Chỉ {who} được {what}.",
    "perm.and": " và ",
    "perm.own": "đại diện của tỉnh, thành phố liên quan",
    "perm.nobody": "Không vai trò nào được {what}.",
}

EN = {
    "error.field_not_a_number": "{field}: “{value}” is not a number (e.g. 18.5 or 1,234.5).",
    "error.field_not_a_whole_number": "{field}: “{value}” must be a whole number.",
    "kit.number_placeholder": "e.g. 18.5",
    "vi_ui.pick_provinces": "Choose provinces",
    "vi_ui.affiliation": "Affiliation",
    "vi_ui.seeded": "Source data (public sources)",
    "vi_ui.implausible.history": (
        "Please check: {indicator} ({code}) = {value} {unit}, far from the province's usual level "
        "(median {reference} of {n} other years). It can still be approved if it is right."
    ),
    "vi_ui.implausible.peers": (
        "Please check: {indicator} ({code}) = {value} {unit}, far from the region's other provinces "
        "the same year (median {reference} of {n} provinces). It can still be approved if it is right."
    ),
    "shell.elsewhere_title": "This page cannot be opened",
    "shell.forbidden": "The page “{page}” is not available to the role {role}.",
    "shell.not_found": "There is no page at the address “{path}”.",
    "shell.elsewhere_help": "Choose a page in the menu on the left.",
    "role_of.secretariat": "Secretariat",
    "role_of.province_rep": "Representative of {province}",
    "role_of.expert": "Expert",
    "role_of.observer": "Observer",
    "perm.project.edit": "add and edit projects",
    "perm.project.propose": "propose projects",
    "perm.project.accept_share": "accept a cost share",
    "perm.agreement.edit": "add and edit agreements",
    "perm.agreement.propose": "propose agreements",
    "perm.conflict.open": "record conflicts",
    "perm.conflict.edit": "edit conflicts",
    "perm.conflict.transition": "move a conflict to another status",
    "perm.conflict.comment": "comment on conflicts",
    "perm.comment.hide": "hide comments",
    "perm.observation.enter": "enter figures",
    "perm.observation.approve": "approve figures",
    "perm.target.edit": "edit targets and indicators",
    "perm.user.manage": "manage users",
    "perm.data.import": "import data from files",
    "perm.audit.read": "read the audit log",
    "perm.meeting.manage": "manage meetings",
    "perm.only": "Only {who} may {what}.",
    "perm.and": " and ",
    "perm.own": "the representative of the province concerned",
    "perm.nobody": "No role may {what}.",
}
