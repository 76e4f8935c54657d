"""Dependencies (issue 14, item 16): every third-party package the app imports is declared in
pyproject.toml, and Streamlit's lower bound is past its published advisories."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _declared() -> dict[str, str]:
    out = {}
    for spec in PYPROJECT["project"]["dependencies"]:
        name = re.split(r"[<>=!~\[; ]", spec, maxsplit=1)[0]
        out[name.lower().replace("_", "-")] = spec
    return out


def _imported_modules() -> set[str]:
    names = set()
    for path in [ROOT / "app.py", *(ROOT / "council").rglob("*.py"), *(ROOT / "pages").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    local = {"council", "pages", "app", "tests", "benchmarks"}
    return {n for n in names if n not in sys.stdlib_module_names and n not in local}


def test_every_imported_package_is_declared():
    dists = packages_distributions()
    declared = _declared()
    # psycopg is the optional PostgreSQL driver (extra "pg"), imported only through SQLAlchemy.
    optional = {name for extra in PYPROJECT["project"]["optional-dependencies"].values() for name in extra}
    missing = []
    for module in sorted(_imported_modules()):
        candidates = {d.lower().replace("_", "-") for d in dists.get(module, [module])}
        if not candidates & set(declared) and not any(c in " ".join(optional).lower() for c in candidates):
            missing.append(f"{module} ({', '.join(sorted(candidates))})")
    assert missing == [], f"imported but not declared in pyproject.toml: {missing}"


def test_streamlit_is_past_its_published_advisories():
    spec = _declared()["streamlit"]
    bound = re.search(r">=\s*([\d.]+)", spec).group(1)
    assert tuple(int(p) for p in bound.split(".")[:2]) >= (1, 54), spec


def test_the_password_strength_estimator_is_pinned():
    assert re.search(r">=\s*\d", _declared()["zxcvbn"])
