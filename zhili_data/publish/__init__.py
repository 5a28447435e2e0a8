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
forked_kernel  the worker's side of warm kernels: jupyter_client provisioner, manager and client
process     what each process of a run sets up for itself (dies with its parent, its name, no IRI grammar)

Importing the package changes nothing in the process: what a run's processes set up for themselves
is done by explicit calls (:mod:`zhili_data.publish.process`).
"""
