"""Subcommands of the `mtedit` command line, one module each, registered by `mtedit.cli`."""
