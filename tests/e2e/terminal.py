"""Run the installed `nodeward` command in a real pseudo-terminal of a given size (standard library pty only).

The child is a session leader with the pty as its controlling terminal, so stdin, stdout and stderr are all
terminals, `isatty()` is true, the window size is what `stty size` would say, and a Ctrl-C typed into the
terminal reaches it as SIGINT through the terminal's line discipline, as it does for a person.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
import time
from dataclasses import dataclass, field
from pathlib import Path

NODEWARD = Path(sys.executable).parent / "nodeward"  # the console script pip installed, as a user runs it
ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]")


def _become_terminal_owner() -> None:
    # After setsid (start_new_session) the child has no controlling terminal: take the pty on stdin.
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


@dataclass
class TerminalRun:
    """One command in a pty: what the user saw (stdout and stderr interleaved, as on screen) and its exit status."""

    args: list[str]
    columns: int = 100
    rows: int = 50
    env: dict[str, str] = field(default_factory=dict)
    cwd: Path | None = None
    raw: bytes = b""
    status: int | None = None

    def __post_init__(self) -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", self.rows, self.columns, 0, 0))
        env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR")}
        env.update({"TERM": "xterm-256color", **self.env})
        self.process = subprocess.Popen(
            [str(NODEWARD), *self.args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            cwd=self.cwd,
            env=env,
            start_new_session=True,
            preexec_fn=_become_terminal_owner,  # the test process starts no threads before this fork
            close_fds=True,
        )
        os.close(slave)

    def read_until(self, pattern: str, timeout: float = 60.0) -> str:
        """Read until the screen text (escapes removed) matches `pattern`; the text so far is returned."""
        deadline = time.monotonic() + timeout
        while not re.search(pattern, self.text):
            if time.monotonic() > deadline or not self._read_some(deadline - time.monotonic()):
                raise AssertionError(f"{pattern!r} never appeared; the screen showed:\n{self.text[-3000:]}")
        return self.text

    def type(self, keys: bytes) -> None:
        os.write(self.master, keys)

    def wait(self, timeout: float = 120.0) -> int:
        """Read everything until the command exits; its exit status."""
        deadline = time.monotonic() + timeout
        while self._read_some(max(0.0, deadline - time.monotonic())):
            if time.monotonic() > deadline:
                self.process.kill()
                raise AssertionError(f"nodeward {self.args} did not finish in {timeout} s:\n{self.text[-3000:]}")
        self.status = self.process.wait(timeout=max(1.0, deadline - time.monotonic()))
        os.close(self.master)
        return self.status

    def _read_some(self, timeout: float) -> bool:
        """Read what is there; False once the child has closed the terminal (EOF/EIO on Linux)."""
        ready, _, _ = select.select([self.master], [], [], min(timeout, 1.0))
        if not ready:
            return self.process.poll() is None or self._drain()
        try:
            chunk = os.read(self.master, 65536)
        except OSError:
            return False
        if not chunk:
            return False
        self.raw += chunk
        return True

    def _drain(self) -> bool:
        try:
            chunk = os.read(self.master, 65536)
        except OSError:
            return False
        self.raw += chunk
        return bool(chunk)

    @property
    def screen(self) -> str:
        """Decoded output with the terminal's escapes kept (colour, cursor moves)."""
        return self.raw.decode("utf-8", errors="replace")

    @property
    def text(self) -> str:
        """What a person reads: escapes removed, the pty's CRLF turned into LF, spinner redraws dropped."""
        plain = ANSI.sub("", self.screen).replace("\r\n", "\n")
        return "\n".join(line.rsplit("\r", 1)[-1] for line in plain.split("\n"))


def run_in_terminal(args: list[str], *, columns: int = 100, timeout: float = 120.0, **kwargs: object) -> TerminalRun:
    run = TerminalRun(args, columns=columns, **kwargs)  # type: ignore[arg-type]
    run.wait(timeout)
    return run
