"""What a run tells its user: a progress bar on a terminal, plain log lines otherwise.

A scheduled job's log gets one timestamped line per event and nothing else; an interactive
run gets a tqdm bar with the same events printed above it.
"""

from __future__ import annotations

import shutil
import sys
import time


class Progress:
    def __init__(self, *, stream=None, bar: bool | None = None, quiet: bool = False) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.quiet = quiet
        self.use_bar = (self.stream.isatty() if bar is None else bar) and not quiet
        self._bar = None

    def log(self, message: str, *, important: bool = False) -> None:
        if self.quiet and not important:
            return
        if self._bar is not None:
            self._bar.write(message, file=self.stream)
        else:
            # date and zone: a scheduled job's log is read days later, perhaps from another zone
            print(f"{time.strftime('%Y-%m-%d %H:%M:%S %z')} zhili run: {message}", file=self.stream, flush=True)

    def start(self, total: int) -> None:
        if self.use_bar and total:
            from tqdm import tqdm

            # A terminal that reports no size (a bare pty, `script`) would make tqdm hide the bar.
            size = shutil.get_terminal_size((100, 20))
            width = size.columns if size.columns > 0 else 100
            self._bar = tqdm(
                total=total,
                unit="report",
                file=self.stream,
                desc="zhili run",
                ncols=min(width, 120),
                nrows=size.lines if size.lines > 0 else 20,
            )

    def advance(self, message: str) -> None:
        if self._bar is not None:
            self._bar.set_postfix_str(message, refresh=False)
            self._bar.update(1)
        else:
            self.log(message)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None


def first_line(text: str, limit: int | None = None) -> str:
    """The first line of ``text`` that is not blank, stripped, and cut to ``limit`` characters (an ellipsis
    marks the cut): what a log line quotes of an error message or a cell.

    Examples
    --------
    >>> first_line("\\n  x = 1 / 0\\n  y = 2")
    'x = 1 / 0'
    >>> first_line("abcdef", limit=4)
    'abc…'
    """
    line = next((ln.strip() for ln in (text or "").splitlines() if ln.strip()), "")
    return line if limit is None or len(line) <= limit else line[: limit - 1] + "…"
