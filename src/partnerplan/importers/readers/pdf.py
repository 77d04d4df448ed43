"""PDF to blocks, read in a child process with limits on pages, time and memory.

The child (`pdf_child`) is given the file on stdin and sets its own address-space and
CPU limits as it starts (a `preexec_fn` is not safe when the caller has threads, as a
web server does); the workers it forks to share a long PDF's pages inherit them, so a
PDF can take at most the memory limit once per process. It runs in a process group of
its own, which this side kills whole at the time limit. This side also turns each
progress line the child writes on stderr into a call of `progress`, and reads its one
JSON answer from stdout. Whatever goes wrong, the caller gets an `ImportRefused` naming
the problem.

Quick checks that need no parsing (a file cut short) are made here, before a process
is started.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from ..blocks import ReadDocument, blocks_from_json
from .errors import ImportRefused

MAX_PAGES = 500
TIME_LIMIT_SECONDS = 60.0
MEMORY_LIMIT_BYTES = 1024 * 1024 * 1024  # for the child and for each of its workers
# The pages of a long PDF are shared between this many processes forked by the child.
WORKERS = min(os.cpu_count() or 1, 4)
# A PDF ends with "%%EOF", followed at most by a few bytes of padding; one without it
# was cut short (an interrupted download or e-mail attachment).
END_MARK_WITHIN = 4096

Progress = Callable[[int, int], None]

_CHILD = "partnerplan.importers.readers.pdf_child"
_CHILD_ENVIRONMENT = ("PATH", "LANG", "LC_ALL", "LC_CTYPE", "TMPDIR", "HOME")
# The folder that holds the partnerplan package, so that the child imports the same code
# whether or not the package is installed.
_PACKAGE_ROOT = str(Path(__file__).resolve().parents[3])


def read_pdf(data: bytes, *, progress: Progress | None = None) -> ReadDocument:
    """The PDF's paragraphs and tables; ImportRefused for any PDF that cannot be read."""
    if b"%%EOF" not in data[-END_MARK_WITHIN:]:
        raise ImportRefused(
            "The PDF is incomplete: its end is missing, so it was probably cut short while "
            "being downloaded or copied. Get the whole file and import it again."
        )
    return read_in_child("pdf", data, progress=progress)


def read_in_child(kind: str, data: bytes, *, progress: Progress | None = None) -> ReadDocument:
    """A document of type `kind` read in the limited child process: a PDF always; any
    other type when the caller must not be held by it (the web pages)."""
    answer = _run_child(data, progress, kind)
    if "refused" in answer:
        raise ImportRefused(str(answer["refused"]))
    try:
        document = blocks_from_json(answer["document"])
    except (KeyError, ValueError) as error:
        raise ImportRefused("The file could not be read: it may be damaged.") from error
    if document.kind != kind:
        raise ImportRefused("The file could not be read: it may be damaged.")
    return document


def _run_child(data: bytes, progress: Progress | None, kind: str) -> dict:
    # Only what Python needs: the settings' secrets stay out of a process that parses
    # hostile files.
    environment = {name: os.environ[name] for name in _CHILD_ENVIRONMENT if name in os.environ}
    environment["PYTHONPATH"] = os.pathsep.join(
        path for path in (_PACKAGE_ROOT, os.environ.get("PYTHONPATH", "")) if path
    )
    command = [
        sys.executable,
        "-m",
        _CHILD,
        "--max-pages",
        str(MAX_PAGES),
        "--memory-bytes",
        str(MEMORY_LIMIT_BYTES),
        "--cpu-seconds",
        # CPU time never runs ahead of the clock, so the timer below stops the child first;
        # the CPU limit is there for a child the parent can no longer stop.
        str(math.ceil(TIME_LIMIT_SECONDS) + 1),
        "--workers",
        str(WORKERS),
        "--kind",
        kind,
    ]
    child = subprocess.Popen(  # noqa: S603 - this interpreter, a fixed module, numbers
        command,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=environment,
        # Its own process group, so that the workers it forks die with it.
        start_new_session=True,
    )
    timed_out = threading.Event()

    def stop() -> None:
        timed_out.set()
        _kill(child)

    timer = threading.Timer(TIME_LIMIT_SECONDS, stop)
    timer.daemon = True
    output: list[bytes] = []
    # stdin and stdout are served by threads so that neither pipe fills up and blocks
    # the child while this thread reads its progress from stderr.
    feeder = threading.Thread(target=_feed, args=(child, data), daemon=True)
    reader = threading.Thread(target=lambda: output.append(child.stdout.read()), daemon=True)
    timer.start()
    try:
        feeder.start()
        reader.start()
        assert child.stderr is not None
        done = 0
        for raw in child.stderr:
            # Each line is one page read, "page <its number> <pages in all>": the pages
            # are read by several processes, so they are counted, not taken in order.
            total = _progress_line(raw)
            if total is not None and done < total:
                done += 1
                if progress is not None:
                    progress(done, total)
        reader.join()
        feeder.join()
    finally:
        timer.cancel()
        # The group is killed before the child is reaped, so its number cannot have been
        # given to another process meanwhile; any worker it left goes with it.
        _kill(child)
        child.wait()
        for pipe in (child.stdin, child.stdout, child.stderr):
            if pipe is not None:
                pipe.close()
    if timed_out.is_set() or child.returncode == -signal.SIGXCPU:
        what = "the PDF" if kind == "pdf" else "the file"
        raise ImportRefused(
            f"Reading {what} took longer than the limit of {TIME_LIMIT_SECONDS:g} seconds, "
            "so it was stopped. It may be damaged or unusually complex: save the plan as Word "
            "(.docx) and import that."
        )
    try:
        answer = json.loads(b"".join(output) or b"null")
    except ValueError:
        answer = None
    if not isinstance(answer, dict):
        what = "The PDF" if kind == "pdf" else "The file"
        raise ImportRefused(
            f"{what} could not be read: it may be damaged, or it needs more memory to read "
            f"than is allowed ({MEMORY_LIMIT_BYTES // 2**20:,} MB)."
        )
    return answer


def _feed(child: subprocess.Popen, data: bytes) -> None:
    assert child.stdin is not None
    try:
        child.stdin.write(data)
        child.stdin.close()
    except (BrokenPipeError, OSError):
        pass  # the child ended early; its answer or exit status says why


def _progress_line(raw: bytes) -> int | None:
    """The number of pages in all, from a progress line; None for any other line."""
    words = raw.split()
    if len(words) != 3 or words[0] != b"page":
        return None
    try:
        number, total = int(words[1]), int(words[2])
    except ValueError:
        return None
    return total if 0 < number <= total else None


def _kill(child: subprocess.Popen) -> None:
    """The child and the workers it forked: they are its process group."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(child.pid, signal.SIGKILL)
