"""``zhili run --check``: do the published files still follow from their inputs?

Publishing is byte-reproducible: the same notebook, parameters, data, code and packages give the
same bytes in every page, executed notebook, CSV, workbook, PDF and slide deck (the run's times
live only in the manifest, the ops page and the history). So a check runs every report again into
a folder of its own, publishes nothing, and compares each file it made with the published one,
byte for byte. A difference means the file was changed by hand, or its inputs changed since it
was published (for example a package upgraded without a re-run), or a report is not reproducible.
"""

from __future__ import annotations

import dataclasses
import shutil
import tempfile
from pathlib import Path

from zhili_data.publish.manifest import load_manifest
from zhili_data.publish.progress import Progress
from zhili_data.publish.records import ManifestEntry
from zhili_data.publish.run import EXIT_FAILED, EXIT_OK, RunOptions, run

__all__ = ["EXIT_DIFFERENT", "check", "differences"]

EXIT_DIFFERENT = 5  # a published file differs from what its inputs give now


def differences(published: Path, recomputed: Path) -> list[tuple[str, str]]:
    """``(file, why)`` for each file of the reports in ``recomputed`` (a folder ``zhili run`` published)
    whose bytes differ from, or are missing in, ``published``.

    Parameters
    ----------
    published : Path
        The output folder being checked.
    recomputed : Path
        A folder the same reports were just published into.

    Returns
    -------
    list of (str, str)
        The file, relative to the output folder, and what is wrong with it; empty when every byte agrees.

    Examples
    --------
    >>> import json, tempfile
    >>> from zhili_data.publish.manifest import FILE_FIELDS, TEXT_FIELDS
    >>> entry = {**dict.fromkeys(FILE_FIELDS + TEXT_FIELDS), "name": "r", "status": "ok", "html": "r.html"}
    >>> entry.update(seconds=1.0, reused=False, tables=[], headline=[], formats=["html"], parameters={})
    >>> entry.update(passed_parameters={}, error=None)
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     for name, text in (("a", "<p>1</p>"), ("b", "<p>2</p>")):
    ...         folder = Path(tmp, name)
    ...         folder.mkdir()
    ...         manifest = {"format": 1, "generated": "-", "reports": [entry]}
    ...         _ = (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    ...         _ = (folder / "r.html").write_text(text, encoding="utf-8")
    ...     differences(Path(tmp, "a"), Path(tmp, "b"))
    [('r.html', 'its bytes differ from what its inputs give now')]
    """
    manifest = load_manifest(recomputed) or {"reports": []}
    found = []
    for entry in manifest["reports"]:
        for relative in ManifestEntry.from_json(entry).files():
            mine, theirs = published / relative, recomputed / relative
            if not mine.is_file():
                found.append((relative, "it is not published"))
            elif mine.read_bytes() != theirs.read_bytes():
                found.append((relative, "its bytes differ from what its inputs give now"))
    return found


def check(options: RunOptions, *, progress: Progress | None = None) -> int:
    """Run the reports of ``options`` again into a temporary folder and compare with ``options.out``.

    Returns the exit code: 0 when every file agrees, :data:`EXIT_DIFFERENT` when one differs, 1 when
    a report failed (so it could not be recomputed), else the run's own code (bad input, ...).
    The published folder is only read.
    """
    progress = progress or Progress()
    scratch = Path(tempfile.mkdtemp(prefix="zhili-check-"))
    try:
        recomputed = scratch / "outputs"
        progress.log(f"checking {options.out}: every report runs again into a folder of its own")
        code = run(dataclasses.replace(options, out=recomputed, force=True), progress=progress)
        if code not in (EXIT_OK, EXIT_FAILED):
            return code
        manifest = load_manifest(recomputed) or {"reports": []}
        unchecked = [e["name"] for e in manifest["reports"] if e.get("status") != "ok"]
        for name in unchecked:
            progress.log(f"check: report {name!r} failed, so its files could not be recomputed", important=True)
        found = differences(Path(options.out), recomputed)
        for relative, why in found:
            progress.log(f"check: {relative}: {why}", important=True)
        if found:
            progress.log(
                f"check: {len(found)} published file(s) differ from what their inputs give now", important=True
            )
            return EXIT_DIFFERENT
        progress.log("check: every published file is what its inputs give now")
        return EXIT_FAILED if unchecked else EXIT_OK
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
