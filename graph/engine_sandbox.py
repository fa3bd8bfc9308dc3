"""A child process that runs the engine's risky steps first, so a crash costs one request.

An embedded store admits one read-write process, so updates and Graph Store loads must
run in the server. Before they do, the same text goes through this sandbox: an update
runs there on an empty in-memory store (parse, plan and evaluation of its patterns, the
steps that overflow the stack on extreme shapes), and an RDF body is parsed there and
comes back as N-Triples, which the server loads with the flat N-Triples parser. If the
sandbox dies, the request gets a 400 naming the cause and a fresh sandbox starts; if it
runs past its time limit it is killed and the request gets a 503. The server never
parses or plans anything the sandbox has not survived.

    sandbox = Sandbox()
    sandbox.check_update("INSERT DATA { … }", base_iri="http://…/sparql", timeout=30)
    ntriples = sandbox.parse_rdf(body, "application/ld+json", base_iri, timeout=30)

Messages go as the query workers' do (`graph.framing`); the jobs are its own.
Started as `python -m graph.engine_sandbox`; it exits when its parent dies (a watchdog).
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from typing import Any, BinaryIO

from ontology.errors import EkgError, InputError, QueryError, QueryTimeoutError, StoreError

from .framing import receive, receive_by, send


class Sandbox:
    """One sandbox process, started on first use, replaced when it dies or hangs."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None

    def check_update(self, text: str, base_iri: str | None, timeout: float) -> None:
        """Raise the project's error if the update is malformed or kills the engine."""
        self._ask(("update", text, base_iri), timeout, "update")

    def parse_rdf(self, body: bytes, media_type: str, base_iri: str, timeout: float) -> bytes:
        """The body's triples as N-Triples (quads keep only their triple)."""
        result = self._ask(("parse", body, media_type, base_iri), timeout, "RDF body")
        assert isinstance(result, bytes)
        return result

    def _ask(self, job: tuple[Any, ...], timeout: float, what: str) -> Any:
        with self._lock:
            process = self._start()
            assert process.stdin is not None and process.stdout is not None
            deadline = time.monotonic() + timeout
            try:
                send(process.stdin, job)  # type: ignore[arg-type]
                status, value = receive_by(process.stdout.fileno(), deadline)
            except TimeoutError:
                self._stop(kill=True)
                raise QueryTimeoutError(
                    f"checking the {what} took longer than {timeout:g} s, the time limit of "
                    "this service; split it into smaller parts"
                ) from None
            except (EOFError, OSError) as exc:
                code = self._stop(kill=True)
                raise QueryError(
                    f"the engine could not process this {what}: it stopped (exit status "
                    f"{code}, most likely a stack overflow on its size or shape; {exc!r}). "
                    "Split it into smaller parts or write it flatter"
                ) from None
        if status == "ok":
            return value
        raise value

    def _start(self) -> subprocess.Popen[bytes]:
        if self._process is None or self._process.poll() is not None:
            self._process = subprocess.Popen(
                [sys.executable, "-m", "graph.engine_sandbox"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                bufsize=0,
            )
        return self._process

    def _stop(self, kill: bool) -> int | None:
        process, self._process = self._process, None
        if process is None:
            return None
        if kill:
            process.kill()
        elif process.stdin is not None:
            process.stdin.close()
        try:
            code = process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            code = process.wait()
        for stream in (process.stdin, process.stdout):
            if stream is not None and not stream.closed:
                stream.close()
        return code

    def close(self) -> None:
        with self._lock:
            self._stop(kill=False)


_shared: Sandbox | None = None
_shared_lock = threading.Lock()


def shared_sandbox() -> Sandbox:
    """The process's sandbox (one is enough: writes are serialised anyway)."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = Sandbox()
        return _shared


# ---- the child side ----------------------------------------------------------------


def _run(job: tuple[Any, ...]) -> Any:
    import pyoxigraph as ox

    from .formats import rdf_format
    from .query_exec import syntax_message

    if job[0] == "update":
        _, text, base = job
        try:
            ox.Store().update(text, base_iri=base)
        except SyntaxError as exc:
            raise QueryError(syntax_message("update", text, exc)) from exc
        except (RuntimeError, ValueError, OSError):
            pass  # fails on the empty store ('graph g1 does not exist', an unreachable LOAD):
            # the real run on the real data decides; the sandbox is here for crashes
        return None
    _, body, media, base = job
    fmt = rdf_format(media)
    try:
        triples = [
            ox.Triple(q.subject, q.predicate, q.object)
            for q in ox.parse(body, format=fmt, base_iri=base)
        ]
    except SyntaxError as exc:
        raise InputError(f"cannot parse the {fmt.name} body: {exc}") from exc
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)


def _serve(inbox: BinaryIO, outbox: BinaryIO) -> None:
    while True:
        try:
            job = receive(inbox)
        except EOFError:
            return
        try:
            reply: tuple[str, Any] = ("ok", _run(job))
        except EkgError as exc:
            reply = ("error", exc)
        except Exception as exc:  # anything else still gets an answer
            reply = ("error", StoreError(f"the engine failed: {type(exc).__name__}: {exc}"))
        send(outbox, reply)


def _die_with_parent() -> None:
    """Exit when the server dies. Not PR_SET_PDEATHSIG: the sandbox is started from a
    request's worker thread, and the kernel sends that signal when the *thread* that
    started the child exits (an idle pool thread does, after a few seconds), not only
    when the process does. A watchdog thread polls the parent instead; between jobs an
    EOF on stdin ends the loop as well."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def main() -> None:
    _die_with_parent()
    outbox = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # stray prints must not corrupt replies
    _serve(sys.stdin.buffer, outbox)


if __name__ == "__main__":
    main()
