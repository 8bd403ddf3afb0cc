"""Fail unless the line coverage of one package folder reaches a threshold.

Usage: python tools/check_coverage.py COVERAGE_JSON FOLDER PERCENT
(coverage.py's JSON report; FOLDER such as ``realpolitik/theory``).
"""

from __future__ import annotations

import json
import sys


def main(argv: list[str]) -> int:
    """Print the folder's line coverage and return 1 when it is below the threshold."""
    path, folder, threshold = argv[1], argv[2], float(argv[3])
    with open(path, encoding="utf-8") as fh:
        report = json.load(fh)
    covered = total = 0
    for name, entry in report["files"].items():
        if folder in name.replace("\\", "/"):
            covered += entry["summary"]["covered_lines"]
            total += entry["summary"]["num_statements"]
    if total == 0:
        print(f"coverage: no files under {folder}")
        return 1
    pct = 100.0 * covered / total
    print(f"coverage of {folder}: {pct:.1f}% of {total} lines (required: {threshold:.0f}%)")
    return 0 if pct >= threshold else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
