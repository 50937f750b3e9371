"""Cipher rows: encryption calls and what makes each one weak (rule NW0614 reads this table).

A row names a call (`package` + dotted callee member path) and which of its arguments or options to check:
- `problem="no-iv"`: the call itself is the flaw (`crypto.createCipher` derives key and IV from the password with
  one MD5 round, so the same password always gives the same IV; deprecated since Node.js 10, removed in 22);
- `algorithm` = the argument holding an algorithm name: ECB modes (`aes-256-ecb`, and `des-ede3`/`des-ede`, which
  OpenSSL runs in ECB) and broken ciphers (`WEAK_CIPHERS`) are reported;
- `iv` = the argument holding the IV: a string literal, `Buffer.from(<literal>)`, `Buffer.alloc(n)` (zeros) or a
  constant holding one of those is a static IV (the same key and IV encrypt every message alike; with CTR/GCM it
  gives the keystream away);
- `mode_option` = the options key whose value names the mode (crypto-js `{ mode: CryptoJS.mode.ECB }`);
- `key` = the argument holding the key: a string literal or `Buffer.from(<literal>)` (directly or through a
  constant) is a hard-coded key, readable by anyone with the code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nodeward.knowledge.rows import VERIFIED, RowError


@dataclass(frozen=True)
class CipherRow:
    package: str
    callee: str  # dotted member path from the import
    what: str
    verified: str
    problem: str = ""  # "no-iv": the call is the flaw
    algorithm: int = -1  # argument index of the algorithm name, -1 = none
    iv: int = -1  # argument index of the IV, -1 = none
    mode_option: tuple[int, str] = (-1, "")  # (argument index, key) of a mode option
    key: int = -1  # argument index of the key: a literal (or a Buffer of one) is a hard-coded key
    weak: bool = False  # the callee itself is a broken cipher (crypto-js DES, RC4)

    def __post_init__(self) -> None:
        if not VERIFIED.match(self.verified) or self.problem not in ("", "no-iv"):
            raise RowError(f"cipher {self.package} {self.callee}: bad verified or problem")

    @property
    def id(self) -> str:
        return f"cipher {self.package} {self.callee}"


_NODE = "node@20"
_CRYPTO_JS = "crypto-js@4.2.0"

CIPHERS: tuple[CipherRow, ...] = (
    CipherRow(
        "crypto", "createCipher", "crypto.createCipher (key and IV derived from a password, no IV)", _NODE, "no-iv"
    ),
    CipherRow("crypto", "createDecipher", "crypto.createDecipher (key and IV derived from a password)", _NODE, "no-iv"),
    CipherRow("crypto", "createCipheriv", "crypto.createCipheriv", _NODE, algorithm=0, iv=2, key=1),
    CipherRow("crypto", "createDecipheriv", "crypto.createDecipheriv", _NODE, algorithm=0, key=1),
    *(
        CipherRow("crypto-js", f"{alg}.encrypt", f"crypto-js {alg}.encrypt", _CRYPTO_JS, mode_option=(2, "mode"))
        for alg in ("AES", "TripleDES")
    ),
    *(
        CipherRow("crypto-js", f"{alg}.encrypt", f"crypto-js {alg}.encrypt (a broken cipher)", _CRYPTO_JS, weak=True)
        for alg in ("DES", "RC4", "RC4Drop")
    ),
)

# OpenSSL cipher names (Node.js `crypto.getCiphers()`) that are broken or too small whatever the mode.
WEAK_CIPHERS = re.compile(
    r"(?i)^(?:des(?:-(?:cbc|cfb|cfb1|cfb8|ecb|ofb))?|desx(?:-cbc)?|rc2(?:-.*)?|rc4(?:-.*)?|bf(?:-.*)?|blowfish|cast5?(?:-.*)?|idea(?:-.*)?|seed(?:-.*)?)$"
)
# ECB: the mode named, or OpenSSL's mode-less two- and three-key triple DES names (they run in ECB).
ECB_CIPHERS = re.compile(r"(?i)-ecb$|^des-ede3?$|^des3-ecb$")
# The mode member a crypto-js options object names (`CryptoJS.mode.ECB`).
ECB_MODE_MEMBER = ("mode", "ECB")
