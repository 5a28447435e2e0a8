"""The package's version (pyproject.toml reads it from here; ``zhili --version`` prints it)."""

__version__ = "0.1.0"
