"""Allow ``python -m sowlint``."""

from sowlint.cli import main

main()
