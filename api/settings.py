"""One settings object, read from the environment (prefix `EKG_`); the command line lays its
flags over it (`api/commands.settings_for`). Nothing else reads the environment."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field
from pydantic import ValidationError as PydanticValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from ontology.errors import InputError


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="EKG_", extra="ignore")

    store: str = Field("./ekg-store", description="store folder, 'memory:' or sparql+http://…")
    host: str = "127.0.0.1"
    port: int = 8000
    public_reads: bool = Field(True, description="anyone may query; false: a reader token")
    union_default_graph: bool = Field(
        True, description="queries see the union of all graphs as the default graph"
    )
    query_timeout: float = Field(30.0, description="seconds before a query is stopped")
    max_rows: int = Field(10_000, description="result rows returned at most per query")
    max_request_bytes: int = Field(10_000_000, description="largest request body accepted")
    query_workers: int = Field(2, description="processes that run queries")
    max_query_workers: int = Field(
        0,
        description="processes that run queries when all are busy (a lookup then need not "
        "wait behind slow queries); 0 = twice query_workers",
    )
    federated_query: bool = Field(
        False, description="allow SERVICE in queries (the server then fetches other URLs)"
    )
    max_queued_queries: int = Field(
        16, description="queries that may wait for a worker; more are refused with 503"
    )
    slow_query_seconds: float = Field(
        0.0,
        description="a query running longer yields the cores to younger ones (its worker's "
        "priority is lowered while they run); 0 = never. On a shared host the lowered "
        "worker also yields to other users' work (docs/benchmarks.md)",
    )
    result_cache_mb: int = Field(
        64, description="answers kept until the next write to the store, in MiB; 0 = off"
    )
    jobs: int = Field(0, description="processes for ingest; 0 = every core")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    try:
        return Settings()
    except PydanticValidationError as exc:
        problems = "; ".join(
            f"EKG_{str(e['loc'][0]).upper()}={e.get('input')!r}: {e['msg']}" for e in exc.errors()
        )
        raise InputError(f"a setting in the environment is unusable: {problems}") from exc
