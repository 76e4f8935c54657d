"""The CHECK constraints of council.bounds on the models' tables (imported at the end of models.py)."""

from sqlmodel import SQLModel

from council.bounds import add_constraints

add_constraints(SQLModel.metadata)
