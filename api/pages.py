"""HTML pages from Jinja templates with autoescaping: whatever came from a paper is escaped."""

from __future__ import annotations

from pathlib import Path

from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

TEMPLATES = Path(__file__).with_name("templates")
_env = Environment(
    loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]), auto_reload=False
)


def render(name: str, status: int = 200, **context: object) -> HTMLResponse:
    return HTMLResponse(_env.get_template(name).render(**context), status_code=status)
