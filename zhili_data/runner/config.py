"""The reports ``zhili run`` executes, read from ``notebooks/reports.toml``.

Each ``[[report]]`` is one notebook with one parameter set::

    [[report]]
    name = "target_gap-en"          # file stem of its outputs: target_gap-en.html, .ipynb
    notebook = "target_gap.ipynb"   # relative to the config file
    title = "目标完成进度"
    title_en = "Progress towards targets"
    parameters = { lang = "en" }    # only what differs from the notebook's defaults
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from zhili_data import suggest

CONFIG_NAME = "reports.toml"
ALLOWED_KEYS = ("name", "notebook", "title", "title_en", "parameters")
REQUIRED_KEYS = ("name", "notebook", "title")
# Names whose outputs would collide with what the run itself writes.
RESERVED_NAMES = frozenset({"index", "manifest", "tables"})
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


class ConfigError(ValueError):
    """The reports config cannot be used; the message names the file, the report and the key."""


@dataclass(frozen=True)
class ReportSpec:
    name: str
    notebook: Path
    title: str
    title_en: str
    parameters: dict = field(default_factory=dict)

    def title_for(self, lang: str) -> str:
        return (self.title_en or self.title) if lang == "en" else (self.title or self.title_en)


def did_you_mean(name: str, allowed) -> str:
    """`` (did you mean 'x'?)`` when ``name`` is close to one of ``allowed``, else ``""``: for the middle of a sentence."""
    hint = suggest.did_you_mean(suggest.close_matches(name, allowed, n=1))
    return f" ({hint})" if hint else ""


def default_config_path() -> Path:
    """``notebooks/reports.toml`` of the current directory, else of the checkout holding the package."""
    here = Path.cwd() / "notebooks" / CONFIG_NAME
    if here.is_file():
        return here
    return Path(__file__).resolve().parents[2] / "notebooks" / CONFIG_NAME


def load_config(path: str | Path) -> list[ReportSpec]:
    """Every report of the config file at ``path``, in file order."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such reports config; pass --config PATH") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    unknown = sorted(set(data) - {"report"})
    if unknown:
        raise ConfigError(
            f"{path}: unknown top-level key {unknown[0]!r}{did_you_mean(unknown[0], ['report'])}; "
            "the file holds [[report]] tables only"
        )
    entries = data.get("report", [])
    if not isinstance(entries, list) or not entries:
        raise ConfigError(f"{path}: no [[report]] entries")
    specs: list[ReportSpec] = []
    for position, entry in enumerate(entries, start=1):
        where = f"{path}: report #{position}" + (f" ({entry['name']!r})" if isinstance(entry.get("name"), str) else "")
        for key in entry:
            if key not in ALLOWED_KEYS:
                raise ConfigError(
                    f"{where}: unknown key {key!r}{did_you_mean(key, ALLOWED_KEYS)}; allowed: {', '.join(ALLOWED_KEYS)}"
                )
        for key in REQUIRED_KEYS:
            if not isinstance(entry.get(key), str) or not entry[key].strip():
                raise ConfigError(f"{where}: {key!r} is required and must be a non-empty string")
        name = entry["name"]
        if not _NAME.match(name) or name in RESERVED_NAMES:
            raise ConfigError(
                f"{where}: name {name!r} must be lower-case letters, digits, '-' or '_' "
                f"(it names the output files) and not one of {', '.join(sorted(RESERVED_NAMES))}"
            )
        if any(s.name == name for s in specs):
            raise ConfigError(f"{where}: name {name!r} is used twice; each report needs its own name")
        notebook = (path.parent / entry["notebook"]).resolve()
        if notebook.suffix != ".ipynb" or not notebook.is_file():
            raise ConfigError(f"{where}: notebook {entry['notebook']!r} is not an .ipynb file next to {path.name}")
        parameters = entry.get("parameters", {})
        if not isinstance(parameters, dict):
            raise ConfigError(f"{where}: 'parameters' must be a table, e.g. parameters = {{ lang = \"en\" }}")
        title_en = entry.get("title_en", "")
        if not isinstance(title_en, str):
            raise ConfigError(f"{where}: 'title_en' must be a string")
        specs.append(ReportSpec(name, notebook, entry["title"], title_en, dict(parameters)))
    return specs
