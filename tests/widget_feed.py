"""The feed the widget tests read: a temp copy of the seeds plus one hostile article whose text puts
`<script>alert(1)</script>` inside dated sentences (so it lands in a headline, a sentence and a title)
and whose URL is a javascript: link (its picture's words hold markup too); its last sentence gives an event whose date is inferred. Built once per test process into a temp SQLite database."""

from __future__ import annotations

import atexit
import functools
import shutil
import tempfile
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
SCRIPT = "<script>alert(1)</script>"
HOSTILE_ARTICLE = f"""---
title: "Council {SCRIPT} report"
published: 2022-09-20
url: "javascript:alert(1)"
image: "https://images.invalid/council.jpg"
image_alt: "Council members <b>voting</b> on the budget"
image_credit: "City photo desk"
---
The city council approved the {SCRIPT} budget on Monday.

Mayor Jane Smith will present the plan in October.

The ministry said recently that talks would continue.
"""


@functools.lru_cache(maxsize=1)
def built_feed() -> tuple[Path, Path]:
    """(feed directory, database) after one refresh; removed when the process ends."""
    root = Path(tempfile.mkdtemp(prefix="timeline-widget-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    feed = root / "feed"
    shutil.copytree(SEEDS, feed)
    (feed / "zz_hostile.md").write_text(HOSTILE_ARTICLE, encoding="utf-8")
    database = root / "timeline.db"
    make_app(feed, database).extensions["timeline"].refresh_now()
    return feed, database


def make_app(feed: Path, database: Path):
    from service.app import create_app

    return create_app({"database": str(database), "feed_dir": str(feed), "settle_seconds": 0}, schedule=False)


def feed_app():
    """A new app over the built feed (no refresh needed: the database already has the timeline)."""
    return make_app(*built_feed())
