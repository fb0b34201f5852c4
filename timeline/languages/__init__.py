"""Language bundles, one module and one TOML file each (see :mod:`timeline.language`)."""
