"""Bounded uploads, finite numbers, dates in range, clean text, refused stale imports (issue 14)."""

VI = {
    "error.not_finite": "«{value}» không phải là một con số cụ thể (không nhận vô cực, NaN hay số vượt quá 1e308).",
    "error.date_out_of_range": "Ngày {value} nằm ngoài khoảng cho phép (năm {first} đến năm {last}).",
    "error.cell_too_long": "Ô ở cột «{column}» dài quá {max} ký tự.",
    "error.too_many_rows": "Tệp có quá nhiều dòng: tối đa {max} dòng dữ liệu.",
    "error.too_many_columns": "Tệp có quá nhiều cột: tối đa {max} cột.",
    "error.sheet_dimension": (
        "Trang tính «{sheet}» khai báo vùng dữ liệu {ref} ({rows} dòng × {cols} cột), vượt giới hạn "
        "{max_rows} dòng × {max_cols} cột. Hãy xóa các ô thừa hoặc lưu riêng phần cần nhập."
    ),
    "error.xlsx_uncompressed": "Tệp Excel khi giải nén lớn quá {max_mb} MB; không đọc tệp này.",
    "error.xlsx_not_workbook": "Tệp {name} không phải là sổ tính Excel (.xlsx) hợp lệ.",
    "error.import_changed": (
        "Trong lúc kiểm tra tệp, {count} bản ghi đã được người khác thay đổi (lần đầu: {entity} {ident}). "
        "Không có dòng nào được ghi; hãy nhập lại tệp."
    ),
}

EN = {
    "error.not_finite": "“{value}” is not a definite number (infinity, NaN and numbers beyond 1e308 are refused).",
    "error.date_out_of_range": "The date {value} is outside the allowed range (years {first} to {last}).",
    "error.cell_too_long": "A cell in column “{column}” is longer than {max} characters.",
    "error.too_many_rows": "The file has too many rows: at most {max} data rows.",
    "error.too_many_columns": "The file has too many columns: at most {max}.",
    "error.sheet_dimension": (
        "Sheet “{sheet}” declares the range {ref} ({rows} rows × {cols} columns), beyond the limit of "
        "{max_rows} rows × {max_cols} columns. Delete the stray cells or save the part to import on its own."
    ),
    "error.xlsx_uncompressed": "The Excel file unpacks to more than {max_mb} MB; it is not read.",
    "error.xlsx_not_workbook": "{name} is not a valid Excel workbook (.xlsx).",
    "error.import_changed": (
        "While the file was being checked, {count} record(s) were changed by someone else (first: {entity} "
        "{ident}). No row was written; import the file again."
    ),
}
