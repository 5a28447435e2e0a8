"""The code's and the data's licences and the dataset's citation say the same everywhere: LICENSE,
LICENSE-DATA, CITATION.cff, pyproject.toml, the README and the datapackage.json of an export."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import yaml

from zhili_data.core.catalog import get_report
from zhili_data.report import export as export_module
from zhili_data.version import CITATION_FILE, CODE_LICENSE, DATA_LICENSE, DATA_LICENSE_URL, __version__

ROOT = Path(__file__).resolve().parents[1]


def test_licence_files_name_their_licences():
    code = (ROOT / "LICENSE").read_text(encoding="utf-8")
    data = (ROOT / "LICENSE-DATA").read_text(encoding="utf-8")
    assert code.startswith("MIT License") and CODE_LICENSE == "MIT"
    assert f"SPDX-License-Identifier: {DATA_LICENSE}" in data and DATA_LICENSE_URL in data
    assert "Attribution 4.0 International" in data
    # the source texts are the government's, not ours to license
    assert "not covered by this licence" in data


def test_pyproject_states_both():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == f"{CODE_LICENSE} AND {DATA_LICENSE}"
    assert project["license-files"] == ["LICENSE", "LICENSE-DATA"]


def test_readme_states_both_and_how_to_cite():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Licence and citation") :]
    for text in (CODE_LICENSE, "CC BY 4.0", "LICENSE-DATA", CITATION_FILE, "datapackage.json"):
        assert text in section, text


def test_citation_cff_describes_the_dataset():
    citation = yaml.safe_load((ROOT / CITATION_FILE).read_text(encoding="utf-8"))
    assert citation["cff-version"] == "1.2.0" and citation["type"] == "dataset"
    assert citation["license"] == DATA_LICENSE and citation["version"] == __version__
    assert citation["authors"] and citation["title"]
    report = get_report()
    source = citation["references"][0]
    assert source["date-published"] == report.delivered.isoformat()
    assert report.title in source["title"] and report.subtitle in source["title"]


def test_datapackage_names_the_licence_and_the_citation(tmp_path):
    export_module.export(tmp_path)
    package = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    assert package["licenses"] == [
        {"name": DATA_LICENSE, "title": "Creative Commons Attribution 4.0 International", "path": DATA_LICENSE_URL}
    ]
    assert package["x-code-license"] == CODE_LICENSE
    assert package["x-citation"].startswith(CITATION_FILE) and (ROOT / CITATION_FILE).is_file()
