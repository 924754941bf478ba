# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Run the integration targets (tests/integration/targets/<name>/) against the AWS emulator.

Each target is a role, run on localhost by its own ansible-playbook process; its variables point the modules at
the emulator. Prints one line per target and the counts, and writes a JUnit file for the summary of `make test`.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TARGETS = ROOT / "tests" / "integration" / "targets"

PLAYBOOK = """- name: Run integration target {target}
  hosts: localhost
  gather_facts: false
  roles:
    - role: {target}
"""

INVENTORY = 'localhost ansible_connection=local ansible_python_interpreter="{{ ansible_playbook_python }}"\n'


def targets(names):
    found = sorted(path.name for path in TARGETS.iterdir() if (path / "tasks" / "main.yml").is_file())
    aliases = {
        name: (TARGETS / name / "aliases").read_text().split() if (TARGETS / name / "aliases").exists() else []
        for name in found
    }
    runnable = [name for name in found if "disabled" not in aliases[name] and not name.startswith("setup_")]
    if names:
        unknown = sorted(set(names) - set(found))
        if unknown:
            sys.exit(f"unknown integration target(s): {', '.join(unknown)}")
        return names
    return runnable


def run_target(target, workdir, extra_vars, verbosity):
    playbook = workdir / f"{target}.yml"
    playbook.write_text(PLAYBOOK.format(target=target))
    env = dict(os.environ, ANSIBLE_ROLES_PATH=str(TARGETS), ANSIBLE_NOCOLOR="1")
    command = [
        str(Path(sys.executable).parent / "ansible-playbook"),
        "-i",
        str(workdir / "inventory"),
        str(playbook),
        "-e",
        f"@{extra_vars}",
    ] + (["-" + "v" * verbosity] if verbosity else [])
    started = time.monotonic()
    proc = subprocess.run(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, check=False)
    return proc.returncode, proc.stdout, time.monotonic() - started


def write_junit(path, results):
    suite = ET.Element(
        "testsuite",
        name="integration",
        tests=str(len(results)),
        failures=str(sum(1 for r in results if r[1])),
        errors="0",
        skipped="0",
    )
    for target, rc, output, seconds in results:
        case = ET.SubElement(suite, "testcase", classname="integration", name=target, time=f"{seconds:.1f}")
        if rc:
            ET.SubElement(case, "failure", message=f"ansible-playbook exited {rc}").text = output[-20000:]
    ET.ElementTree(suite).write(path, encoding="unicode")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--emulator-url", required=True)
    parser.add_argument("--region", default="us-east-1")
    parser.add_argument("--junit")
    parser.add_argument("-v", "--verbose", action="count", default=0)
    parser.add_argument("targets", nargs="*")
    args = parser.parse_args()

    results = []
    with tempfile.TemporaryDirectory(prefix="integration-") as tmp:
        workdir = Path(tmp)
        (workdir / "inventory").write_text(INVENTORY)
        extra_vars = workdir / "vars.yml"
        extra_vars.write_text(
            f"emulator_url: {args.emulator_url}\n"
            f"aws_endpoint_url: {args.emulator_url}\n"
            f"aws_region: {args.region}\n"
            "aws_access_key: AKIAEMULATOREXAMPLE\n"
            "aws_secret_key: emulator-secret-key\n"
        )
        for target in targets(args.targets):
            rc, output, seconds = run_target(target, workdir, extra_vars, args.verbose)
            results.append((target, rc, output, seconds))
            print(f"{'ok  ' if rc == 0 else 'FAIL'} {target} ({seconds:.1f}s)", flush=True)
            if rc:
                print(output[-6000:])
    if args.junit:
        write_junit(args.junit, results)
    failed = sum(1 for r in results if r[1])
    print(f"integration: {len(results) - failed} passed, {failed} failed")
    return 1 if failed or not results else 0


if __name__ == "__main__":
    sys.exit(main())
