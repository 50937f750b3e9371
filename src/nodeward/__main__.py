"""`python -m nodeward` runs the CLI."""

from nodeward.cli import main

main()
