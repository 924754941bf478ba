# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Print the test counts of every suite of `make test` from their JUnit files, and the total."""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path


def counts(path):
    root = ET.parse(path).getroot()
    suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
    total = failed = skipped = 0
    for suite in suites:
        total += int(suite.get("tests", 0))
        failed += int(suite.get("failures", 0)) + int(suite.get("errors", 0))
        skipped += int(suite.get("skipped", 0))
    return total - failed - skipped, failed, skipped


def suite_name(path):
    # ansible-test writes one file per sanity test: count them as one suite.
    return "sanity" if path.stem.startswith("ansible-test-sanity-") else path.stem


def main(results_dir):
    suites = {}
    for path in sorted(Path(results_dir).glob("*.xml")):
        totals = suites.setdefault(suite_name(path), [0, 0, 0])
        for index, count in enumerate(counts(path)):
            totals[index] += count
    passed_all = failed_all = skipped_all = 0
    for name, (passed, failed, skipped) in sorted(suites.items()):
        print(f"{name:<40} {passed:>5} passed {failed:>4} failed {skipped:>4} skipped")
        passed_all, failed_all, skipped_all = passed_all + passed, failed_all + failed, skipped_all + skipped
    print(f"total: {passed_all} passed, {failed_all} failed, {skipped_all} skipped")


if __name__ == "__main__":
    main(sys.argv[1])
