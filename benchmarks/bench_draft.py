"""How much of the shipped report's curation `zhili draft` does right, measured against the curated files.

Run: .venv/bin/python benchmarks/bench_draft.py

The shipped source text (data/raw/zhili-2021-midyear-government-work-report.txt) goes through
the draft as if it were a new report; the draft's figures.csv and exclusions.csv are then laid over
the same source by the coverage scan (zhili_data.core.coverage.coverage_table), so each numeric mention
is compared where it stands:

- figures found: curated figures whose mention the draft also drafts as a figure with the same
  value, unit and page (the "Done when" asks for at least 90%);
- quote clause: of those, the draft's quote equal to the curated one, and the draft's quote lying
  inside the curated one (the curated quote only adds context);
- period, basis, measure and part_of guessed right, of the figures found;
- exclusions with the right reason: of the mentions curated as exclusions, those the draft also
  excludes with the same reason;
- extra figures: draft figures the curators did not keep.

The time a curator saves is an estimate, not a measurement: it counts the cells of figures.csv and
exclusions.csv that the draft fills exactly as the curators did, against every cell the curators
typed (free text such as indicator names, translations and notes included), and assumes that a
cell costs the same to type whatever it holds and that checking a right cell costs a third of
typing it. Exits 1 if fewer than 90% of the curated figures are found.
"""

from __future__ import annotations

import sys
import time
from decimal import Decimal
from pathlib import Path

import pandas as pd

from zhili_data.core.catalog import DEFAULT_REPORT, get_report
from zhili_data.core.coverage import coverage_table
from zhili_data.core.curated import read_table
from zhili_data.core.draft import draft_report
from zhili_data.core.figures import load_figures
from zhili_data.core.schema import CURATED_COLUMNS, EXCLUSION_COLUMNS

SOURCE = Path(__file__).resolve().parents[1] / "data" / "raw" / "zhili-2021-midyear-government-work-report.txt"
REQUIRED_FOUND = 0.90
CHECK_COST = 1 / 3  # checking a right cell, as a share of typing it (an assumption, see the docstring)


def pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}% ({part}/{whole})" if whole else "n/a"


def main() -> int:
    entry = get_report(DEFAULT_REPORT)
    started = time.perf_counter()
    tables, _ = draft_report(SOURCE, DEFAULT_REPORT)
    seconds = time.perf_counter() - started
    draft, review, draft_exclusions = tables["figures"], tables["review"], tables["exclusions"]

    curated = load_figures(DEFAULT_REPORT)
    curated_raw = read_table(entry.figures_path)
    shipped = coverage_table(entry)
    drafted = coverage_table(entry, figures=draft, exclusions=draft_exclusions)

    # The draft figure claiming each mention, and the curated figure claiming it.
    draft_by_id = draft.set_index("figure_id")
    review_by_id = review.set_index("figure_id")
    found = quote_equal = quote_inside = 0
    right = {"period": 0, "basis": 0, "measure": 0, "part_of": 0}
    part_of_total = 0
    pairs: dict[str, str] = {}  # curated figure_id -> draft figure_id
    for figure_id in curated["figure_id"]:
        at = shipped.index[(shipped["status"] == "curated") & (shipped["figure_id"] == figure_id)]
        claims = drafted.loc[at]
        if at.empty or (claims["status"] != "curated").any():
            continue
        draft_id = claims["figure_id"].iloc[0]
        row, draft_row = curated.set_index("figure_id").loc[figure_id], draft_by_id.loc[draft_id]
        if (
            Decimal(str(draft_row["value"])) != Decimal(str(row["value"])).normalize()
            and float(draft_row["value"]) != float(row["value"])
        ) or str(draft_row["unit"]) != str(row["unit"]):
            continue
        if int(review_by_id.loc[draft_id, "page"]) != int(row["page"]):
            continue
        found += 1
        pairs[figure_id] = draft_id
        quote_equal += draft_row["quote"] == row["quote"]
        quote_inside += draft_row["quote"] in row["quote"]
        for field in ("period", "basis", "measure"):
            right[field] += str(draft_row[field]) == str(row[field])
    # part_of: right when the draft names the draft figure standing for the curated whole.
    indicator_of_draft = dict(zip(draft["figure_id"], draft["indicator_id"]))
    for figure_id, draft_id in pairs.items():
        whole = curated.set_index("figure_id").loc[figure_id, "part_of"]
        whole = "" if pd.isna(whole) else str(whole)
        guess = str(draft_by_id.loc[draft_id, "part_of"])
        if whole:
            part_of_total += 1
            whole_ids = [
                pairs[f]
                for f in curated.loc[(curated["indicator_id"] == whole) & (curated["measure"] == "level"), "figure_id"]
                if f in pairs
            ]
            right["part_of"] += any(indicator_of_draft[d] == guess for d in whole_ids)
        else:
            right["part_of"] += guess == ""

    excluded = shipped.index[shipped["status"] == "excluded"]
    same_reason = int((drafted.loc[excluded, "reason"] == shipped.loc[excluded, "reason"]).sum())
    unaccounted = int((drafted["status"] == "unaccounted").sum())

    # Cells filled as the curators did, of every cell they typed.
    typed = len(curated_raw) * len(CURATED_COLUMNS) + len(read_table(entry.exclusions_path)) * len(EXCLUSION_COLUMNS)
    filled = 0
    for figure_id, draft_id in pairs.items():
        curated_row = curated_raw.set_index("figure_id").loc[figure_id]
        draft_row = draft_by_id.loc[draft_id]
        for column in CURATED_COLUMNS:
            if column in ("figure_id", "indicator_id", "part_of"):
                continue
            filled += str(draft_row.get(column, "")) == str(curated_row.get(column, ""))
    filled += same_reason * 3  # mention, context (any that matches), reason
    saved = filled / typed * (1 - CHECK_COST)

    n = len(curated)
    print(
        f"zhili draft on {SOURCE.name}: {len(draft)} draft figures, {len(draft_exclusions)} draft exclusions, "
        f"{seconds:.2f} s"
    )
    print(f"curated figures found (value, unit, page): {pct(found, n)}")
    print(f"  quote equal to the curated one:           {pct(quote_equal, found)}")
    print(f"  quote inside the curated one:             {pct(quote_inside, found)}")
    for field in ("period", "basis", "measure"):
        print(f"  {field + ' guessed right:':<40} {pct(right[field], found)}")
    print(f"  part_of right (set or left empty):        {pct(right['part_of'], found)} ({part_of_total} curated parts)")
    print(f"extra draft figures (not curated):          {len(draft) - found}")
    print(f"curated exclusions with the right reason:   {pct(same_reason, len(excluded))}")
    print(f"mentions the draft leaves unaccounted:      {unaccounted}")
    print(f"cells filled as curated:                    {pct(filled, typed)}")
    print(
        f"estimated curator time saved:               {100 * saved:.0f}% "
        f"(cells filled right, less a third for checking them)"
    )
    return 0 if found >= REQUIRED_FOUND * n else 1


if __name__ == "__main__":
    sys.exit(main())
