"""Timeline exports: our JSON schema, TimelineJS3 JSON, CSV (TimeML comes from timeline.timeml)."""
