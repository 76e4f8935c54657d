"""Facility plans and the overlap and mismatch detector (issue 19, items 4–5)."""

VI = {
    "facilities.nav": "Công trình quy hoạch",
    "facilities.title": "Công trình theo quy hoạch tỉnh",
    "facilities.intro": (
        "Cảng biển, cảng hàng không, khu công nghiệp, trung tâm logistics, cảng cạn và tuyến đường "
        "theo quy hoạch của các tỉnh; hệ thống tự phát hiện công trình trùng lặp, vượt nhu cầu dự báo "
        "và tuyến đường không kết nối đồng bộ tại ranh giới tỉnh."
    ),
    "facilities.empty": "Chưa có công trình nào. Hãy nhập theo quyết định phê duyệt quy hoạch tỉnh.",
    "facilities.view": "Xem",
    "facilities.tab.register": "Danh mục công trình",
    "facilities.tab.candidates": "Trùng lặp và không kết nối",
    "facilities.tab.io": "Nhập / xuất Excel",
    "facilities.tab.settings": "Ngưỡng và dự báo",
    "facilities.create": "Thêm công trình",
    "facilities.edit": "Sửa công trình",
    "facilities.choose": "Chọn công trình",
    "facilities.save": "Lưu công trình",
    "facilities.delete": "Xóa công trình",
    "facilities.saved": "Đã lưu công trình {code}.",
    "facilities.updated": "Đã cập nhật công trình.",
    "facilities.deleted": "Đã xóa công trình.",
    "facilities.field.code": "Mã",
    "facilities.field.kind": "Loại công trình",
    "facilities.field.name": "Tên công trình",
    "facilities.field.province": "Tỉnh, thành phố",
    "facilities.field.lat": "Vĩ độ (để trống nếu chỉ biết tỉnh)",
    "facilities.field.lon": "Kinh độ",
    "facilities.field.capacity": "Công suất",
    "facilities.field.area_ha": "Diện tích (ha)",
    "facilities.field.start_year": "Từ năm",
    "facilities.field.end_year": "Đến năm",
    "facilities.field.source": "Nguồn (quyết định phê duyệt quy hoạch tỉnh)",
    "facilities.field.grade": "Cấp đường",
    "facilities.field.lanes": "Số làn xe",
    "facilities.field.end_lat": "Vĩ độ điểm cuối (điểm tại ranh giới)",
    "facilities.field.end_lon": "Kinh độ điểm cuối",
    "facilities.field.border_province": "Tỉnh giáp ranh tại điểm cuối",
    "facilities.field.project": "Dự án trong danh mục",
    "facilities.field.note": "Ghi chú",
    "facilities.field.unit": "Đơn vị",
    "facilities.none": "— không —",
    "facilities.route_help": "Chỉ áp dụng cho tuyến đường bộ, đường sắt.",
    "facilities.kind.seaport": "Cảng biển",
    "facilities.kind.airport": "Cảng hàng không",
    "facilities.kind.industrial_park": "Khu công nghiệp",
    "facilities.kind.logistics_centre": "Trung tâm logistics",
    "facilities.kind.dry_port": "Cảng cạn",
    "facilities.kind.road": "Tuyến đường bộ",
    "facilities.kind.rail": "Tuyến đường sắt",
    "facilities.unit.mt_year": "triệu tấn/năm",
    "facilities.unit.mpax_year": "triệu lượt khách/năm",
    "facilities.unit.ha": "ha",
    "facilities.unit.kt_year": "nghìn tấn/năm",
    "facilities.unit.kteu_year": "nghìn TEU/năm",
    "facilities.grade.expressway": "đường cao tốc",
    "facilities.grade.national_road": "quốc lộ",
    "facilities.grade.provincial_road": "đường tỉnh",
    "facilities.grade.railway": "đường sắt",
    "facilities.setting.distance": "Khoảng cách trùng lặp: {kind} (km)",
    "facilities.setting.overcapacity_margin_pct": "Biên vượt dự báo (%)",
    "facilities.setting.connection_km": "Khoảng cách tìm tuyến đối ứng tại ranh giới (km)",
    "facilities.settings_save": "Lưu ngưỡng",
    "facilities.settings_saved": "Đã lưu ngưỡng của bộ phát hiện.",
    "facilities.forecast.title": "Dự báo công suất theo quy hoạch vùng",
    "facilities.forecast.region": "Vùng",
    "facilities.forecast.year": "Năm",
    "facilities.forecast.capacity": "Công suất dự báo",
    "facilities.forecast.source": "Nguồn",
    "facilities.forecast.save": "Lưu dự báo",
    "facilities.forecast.saved": "Đã lưu dự báo.",
    "facilities.forecast.empty": "Chưa có dự báo nào; quy tắc vượt nhu cầu chỉ chạy khi có dự báo.",
    "facilities.import_file": "Tệp công trình (.xlsx hoặc .csv)",
    "facilities.import_button": "Nhập tệp",
    "facilities.import_done": "Đã nhập: {created} mới, {updated} cập nhật, {unchanged} không đổi.",
    "facilities.export": "Tải danh mục (Excel)",
    "facilities.import_help": (
        "Cột: code, kind, name, province (bắt buộc: kind, name, province), lat, lon, capacity, area_ha, "
        "start_year, end_year, source, grade, lanes, end_lat, end_lon, border_province, project_code, note. "
        "Tệp có lỗi sẽ không được nhập dòng nào."
    ),
    "facilities.candidates.empty": "Không phát hiện trùng lặp hay điểm không kết nối nào.",
    "facilities.candidates.reason": "Lý do",
    "facilities.candidates.message": "Cảnh báo",
    "facilities.candidates.distance": "Khoảng cách (km)",
    "facilities.candidates.threshold": "Ngưỡng",
    "facilities.candidates.approximate": "Tâm tỉnh (gần đúng)",
    "facilities.reason.duplicate": "Trùng lặp",
    "facilities.reason.over_capacity": "Vượt nhu cầu dự báo",
    "facilities.reason.no_counterpart": "Không có tuyến đối ứng",
    "facilities.reason.different_grade": "Khác cấp đường",
    "facilities.map.title": "Bản đồ công trình và các cặp nghi trùng lặp / không kết nối",
    "facilities.map.pair": "Cặp cảnh báo",
    "facilities.approximate": "gần đúng: tâm tỉnh",
    "warning.rule.facilities.duplicate": "Công trình trùng lặp giữa các tỉnh",
    "warning.rule.facilities.over_capacity": "Công suất quy hoạch vượt dự báo của vùng",
    "warning.rule.facilities.connection": "Tuyến đường không kết nối đồng bộ tại ranh giới",
    "facilities.flag.duplicate": (
        "{kind:vi} «{a}» ({province_a:vi}) và «{b}» ({province_b:vi}) cách nhau {distance:vi} km, "
        "trong ngưỡng {limit:vi} km, thời kỳ quy hoạch trùng nhau."
    ),
    "facilities.flag.duplicate_approx": (
        "{kind:vi} «{a}» ({province_a:vi}) và «{b}» ({province_b:vi}) cách nhau khoảng {distance:vi} km "
        "(gần đúng: tâm tỉnh), trong ngưỡng {limit:vi} km, thời kỳ quy hoạch trùng nhau."
    ),
    "facilities.flag.over_capacity": (
        "{kind:vi} ở {region:vi} năm {year}: {count} công trình quy hoạch cộng {total:vi} {unit:vi}, "
        "vượt dự báo {forecast:vi} {unit:vi} của quy hoạch vùng {excess:vi} % (biên cho phép {margin:vi} %)."
    ),
    "facilities.flag.no_counterpart": (
        "{kind:vi} «{a}» của {province_a:vi} quy hoạch đến ranh giới với {province_b:vi}, nhưng "
        "{province_b:vi} không có tuyến đối ứng."
    ),
    "facilities.flag.no_counterpart_far": (
        "{kind:vi} «{a}» của {province_a:vi} quy hoạch đến ranh giới với {province_b:vi}; tuyến gần nhất "
        "của {province_b:vi} («{b}») dừng cách {distance:vi} km, ngoài ngưỡng {limit:vi} km."
    ),
    "facilities.flag.different_grade": (
        "«{a}» ({province_a:vi}, {grade_a:vi}) và «{b}» ({province_b:vi}, {grade_b:vi}) gặp nhau tại "
        "ranh giới (cách {distance:vi} km) nhưng khác cấp đường."
    ),
    "facilities.error.bad_kind": "Loại công trình «{value}» không có trong danh sách.",
    "facilities.error.bad_grade": "Cấp đường «{value}» không có trong danh sách.",
    "facilities.error.too_long": "Dài quá {limit} ký tự.",
    "facilities.error.both_coordinates": "Cần cả vĩ độ và kinh độ, hoặc để trống cả hai.",
    "facilities.error.outside_vietnam": "Tọa độ {value} nằm ngoài lãnh thổ Việt Nam.",
    "facilities.error.whole_number": "«{value}» phải là số nguyên.",
    "facilities.error.bad_year": "Năm {value} không hợp lệ.",
    "facilities.error.period": "Năm kết thúc trước năm bắt đầu.",
    "facilities.error.unknown_project": "Không có dự án {value} trong danh mục.",
    "facilities.error.route_no_capacity": "Tuyến đường ghi cấp đường và số làn, không ghi công suất.",
    "facilities.error.route_only": "Chỉ ghi cho tuyến đường bộ, đường sắt.",
    "facilities.error.not_neighbour": "Tỉnh này không giáp ranh với tỉnh của tuyến.",
    "facilities.error.border_end": "Tuyến đến ranh giới cần tọa độ điểm cuối tại ranh giới.",
    "facilities.error.empty_file": "Tệp không có dòng nào.",
    "facilities.error.code_twice": "Mã {value} đã có ở dòng {first}.",
    "facilities.error.bad_code": "Mã «{value}» chỉ gồm chữ, số, dấu chấm, gạch (tối đa 32 ký tự).",
    "facilities.error.not_your_province": "Dòng này thuộc tỉnh khác: đại diện tỉnh chỉ nhập công trình của tỉnh mình.",
    "facilities.error.unknown_setting": "Không có ngưỡng này.",
    "facilities.error.settings_changed": "Ngưỡng vừa được người khác lưu; hãy mở lại trang.",
    "entity.facility": "công trình quy hoạch",
    "entity.facility_forecast": "dự báo công suất",
    "entity.facility_settings": "ngưỡng phát hiện trùng lặp",
}

EN = {
    "facilities.nav": "Planned facilities",
    "facilities.title": "Facilities in the provincial plans",
    "facilities.intro": (
        "Seaports, airports, industrial parks, logistics centres, dry ports and routes in the provinces' "
        "plans; the app finds duplicated facilities, capacity above the regional forecast and routes that "
        "do not connect at a provincial border."
    ),
    "facilities.empty": "No facilities yet. Enter them from the decisions approving the provincial plans.",
    "facilities.view": "View",
    "facilities.tab.register": "Register",
    "facilities.tab.candidates": "Duplicates and mismatches",
    "facilities.tab.io": "Excel import / export",
    "facilities.tab.settings": "Thresholds and forecasts",
    "facilities.create": "Add a facility",
    "facilities.edit": "Edit a facility",
    "facilities.choose": "Choose a facility",
    "facilities.save": "Save facility",
    "facilities.delete": "Delete facility",
    "facilities.saved": "Facility {code} saved.",
    "facilities.updated": "Facility updated.",
    "facilities.deleted": "Facility deleted.",
    "facilities.field.code": "Code",
    "facilities.field.kind": "Type",
    "facilities.field.name": "Name",
    "facilities.field.province": "Province",
    "facilities.field.lat": "Latitude (leave empty if only the province is known)",
    "facilities.field.lon": "Longitude",
    "facilities.field.capacity": "Capacity",
    "facilities.field.area_ha": "Area (ha)",
    "facilities.field.start_year": "From year",
    "facilities.field.end_year": "To year",
    "facilities.field.source": "Source (decision approving the provincial plan)",
    "facilities.field.grade": "Road grade",
    "facilities.field.lanes": "Lanes",
    "facilities.field.end_lat": "Latitude of the far end (at the border)",
    "facilities.field.end_lon": "Longitude of the far end",
    "facilities.field.border_province": "Neighbouring province at the far end",
    "facilities.field.project": "Project in the register",
    "facilities.field.note": "Note",
    "facilities.field.unit": "Unit",
    "facilities.none": "— none —",
    "facilities.route_help": "For road and rail routes only.",
    "facilities.kind.seaport": "Seaport",
    "facilities.kind.airport": "Airport",
    "facilities.kind.industrial_park": "Industrial park",
    "facilities.kind.logistics_centre": "Logistics centre",
    "facilities.kind.dry_port": "Dry port",
    "facilities.kind.road": "Road",
    "facilities.kind.rail": "Railway",
    "facilities.unit.mt_year": "million tonnes a year",
    "facilities.unit.mpax_year": "million passengers a year",
    "facilities.unit.ha": "ha",
    "facilities.unit.kt_year": "thousand tonnes a year",
    "facilities.unit.kteu_year": "thousand TEU a year",
    "facilities.grade.expressway": "expressway",
    "facilities.grade.national_road": "national road",
    "facilities.grade.provincial_road": "provincial road",
    "facilities.grade.railway": "railway",
    "facilities.setting.distance": "Duplicate distance: {kind} (km)",
    "facilities.setting.overcapacity_margin_pct": "Margin above the forecast (%)",
    "facilities.setting.connection_km": "Distance to look for a counterpart route at the border (km)",
    "facilities.settings_save": "Save thresholds",
    "facilities.settings_saved": "Detector thresholds saved.",
    "facilities.forecast.title": "Capacity forecasts of the regional plan",
    "facilities.forecast.region": "Region",
    "facilities.forecast.year": "Year",
    "facilities.forecast.capacity": "Forecast capacity",
    "facilities.forecast.source": "Source",
    "facilities.forecast.save": "Save forecast",
    "facilities.forecast.saved": "Forecast saved.",
    "facilities.forecast.empty": "No forecasts yet; the over-capacity rule runs only where there is one.",
    "facilities.import_file": "Facilities file (.xlsx or .csv)",
    "facilities.import_button": "Import file",
    "facilities.import_done": "Imported: {created} new, {updated} updated, {unchanged} unchanged.",
    "facilities.export": "Download the register (Excel)",
    "facilities.import_help": (
        "Columns: code, kind, name, province (required: kind, name, province), lat, lon, capacity, area_ha, "
        "start_year, end_year, source, grade, lanes, end_lat, end_lon, border_province, project_code, note. "
        "A file with any error lands no row."
    ),
    "facilities.candidates.empty": "No duplicates or mismatches found.",
    "facilities.candidates.reason": "Reason",
    "facilities.candidates.message": "Warning",
    "facilities.candidates.distance": "Distance (km)",
    "facilities.candidates.threshold": "Threshold",
    "facilities.candidates.approximate": "Province centre (approximate)",
    "facilities.reason.duplicate": "Duplicate",
    "facilities.reason.over_capacity": "Above the forecast",
    "facilities.reason.no_counterpart": "No counterpart route",
    "facilities.reason.different_grade": "Different grade",
    "facilities.map.title": "Facilities and the pairs flagged as duplicates or mismatches",
    "facilities.map.pair": "Flagged pair",
    "facilities.approximate": "approximate: province centre",
    "warning.rule.facilities.duplicate": "Facilities duplicated between provinces",
    "warning.rule.facilities.over_capacity": "Planned capacity above the regional forecast",
    "warning.rule.facilities.connection": "Routes that do not connect at the border",
    "facilities.flag.duplicate": (
        "{kind:en} “{a}” ({province_a:en}) and “{b}” ({province_b:en}) are {distance:en} km apart, within "
        "{limit:en} km, with overlapping plan periods."
    ),
    "facilities.flag.duplicate_approx": (
        "{kind:en} “{a}” ({province_a:en}) and “{b}” ({province_b:en}) are about {distance:en} km apart "
        "(approximate: province centre), within {limit:en} km, with overlapping plan periods."
    ),
    "facilities.flag.over_capacity": (
        "{kind:en} in {region:en} in {year}: {count} planned facilities add up to {total:en} {unit:en}, "
        "{excess:en} % above the regional plan's forecast of {forecast:en} {unit:en} (margin {margin:en} %)."
    ),
    "facilities.flag.no_counterpart": (
        "{kind:en} “{a}” of {province_a:en} is planned to the border with {province_b:en}, but "
        "{province_b:en} plans no counterpart."
    ),
    "facilities.flag.no_counterpart_far": (
        "{kind:en} “{a}” of {province_a:en} is planned to the border with {province_b:en}; the nearest route "
        "of {province_b:en} (“{b}”) ends {distance:en} km away, beyond {limit:en} km."
    ),
    "facilities.flag.different_grade": (
        "“{a}” ({province_a:en}, {grade_a:en}) and “{b}” ({province_b:en}, {grade_b:en}) meet at the border "
        "({distance:en} km apart) but differ in grade."
    ),
    "facilities.error.bad_kind": "The facility type “{value}” is not in the list.",
    "facilities.error.bad_grade": "The road grade “{value}” is not in the list.",
    "facilities.error.too_long": "Longer than {limit} characters.",
    "facilities.error.both_coordinates": "Give both latitude and longitude, or neither.",
    "facilities.error.outside_vietnam": "The coordinate {value} is outside Vietnam.",
    "facilities.error.whole_number": "“{value}” must be a whole number.",
    "facilities.error.bad_year": "The year {value} is not valid.",
    "facilities.error.period": "The end year is before the start year.",
    "facilities.error.unknown_project": "No project {value} in the register.",
    "facilities.error.route_no_capacity": "A route has a grade and lanes, not a capacity.",
    "facilities.error.route_only": "Only for road and rail routes.",
    "facilities.error.not_neighbour": "This province does not border the route's province.",
    "facilities.error.border_end": "A route to the border needs the coordinates of its border end.",
    "facilities.error.empty_file": "The file has no rows.",
    "facilities.error.code_twice": "The code {value} is already on row {first}.",
    "facilities.error.bad_code": "The code “{value}” may only have letters, digits, dots and dashes (32 at most).",
    "facilities.error.not_your_province": "This row is another province's: a representative imports their own province's facilities only.",
    "facilities.error.unknown_setting": "No such threshold.",
    "facilities.error.settings_changed": "Someone has just saved the thresholds; reopen the page.",
    "entity.facility": "planned facility",
    "entity.facility_forecast": "capacity forecast",
    "entity.facility_settings": "duplicate-detection thresholds",
}
