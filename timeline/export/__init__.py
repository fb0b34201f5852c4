"""Timeline exports, registered by name in :mod:`timeline.export.registry`: our JSON (and its schema),
TimelineJS3 JSON and CSV; timexes as TimeML (:mod:`timeline.export.timeml`)."""
