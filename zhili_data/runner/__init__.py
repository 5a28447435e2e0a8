"""``zhili run``: execute the configured notebooks with papermill and publish offline HTML reports.

config      the reports to run (notebooks/reports.toml)
inspection  parameters checked against each notebook's ``parameters`` cell
execute     one report in a worker process: papermill, HTML, CSV
convert     executed notebook → HTML with the project's nbconvert template
tables      tables shown by a notebook → CSV files
index       index.html of a run
manifest    manifest.json, input hashes and reuse
publish     staging folder and atomic swap
lock        one run at a time per output folder
progress    progress bar or log lines
run         the whole run, and its exit codes
cli         the ``run`` sub-command
"""
