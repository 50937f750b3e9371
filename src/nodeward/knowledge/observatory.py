"""The Mozilla HTTP Observatory's letter grades: read by the probe's grader and the CLI's `--min-grade` choices.

Verified against @mdn/mdn-http-observatory@1.4.8 src/grader/charts.js:6-28 (`GRADE_CHART`, score floor -> grade).
"""

from __future__ import annotations

from collections.abc import Mapping

GRADE_CHART: Mapping[int, str] = {
    100: "A+",
    95: "A",
    90: "A",
    85: "A-",
    80: "B+",
    75: "B",
    70: "B",
    65: "B-",
    60: "C+",
    55: "C",
    50: "C",
    45: "C-",
    40: "D+",
    35: "D",
    30: "D",
    25: "D-",
}  # fmt: skip  (below 25 every score is "F")

# Worst to best.
GRADE_ORDER: tuple[str, ...] = ("F", "D-", "D", "D+", "C-", "C", "C+", "B-", "B", "B+", "A-", "A", "A+")

# What `--min-grade` accepts, best first ("F" would pass everything).
MIN_GRADE_CHOICES: tuple[str, ...] = tuple(reversed(GRADE_ORDER[1:]))
