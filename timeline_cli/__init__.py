"""The `timeline` command: argument parsing (main.py) and one module per command. It sits above both the
library (`timeline`) and the service (`service`), and is the only package that imports both."""
