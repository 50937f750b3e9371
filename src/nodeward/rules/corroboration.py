"""Which live finding shows the same mistake as which static finding, so `scan --url` reports it once.

A row reads "live rule X confirms static rule(s) Y": when both fire in one run, the static finding (it points at the
line to change) absorbs the live one as its evidence from the running app (URL and response). The live finding is
kept whole inside it (JSON `confirmed_by`, SARIF related locations), its severity raises the static one's when the
app shows it worse, and a suppression or baseline on the static finding covers both. A live finding with no static
counterpart in the run stays a finding of its own.

Only rows where the two rules name one cause belong here: a missing Content-Security-Policy is what "no helmet"
looks like from outside, but a stack trace in a response is not proof of one particular error handler.
"""

from __future__ import annotations

from collections.abc import Mapping

CONFIRMS: Mapping[str, tuple[str, ...]] = {
    # 03 session cookie names
    "NW0350": ("NW0301",),  # cookie `connect.sid` seen live ← express-session without `name`
    # 04 security headers: the headers helmet() sends by default, missing from the responses ← no helmet registered
    "NW0450": ("NW0401",),
    "NW0451": ("NW0401",),
    "NW0452": ("NW0401",),
    "NW0454": ("NW0907", "NW0401"),  # no HSTS ← HSTS turned off, or no helmet at all
    "NW0456": ("NW0401",),
    "NW0457": ("NW0404",),  # the Origin is reflected with credentials ← cors({ origin: true, credentials: true })
    # 05 rate limiting
    "NW0550": ("NW0501",),  # 30 requests and no 429 ← no limiter registered
    # 07 information: X-Powered-By in the responses ← app.disable('x-powered-by') never called
    "NW0752": ("NW0403",),
    # 09 cookies
    "NW0952": ("NW0901",),
    "NW0953": ("NW0902",),
    "NW0954": ("NW0903",),
    # 13 request size: a body past the limit accepted live ← the configured limit is too large
    "NW1350": ("NW1301",),
    # 15 security.txt: none served ← none in the project, or an invalid one
    "NW1550": ("NW1501", "NW1502"),
}
