"""A query worker process: reads jobs on stdin, answers on stdout, one at a time.

Started by `graph.query_pool` as `python -m graph.query_worker`. Each job names the
snapshot (a read-only checkpoint of the store) to run on; the worker keeps the last
one open. Messages are framed by `graph.framing`; the first one the worker sends is a
greeting, once it is ready. The pool kills a worker whose query runs past its
deadline: that is what stops the work.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
from typing import Any, BinaryIO

import pyoxigraph as ox

from ontology.errors import EkgError, StoreError

from .framing import receive, send
from .query_exec import QueryJob, execute, oxigraph_runner

PR_SET_PDEATHSIG = 1


def answer(store: ox.Store, job: QueryJob) -> tuple[str, Any]:
    try:
        return "ok", execute(oxigraph_runner(store), job)
    except EkgError as exc:
        return "error", exc
    except Exception as exc:  # anything else still gets an answer, never a dead pipe
        return "error", StoreError(f"the query failed: {type(exc).__name__}: {exc}")


def serve(inbox: BinaryIO, outbox: BinaryIO) -> None:
    opened: tuple[str, ox.Store] | None = None
    while True:
        try:
            snapshot, job = receive(inbox)
        except EOFError:
            return
        if opened is None or opened[0] != snapshot:
            opened = None
            try:
                opened = (snapshot, ox.Store.read_only(snapshot))
            except OSError as exc:
                send(outbox, ("error", StoreError(f"cannot open the snapshot: {exc}")))
                continue
        send(outbox, answer(opened[1], job))


def die_with_parent() -> None:
    """On Linux, have the kernel kill this worker when the server dies, whatever it is doing."""
    parent = os.getppid()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the server died before the line above
        os._exit(0)


def main() -> None:
    die_with_parent()
    outbox = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # stray prints must not corrupt replies
    send(outbox, "ready")
    serve(sys.stdin.buffer, outbox)


if __name__ == "__main__":
    main()
