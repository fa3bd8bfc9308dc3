"""Answers of recent queries, kept until the next write to the store.

A dashboard, the explorer or a notebook re-run sends the same query again and again;
between two writes its answer cannot change. The key is the whole job (query text,
media types, row cap, base IRI, dataset) and the answer is kept for the store revision
it was computed on: the first lookup at a newer revision (after any write) empties the
cache. The cache holds at most `max_bytes` of answer bodies, least recently used out
first; an answer larger than an eighth of that is not kept.

    cache = ResultCache(64 * 2**20)
    answer = cache.get(job, revision) or cache.put(job, revision, run(job))
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from .query_exec import Answer, QueryJob


class ResultCache:
    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._entries: OrderedDict[QueryJob, Answer] = OrderedDict()
        self._revision = -1
        self._size = 0
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def _at(self, revision: int) -> bool:
        """Move to `revision` (emptying the cache if it is newer); False if it is older."""
        if revision > self._revision:
            self._entries.clear()
            self._size, self._revision = 0, revision
        return revision == self._revision

    def get(self, job: QueryJob, revision: int) -> Answer | None:
        with self._lock:
            answer = self._entries.get(job) if self._at(revision) else None
            if answer is None:
                self.misses += 1
                return None
            self._entries.move_to_end(job)
            self.hits += 1
            return answer

    def put(self, job: QueryJob, revision: int, answer: Answer) -> Answer:
        size = len(answer.body) + len(job.query)
        with self._lock:
            if size > self.max_bytes // 8 or not self._at(revision):
                return answer
            old = self._entries.pop(job, None)
            if old is not None:
                self._size -= len(old.body) + len(job.query)
            self._entries[job] = answer
            self._size += size
            while self._size > self.max_bytes:
                key, dropped = self._entries.popitem(last=False)
                self._size -= len(dropped.body) + len(key.query)
        return answer

    def __len__(self) -> int:
        return len(self._entries)
