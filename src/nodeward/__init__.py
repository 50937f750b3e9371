"""nodeward: a security auditor for Node.js applications, checked against 15 practices."""

__version__ = "0.1.0"
