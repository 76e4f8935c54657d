"""Messages of the Vietnamese-first work (issue 15): number fields, landing, unknown pages."""

VI = {
    "error.field_not_a_number": "{field}: «{value}» không phải là số (ví dụ 18,5 hoặc 1.234,5).",
    "error.field_not_a_whole_number": "{field}: «{value}» phải là số nguyên.",
    "kit.number_placeholder": "ví dụ 18,5",
}

EN = {
    "error.field_not_a_number": "{field}: “{value}” is not a number (e.g. 18.5 or 1,234.5).",
    "error.field_not_a_whole_number": "{field}: “{value}” must be a whole number.",
    "kit.number_placeholder": "e.g. 18.5",
}
