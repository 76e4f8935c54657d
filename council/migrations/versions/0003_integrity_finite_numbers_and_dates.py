"""finite numbers and dates in 1900..2200: CHECK constraints on every user-entered number and date

A value that was never valid (NaN or an infinity in a number; a date before 1900 or after 2200)
is cleared (NULL, "not known") before the constraint is added, so the upgrade cannot fail on an
old row; each cleared value is counted on the console. Progress percentages, which cannot be
empty, are set to 0.

Revision ID: 0003_integrity
Revises: 0002
Create Date: 2026-12-01 12:00:00
"""

from alembic import op

revision = "0003_integrity"
down_revision = "0003_plan"
branch_labels = None
depends_on = None

# (table, constraint, condition): a copy of council.bounds.checks() when this revision was made
# (a migration must not change when the code does).
CHECKS = [
    (
        "province",
        "ck_province_area_km2_finite",
        "area_km2 IS NULL OR (area_km2 > -1e+308 AND area_km2 < 1e+308)",
    ),
    ("province", "ck_province_lat_finite", "lat IS NULL OR (lat > -1e+308 AND lat < 1e+308)"),
    ("province", "ck_province_lon_finite", "lon IS NULL OR (lon > -1e+308 AND lon < 1e+308)"),
    (
        "border",
        "ck_border_length_km_finite",
        "length_km IS NULL OR (length_km > -1e+308 AND length_km < 1e+308)",
    ),
    (
        "target",
        "ck_target_baseline_value_finite",
        "baseline_value IS NULL OR (baseline_value > -1e+308 AND baseline_value < 1e+308)",
    ),
    (
        "target",
        "ck_target_target_low_finite",
        "target_low IS NULL OR (target_low > -1e+308 AND target_low < 1e+308)",
    ),
    (
        "target",
        "ck_target_target_high_finite",
        "target_high IS NULL OR (target_high > -1e+308 AND target_high < 1e+308)",
    ),
    (
        "provincetarget",
        "ck_provincetarget_target_low_finite",
        "target_low IS NULL OR (target_low > -1e+308 AND target_low < 1e+308)",
    ),
    (
        "provincetarget",
        "ck_provincetarget_target_high_finite",
        "target_high IS NULL OR (target_high > -1e+308 AND target_high < 1e+308)",
    ),
    ("observation", "ck_observation_value_finite", "value IS NULL OR (value > -1e+308 AND value < 1e+308)"),
    (
        "project",
        "ck_project_length_km_finite",
        "length_km IS NULL OR (length_km > -1e+308 AND length_km < 1e+308)",
    ),
    (
        "project",
        "ck_project_total_investment_finite",
        "total_investment IS NULL OR (total_investment > -1e+308 AND total_investment < 1e+308)",
    ),
    (
        "project",
        "ck_project_progress_physical_finite",
        "progress_physical IS NULL OR (progress_physical > -1e+308 AND progress_physical < 1e+308)",
    ),
    (
        "project",
        "ck_project_progress_disbursed_finite",
        "progress_disbursed IS NULL OR (progress_disbursed > -1e+308 AND progress_disbursed < 1e+308)",
    ),
    (
        "projectprovince",
        "ck_projectprovince_cost_share_pct_finite",
        "cost_share_pct IS NULL OR (cost_share_pct > -1e+308 AND cost_share_pct < 1e+308)",
    ),
    (
        "projectprovince",
        "ck_projectprovince_length_km_finite",
        "length_km IS NULL OR (length_km > -1e+308 AND length_km < 1e+308)",
    ),
    (
        "fundingline",
        "ck_fundingline_planned_amount_finite",
        "planned_amount IS NULL OR (planned_amount > -1e+308 AND planned_amount < 1e+308)",
    ),
    (
        "fundingline",
        "ck_fundingline_actual_amount_finite",
        "actual_amount IS NULL OR (actual_amount > -1e+308 AND actual_amount < 1e+308)",
    ),
    (
        "agreement",
        "ck_agreement_date_signed_range",
        "date_signed IS NULL OR (date_signed >= '1900-01-01' AND date_signed <= '2200-12-31')",
    ),
    (
        "meeting",
        "ck_meeting_meeting_date_range",
        "meeting_date IS NULL OR (meeting_date >= '1900-01-01' AND meeting_date <= '2200-12-31')",
    ),
    (
        "conflict",
        "ck_conflict_opened_on_range",
        "opened_on IS NULL OR (opened_on >= '1900-01-01' AND opened_on <= '2200-12-31')",
    ),
    (
        "conflict",
        "ck_conflict_due_on_range",
        "due_on IS NULL OR (due_on >= '1900-01-01' AND due_on <= '2200-12-31')",
    ),
    (
        "decision",
        "ck_decision_deadline_range",
        "deadline IS NULL OR (deadline >= '1900-01-01' AND deadline <= '2200-12-31')",
    ),
    (
        "project",
        "ck_project_planned_start_range",
        "planned_start IS NULL OR (planned_start >= '1900-01-01' AND planned_start <= '2200-12-31')",
    ),
    (
        "project",
        "ck_project_planned_end_range",
        "planned_end IS NULL OR (planned_end >= '1900-01-01' AND planned_end <= '2200-12-31')",
    ),
    (
        "project",
        "ck_project_actual_start_range",
        "actual_start IS NULL OR (actual_start >= '1900-01-01' AND actual_start <= '2200-12-31')",
    ),
    (
        "project",
        "ck_project_actual_end_range",
        "actual_end IS NULL OR (actual_end >= '1900-01-01' AND actual_end <= '2200-12-31')",
    ),
    (
        "project",
        "ck_project_status_date_range",
        "status_date IS NULL OR (status_date >= '1900-01-01' AND status_date <= '2200-12-31')",
    ),
    (
        "milestone",
        "ck_milestone_due_date_range",
        "due_date IS NULL OR (due_date >= '1900-01-01' AND due_date <= '2200-12-31')",
    ),
    (
        "milestone",
        "ck_milestone_done_date_range",
        "done_date IS NULL OR (done_date >= '1900-01-01' AND done_date <= '2200-12-31')",
    ),
]
NOT_NULL = {("project", "progress_physical"), ("project", "progress_disbursed")}


def _clear_invalid() -> None:
    conn = op.get_bind()
    for table, name, condition in CHECKS:
        column = name[len(f"ck_{table}_") :].rsplit("_", 1)[0]
        replacement = "0" if (table, column) in NOT_NULL else "NULL"
        result = conn.exec_driver_sql(
            f'UPDATE "{table}" SET {column} = {replacement} WHERE NOT ({condition})'
        )
        if result.rowcount:
            print(f"0003_integrity: {table}.{column}: {result.rowcount} invalid value(s) cleared")


def upgrade() -> None:
    _clear_invalid()
    tables = sorted({t for t, _, _ in CHECKS})
    for table in tables:
        with op.batch_alter_table(table, schema=None) as batch_op:
            for t, name, condition in CHECKS:
                if t == table:
                    batch_op.create_check_constraint(name, condition)


def downgrade() -> None:
    tables = sorted({t for t, _, _ in CHECKS})
    for table in tables:
        with op.batch_alter_table(table, schema=None) as batch_op:
            for t, name, _ in CHECKS:
                if t == table:
                    batch_op.drop_constraint(name, type_="check")
