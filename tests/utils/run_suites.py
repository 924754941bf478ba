# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Run the suites of `make test` side by side, then print the summary of their results.

    run_suites.py --results build/results --jobs 3 system integration sanity ... release-check

Each suite is `make <suite>`, in a process group of its own, its output in <results>/logs/<suite>.log; at most
``--jobs`` suites run at once, started in the order given (the longest first, so that the short ones fill the gaps).
When a suite ends, one line says so (passed or FAILED, its wall and CPU time); its exit status and times go to
<results>/<suite>/exit-status, seconds and cpu-seconds, next to the JUnit files the suite wrote there. At the
end the logs of the failed suites are printed, then tests/utils/summary.py's table and its closing line
`total: N passed, N failed, N skipped`. Exits 1 when a suite failed.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.utils.summary import main as summary  # noqa: E402  pylint: disable=wrong-import-position

# The lines of a failed suite's log printed at the end (the whole log stays in <results>/logs/).
TAIL = 150


class Suite:
    def __init__(self, name, results, make):
        self.name = name
        self.log = results / "logs" / f"{name}.log"
        self.directory = results / name
        self.make = make
        self.proc = None
        self.started = None
        self.seconds = None
        self.cpu = None
        self.rc = None

    def start(self):
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with self.log.open("w") as log:
            self.proc = subprocess.Popen(  # pylint: disable=consider-using-with
                [self.make, "--no-print-directory", self.name],
                cwd=ROOT,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.started = time.monotonic()

    def ended(self, status, usage):
        """Record the suite's end: its exit status and times."""
        self.proc.returncode = os.waitstatus_to_exitcode(status)
        self.rc, self.seconds = self.proc.returncode, time.monotonic() - self.started
        # The CPU time of the suite's processes that ended before it (not of daemons such as the emulators that
        # setup_emulator and molecule start): on a shared machine, a better measure of its cost than its wall time.
        self.cpu = usage.ru_utime + usage.ru_stime
        # The suite's recipe empties its directory when it starts: write after it ended.
        self.directory.mkdir(parents=True, exist_ok=True)
        (self.directory / "exit-status").write_text(f"{self.rc}\n")
        (self.directory / "seconds").write_text(f"{self.seconds:.0f}\n")
        (self.directory / "cpu-seconds").write_text(f"{self.cpu:.0f}\n")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait()


def run(suites, jobs, started_at):
    waiting, running, done = list(suites), [], []
    try:
        while waiting or running:
            while waiting and len(running) < jobs:
                suite = waiting.pop(0)
                suite.start()
                running.append(suite)
                print(f"=== {suite.name}: started ({elapsed(started_at)})", flush=True)
            # The suites are this process's only children: wait for the next one to end.
            pid, status, usage = os.wait4(-1, 0)
            suite = next((suite for suite in running if suite.proc.pid == pid), None)
            if suite is None:
                continue
            suite.ended(status, usage)
            running.remove(suite)
            done.append(suite)
            verdict = "passed" if suite.rc == 0 else f"FAILED (exit {suite.rc}, log: {suite.log})"
            print(
                f"=== {suite.name}: {verdict} in {suite.seconds:.0f}s, CPU {suite.cpu:.0f}s ({elapsed(started_at)})",
                flush=True,
            )
    except KeyboardInterrupt:
        for suite in running:
            suite.stop()
        raise
    return done


def elapsed(started_at):
    seconds = int(time.monotonic() - started_at)
    return f"{seconds // 60}m{seconds % 60:02d}s"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--results", required=True, help="the directory of the suites' results")
    parser.add_argument("--jobs", type=int, default=2, help="suites run at once")
    parser.add_argument("--make", default=os.environ.get("MAKE", "make"))
    parser.add_argument("suites", nargs="+", help="make targets, the longest first")
    args = parser.parse_args(argv)
    results = Path(args.results)
    started_at = time.monotonic()
    done = run([Suite(name, results, args.make) for name in args.suites], max(args.jobs, 1), started_at)
    failed = [suite for suite in done if suite.rc]
    for suite in failed:
        lines = suite.log.read_text(errors="replace").splitlines()
        print(f"\n=== {suite.name} FAILED: the last {min(TAIL, len(lines))} lines of {suite.log}")
        print("\n".join(lines[-TAIL:]))
    cpu = sum(suite.cpu for suite in done)
    print(f"\n=== all suites ended in {elapsed(started_at)}, CPU {cpu // 60:.0f}m{cpu % 60:02.0f}s")
    summary(results, args.suites)
    if failed:
        print(f"FAILED suites: {' '.join(suite.name for suite in failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
