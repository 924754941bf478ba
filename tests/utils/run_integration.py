# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Run the integration targets (tests/integration/targets/<name>/) against the AWS emulator.

Each target is a role, run on localhost by its own ansible-playbook process; its variables point the modules at
the emulator. Targets run two at a time by default, each worker with an emulator process of its own (a target resets
its emulator). Prints one line per target and the counts, and writes a JUnit file for the summary of
`make test`.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import queue
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
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


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def emulators(count, workdir):
    """``count`` emulator processes on free loopback ports (moto's state is per process), stopped on exit."""
    command = [sys.executable, "-m", "tests.emulator"]
    pidfiles = [workdir / f"emulator-{index}.pid" for index in range(count)]
    urls = []
    try:
        for pidfile in pidfiles:
            port = free_port()
            subprocess.run(
                command
                + [
                    "start",
                    "--port",
                    str(port),
                    "--pidfile",
                    str(pidfile),
                    "--logfile",
                    str(pidfile.with_suffix(".log")),
                ],
                cwd=ROOT,
                check=True,
                stdout=subprocess.DEVNULL,
            )
            urls.append(f"http://127.0.0.1:{port}")
        yield urls
    finally:
        for pidfile in pidfiles:
            if pidfile.exists():
                subprocess.run(
                    command + ["stop", "--pidfile", str(pidfile)], cwd=ROOT, check=False, stdout=subprocess.DEVNULL
                )


def write_vars(path, emulator_url, region):
    path.write_text(
        f"emulator_url: {emulator_url}\n"
        f"aws_endpoint_url: {emulator_url}\n"
        f"aws_region: {region}\n"
        "aws_access_key: AKIAEMULATOREXAMPLE\n"
        "aws_secret_key: emulator-secret-key\n"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--emulator-url", help="run against this emulator, one target at a time")
    parser.add_argument("--workers", type=int, default=2, help="without --emulator-url: targets run at once")
    parser.add_argument("--region", default="us-east-1")
    parser.add_argument("--junit")
    parser.add_argument("-v", "--verbose", action="count", default=0)
    parser.add_argument("targets", nargs="*")
    args = parser.parse_args()

    free = queue.Queue()
    with tempfile.TemporaryDirectory(prefix="integration-") as tmp:
        workdir = Path(tmp)
        (workdir / "inventory").write_text(INVENTORY)

        def run(target):
            worker = free.get()
            try:
                rc, output, seconds = run_target(target, workdir, workdir / f"vars-{worker}.yml", args.verbose)
            finally:
                free.put(worker)
            print(f"{'ok  ' if rc == 0 else 'FAIL'} {target} ({seconds:.1f}s)", flush=True)
            if rc:
                print(output[-6000:], flush=True)
            return target, rc, output, seconds

        given = contextlib.nullcontext([args.emulator_url]) if args.emulator_url else None
        with given or emulators(args.workers, workdir) as urls:
            for index, url in enumerate(urls):
                write_vars(workdir / f"vars-{index}.yml", url, args.region)
                free.put(index)
            with ThreadPoolExecutor(max_workers=len(urls)) as pool:
                results = list(pool.map(run, targets(args.targets)))
    if args.junit:
        write_junit(args.junit, results)
    failed = sum(1 for r in results if r[1])
    print(f"integration: {len(results) - failed} passed, {failed} failed")
    return 1 if failed or not results else 0


if __name__ == "__main__":
    sys.exit(main())
