"""Secret rows: well-known token formats, the options of libraries that take a credential, and what a placeholder
looks like (rules NW0605, NW0612 and NW0613 read these tables).

- `TOKEN_FORMATS`: a token whose format its issuer documents (a prefix, a length, an alphabet), found in any string
  of the code: `AKIA…` AWS access key ids, `ghp_…` GitHub tokens, `sk_live_…` Stripe keys, private key blocks.
- `CREDENTIALS`: where a library takes a secret, as the call (`package` + callee member path, `*` = any steps in
  between, as in `new SignJWT(claims).setExpirationTime('2h').sign(key)`), the argument and, inside an options
  object, the key path (`auth.pass`); `rule` is the code a hard-coded value there is reported under.
- `CREDENTIAL_KEYS`: option names that hold a secret whatever library takes them (`clientSecret` of every
  passport OAuth strategy, `secretAccessKey` of every AWS client): the fallback for libraries without a row.

What counts as hard-coded (decided here, documented in the rules): a string literal, directly or through a constant,
and a `process.env.X || 'literal'` fallback (the literal is what runs when the variable is unset). Not a secret:
a placeholder (`PLACEHOLDER` below: 'changeme', 'xxx…', 'your-api-key', '<secret>', '${SECRET}', AWS's documented
`…EXAMPLE` keys), an empty string, a value shorter than 4 characters; and files whose name says they are tests,
examples or documentation (`TEST_OR_EXAMPLE_FILE`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from nodeward.knowledge.rows import VERIFIED, RowError


@dataclass(frozen=True)
class TokenFormat:
    name: str  # what the finding calls it ("GitHub personal access token")
    pattern: str  # regex over the text of a string (no anchors: the token may sit inside a URL or a header)
    reference: str  # where the format is documented
    unless: str = ""  # a regex over the file: when it matches, the token is public by design there
    regex: re.Pattern[str] = field(init=False, compare=False, repr=False)
    unless_re: re.Pattern[str] | None = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        try:
            object.__setattr__(self, "unless_re", re.compile(self.unless) if self.unless else None)
            object.__setattr__(self, "regex", re.compile(self.pattern))
        except re.error as e:
            raise RowError(f"token format {self.name}: bad pattern: {e}") from e

    @property
    def id(self) -> str:
        return f"token {self.name}"


_B = r"(?<![A-Za-z0-9_])"  # not inside a longer identifier
_E = r"(?![A-Za-z0-9_])"

TOKEN_FORMATS: tuple[TokenFormat, ...] = (
    TokenFormat(
        "AWS access key id",
        _B + r"(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}" + _E,
        "AWS IAM User Guide, unique identifiers (prefixes AKIA/ASIA)",
    ),
    TokenFormat(
        "GitHub token",
        _B + r"gh[pousr]_[A-Za-z0-9]{36,251}" + _E,
        "GitHub Docs, about authentication: token formats ghp_/gho_/ghu_/ghs_/ghr_",
    ),
    TokenFormat("GitHub fine-grained token", _B + r"github_pat_[A-Za-z0-9_]{60,255}", "GitHub Docs, fine-grained PATs"),
    TokenFormat(
        "Stripe secret key",
        _B + r"(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{20,247}" + _E,
        "Stripe Docs, API keys (sk_live_/rk_live_; test keys read the test account's data too)",
    ),
    TokenFormat(
        "Slack token", _B + r"xox[abposr]-[0-9A-Za-z]{6,}-[0-9A-Za-z-]{6,}", "Slack API, token types (xoxb-/xoxp-)"
    ),
    TokenFormat(
        "Slack webhook URL",
        r"https://hooks\.slack\.com/(?:services|workflows)/T[A-Z0-9]{6,}/[A-Z0-9]{6,}/[A-Za-z0-9]{16,}",
        "Slack API, incoming webhooks",
    ),
    TokenFormat(
        "Google API key",
        _B + r"AIza[0-9A-Za-z_-]{35}" + _E,
        "Google Cloud Docs, API keys (AIza prefix)",
        # a Firebase web app's config (`apiKey` next to `authDomain`) is public by design (Firebase docs, "API keys
        # for Firebase are different"): it identifies the project, security rules protect the data
        unless=r"\bauthDomain\s*:",
    ),
    TokenFormat(
        "private key",
        r"-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----",
        "RFC 7468 (PEM labels PRIVATE KEY, RSA PRIVATE KEY...)",
    ),
    TokenFormat("npm token", _B + r"npm_[A-Za-z0-9]{36}" + _E, "npm Docs, about access tokens (npm_ prefix)"),
    TokenFormat(
        "SendGrid API key",
        _B + r"SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}" + _E,
        "Twilio SendGrid Docs, API keys (SG.<id>.<secret>)",
    ),
    TokenFormat(
        "OpenAI API key",
        _B + r"sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}T3BlbkFJ[A-Za-z0-9_-]{20,}",
        "OpenAI API reference, authentication (keys embed T3BlbkFJ)",
    ),
    TokenFormat("Anthropic API key", _B + r"sk-ant-(?:api|admin)\d{2}-[A-Za-z0-9_-]{80,}", "Anthropic API Docs"),
    TokenFormat("GitLab token", _B + r"glpat-[A-Za-z0-9_-]{20,}" + _E, "GitLab Docs, token prefixes (glpat-)"),
    TokenFormat("Shopify access token", _B + r"shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}" + _E, "Shopify Docs, tokens"),
    TokenFormat("Mailgun API key", _B + r"key-[0-9a-f]{32}" + _E, "Mailgun Docs, API keys (key- prefix)"),
    TokenFormat(
        "Twilio API key", _B + r"SK[0-9a-f]{32}" + _E, "Twilio Docs, API keys (SK + 32 hex, the secret goes with it)"
    ),
    TokenFormat(
        "JSON Web Token",
        _B + r"eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}",
        "RFC 7519 (a signed JWT: base64url of '{\"' header and claims, then the signature)",
    ),
    TokenFormat(
        "Authorization header with credentials",
        r"(?i)\b(?:Bearer|Basic|token)\s+[A-Za-z0-9+/_=.-]{20,}",
        "RFC 6750 (Bearer) and RFC 7617 (Basic): a hard-coded Authorization value",
    ),
    TokenFormat(
        "connection string with a password",
        r"\b(?:mongodb(?:\+srv)?|postgres(?:ql)?|mysql|mariadb|mssql|redis|rediss|amqps?)://"
        r"(?P<user>[^:@/\s'\"`]*):(?P<password>[^@/\s'\"`]{3,})@[^\s'\"`]+",
        "the URL user-info of the MongoDB, PostgreSQL, MySQL, Redis and AMQP drivers (RFC 3986 user:password@)",
    ),
)


@dataclass(frozen=True)
class CredentialRow:
    package: str
    callee: str  # member path from the import, dotted; "" = the import itself; "*" = any steps
    argument: int
    option: str  # key path inside that argument ("auth.pass"); "" = the argument is the secret
    what: str
    verified: str
    rule: str = "NW0612"  # NW0605 for keys that sign sessions and JWTs

    def __post_init__(self) -> None:
        if not VERIFIED.match(self.verified):
            raise RowError(f"credential {self.package} {self.callee}: verified must be pkg@version")
        if self.rule not in ("NW0605", "NW0612") or self.argument < 0:
            raise RowError(f"credential {self.package} {self.callee}: bad rule or argument")

    @property
    def id(self) -> str:
        return f"credential {self.package} {self.callee} {self.argument} {self.option}"

    @property
    def steps(self) -> tuple[str, ...]:
        return tuple(self.callee.split(".")) if self.callee else ()


_OAUTH = "passport-oauth2@1.8.0"
_MYSQL2 = "mysql2@3.26.1"

CREDENTIALS: tuple[CredentialRow, ...] = (
    # passport OAuth strategies: `new GoogleStrategy({ clientID, clientSecret, callbackURL }, verify)`
    *(
        CredentialRow(pkg, callee, 0, "clientSecret", f"{pkg} clientSecret", version)
        for pkg, version in (
            ("passport-google-oauth20", "passport-google-oauth20@2.0.0"),
            ("passport-github2", "passport-github2@0.1.12"),
            ("passport-facebook", "passport-facebook@3.0.0"),
            ("passport-oauth2", _OAUTH),
        )
        for callee in ("", "Strategy")
    ),
    CredentialRow(
        "passport-twitter", "Strategy", 0, "consumerSecret", "passport-twitter consumerSecret", "passport-twitter@1.0.4"
    ),
    # database drivers and ORMs: the password of the connection options
    *(
        CredentialRow(pkg, callee, 0, "password", f"{pkg} {callee} password", version)
        for pkg, version in (("mysql2", _MYSQL2), ("mysql2/promise", _MYSQL2), ("mysql", _MYSQL2))
        for callee in ("createConnection", "createPool")
    ),
    *(
        CredentialRow("pg", callee, 0, "password", f"pg {callee} password", "pg@8.23.1")
        for callee in ("Pool", "Client")
    ),
    CredentialRow("sequelize", "", 2, "", "Sequelize password (third argument)", "sequelize@6.37.8"),
    CredentialRow("sequelize", "Sequelize", 2, "", "Sequelize password (third argument)", "sequelize@6.37.8"),
    CredentialRow("sequelize", "", 0, "password", "Sequelize password", "sequelize@6.37.8"),
    CredentialRow("sequelize", "Sequelize", 0, "password", "Sequelize password", "sequelize@6.37.8"),
    CredentialRow("knex", "", 0, "connection.password", "knex connection password", "knex@3.3.0"),
    CredentialRow("ioredis", "", 0, "password", "ioredis password", "ioredis@6.1.0"),
    CredentialRow("redis", "createClient", 0, "password", "redis createClient password", "redis@6.4.0"),
    CredentialRow("mssql", "connect", 0, "password", "mssql connect password", "mssql@12.7.16"),
    CredentialRow("mongoose", "connect", 1, "pass", "mongoose connect pass", "mongoose@9.13.2"),
    CredentialRow("nodemailer", "createTransport", 0, "auth.pass", "nodemailer SMTP password", "nodemailer@10.6.1"),
    # API clients
    CredentialRow("stripe", "", 0, "", "Stripe API key", "stripe@23.2.0"),
    CredentialRow("openai", "", 0, "apiKey", "OpenAI apiKey", "openai@6.49.0"),
    CredentialRow("openai", "OpenAI", 0, "apiKey", "OpenAI apiKey", "openai@6.49.0"),
    CredentialRow("@sendgrid/mail", "setApiKey", 0, "", "SendGrid API key", "@sendgrid/mail@8.1.6"),
    CredentialRow("twilio", "", 1, "", "Twilio auth token", "twilio@6.3.1"),
    # keys that sign sessions and tokens (NW0605 with the session secrets)
    CredentialRow("jwt-simple", "encode", 1, "", "jwt-simple encode key", "jwt-simple@0.5.6", rule="NW0605"),
    CredentialRow("jwt-simple", "decode", 1, "", "jwt-simple decode key", "jwt-simple@0.5.6", rule="NW0605"),
    CredentialRow("jose", "SignJWT.*.sign", 0, "", "jose SignJWT key", "jose@6.2.19", rule="NW0605"),
    CredentialRow("jose", "jwtVerify", 1, "", "jose jwtVerify key", "jose@6.2.19", rule="NW0605"),
    CredentialRow("fast-jwt", "createSigner", 0, "key", "fast-jwt signer key", "fast-jwt@6.3.6", rule="NW0605"),
    CredentialRow("fast-jwt", "createVerifier", 0, "key", "fast-jwt verifier key", "fast-jwt@6.3.6", rule="NW0605"),
)

# Option names that hold a secret in any call's options object (all passport OAuth 1/2 strategies, AWS SDK v2/v3
# credentials, OIDC clients). A name list, not a package list: these names mean a secret in every library seen.
CREDENTIAL_KEYS = frozenset(
    {"clientSecret", "client_secret", "consumerSecret", "consumer_secret", "secretAccessKey", "apiSecret", "appSecret"}
)

# Names of variables and properties that hold a credential when given a literal (NW0612's scan of declarations and
# object literals): a word of `SECRET_NAME_WORDS`, a pair of `SECRET_NAME_PAIRS`, or a password name; a name with a
# word of `NOT_A_SECRET_WORDS` is about a secret, not the secret (`secretName`, `passwordPolicy`, `tokenUrl`).
SECRET_NAME_WORDS = frozenset({"secret", "apikey", "passphrase", "privatekey", "accesskey"})
SECRET_NAME_PAIRS = (
    ("api", "key"),
    ("access", "key"),
    ("private", "key"),
    ("secret", "key"),
    ("auth", "token"),
    ("access", "token"),
    ("api", "token"),
    ("bot", "token"),
    ("client", "secret"),
    ("signing", "key"),
    ("encryption", "key"),
)
NOT_A_SECRET_WORDS = frozenset(
    {"name", "names", "id", "arn", "path", "file", "url", "uri", "env", "var", "header", "field", "label", "policy"}
    | {"min", "max", "length", "regex", "pattern", "hint", "message", "placeholder", "reset", "hash", "hashed"}
    | {"route", "endpoint", "type", "ref", "version", "location", "dir", "prefix", "public", "publishable", "expiry"}
    | {"expires", "ttl", "rounds", "strength", "confirm", "confirmation", "input", "form", "error", "title"}
)
# A credential literal: long enough, not an environment variable's name, a path, a sentence or a placeholder.
MIN_PASSWORD_LENGTH = 6
MIN_KEY_LENGTH = 12
MIN_KEY_ENTROPY = 3.0  # bits per character (Shannon) of a key or token: random text is above, words are near it
ENV_NAME = re.compile(r"^[A-Z][A-Z0-9_]*$")
PATH_LIKE = re.compile(r"^(?:\.{0,2}/|[A-Za-z]:\\)|\.(?:pem|key|crt|json|txt|p12|pfx)$|^https?://|\s.*\s")

# A value that is obviously not a real secret: a marker to replace, AWS's documented example keys, repeated chars.
PLACEHOLDER = re.compile(
    r"(?i)change[-_ ]?me|changeit|x{4,}|\*{3,}|\.{3}|<[^>]*>|\$\{|\{\{|^your[-_ ]|[-_ ]here$|placeholder|"
    r"replace[-_ ]?(?:me|this|with)|dummy|redacted|example|^todo$|^fake|^(.)\1+$|"
    r"^(?:secret|password|pass|test|none|null)$"
)
# Files whose secrets are fixtures, samples or documentation, not configuration that runs.
TEST_OR_EXAMPLE_FILE = re.compile(
    r"(?i)(?:^|/)(?:tests?|__tests__|__mocks__|mocks?|specs?|fixtures?|__fixtures__|examples?|samples?|demos?|docs?|"
    r"e2e|cypress|stories)/|\.(?:test|spec|e2e|stories|story|example|sample|mock)\.[cm]?[jt]sx?$"
)


def entropy(value: str) -> float:
    """Shannon entropy in bits per character."""
    if not value:
        return 0.0
    counts = {c: value.count(c) for c in set(value)}
    return -sum(n / len(value) * math.log2(n / len(value)) for n in counts.values())


def is_placeholder(value: str) -> bool:
    return len(value.strip()) < 4 or PLACEHOLDER.search(value) is not None
