"""A real Virtuoso on loopback for the remote-store tests (Debian `virtuoso-opensource`).

`start_virtuoso(folder)` writes an ini whose files live in `folder` and whose ports are
free loopback ports, starts `virtuoso-t +foreground`, waits for its SPARQL endpoint,
and gives the `dba` account a fresh password (updates go to /sparql-auth with digest
auth as `dba`). Tests skip with a clear reason only where virtuoso-t is not installed.
"""

from __future__ import annotations

import secrets
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.conftest import free_port

INI = """[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DisableTcpSocket = 0
MaxClientConnections = 20
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = ., {d}
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
MaxQueryMem = 500M

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {d}
MaxClientConnections = 20
ServerThreads = 20
Charset = UTF-8
EnabledGzipContent = 0

[SPARQL]
ResultSetMaxRows = {max_rows}
MaxQueryCostEstimationTime = 400
MaxQueryExecutionTime = 300
"""


@dataclass
class Virtuoso:
    folder: Path
    http_port: int
    sql_port: int
    password: str
    process: subprocess.Popen[bytes]

    @property
    def sparql_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql"

    def spec(self) -> str:
        """The EKG_STORE value for this Virtuoso (updates through /sparql-auth)."""
        return (
            f"sparql+http://dba:{self.password}@127.0.0.1:{self.http_port}/sparql"
            f"?update=http://127.0.0.1:{self.http_port}/sparql-auth"
        )

    def isql(self, statement: str, password: str | None = None) -> str:
        proc = subprocess.run(
            [
                "isql-vt",
                f"127.0.0.1:{self.sql_port}",
                "dba",
                password or self.password,
                f"exec={statement}",
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
        if proc.returncode != 0 or "*** Error" in proc.stdout + proc.stderr:
            raise AssertionError(f"isql-vt {statement!r} failed: {proc.stdout}{proc.stderr}")
        return proc.stdout

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def start_virtuoso(folder: Path, max_rows: int = 1_000_000) -> Virtuoso:
    binary = shutil.which("virtuoso-t")
    if binary is None or shutil.which("isql-vt") is None:
        pytest.skip("virtuoso-t / isql-vt are not installed (apt-get install virtuoso-opensource)")
    folder.mkdir(parents=True, exist_ok=True)
    http_port, sql_port = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(INI.format(d=folder, sql_port=sql_port, http_port=http_port, max_rows=max_rows))
    log = open(folder / "console.log", "wb")  # noqa: SIM115
    process = subprocess.Popen(
        [binary, "+configfile", str(ini), "+foreground"],
        cwd=folder,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    server = Virtuoso(folder, http_port, sql_port, "dba", process)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"virtuoso-t exited: {(folder / 'console.log').read_text()}")
        try:
            if httpx.get(server.sparql_url, params={"query": "ASK {}"}, timeout=2).is_success:
                break
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    else:
        server.stop()
        raise AssertionError("Virtuoso's SPARQL endpoint did not answer within 120 s")
    password = "ekg" + secrets.token_hex(12)
    try:
        server.isql(f"SET PASSWORD dba {password};", password="dba")
    except AssertionError:
        server.stop()
        raise
    server.password = password
    return server


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Virtuoso]:
    server = start_virtuoso(tmp_path_factory.mktemp("virtuoso"))
    yield server
    server.stop()
