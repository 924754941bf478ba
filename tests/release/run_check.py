# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Run one release or docs check, echo its output, and record it as a JUnit file for the summary of `make test`.

The check fails when the command exits non-zero or when a line of its output matches --fail-on (galaxy-importer
exits 0 on warnings; Galaxy shows them to every visitor of the collection page, so we treat them as failures).

    run_check.py --name docs-lint --junit build/results/docs-lint.xml -- antsibull-docs lint-collection-docs ...
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--name", required=True, help="test case name in the JUnit file")
    parser.add_argument("--junit", required=True, type=Path, help="JUnit file to write")
    parser.add_argument("--fail-on", help="regular expression: any matching output line fails the check")
    parser.add_argument("--log", type=Path, help="also write the full output here")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="the command, after --")
    args = parser.parse_args(argv)
    if args.command[:1] == ["--"]:
        args.command = args.command[1:]
    if not args.command:
        parser.error("no command given")
    return args


def write_junit(path, name, seconds, failure):
    suite = ET.Element("testsuite", name=name, tests="1", failures="1" if failure else "0", errors="0", skipped="0")
    case = ET.SubElement(suite, "testcase", classname=name, name=name, time=f"{seconds:.2f}")
    if failure:
        ET.SubElement(case, "failure", message=failure.splitlines()[0]).text = failure
    path.parent.mkdir(parents=True, exist_ok=True)
    ET.ElementTree(suite).write(path, encoding="utf-8", xml_declaration=True)


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    start = time.monotonic()
    proc = subprocess.run(args.command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, check=False)
    seconds = time.monotonic() - start
    sys.stdout.write(proc.stdout)
    if args.log:
        args.log.parent.mkdir(parents=True, exist_ok=True)
        args.log.write_text(proc.stdout, encoding="utf-8")

    matched = [line for line in proc.stdout.splitlines() if args.fail_on and re.search(args.fail_on, line)]
    failure = ""
    if proc.returncode:
        failure = f"{args.name}: command exited with {proc.returncode}\n"
    if matched:
        failure += f"{args.name}: {len(matched)} line(s) match {args.fail_on!r}:\n" + "\n".join(matched) + "\n"
    if failure:
        failure += "\n" + proc.stdout[-20000:]
    write_junit(args.junit, args.name, seconds, failure)
    status = "FAILED" if failure else "passed"
    print(f"{args.name}: {status} in {seconds:.1f}s", file=sys.stderr if failure else sys.stdout)
    if matched:
        print("\n".join(matched), file=sys.stderr)
    return 1 if failure else 0


if __name__ == "__main__":
    sys.exit(main())
