"""The reports ``zhili run`` executes, read from ``notebooks/reports.toml``.

Each ``[[report]]`` is one notebook with one parameter set::

    [[report]]
    name = "target_gap-en"          # file stem of its outputs: target_gap-en.html, .ipynb
    notebook = "target_gap.ipynb"   # relative to the config file
    title = "目标完成进度"
    title_en = "Progress towards targets"
    parameters = { lang = "en" }    # only what differs from the notebook's defaults

An optional ``[kernels]`` table tunes how the kernels start::

    [kernels]
    warm = true                     # fork each report's kernel from a server with the imports done
    preload = ["pandas", "zhili_data.charts"]   # what that server imports (default: the notebooks' imports)
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
KERNEL_KEYS = ("warm", "preload")
_MODULE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")


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


@dataclass(frozen=True)
class KernelSettings:
    """The ``[kernels]`` table: whether kernels are forked warm, and what their server imports."""

    warm: bool = True
    preload: tuple[str, ...] = ()


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


def _read(path: Path) -> dict:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such reports config; pass --config PATH") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    unknown = sorted(set(data) - {"report", "kernels"})
    if unknown:
        raise ConfigError(
            f"{path}: unknown top-level key {unknown[0]!r}{did_you_mean(unknown[0], ['report', 'kernels'])}; "
            "the file holds [[report]] tables and an optional [kernels] table"
        )
    return data


def load_kernel_settings(path: str | Path, *, default_preload: tuple[str, ...] = ()) -> KernelSettings:
    """The ``[kernels]`` table of the config file at ``path``; ``default_preload`` when it names no modules."""
    path = Path(path)
    return _kernel_settings(_read(path).get("kernels", {}), path, default_preload)


def _kernel_settings(table, path: Path, default_preload: tuple[str, ...] = ()) -> KernelSettings:
    where = f"{path}: [kernels]"
    if not isinstance(table, dict):
        raise ConfigError(f"{where} must be a table")
    for key in table:
        if key not in KERNEL_KEYS:
            raise ConfigError(f"{where}: unknown key {key!r}{did_you_mean(key, KERNEL_KEYS)}; allowed: {', '.join(KERNEL_KEYS)}")
    warm = table.get("warm", True)
    if not isinstance(warm, bool):
        raise ConfigError(f"{where}: 'warm' must be true or false")
    preload = table.get("preload", list(default_preload))
    if not isinstance(preload, list) or not all(isinstance(m, str) for m in preload):
        raise ConfigError(f"{where}: 'preload' must be a list of module names, e.g. preload = [\"pandas\"]")
    for module in preload:
        if not _MODULE.match(module):
            raise ConfigError(f"{where}: preload entry {module!r} is not a module name (dotted Python identifiers)")
    return KernelSettings(warm=warm, preload=tuple(preload))


def load_config(path: str | Path) -> list[ReportSpec]:
    """Every report of the config file at ``path``, in file order."""
    path = Path(path)
    data = _read(path)
    _kernel_settings(data.get("kernels", {}), path)  # a bad [kernels] table stops the run before anything runs
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
