"""package.json's dependency groups, in the one order every reader uses (the package.json collector, the lockfile
readers and the no-lockfile audit).

A name declared in several groups takes the kind of the first group listed here, so a package in both
`dependencies` and `devDependencies` is audited as a production dependency. That is the cautious reading, and it
is not npm's: npm loads peer, prod, optional, then dev, and a later group replaces an earlier one's entry
(@npmcli/arborist@9.9.1 lib/node.js:894-946 `#loadDepType`, "prioritize a new edge over an existing one";
@npmcli/package-json@7.0.5 lib/normalize.js:244-250 drops from `dependencies` a name also in
`optionalDependencies`); npm 11.19.1 writes `"dev": true` into package-lock.json for a name in both `dependencies`
and `devDependencies`, and leaves it out of `--omit=dev` installs.
"""

from __future__ import annotations

DEPENDENCY_GROUPS: tuple[str, ...] = (
    "dependencies",
    "optionalDependencies",
    "devDependencies",
    "peerDependencies",
)
