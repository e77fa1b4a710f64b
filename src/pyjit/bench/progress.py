"""A one-line progress bar for ``pyjit bench`` (on stderr).

On a terminal the bar is redrawn in place (``[#####-----] 12/48  25%  1:02  nbody · pyjit-interp
· process 2/3``); otherwise each step is printed on its own line, so a log
file still shows where the run was.  ``message`` prints a line above the bar
(used for checksum mismatches and failures, which must not be overwritten).
"""

from __future__ import annotations

import shutil
import sys
import time


class Progress:
    def __init__(self, total: int, stream=None, width: int = 24):
        self.total = max(total, 1)
        self.done = 0
        self.stream = stream if stream is not None else sys.stderr
        self.width = width
        self.label = ""
        self.start = time.monotonic()
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self._drawn = False

    def _line(self) -> str:
        frac = min(self.done / self.total, 1.0)
        filled = int(round(frac * self.width))
        secs = int(time.monotonic() - self.start)
        return (f"[{'#' * filled}{'-' * (self.width - filled)}] {self.done}/{self.total} "
                f"{frac * 100:3.0f}%  {secs // 60}:{secs % 60:02d}  {self.label}")

    def _draw(self) -> None:
        line = self._line()
        if self.tty:
            cols = shutil.get_terminal_size((100, 20)).columns
            self.stream.write("\r" + line[:cols - 1].ljust(cols - 1))
            self._drawn = True
        else:
            self.stream.write(line + "\n")
        self.stream.flush()

    def _clear(self) -> None:
        if self.tty and self._drawn:
            cols = shutil.get_terminal_size((100, 20)).columns
            self.stream.write("\r" + " " * (cols - 1) + "\r")
            self._drawn = False

    def step(self, label: str) -> None:
        """Show that the step ``label`` is starting."""
        self.label = label
        self._draw()

    def advance(self, n: int = 1) -> None:
        """Count ``n`` steps as finished (or skipped)."""
        self.done += n
        if self.tty:
            self._draw()

    def message(self, text: str) -> None:
        self._clear()
        self.stream.write(text.rstrip("\n") + "\n")
        if self.tty:
            self._draw()
        self.stream.flush()

    def finish(self) -> None:
        self.done = self.total
        self.label = "done"
        if self.tty:
            self._draw()
            self.stream.write("\n")
        else:
            self.stream.write(self._line() + "\n")
        self.stream.flush()
