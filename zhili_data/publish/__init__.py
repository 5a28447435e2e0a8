"""``zhili run``: execute the configured notebooks with papermill and publish offline HTML reports.

config      the reports to run (notebooks/reports.toml)
inspection  parameters checked against each notebook's ``parameters`` cell
execute     one report in a worker process: papermill, HTML, CSV
convert     executed notebook → HTML with the project's nbconvert template
tables      tables shown by a notebook → CSV files
index       index.html of a run
history     history.json: the recent runs of an output folder
manifest    manifest.json, input hashes and reuse
publish     which --out may be replaced, staging folder and atomic swap
lock        one run at a time per output folder
progress    progress bar or log lines
run         the whole run, and its exit codes
cli         the ``run`` sub-command
warm        warm, isolated kernels: a fork server per run, a forked kernel per report
"""

import sys

# jsonschema (imported by nbformat, which papermill and nbconvert import) builds a Lark grammar
# at import when the optional rfc3987_syntax package is installed, about 1.2 s of CPU in every
# process, only to check "iri" formats; the notebook schema has none. A None entry makes that
# optional import fail at once, so jsonschema skips it (it imports it inside suppress(ImportError)).
sys.modules.setdefault("rfc3987_syntax", None)
