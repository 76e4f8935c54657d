"""Messages of the statistical weights, coverage rule and map captions (issue 16)."""

VI = {
    "weights.basis.population": "bình quân gia quyền theo dân số (dân số trung bình 2024, Cục Thống kê)",
    "weights.basis.grdp": "bình quân gia quyền theo GRDP (GRDP 2024 ước tính, giá hiện hành)",
    "weights.basis.sum": "cộng các tỉnh",
    "weights.basis.mean": "bình quân giản đơn các tỉnh",
    "weights.regional_value": "Số của vùng: {basis}.",
    "weights.form.weight_by": "Trọng số của bình quân gia quyền",
    "weights.form.min_coverage": "Tỷ lệ trọng số tối thiểu để đánh giá vùng (%)",
    "weights.partial": (
        "Chưa đủ số liệu: {reporting}/{covered} tỉnh báo cáo năm {year}, chiếm {share} trọng số"
        " (cần tối thiểu {minimum})."
    ),
    "weights.excluded_no_weight": "Không tính vào bình quân vì thiếu trọng số: {names}.",
    "targets.reason.partial_coverage": (
        "Chưa đủ số liệu: các tỉnh đã báo cáo chưa chiếm đủ tỷ lệ trọng số tối thiểu của vùng."
    ),
    "targets.reason.no_observation_after_baseline": (
        "Chưa có số liệu sau năm cơ sở của mục tiêu: chưa đánh giá được tiến độ"
        " (không dùng số liệu trước kỳ kế hoạch)."
    ),
    "targets.note.single_year_of_average": (
        "Lưu ý: mục tiêu là bình quân nhiều năm, nhưng mới có số liệu của một năm ({years})."
    ),
    "targets.note.latest_year_partial": "Lưu ý: năm mới nhất chưa đủ số liệu nên chưa dùng để đánh giá.",
    "targets.note.rate_difference": (
        "Mục tiêu hoặc bình quân không dương: so sánh trực tiếp bình quân với mục tiêu (không tính tỷ số R)."
    ),
    "projects.status_as_of": "Tình trạng ngày {date}",
    "projects.col.status_date": "Ngày tình trạng",
    "projects.status_scheduled": "dự kiến, chưa được xác nhận",
    "projects.status_source": "Nguồn tình trạng",
    "projects.status_source_app": "ghi nhận trong ứng dụng",
    "projects.col.scheduled": "Dự kiến?",
    "maps.archipelago.hoang_sa": "Quần đảo Hoàng Sa (Đà Nẵng)",
    "maps.archipelago.truong_sa": "Quần đảo Trường Sa (Khánh Hòa)",
    "maps.no_value": "Không có số liệu",
    "maps.projects_per_province": "Số dự án",
    "maps.conflicts_per_province": "Số xung đột",
    "maps.cost_share": "Tỷ lệ chi phí (%)",
    "population.resolution": "Dân số theo Nghị quyết 202/2025 (gồm tạm trú, không dùng làm trọng số)",
    "network.project_links": "Dự án tuyến",
    "network.project_links.route": "Theo tuyến (tỉnh liền kề)",
    "network.project_links.all_pairs": "Mọi cặp tỉnh",
    "home.population_map": "Dân số trung bình 2024 (Cục Thống kê)",
}

EN = {
    "weights.basis.population": "population-weighted mean (2024 average population, statistics office)",
    "weights.basis.grdp": "GRDP-weighted mean (2024 GRDP at current prices, derived)",
    "weights.basis.sum": "sum of the provinces",
    "weights.basis.mean": "plain mean of the provinces",
    "weights.regional_value": "Regional value: {basis}.",
    "weights.form.weight_by": "Weight of the weighted mean",
    "weights.form.min_coverage": "Minimum share of the weight for a regional status (%)",
    "weights.partial": (
        "Partial: {reporting} of {covered} provinces reported for {year}, {share} of the weight"
        " (at least {minimum} needed)."
    ),
    "weights.excluded_no_weight": "Left out of the mean for lack of a weight: {names}.",
    "targets.reason.partial_coverage": (
        "Partial: the provinces that reported do not carry the minimum share of the region's weight."
    ),
    "targets.reason.no_observation_after_baseline": (
        "No figure after the target's baseline year yet: no status (figures from before the plan are not used)."
    ),
    "targets.note.single_year_of_average": (
        "Note: the target is a multi-year average, but only one year has figures ({years})."
    ),
    "targets.note.latest_year_partial": "Note: the latest year is partial and is not used for the status.",
    "targets.note.rate_difference": (
        "The target or the mean is not positive: the mean is compared with the target directly (no ratio R)."
    ),
    "projects.status_as_of": "Status as of {date}",
    "projects.col.status_date": "Status date",
    "projects.status_scheduled": "scheduled, not confirmed",
    "projects.status_source": "Status source",
    "projects.status_source_app": "recorded in the app",
    "projects.col.scheduled": "Scheduled?",
    "maps.archipelago.hoang_sa": "Hoàng Sa archipelago (Đà Nẵng)",
    "maps.archipelago.truong_sa": "Trường Sa archipelago (Khánh Hòa)",
    "maps.no_value": "No figure",
    "maps.projects_per_province": "Projects",
    "maps.conflicts_per_province": "Conflicts",
    "maps.cost_share": "Cost share (%)",
    "population.resolution": "Population per Resolution 202/2025 (incl. temporary residents; not a weight)",
    "network.project_links": "Corridor projects",
    "network.project_links.route": "Along the route (neighbours)",
    "network.project_links.all_pairs": "Every pair of provinces",
    "home.population_map": "Average population 2024 (statistics office)",
}
