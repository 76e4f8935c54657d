"""The page kit: form notices, unexpected errors."""

VI = {
    "kit.already_saved": "Biểu mẫu này vừa được gửi với đúng những giá trị này; không ghi thêm lần nữa.",
    "kit.reopened": "Biểu mẫu đã được mở lại với bản ghi mới nhất: hãy xem thay đổi của họ rồi sửa lại nếu cần.",
    "kit.unexpected": "Đã xảy ra lỗi ngoài dự kiến; thao tác chưa hoàn tất. Mã lỗi: {error_id}. Hãy thử lại, và nếu lỗi còn lặp lại, gửi mã lỗi này cho Cơ quan thường trực.",
    "kit.import.limits": "Tệp Excel (.xlsx) hoặc CSV (UTF-8), tối đa {mb} MB. Tệp được nhập toàn bộ hoặc không nhập dòng nào: nếu có dòng sai, hệ thống liệt kê từng dòng và trường cần sửa.",
    "kit.import.no_file": "Hãy chọn tệp cần nhập trước khi bấm nút.",
}

EN = {
    "kit.already_saved": "This form was just sent with exactly these values; it is not written a second time.",
    "kit.reopened": "The form has been reopened on the newest record: look at their change, then edit again if needed.",
    "kit.unexpected": "Something unexpected went wrong; the action was not completed. Error id: {error_id}. Try again, and if it happens again, send this id to the secretariat.",
    "kit.import.limits": "An Excel (.xlsx) or CSV (UTF-8) file of at most {mb} MB. The file is imported whole or not at all: if any row is wrong, every row and field to fix is listed.",
    "kit.import.no_file": "Choose the file to import first.",
}
