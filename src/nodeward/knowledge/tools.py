"""Tools around a project that nodeward recognises by their files: dependency-update bots (read by practice 2's
configuration collector and by the dependency audit).

To add an update bot or a config file name: add it to the row, citing where the tool itself reads the name, and a
test that a project holding only that file is seen (tests/collect/test_manifests.py does it for every path).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class UpdateBot:
    """A dependency-update bot and the repository paths it reads its configuration from, in its own order."""

    tool: str
    paths: tuple[str, ...]  # relative to the repository root, "/"-separated
    manifest_key: str  # a package.json key that holds the configuration instead; "" when there is none
    verified: str


UPDATE_BOTS: tuple[UpdateBot, ...] = (
    UpdateBot(
        "dependabot",
        (".github/dependabot.yml", ".github/dependabot.yaml"),
        "",
        "GitHub docs, 'Configuring Dependabot version updates': the file lives in .github/ of the default branch",
    ),
    UpdateBot(
        "renovate",
        (
            "renovate.json",
            "renovate.json5",
            ".github/renovate.json",
            ".github/renovate.json5",
            ".gitlab/renovate.json",
            ".gitlab/renovate.json5",
            ".renovaterc",
            ".renovaterc.json",
            ".renovaterc.json5",
        ),
        "renovate",
        "renovate@39.264.1 dist/config/app-strings.js:4-15 `configFileNames` (then package.json `renovate`)",
    ),
)

# Every path any update bot reads, in table order.
UPDATE_BOT_PATHS: tuple[str, ...] = tuple(path for bot in UPDATE_BOTS for path in bot.paths)


def update_bot_for(path: str) -> str | None:
    """The bot that reads the repository-relative `path` as its configuration, or None."""
    for bot in UPDATE_BOTS:
        if path in bot.paths:
            return bot.tool
    return None
