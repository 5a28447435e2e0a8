"""manifest.json's hashes (zhili_data.runner.manifest): what decides whether a report is reused."""

from __future__ import annotations

import platform
from importlib import metadata

from zhili_data.runner.manifest import package_versions


def test_package_versions_are_those_importlib_metadata_reads():
    expected = {"python": platform.python_version()}
    for dist in metadata.distributions():
        expected[dist.metadata["Name"].lower().replace("_", "-")] = dist.version
    assert package_versions() == dict(sorted(expected.items()))
