# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Run the integration targets (tests/integration/targets/<name>/) two at a time: `make integration`.

Each target is a role, run on localhost by its own ansible-playbook process, as `ansible-test integration` runs it
(same roles path, same tests/integration/integration.cfg). Each worker starts one emulator on a free port and gives
it to the targets it runs, one after the other (setup_emulator_endpoint): their dependency setup_emulator resets it
(AWS state, request log, faults, settings) before the target's tasks, as it does an emulator of its own, which it
starts only when given none (`ansible-test integration`). Prints one line per target and the counts, and writes a
JUnit file for the summary of `make test`.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import queue
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.utils.emulator import running, stop  # noqa: E402  pylint: disable=wrong-import-position

INTEGRATION = ROOT / "tests" / "integration"
TARGETS = INTEGRATION / "targets"

PLAYBOOK = """- name: Run integration target {target}
  hosts: localhost
  gather_facts: false
  roles:
    - role: {target}
"""

INVENTORY = 'localhost ansible_connection=local ansible_python_interpreter="{{ ansible_playbook_python }}"\n'


def targets(names):
    """The targets named, or every target ansible-test would run (not the hidden set-up targets, not disabled)."""
    found = sorted(path.name for path in TARGETS.iterdir() if (path / "tasks" / "main.yml").is_file())
    if names:
        unknown = sorted(set(names) - set(found))
        if unknown:
            sys.exit(f"unknown integration target(s): {', '.join(unknown)}")
        return names
    aliases = {name: (TARGETS / name / "aliases").read_text().split() for name in found}
    return [name for name in found if not {"hidden", "disabled", "unsupported"} & set(aliases[name])]


def run_target(target, workdir, endpoint, verbosity):
    playbook = workdir / f"{target}.yml"
    playbook.write_text(PLAYBOOK.format(target=target))
    env = dict(
        os.environ,
        ANSIBLE_CONFIG=str(INTEGRATION / "integration.cfg"),
        ANSIBLE_ROLES_PATH=str(TARGETS),
        ANSIBLE_NOCOLOR="1",
        # setup_emulator's pid files go here, where main() finds any emulator left running.
        TMPDIR=str(workdir),
    )
    command = [str(Path(sys.executable).parent / "ansible-playbook"), "-i", str(workdir / "inventory"), str(playbook)]
    if endpoint:
        command += ["-e", f"setup_emulator_endpoint={endpoint}"]
    if verbosity:
        command.append("-" + "v" * verbosity)
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
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    ET.ElementTree(suite).write(path, encoding="unicode")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--emulator-endpoint", help="run against this emulator (e.g. make emulator-start's), one target at a time"
    )
    parser.add_argument("--workers", type=int, default=2, help="targets run at once, each worker with its own emulator")
    parser.add_argument("--junit")
    parser.add_argument("-v", "--verbose", action="count", default=0)
    parser.add_argument("targets", nargs="*")
    args = parser.parse_args()

    names = targets(args.targets)
    with tempfile.TemporaryDirectory(prefix="integration-") as tmp, contextlib.ExitStack() as emulators:
        workdir = Path(tmp)
        (workdir / "inventory").write_text(INVENTORY)
        # Targets reset the emulator they are given: an emulator serves one target at a time, one per worker.
        endpoints = queue.Queue()
        if args.emulator_endpoint:
            workers = 1
            endpoints.put(args.emulator_endpoint)
        else:
            workers = max(1, min(args.workers, len(names)))
            for number in range(workers):
                files = workdir / f"emulator-{number}"
                endpoints.put(emulators.enter_context(running(files / "emulator.pid", files / "emulator.log")))

        def run(target):
            endpoint = endpoints.get()
            try:
                rc, output, seconds = run_target(target, workdir, endpoint, args.verbose)
            finally:
                endpoints.put(endpoint)
            print(f"{'ok  ' if rc == 0 else 'FAIL'} {target} ({seconds:.1f}s)", flush=True)
            if rc:
                print(output[-6000:], flush=True)
            return target, rc, output, seconds

        try:
            with ThreadPoolExecutor(max_workers=workers) as pool:
                results = list(pool.map(run, names))
        finally:
            # setup_emulator's handler stops an emulator it started, unless ansible-playbook died first.
            for pidfile in workdir.glob("setup_emulator.*/emulator.pid"):
                stop(pidfile)
    if args.junit:
        write_junit(args.junit, results)
    failed = sum(1 for r in results if r[1])
    print(f"integration: {len(results) - failed} passed, {failed} failed")
    return 1 if failed or not results else 0


if __name__ == "__main__":
    sys.exit(main())
