"""The timeline for people: HTML pages (and, with issue 5, the embeddable widget)."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request

widget = Blueprint("widget", __name__, template_folder="templates")


@widget.route("/")
def index():
    state = current_app.extensions["timeline"]
    view = state.view()
    entity = request.args.get("entity") or None
    events = vague = undated = []
    if view is not None:
        timeline = view.timeline()
        keep = (lambda e: any(entity.lower() in p.name.lower() for p in e.participants)) if entity else (lambda e: True)
        events = [e for e in timeline.events if keep(e)]
        vague = [e for e in timeline.vague if keep(e)]
        undated = [e for e in timeline.undated if keep(e)]
    return render_template("timeline.html", view=view, events=events, vague=vague, undated=undated, entity=entity)
