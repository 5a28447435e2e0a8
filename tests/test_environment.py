"""The environment is pinned once and repeated faithfully: pyproject.toml, requirements.lock, environment.yml."""

import hashlib
import re
import tomllib
from pathlib import Path

import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from zhili_data.core.catalog import get_report, list_reports

ROOT = Path(__file__).resolve().parents[1]


def _pins(lines) -> dict[str, str]:
    pins = {}
    for line in lines:
        requirement = Requirement(line)
        (spec,) = requirement.specifier  # exactly one ==pin, nothing looser
        assert spec.operator == "==", f"{line!r} is not an exact pin"
        pins[canonicalize_name(requirement.name)] = spec.version
    return pins


def _pyproject_pins() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return _pins(project["dependencies"] + project["optional-dependencies"]["dev"])


def _lock_pins() -> dict[str, str]:
    lines = [
        line for line in (ROOT / "requirements.lock").read_text().splitlines() if line and not line.startswith("#")
    ]
    return _pins(lines)


def test_environment_yml_repeats_pyproject_pins():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d)
    assert _pins(pip_section) == _pyproject_pins()
    python = next(d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python"))
    assert python == "python=3.11"


def test_lock_pins_every_direct_dependency_at_the_same_version():
    lock = _lock_pins()
    for name, version in _pyproject_pins().items():
        assert lock.get(name) == version, f"{name}: pyproject pins {version}, requirements.lock has {lock.get(name)}"


def test_lock_has_build_tools_for_the_offline_editable_install():
    lock = _lock_pins()
    assert {"pip", "setuptools", "wheel"} <= lock.keys()


def test_raw_source_copies_are_byte_identical_to_the_recorded_hash():
    for report_id in list_reports():
        report = get_report(report_id)
        report.verify_source()
        raw = ROOT / "data" / "raw" / report.source_file
        assert hashlib.sha256(raw.read_bytes()).hexdigest() == report.source_sha256, raw


def test_the_source_is_the_original_byte_for_byte():
    # The shipped copy must be the report as extracted from its PDF: its sha256 is recorded in
    # report.toml, and a checkout beside ../shared (the project's workspace) also compares the bytes
    # with the original there. A clone elsewhere (CI's temporary folder) has only the hash.
    shared = ROOT.parent / "shared" / "source"
    compared = []
    for report_id in list_reports():
        report = get_report(report_id)
        raw = ROOT / "data" / "raw" / report.source_file
        assert hashlib.sha256(raw.read_bytes()).hexdigest() == report.source_sha256, raw
        original = shared / report.source_file
        if original.exists():
            assert original.read_bytes() == raw.read_bytes(), original
        compared.append(report_id)
    assert "zhili-2021-midyear" in compared, "the shipped report is not in the catalogue"


def test_ci_runs_make_test():
    assert re.search(r"^make test$", (ROOT / ".ci" / "run").read_text(), re.M)
