# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Print the result of every suite of `make test` and the total.

    summary.py build/results sanity units ... release-check

Each suite records its results in <results>/<suite>/: JUnit files (counted test cases), and `exit-status`,
`seconds` and `cpu-seconds` (its wall and CPU times, shown when present), written by `make test` after it ran. A
suite passes when its test cases pass and it exited 0. A suite that failed with no failing test case (a crash, a tool
error) or that recorded nothing counts as one failure, so that the total never reports 0 failed for a failed run. The
last line is `total: N passed, N failed, N skipped`.
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path


def counts(path):
    """(passed, failed, skipped) test cases of one JUnit file."""
    root = ET.parse(path).getroot()
    suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
    total = failed = skipped = 0
    for suite in suites:
        total += int(suite.get("tests", 0))
        failed += int(suite.get("failures", 0)) + int(suite.get("errors", 0))
        skipped += int(suite.get("skipped", 0))
    return total - failed - skipped, failed, skipped


def seconds(directory, name="seconds"):
    """The suite's wall (or CPU: ``cpu-seconds``) time as `make test` recorded it, or an empty string."""
    path = directory / name
    return f"{int(path.read_text().strip() or 0)}s" if path.is_file() else ""


def suite_result(directory):
    """(passed, failed, skipped, verdict) of the suite whose results are in ``directory``."""
    passed = failed = skipped = 0
    junit = sorted(directory.glob("*.xml"))
    for path in junit:
        try:
            file_counts = counts(path)
        except ET.ParseError:
            file_counts = (0, 1, 0)
        passed, failed, skipped = (total + count for total, count in zip((passed, failed, skipped), file_counts))
    status_file = directory / "exit-status"
    status = int(status_file.read_text().strip() or 0) if status_file.is_file() else None
    if not junit:
        return passed, failed + 1, skipped, "FAILED: no results recorded" + (f" (exit {status})" if status else "")
    if status and not failed:
        return passed, failed + 1, skipped, f"FAILED: exit {status} without a failing test case"
    return passed, failed, skipped, "FAILED" if failed else "passed"


def main(results_dir, names):
    results = Path(results_dir)
    names = names or sorted(path.name for path in results.iterdir() if path.is_dir())
    totals = [0, 0, 0]
    print(f"{'suite':<20} {'passed':>7} {'failed':>7} {'skipped':>7} {'time':>6} {'CPU':>6}  result")
    for name in names:
        passed, failed, skipped, verdict = suite_result(results / name)
        print(
            f"{name:<20} {passed:>7} {failed:>7} {skipped:>7} {seconds(results / name):>6} {seconds(results / name, 'cpu-seconds'):>6}  {verdict}"
        )
        totals = [total + count for total, count in zip(totals, (passed, failed, skipped))]
    print(f"total: {totals[0]} passed, {totals[1]} failed, {totals[2]} skipped")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2:])
