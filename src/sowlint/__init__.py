"""sowlint: a Statement-of-Work linter and scoping checker."""

__version__ = "0.1.0"
