"""Helpers for tests that drive the service over a feed directory: write articles, age them, refresh, read."""

from __future__ import annotations

import os
import time
from pathlib import Path


def article(directory: Path, name: str, text: str, published: str = "2022-09-15", title: str | None = None) -> Path:
    """Write a text article with front matter into the feed."""
    path = directory / name
    front = f"---\npublished: {published}\n" + (f"title: {title}\n" if title else "") + "---\n"
    path.write_text(front + text, encoding="utf-8")
    return path


def age(path: Path, seconds: float = 60) -> None:
    """Make a file look settled (written a while ago); a symbolic link itself, not its target."""
    past = time.time() - seconds
    os.utime(path, (past, past), follow_symlinks=False)


def refresh(app):
    """Run one refresh now, in this thread; returns its report."""
    return app.extensions["timeline"].refresh_now()


def timeline(client, query: str = "") -> dict:
    response = client.get(f"/api/timeline{query}")
    assert response.status_code == 200, response.data
    return response.get_json()


def headlines(data: dict) -> list[str]:
    return [e["headline"] for e in data["events"]]
