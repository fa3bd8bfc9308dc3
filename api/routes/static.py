"""The app's own stylesheet and scripts (no CDN)."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse

from ontology.errors import NotFoundError

router = APIRouter(include_in_schema=False)
STATIC = Path(__file__).resolve().parent.parent / "static"
TYPES = {".css": "text/css", ".js": "text/javascript"}


@router.get("/static/{name}")
async def static_file(name: str) -> FileResponse:
    path = (STATIC / name).resolve()
    if path.parent != STATIC or not path.is_file():
        served = ", ".join(sorted(p.name for p in STATIC.iterdir()))
        raise NotFoundError(f"no static file '{name}'; the app serves {served}")
    return FileResponse(path, media_type=TYPES.get(path.suffix, "application/octet-stream"))
