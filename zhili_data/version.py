"""The package's version and licences (pyproject.toml reads the version from here; ``zhili --version`` prints it)."""

__version__ = "0.1.0"

CODE_LICENSE = "MIT"
"""SPDX id of the code's licence (LICENSE)."""
DATA_LICENSE = "CC-BY-4.0"
"""SPDX id of the curated data's licence (LICENSE-DATA): figures, exclusions, topics, readings and their exports."""
DATA_LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"
CITATION_FILE = "CITATION.cff"
"""How to cite the dataset, at the root of the project; datapackage.json names it."""
