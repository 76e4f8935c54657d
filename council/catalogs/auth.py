"""Messages of sign-in, the first account and the password policy."""

VI = {
    "auth.busy": "Hệ thống đang bận, chưa thực hiện được. Vui lòng thử lại sau giây lát.",
    "auth.throttled": "Có quá nhiều lần đăng nhập không thành công. Vui lòng thử lại sau {wait} giây.",
    "auth.password_too_long": "Mật khẩu không được dài quá {max} ký tự.",
    "auth.password_has_name": "Mật khẩu không được chứa tên đăng nhập hoặc họ tên.",
    "auth.password_common": "Mật khẩu này quá phổ biến (có trong danh sách mật khẩu đã bị lộ). Vui lòng chọn mật khẩu khác.",
    "auth.password_weak": "Mật khẩu quá dễ đoán. Hãy dùng một cụm dài hơn, gồm nhiều từ không liên quan đến nhau.",
    "auth.password_rules": "Ít nhất 10 ký tự, không chứa tên đăng nhập, không phải mật khẩu phổ biến. Nên dùng một cụm gồm nhiều từ.",
    "auth.setup_code": "Mã thiết lập",
    "auth.setup_code_help": "Chỉ người quản trị máy chủ mới tạo được tài khoản đầu tiên: hãy nhập mã thiết lập dùng một lần. Mã được in trong cửa sổ dòng lệnh nơi máy chủ khởi động, và hiện ra khi chạy lệnh `council init` hoặc `council setup-code`.",
    "auth.setup_code_wrong": "Mã thiết lập không đúng. Xem mã trong cửa sổ dòng lệnh của máy chủ hoặc chạy `council setup-code`.",
    "auth.already_set_up": "Hệ thống đã có tài khoản. Vui lòng đăng nhập.",
    "auth.key_file": "Không dùng được khóa ký phiên đăng nhập: {detail}",
}

EN = {
    "auth.busy": "The system is busy and nothing was done. Please try again in a moment.",
    "auth.throttled": "Too many unsuccessful sign-ins. Please try again in {wait} seconds.",
    "auth.password_too_long": "The password must not be longer than {max} characters.",
    "auth.password_has_name": "The password must not contain the username or the full name.",
    "auth.password_common": "This password is too common (it is on the lists of leaked passwords). Please choose another.",
    "auth.password_weak": "This password is too easy to guess. Use a longer phrase of several unrelated words.",
    "auth.password_rules": "At least 10 characters, not containing the username, not a common password. A phrase of several words works well.",
    "auth.setup_code": "Setup code",
    "auth.setup_code_help": "Only the server's administrator can create the first account: enter the one-time setup code. It is printed in the terminal where the server was started, and shown by `council init` or `council setup-code`.",
    "auth.setup_code_wrong": "Wrong setup code. See the server's terminal or run `council setup-code`.",
    "auth.already_set_up": "The system already has an account. Please sign in.",
    "auth.key_file": "The session signing key cannot be used: {detail}",
}

VI.update(
    {
        "backup.not_council": "Tệp {path} không phải bản sao lưu của hệ thống này (thiếu các bảng của hội đồng).",
        "backup.not_pg_dump": "Tệp {path} không phải bản sao lưu PostgreSQL (pg_dump, định dạng custom).",
        "backup.unknown_version": "Bản sao lưu {path} có phiên bản cấu trúc dữ liệu {version} mà phiên bản phần mềm này không biết.",
        "backup.confirm": "Khôi phục sẽ thay toàn bộ dữ liệu hiện tại bằng bản sao lưu. Gõ yes để tiếp tục: ",
        "backup.cancelled": "Đã hủy, không thay đổi gì.",
        "backup.needs_yes": "Khôi phục cần xác nhận: chạy trong cửa sổ dòng lệnh hoặc thêm --yes.",
    }
)
EN.update(
    {
        "backup.not_council": "The file {path} is not a backup of this system (the council's tables are missing).",
        "backup.not_pg_dump": "The file {path} is not a PostgreSQL backup (pg_dump, custom format).",
        "backup.unknown_version": "The backup {path} has schema version {version}, which this release does not know.",
        "backup.confirm": "Restoring replaces all current data with the backup. Type yes to go on: ",
        "backup.cancelled": "Cancelled; nothing was changed.",
        "backup.needs_yes": "A restore needs a confirmation: run it in a terminal or add --yes.",
    }
)
