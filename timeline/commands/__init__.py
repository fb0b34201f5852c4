"""The command-line commands, one module each; ``timeline.cli`` parses arguments and dispatches."""
