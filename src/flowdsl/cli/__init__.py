"""The command line: a thin click layer, the one place that prints and picks exit codes."""
