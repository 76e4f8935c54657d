"""Plan execution (thực hiện quy hoạch): projects credited to targets, pipeline, priority
projects, reporting completeness and timeliness, region to nation."""

VI = {
    "plan.nav": "Thực hiện quy hoạch",
    "plan.title": "Thực hiện quy hoạch vùng",
    "plan.intro": (
        "Dự án trong danh mục được ghi nhận vào mục tiêu quy hoạch mà nó phục vụ, với khối lượng "
        "tính theo đơn vị của mục tiêu. Số liệu ở đây là **số liệu suy ra từ dự án**, không phải số "
        "liệu do tỉnh nhập: không qua quy trình gửi, phê duyệt và không cộng vào số liệu đã nhập."
    ),
    "plan.view.delivery": "Kết quả thực hiện mục tiêu",
    "plan.view.checklist": "Dự án ưu tiên",
    "plan.view.reporting": "Tình hình báo cáo số liệu",
    "plan.view.nation": "Vùng trong cả nước",
    "plan.view.settings": "Thiết lập",
    "plan.export": "Tải Excel thực hiện quy hoạch",
    # delivery
    "plan.no_links": (
        "Chưa có dự án nào được ghi nhận vào mục tiêu của vùng. Cơ quan thường trực ghi nhận dự án "
        "vào mục tiêu ở mục «Ghi nhận dự án vào mục tiêu» bên dưới."
    ),
    "plan.choose_target": "Mục tiêu",
    "plan.metric.delivered": "Đã hoàn thành",
    "plan.metric.pipeline": "Đang triển khai (đến {year})",
    "plan.metric.projected": "Dự kiến đến {year}",
    "plan.metric.gap": "Còn thiếu so với mục tiêu",
    "plan.metric.projected_status": "Trạng thái dự kiến năm {year}: **{status}** (tỷ số R = {ratio}; hiện nay: {current})",
    "plan.short_warning": (
        "Kể cả các dự án đang triển khai, mục tiêu **{target}** vẫn còn thiếu **{gap} {unit}** "
        "(đã hoàn thành {delivered}, đang triển khai {pipeline}, mục tiêu {goal} {unit} năm {year})."
    ),
    "plan.enough": "Các dự án đã hoàn thành và đang triển khai đủ để đạt mục tiêu năm {year}.",
    "plan.series.delivered": "Đã hoàn thành (cộng dồn)",
    "plan.series.projected": "Hoàn thành + đang triển khai (cộng dồn)",
    "plan.series.target": "Mục tiêu",
    "plan.series.entered": "Số liệu đã nhập (toàn vùng)",
    "plan.chart.year": "Năm",
    "plan.combine_note": (
        "Cách kết hợp: số liệu suy ra từ dự án và số liệu đã nhập được hiển thị riêng, không cộng với "
        "nhau (số liệu tỉnh nhập có thể đã bao gồm các dự án này). Trạng thái theo số liệu đã nhập: "
        "**{entered}**; trạng thái dự kiến theo dự án: **{projected}**."
    ),
    "plan.by_province": "Theo tỉnh, thành phố",
    "plan.linked_projects": "Dự án được ghi nhận",
    "plan.derived_title": "Số liệu suy ra từ dự án",
    "plan.derived_from": "suy ra từ dự án {code}",
    "plan.outside_note": "{amount} {unit} thuộc các tỉnh ngoài địa bàn của mục tiêu, không được tính.",
    "plan.col.target": "Mục tiêu",
    "plan.col.plan_region": "Vùng (theo quyết định)",
    "plan.col.unit": "Đơn vị",
    "plan.col.goal": "Giá trị mục tiêu",
    "plan.col.target_year": "Năm mục tiêu",
    "plan.col.delivered": "Đã hoàn thành",
    "plan.col.pipeline": "Đang triển khai",
    "plan.col.projected": "Dự kiến",
    "plan.col.gap": "Còn thiếu",
    "plan.col.projected_status": "Trạng thái dự kiến",
    "plan.col.entered_status": "Trạng thái theo số liệu đã nhập",
    "plan.col.province": "Tỉnh, thành phố",
    "plan.col.coverage": "Phạm vi",
    "plan.col.project": "Dự án",
    "plan.col.status": "Tình trạng",
    "plan.col.quantity": "Khối lượng",
    "plan.col.rule": "Cách phân bổ",
    "plan.col.split": "Phân bổ cho các tỉnh",
    "plan.col.phase": "Được tính là",
    "plan.col.year": "Năm",
    "plan.col.source": "Nguồn",
    "plan.col.decision": "Quyết định",
    "plan.col.name": "Tên dự án",
    "plan.col.type": "Loại",
    "plan.col.provinces": "Tỉnh, thành phố",
    "plan.col.period": "Giai đoạn",
    "plan.col.register": "Dự án trong danh mục",
    "plan.col.on_schedule": "Đúng tiến độ",
    "plan.col.years_left": "Số năm còn lại",
    "plan.col.flags": "Cảnh báo",
    "plan.col.expected": "Phải báo cáo",
    "plan.col.submitted": "Đã gửi",
    "plan.col.on_time": "Đúng hạn",
    "plan.col.approved": "Đã phê duyệt",
    "plan.col.submitted_rate": "Tỷ lệ đã gửi (%)",
    "plan.col.on_time_rate": "Tỷ lệ đúng hạn (%)",
    "plan.col.approved_rate": "Tỷ lệ đã phê duyệt (%)",
    "plan.col.indicator": "Chỉ tiêu",
    "plan.col.due": "Hạn báo cáo",
    "plan.col.submitted_on": "Ngày gửi",
    "plan.col.days_late": "Số ngày chậm",
    "plan.col.share": "Tỷ trọng trong cả nước (%)",
    "plan.col.change": "Thay đổi",
    "plan.col.pct_points": "Đóng góp vào tăng trưởng cả nước (điểm %)",
    "plan.col.growth": "Tăng trưởng của vùng (%)",
    "plan.col.counted": "Số tỉnh có số liệu",
    "plan.col.region": "Vùng",
    "plan.col.before": "Năm đầu",
    "plan.col.after": "Năm cuối",
    "plan.col.contribution": "Đóng góp vào thay đổi của vùng",
    "plan.col.pct_points_region": "Đóng góp vào tăng trưởng của vùng (điểm %)",
    "plan.rule.length": "theo chiều dài trên địa bàn",
    "plan.rule.cost_share": "theo tỷ lệ góp vốn",
    "plan.rule.equal": "chia đều",
    "plan.rule.none": "chưa có tỉnh tham gia",
    "plan.phase.delivered": "đã hoàn thành",
    "plan.phase.pipeline": "đang triển khai, kịp năm mục tiêu",
    "plan.phase.beyond": "dự kiến xong sau năm mục tiêu",
    "plan.phase.unknown_end": "chưa rõ thời điểm hoàn thành",
    "plan.phase.outside_period": "hoàn thành ngoài giai đoạn của mục tiêu",
    "plan.phase.none": "chưa được tính (đề xuất, tạm dừng hoặc không được chấp thuận)",
    "plan.basis.planned": "theo kế hoạch",
    "plan.basis.pace": "ước theo tiến độ thực tế (dự án chậm)",
    "plan.basis.unknown": "dự án chậm, chưa báo cáo tiến độ",
    # links form
    "plan.link_title": "Ghi nhận dự án vào mục tiêu",
    "plan.link_project": "Dự án",
    "plan.link_target": "Mục tiêu",
    "plan.link_quantity": "Khối lượng đóng góp (theo đơn vị của mục tiêu)",
    "plan.link_note": "Ghi chú",
    "plan.link_save": "Ghi nhận",
    "plan.link_saved": "Đã ghi nhận dự án {code} vào mục tiêu.",
    "plan.link_edit": "Sửa hoặc bỏ ghi nhận",
    "plan.link_choose": "Ghi nhận cần sửa",
    "plan.link_update": "Lưu thay đổi",
    "plan.link_remove": "Bỏ ghi nhận",
    "plan.link_opened": "Đang sửa phiên bản {version}, cập nhật lần cuối bởi {by}.",
    "plan.project_credits": "Đóng góp vào mục tiêu quy hoạch",
    "plan.project_credits_none": "Dự án chưa được ghi nhận vào mục tiêu nào của quy hoạch.",
    "entity.project_target": "ghi nhận dự án vào mục tiêu",
    "entity.priority_project": "dự án ưu tiên",
    "entity.reporting_deadline": "hạn báo cáo",
    "plan.link_updated": "Đã lưu.",
    "plan.link_removed": "Đã bỏ ghi nhận.",
    "plan.link_rule_help": (
        "Khối lượng được phân bổ cho các tỉnh theo chiều dài trên địa bàn từng tỉnh nếu đã ghi đủ, "
        "nếu không theo tỷ lệ góp vốn nếu đã ghi đủ, nếu không thì chia đều."
    ),
    "plan.suggest_title": "Gợi ý dự án có thể ghi nhận",
    "plan.suggest_help": (
        "Các dự án trong danh mục cùng loại với chỉ tiêu (cao tốc, đường vành đai cho km đường cao tốc; "
        "cảng hàng không; cảng biển...), có tỉnh thuộc địa bàn của mục tiêu và chưa được ghi nhận. Khối "
        "lượng gợi ý: chiều dài của dự án với mục tiêu tính bằng km, 1 với mục tiêu tính bằng số công "
        "trình. Chỉ được ghi nhận khi Cơ quan thường trực chọn."
    ),
    "plan.suggest_none": "Không có dự án nào để gợi ý cho mục tiêu này.",
    "plan.suggest_pick": "Dự án sẽ ghi nhận với khối lượng gợi ý",
    "plan.suggest_button": "Ghi nhận các dự án đã chọn",
    "plan.suggest_done": "Đã ghi nhận {n} dự án.",
    "plan.no_creditable": "Không có mục tiêu nào của vùng đo bằng khối lượng (km, số công trình, MW...).",
    # checklist
    "plan.checklist_help": (
        "Danh mục dự án ưu tiên theo quyết định quy hoạch vùng, đối chiếu với danh mục dự án của Hội "
        "đồng. Cảnh báo «chưa khởi công» khi còn dưới {n} năm đến hết giai đoạn."
    ),
    "plan.checklist_empty": (
        "Chưa có danh sách dự án ưu tiên. Dữ liệu công khai hiện có không kèm danh mục dự án ưu tiên "
        "của các quyết định quy hoạch vùng; Cơ quan thường trực nhập danh sách bằng biểu mẫu hoặc tệp "
        "theo mẫu."
    ),
    "plan.not_in_register": "Không có trong danh mục",
    "plan.flag.not_in_register": "không có trong danh mục dự án",
    "plan.flag.not_started_late": "chưa khởi công, còn dưới {n} năm",
    "plan.yesno.True": "Có",
    "plan.yesno.False": "Không",
    "plan.checklist_counts": (
        "Tổng số: **{total}** · Không có trong danh mục: **{missing}** · Chưa khởi công khi còn dưới "
        "{n} năm: **{late}**"
    ),
    "plan.priority_add": "Thêm dự án ưu tiên",
    "plan.priority_decision": "Số hiệu quyết định",
    "plan.priority_name": "Tên dự án",
    "plan.priority_type": "Loại công trình",
    "plan.priority_provinces": "Tỉnh, thành phố",
    "plan.priority_period": "Giai đoạn (ví dụ 2021-2030)",
    "plan.priority_code": "Mã dự án trong danh mục (nếu có)",
    "plan.priority_note": "Ghi chú",
    "plan.priority_source": "Nguồn (đường dẫn)",
    "plan.priority_save": "Lưu dự án ưu tiên",
    "plan.priority_saved": "Đã lưu dự án ưu tiên «{name}».",
    "plan.priority_match": "Đối chiếu với danh mục",
    "plan.priority_choose": "Dự án ưu tiên",
    "plan.priority_match_project": "Dự án trong danh mục",
    "plan.priority_match_none": "— Không có trong danh mục —",
    "plan.priority_match_save": "Lưu đối chiếu",
    "plan.priority_delete": "Xóa dự án ưu tiên",
    "plan.priority_deleted": "Đã xóa.",
    "plan.import_title": "Nhập danh sách từ tệp",
    "plan.import_file": "Tệp Excel (.xlsx) hoặc CSV",
    "plan.import_button": "Nhập danh sách",
    "plan.import_done": "Đã nhập: thêm {added}, cập nhật {updated}.",
    "plan.import_template": "Tải tệp mẫu",
    "plan.import.col.decision_code": "Số hiệu quyết định quy hoạch vùng, ví dụ 287/QĐ-TTg (bắt buộc)",
    "plan.import.col.name_vi": "Tên dự án như trong quyết định (bắt buộc)",
    "plan.import.col.type": "Loại công trình: mã hoặc tên (cao tốc, cảng hàng không, cảng biển...)",
    "plan.import.col.provinces": "Các tỉnh, thành phố hiện nay, cách nhau bằng dấu ; (bắt buộc)",
    "plan.import.col.period": "Giai đoạn: 2021-2030 hoặc năm hoàn thành 2030",
    "plan.import.col.project_code": "Mã dự án trong danh mục (DA-001...) nếu đã biết; để trống để đối chiếu theo tên",
    "plan.import.col.note": "Ghi chú",
    "plan.import.col.source_url": "Đường dẫn đến nguồn công khai",
    # reporting
    "plan.reporting_help": (
        "Mỗi tỉnh phải báo cáo các chỉ tiêu mà một mục tiêu bao phủ tỉnh đó theo dõi. Đã gửi: số liệu "
        "đang chờ phê duyệt hoặc đã phê duyệt. Đúng hạn: lần gửi đầu tiên không muộn hơn hạn báo cáo. "
        "Số liệu nạp sẵn không có ngày gửi nên không tính vào tỷ lệ đúng hạn."
    ),
    "plan.reporting_years": "Năm số liệu",
    "plan.reporting_region": (
        "Toàn vùng: phải báo cáo **{expected}**, đã gửi **{submitted}** ({submitted_rate}), đúng hạn "
        "**{on_time}** ({on_time_rate}), đã phê duyệt **{approved}** ({approved_rate})."
    ),
    "plan.reporting_late": "Tỉnh chậm báo cáo",
    "plan.reporting_none_late": "Không có tỉnh nào chậm báo cáo.",
    "plan.reporting_nothing": "Không có chỉ tiêu nào phải báo cáo.",
    "plan.region_total": "Toàn vùng",
    "plan.figstatus.missing": "chưa có số liệu",
    "plan.figstatus.draft": "bản nháp",
    "plan.figstatus.submitted": "chờ phê duyệt",
    "plan.figstatus.approved": "đã phê duyệt",
    "plan.figstatus.returned": "bị trả lại",
    "plan.my_reporting": "Tình hình báo cáo số liệu của tỉnh",
    "plan.my_reporting_line": (
        "Năm {year}: phải báo cáo {expected}, đã gửi {submitted}, đúng hạn {on_time}, đã phê duyệt {approved}."
    ),
    "plan.my_reporting_late": "Chỉ tiêu chậm báo cáo: {names}",
    # settings
    "plan.settings_due": "Hạn báo cáo số liệu",
    "plan.settings_due_help": (
        "Số liệu năm Y phải gửi trước ngày {day}/{month} của năm Y + {offset} (mặc định). Có thể đặt "
        "hạn riêng cho từng chỉ tiêu."
    ),
    "plan.settings_indicator": "Chỉ tiêu (để trống: hạn mặc định)",
    "plan.settings_default": "— Hạn mặc định —",
    "plan.settings_month": "Tháng",
    "plan.settings_day": "Ngày",
    "plan.settings_offset": "Năm sau năm số liệu",
    "plan.settings_save": "Lưu hạn báo cáo",
    "plan.settings_clear": "Bỏ hạn riêng của chỉ tiêu",
    "plan.settings_saved": "Đã lưu.",
    "plan.settings_overrides": "Hạn riêng theo chỉ tiêu",
    "plan.settings_years": "Cảnh báo dự án ưu tiên chưa khởi công khi còn dưới (năm)",
    "plan.settings_years_save": "Lưu số năm",
    # nation
    "plan.nation_help": (
        "Với các chỉ tiêu cộng dồn: tỷ trọng của mỗi vùng trong cả nước và đóng góp vào thay đổi của "
        "cả nước, tính trên các tỉnh có số liệu đã phê duyệt ở cả hai năm. Tỷ trọng cũng là hệ số lan "
        "tỏa: vùng tăng 1 % thì cả nước tăng bằng tỷ trọng đó (%)."
    ),
    "plan.nation_indicator": "Chỉ tiêu",
    "plan.nation_from": "Từ năm",
    "plan.nation_to": "Đến năm",
    "plan.nation_need_years": "Chỉ tiêu này cần số liệu đã phê duyệt của ít nhất hai năm.",
    "plan.nation_none": "Không có tỉnh nào có số liệu ở cả hai năm.",
    "plan.nation_summary": (
        "Cả nước (trên {counted}/{total} tỉnh có số liệu cả hai năm): {before} → {after} {unit}, "
        "tăng trưởng {growth} %."
    ),
    "plan.nation_incomplete": "Chưa đủ tỉnh",
    "plan.nation_provinces": "Đóng góp của các tỉnh vào vùng",
    # errors
    "plan.error.negative": "Khối lượng không được âm (đã nhập {value}).",
    "plan.error.unknown_project": "Không có dự án {value} trong danh mục.",
    "plan.error.unknown_target": "Không có mục tiêu {value}.",
    "plan.error.not_creditable": (
        "Chỉ tiêu «{indicator}» không đo bằng khối lượng cộng dồn (km, số công trình...), không thể "
        "ghi nhận dự án vào mục tiêu này."
    ),
    "plan.error.already_linked": "Dự án {code} đã được ghi nhận vào mục tiêu này; hãy sửa ghi nhận đó.",
    "plan.error.too_long": "Dài quá {limit} ký tự.",
    "plan.error.bad_type": "Không có loại công trình «{value}».",
    "plan.error.no_province": "Cần ít nhất một tỉnh, thành phố.",
    "plan.error.bad_period": "Giai đoạn «{value}» không hợp lệ (ví dụ 2021-2030 hoặc 2030).",
    "plan.error.priority_duplicate": "Quyết định này đã có dự án ưu tiên «{name}».",
    "plan.error.duplicate_row": "Trùng với dòng {first} (cùng quyết định và tên dự án).",
    "plan.error.empty_file": "Tệp không có dòng nào.",
    "plan.error.bad_years": "Số năm phải là số nguyên từ 0 đến 30 (đã nhập {value}).",
    "plan.error.bad_deadline": "Giá trị {value} không hợp lệ cho hạn báo cáo.",
    "plan.error.not_sum": "Chỉ tiêu «{indicator}» không phải chỉ tiêu cộng dồn.",
    # agenda and briefing pack
    "meetings.item.target_short": "Mục tiêu thiếu dự án để đạt",
    "meetings.item.priority_not_started": "Dự án ưu tiên chưa khởi công",
    "meetings.item.reporting_low": "Tỉnh báo cáo số liệu chậm, thiếu",
    "briefing.delivery": (
        "{indicator}: mục tiêu {goal} {unit} năm {year}; đã hoàn thành {delivered}, đang triển khai "
        "{pipeline}, còn thiếu {gap} {unit}; trạng thái dự kiến: {status}."
    ),
    "briefing.delivery_provinces": "Theo tỉnh (hoàn thành / đang triển khai): {lines}",
    "briefing.priority": (
        "Dự án ưu tiên theo {decision}, giai đoạn {period}; tình trạng: {status}; còn {years} năm."
    ),
    "briefing.priority_provinces": "Tỉnh, thành phố: {names}",
    "briefing.reporting": (
        "{province}, số liệu năm {year}: phải báo cáo {expected}, đã gửi {submitted} ({submitted_rate}), "
        "đúng hạn {on_time} ({on_time_rate})."
    ),
    "briefing.reporting_late": "Chỉ tiêu chậm: {names}",
    "briefing.chart.delivery": "Khối lượng ({unit})",
    "briefing.chart.reporting": "Số chỉ tiêu",
    "briefing.label.delivered": "Đã hoàn thành",
    "briefing.label.pipeline": "Đang triển khai",
    "briefing.label.gap": "Còn thiếu",
    "briefing.label.expected": "Phải báo cáo",
    "briefing.label.submitted": "Đã gửi",
    "briefing.label.on_time": "Đúng hạn",
    "briefing.plan_section": "Tình hình thực hiện quy hoạch vùng",
    "briefing.plan_no_links": "Chưa có dự án nào được ghi nhận vào mục tiêu của vùng.",
    "briefing.plan_checklist": (
        "Dự án ưu tiên: {total}; không có trong danh mục: {missing}; chưa khởi công khi còn dưới {n} năm: {late}."
    ),
    "briefing.plan_reporting": (
        "Báo cáo số liệu năm {year}: đã gửi {submitted}/{expected} ({submitted_rate}), đúng hạn {on_time_rate}."
    ),
}

EN = {
    "plan.nav": "Plan execution",
    "plan.title": "Regional plan execution",
    "plan.intro": (
        "Register projects are credited to the plan target they serve, with the quantity in the "
        "target's unit. The numbers here are **derived from projects**, not entered by provinces: they "
        "are not submitted or approved and are never added to entered figures."
    ),
    "plan.view.delivery": "Target delivery",
    "plan.view.checklist": "Priority projects",
    "plan.view.reporting": "Reporting of figures",
    "plan.view.nation": "Region in the nation",
    "plan.view.settings": "Settings",
    "plan.export": "Download plan execution (Excel)",
    "plan.no_links": (
        "No project is credited to a target of this region yet. The secretariat credits projects "
        "under “Credit a project to a target” below."
    ),
    "plan.choose_target": "Target",
    "plan.metric.delivered": "Delivered",
    "plan.metric.pipeline": "In the pipeline (by {year})",
    "plan.metric.projected": "Expected by {year}",
    "plan.metric.gap": "Short of the target",
    "plan.metric.projected_status": "Projected status in {year}: **{status}** (ratio R = {ratio}; today: {current})",
    "plan.short_warning": (
        "Even with the pipeline, target **{target}** is short by **{gap} {unit}** (delivered "
        "{delivered}, pipeline {pipeline}, target {goal} {unit} in {year})."
    ),
    "plan.enough": "Delivered and pipeline projects are enough to reach the target of {year}.",
    "plan.series.delivered": "Delivered (cumulative)",
    "plan.series.projected": "Delivered + pipeline (cumulative)",
    "plan.series.target": "Target",
    "plan.series.entered": "Entered figures (region)",
    "plan.chart.year": "Year",
    "plan.combine_note": (
        "How they combine: figures derived from projects and entered figures are shown apart and "
        "never added (a province's entered figure may already include these projects). Status from "
        "entered figures: **{entered}**; projected status from projects: **{projected}**."
    ),
    "plan.by_province": "By province",
    "plan.linked_projects": "Credited projects",
    "plan.derived_title": "Figures derived from projects",
    "plan.derived_from": "derived from project {code}",
    "plan.outside_note": "{amount} {unit} lie in provinces outside the target's area and are not counted.",
    "plan.col.target": "Target",
    "plan.col.plan_region": "Region (as in the decision)",
    "plan.col.unit": "Unit",
    "plan.col.goal": "Target value",
    "plan.col.target_year": "Target year",
    "plan.col.delivered": "Delivered",
    "plan.col.pipeline": "Pipeline",
    "plan.col.projected": "Projected",
    "plan.col.gap": "Gap",
    "plan.col.projected_status": "Projected status",
    "plan.col.entered_status": "Status from entered figures",
    "plan.col.province": "Province",
    "plan.col.coverage": "Coverage",
    "plan.col.project": "Project",
    "plan.col.status": "Status",
    "plan.col.quantity": "Quantity",
    "plan.col.rule": "Split rule",
    "plan.col.split": "Split between provinces",
    "plan.col.phase": "Counts as",
    "plan.col.year": "Year",
    "plan.col.source": "Source",
    "plan.col.decision": "Decision",
    "plan.col.name": "Project name",
    "plan.col.type": "Type",
    "plan.col.provinces": "Provinces",
    "plan.col.period": "Period",
    "plan.col.register": "Register project",
    "plan.col.on_schedule": "On schedule",
    "plan.col.years_left": "Years left",
    "plan.col.flags": "Flags",
    "plan.col.expected": "Expected",
    "plan.col.submitted": "Submitted",
    "plan.col.on_time": "On time",
    "plan.col.approved": "Approved",
    "plan.col.submitted_rate": "Submitted (%)",
    "plan.col.on_time_rate": "On time (%)",
    "plan.col.approved_rate": "Approved (%)",
    "plan.col.indicator": "Indicator",
    "plan.col.due": "Due date",
    "plan.col.submitted_on": "Submitted on",
    "plan.col.days_late": "Days late",
    "plan.col.share": "Share of the nation (%)",
    "plan.col.change": "Change",
    "plan.col.pct_points": "Contribution to national growth (points)",
    "plan.col.growth": "Regional growth (%)",
    "plan.col.counted": "Provinces with figures",
    "plan.col.region": "Region",
    "plan.col.before": "First year",
    "plan.col.after": "Last year",
    "plan.col.contribution": "Contribution to the regional change",
    "plan.col.pct_points_region": "Contribution to regional growth (points)",
    "plan.rule.length": "by length in each province",
    "plan.rule.cost_share": "by cost share",
    "plan.rule.equal": "equally",
    "plan.rule.none": "no participating province",
    "plan.phase.delivered": "delivered",
    "plan.phase.pipeline": "pipeline, in time for the target year",
    "plan.phase.beyond": "expected after the target year",
    "plan.phase.unknown_end": "end not known",
    "plan.phase.outside_period": "completed outside the target's period",
    "plan.phase.none": "not counted (proposed, suspended or rejected)",
    "plan.basis.planned": "as planned",
    "plan.basis.pace": "estimated from actual progress (late project)",
    "plan.basis.unknown": "late, no progress reported",
    "plan.link_title": "Credit a project to a target",
    "plan.link_project": "Project",
    "plan.link_target": "Target",
    "plan.link_quantity": "Quantity delivered (in the target's unit)",
    "plan.link_note": "Note",
    "plan.link_save": "Credit",
    "plan.link_saved": "Project {code} credited to the target.",
    "plan.link_edit": "Edit or remove a credit",
    "plan.link_choose": "Credit to edit",
    "plan.link_update": "Save changes",
    "plan.link_remove": "Remove the credit",
    "plan.link_opened": "Editing version {version}, last updated by {by}.",
    "plan.project_credits": "Credited to the plan's targets",
    "plan.project_credits_none": "The project is not credited to any target of the plan.",
    "entity.project_target": "project credit",
    "entity.priority_project": "priority project",
    "entity.reporting_deadline": "reporting deadline",
    "plan.link_updated": "Saved.",
    "plan.link_removed": "Credit removed.",
    "plan.link_rule_help": (
        "The quantity is split between the provinces by their length in the project when every length "
        "is recorded, else by their cost shares when every share is recorded, else equally."
    ),
    "plan.suggest_title": "Suggested projects to credit",
    "plan.suggest_help": (
        "Register projects of a type the indicator counts (expressways and ring roads for expressway "
        "km; airports; seaports...), with a province the target covers, not credited yet. Suggested "
        "quantity: the project's length for a km target, 1 for a count. Nothing is credited until the "
        "secretariat picks it."
    ),
    "plan.suggest_none": "No project to suggest for this target.",
    "plan.suggest_pick": "Projects to credit with the suggested quantity",
    "plan.suggest_button": "Credit the selected projects",
    "plan.suggest_done": "{n} projects credited.",
    "plan.no_creditable": "No target of this region is measured as a quantity (km, count, MW...).",
    "plan.checklist_help": (
        "The priority projects of the regional plan decisions, checked against the council's register. "
        "“Not started” is flagged with fewer than {n} years left to the end of the period."
    ),
    "plan.checklist_empty": (
        "No priority list yet. The public data at hand gives no priority-project list of the regional "
        "plan decisions; the secretariat enters it with the form or a file in the template's format."
    ),
    "plan.not_in_register": "Not in the register",
    "plan.flag.not_in_register": "not in the register",
    "plan.flag.not_started_late": "not started, fewer than {n} years left",
    "plan.yesno.True": "Yes",
    "plan.yesno.False": "No",
    "plan.checklist_counts": (
        "Total: **{total}** · Not in the register: **{missing}** · Not started with fewer than {n} years "
        "left: **{late}**"
    ),
    "plan.priority_add": "Add a priority project",
    "plan.priority_decision": "Decision number",
    "plan.priority_name": "Project name",
    "plan.priority_type": "Type of work",
    "plan.priority_provinces": "Provinces",
    "plan.priority_period": "Period (e.g. 2021-2030)",
    "plan.priority_code": "Register code (if known)",
    "plan.priority_note": "Note",
    "plan.priority_source": "Source (link)",
    "plan.priority_save": "Save the priority project",
    "plan.priority_saved": "Priority project “{name}” saved.",
    "plan.priority_match": "Match to the register",
    "plan.priority_choose": "Priority project",
    "plan.priority_match_project": "Register project",
    "plan.priority_match_none": "— Not in the register —",
    "plan.priority_match_save": "Save the match",
    "plan.priority_delete": "Delete the priority project",
    "plan.priority_deleted": "Deleted.",
    "plan.import_title": "Import a list from a file",
    "plan.import_file": "Excel (.xlsx) or CSV file",
    "plan.import_button": "Import the list",
    "plan.import_done": "Imported: {added} added, {updated} updated.",
    "plan.import_template": "Download the template",
    "plan.import.col.decision_code": "Number of the regional plan decision, e.g. 287/QĐ-TTg (required)",
    "plan.import.col.name_vi": "Project name as in the decision (required)",
    "plan.import.col.type": "Type of work: code or name (expressway, airport, seaport...)",
    "plan.import.col.provinces": "Today's provinces, separated by ; (required)",
    "plan.import.col.period": "Period: 2021-2030, or the completion year 2030",
    "plan.import.col.project_code": "Register code (DA-001...) if known; leave empty to match by name",
    "plan.import.col.note": "Note",
    "plan.import.col.source_url": "Link to the public source",
    "plan.reporting_help": (
        "Each province reports the indicators that a target covering it tracks. Submitted: awaiting "
        "approval or approved. On time: first submitted on or before the due date. Seeded figures have "
        "no submission date and are left out of the on-time rate."
    ),
    "plan.reporting_years": "Years of the figures",
    "plan.reporting_region": (
        "Region: expected **{expected}**, submitted **{submitted}** ({submitted_rate}), on time "
        "**{on_time}** ({on_time_rate}), approved **{approved}** ({approved_rate})."
    ),
    "plan.reporting_late": "Who is late",
    "plan.reporting_none_late": "No province is late.",
    "plan.reporting_nothing": "No indicator is expected.",
    "plan.region_total": "Region",
    "plan.figstatus.missing": "missing",
    "plan.figstatus.draft": "draft",
    "plan.figstatus.submitted": "awaiting approval",
    "plan.figstatus.approved": "approved",
    "plan.figstatus.returned": "returned",
    "plan.my_reporting": "Reporting of the province's figures",
    "plan.my_reporting_line": (
        "Year {year}: expected {expected}, submitted {submitted}, on time {on_time}, approved {approved}."
    ),
    "plan.my_reporting_late": "Indicators late: {names}",
    "plan.settings_due": "Due date of figures",
    "plan.settings_due_help": (
        "Figures of year Y are due by {day}/{month} of year Y + {offset} (default). An indicator may "
        "have its own due date."
    ),
    "plan.settings_indicator": "Indicator (empty: the default)",
    "plan.settings_default": "— Default due date —",
    "plan.settings_month": "Month",
    "plan.settings_day": "Day",
    "plan.settings_offset": "Years after the figures' year",
    "plan.settings_save": "Save the due date",
    "plan.settings_clear": "Drop the indicator's own due date",
    "plan.settings_saved": "Saved.",
    "plan.settings_overrides": "Due dates per indicator",
    "plan.settings_years": "Flag priority projects not started with fewer years left than",
    "plan.settings_years_save": "Save the number of years",
    "plan.nation_help": (
        "For summed indicators: each region's share of the national value and its contribution to the "
        "national change, over the provinces with approved figures in both years. The share is also "
        "the elasticity: 1 % more in the region is that share (%) more for the nation."
    ),
    "plan.nation_indicator": "Indicator",
    "plan.nation_from": "From",
    "plan.nation_to": "To",
    "plan.nation_need_years": "This indicator needs approved figures of at least two years.",
    "plan.nation_none": "No province has figures in both years.",
    "plan.nation_summary": (
        "Nation (over {counted}/{total} provinces with figures in both years): {before} → {after} {unit}, "
        "growth {growth} %."
    ),
    "plan.nation_incomplete": "Incomplete",
    "plan.nation_provinces": "Provinces' contributions to the region",
    "plan.error.negative": "The quantity cannot be negative ({value}).",
    "plan.error.unknown_project": "No project {value} in the register.",
    "plan.error.unknown_target": "No target {value}.",
    "plan.error.not_creditable": (
        "Indicator “{indicator}” is not a summed quantity (km, count...): no project can be credited to it."
    ),
    "plan.error.already_linked": "Project {code} is already credited to this target; edit that credit.",
    "plan.error.too_long": "Longer than {limit} characters.",
    "plan.error.bad_type": "No type of work “{value}”.",
    "plan.error.no_province": "At least one province is needed.",
    "plan.error.bad_period": "Period “{value}” is not valid (e.g. 2021-2030 or 2030).",
    "plan.error.priority_duplicate": "This decision already lists priority project “{name}”.",
    "plan.error.duplicate_row": "Same decision and name as row {first}.",
    "plan.error.empty_file": "The file has no rows.",
    "plan.error.bad_years": "The number of years must be a whole number from 0 to 30 ({value}).",
    "plan.error.bad_deadline": "{value} is not valid for a due date.",
    "plan.error.not_sum": "Indicator “{indicator}” is not a summed indicator.",
    "meetings.item.target_short": "Target short of delivered + pipeline",
    "meetings.item.priority_not_started": "Priority project not started in time",
    "meetings.item.reporting_low": "Province with low reporting rates",
    "briefing.delivery": (
        "{indicator}: target {goal} {unit} in {year}; delivered {delivered}, pipeline {pipeline}, short "
        "by {gap} {unit}; projected status: {status}."
    ),
    "briefing.delivery_provinces": "By province (delivered / pipeline): {lines}",
    "briefing.priority": "Priority project of {decision}, period {period}; status: {status}; {years} years left.",
    "briefing.priority_provinces": "Provinces: {names}",
    "briefing.reporting": (
        "{province}, figures of {year}: expected {expected}, submitted {submitted} ({submitted_rate}), "
        "on time {on_time} ({on_time_rate})."
    ),
    "briefing.reporting_late": "Late indicators: {names}",
    "briefing.chart.delivery": "Quantity ({unit})",
    "briefing.chart.reporting": "Indicators",
    "briefing.label.delivered": "Delivered",
    "briefing.label.pipeline": "Pipeline",
    "briefing.label.gap": "Gap",
    "briefing.label.expected": "Expected",
    "briefing.label.submitted": "Submitted",
    "briefing.label.on_time": "On time",
    "briefing.plan_section": "Regional plan execution",
    "briefing.plan_no_links": "No project is credited to a target of the region yet.",
    "briefing.plan_checklist": (
        "Priority projects: {total}; not in the register: {missing}; not started with fewer than {n} years left: {late}."
    ),
    "briefing.plan_reporting": (
        "Reporting of {year}'s figures: submitted {submitted}/{expected} ({submitted_rate}), on time {on_time_rate}."
    ),
}
