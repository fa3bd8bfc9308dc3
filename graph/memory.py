"""How the process holds freed memory (glibc on Linux; elsewhere these do nothing)."""

from __future__ import annotations

import contextlib
import ctypes

M_MMAP_THRESHOLD, M_ARENA_MAX = -3, -8  # mallopt parameters (glibc's malloc.h)


def keep_less_freed_memory() -> None:
    """Have glibc return large freed blocks to the system and keep fewer arenas (Linux).

    By default a freed block above 128 KiB raises the threshold under which blocks come
    from the heap, so the papers' N-Quads (hundreds of KiB each) soon come from the heap
    and stay there as it fragments, and every thread that allocates (the bulk loader's,
    the pool's) gets an arena of its own that keeps what it freed. On 120 ei-dev papers
    the main process ended at 312 MiB RSS with the defaults, 257 with a fixed threshold,
    279 with two arenas (docs/benchmarks.md)."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(M_MMAP_THRESHOLD, 128 * 1024)
        libc.mallopt(M_ARENA_MAX, 2)


def give_back_freed_memory() -> None:
    """Hand the heap's free pages back to the system (Linux): after a large structure
    was built and its scaffolding let go (a store reopened, a view's summary built)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)
