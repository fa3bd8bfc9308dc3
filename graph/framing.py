"""Messages between the server and its child processes (the query workers, the engine
sandbox): pickles prefixed by their length, 8 bytes big-endian.

    send(stream, message)               # either side
    message = receive(stream)           # the child: blocks; EOFError when the pipe closes
    message = receive_by(fd, deadline)  # the server: TimeoutError past the deadline

Standard library only, so a child that imports it starts fast.
"""

from __future__ import annotations

import os
import pickle
import select
import struct
import time
from typing import Any, BinaryIO

HEADER = struct.Struct(">Q")


def send(stream: BinaryIO, message: Any) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(HEADER.pack(len(data)) + data)
    stream.flush()


def receive(stream: BinaryIO) -> Any:
    header = stream.read(HEADER.size)
    if len(header) < HEADER.size:
        raise EOFError
    (size,) = HEADER.unpack(header)
    data = stream.read(size)
    if len(data) < size:
        raise EOFError
    return pickle.loads(data)


def _read(fd: int, size: int, deadline: float) -> bytes:
    parts: list[bytes] = []
    while size > 0:
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
            raise TimeoutError
        chunk = os.read(fd, min(size, 1 << 20))
        if not chunk:
            raise EOFError
        parts.append(chunk)
        size -= len(chunk)
    return b"".join(parts)


def receive_by(fd: int, deadline: float) -> Any:
    """The next message on `fd`; TimeoutError when it has not come whole by `deadline`
    (a `time.monotonic()` value), EOFError when the child closed the pipe."""
    (size,) = HEADER.unpack(_read(fd, HEADER.size, deadline))
    return pickle.loads(_read(fd, size, deadline))
