"""The names of the domain packs of timex rules (``timeline.timex.rules`` registers their rules), known here without
importing the rules, which build their grammar as they load: settings are checked, and `timeline serve` binds its
port, without waiting for that. tests/test_settings.py checks that the two agree."""

PACK_NAMES = ("earnings",)
