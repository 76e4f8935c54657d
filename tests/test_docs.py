"""The README documents every setting, every command, and the CI runs the README's test command."""

import re
from pathlib import Path

from council.cli import build_parser

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_environment_variable_is_documented():
    used = set()
    for path in list((ROOT / "council").rglob("*.py")) + list((ROOT / "tests").rglob("*.py")):
        used |= set(re.findall(r"COUNCIL_[A-Z_]+", path.read_text(encoding="utf-8")))
    missing = sorted(v for v in used if v not in README)
    assert not missing, f"undocumented settings: {missing}"


def test_every_cli_command_is_documented():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name, cmd in sub.choices.items():
        nested = [a for a in cmd._actions if getattr(a, "choices", None) and a.dest.endswith("command")]
        names = [f"council {name} {n}" for a in nested for n in a.choices] or [f"council {name}"]
        for full in names:
            assert f"`{full}" in README, full


def test_ci_runs_the_readme_test_command():
    blocks = re.findall(r"```bash\n(.*?)\n```", README, re.S)
    test_command = next(b for b in blocks if "pytest" in b).strip()
    assert test_command in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
