"""package.json's dependency groups, in the one order every reader uses (the package.json collector, the lockfile
readers and the no-lockfile audit).

A name declared in several groups takes the kind of the first group listed here, as npm does. npm loads peer,
prod, optional, then dev dependencies, and a later group replaces an earlier one's entry (@npmcli/arborist@9.9.1
lib/node.js:894-946 `#loadDepType`, "prioritize a new edge over an existing one"; @npmcli/package-json@7.0.5
lib/normalize.js:244-250 drops from `dependencies` a name also in `optionalDependencies`). So the group npm keeps
is the last one it loads: listed here first. Checked with npm 11.19.1 (`npm install --package-lock-only`): a name
in `dependencies` and `devDependencies` is written `"dev": true` (and left out of `--omit=dev` installs), one in
`dependencies` and `optionalDependencies` is `"optional": true`, one in `optionalDependencies` and
`devDependencies` is `"dev": true`, and one in `peerDependencies` and any other group takes the other group's kind.
tests/knowledge/test_npm_groups.py replays that lockfile.
"""

from __future__ import annotations

DEPENDENCY_GROUPS: tuple[str, ...] = (
    "devDependencies",
    "optionalDependencies",
    "dependencies",
    "peerDependencies",
)
