"""Words the command line and nodeward.toml share. Imports nothing: the CLI builds its options from these at
start-up, before any command has decided what it needs (`nodeward --version` stays fast)."""

FAIL_ON_CHOICES = ("critical", "high", "medium", "low", "info", "never")
PROFILE_CHOICES = ("default", "audit", "library")  # library: exported functions' parameters are taint sources


class ConfigError(Exception):
    """A configuration problem: reported on one line, exit status 2."""
