"""Query results as pandas frames, read column-wise without the ORM (dashboards aggregate
thousands of rows; building ORM rows or one dict per row costs more than the sums)."""

from __future__ import annotations

import pandas as pd
from sqlmodel import Session


def read_frame(session: Session, statement, columns: list[str]) -> pd.DataFrame:
    """The rows of ``statement`` (a Core select of plain columns) as a frame named ``columns``,
    in the session's transaction."""
    rows = session.connection().execute(statement).fetchall()
    if not rows:
        return pd.DataFrame({name: pd.Series(dtype=object) for name in columns})
    return pd.DataFrame(dict(zip(columns, zip(*rows, strict=True), strict=True)))
