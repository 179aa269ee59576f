"""mtedit: machine-translation post-editing for news desks."""

__version__ = "0.1.0"
