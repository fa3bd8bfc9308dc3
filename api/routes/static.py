"""The app's own stylesheet and scripts (no CDN)."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse

router = APIRouter(include_in_schema=False)
STATIC = Path(__file__).resolve().parent.parent / "static"
TYPES = {".css": "text/css", ".js": "text/javascript"}


@router.get("/static/{name}")
async def static_file(name: str) -> FileResponse:
    path = (STATIC / name).resolve()
    if path.parent != STATIC or not path.is_file():
        raise HTTPException(404, f"no static file '{name}'")
    return FileResponse(path, media_type=TYPES.get(path.suffix, "application/octet-stream"))
