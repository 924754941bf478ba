# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Start the AWS emulator (tests/emulator) on a free loopback port.

The one way the integration targets (setup_emulator), molecule, the demo and the bench get an emulator process: none
of them has a port of its own, so any number of them run side by side. Only `make emulator-start`, for manual use,
runs it on a fixed port (the emulator's default, or EMULATOR_PORT).

    python -m tests.utils.emulator start --pidfile build/x.pid --logfile build/x.log   # prints http://127.0.0.1:<port>
    python -m tests.emulator stop --pidfile build/x.pid

Run from the collection root with the Python that runs Ansible (it has tests/requirements.txt).
"""

from __future__ import annotations

import argparse
import contextlib
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
# Another process may take the port between our probe and the emulator's bind: then try another.
ATTEMPTS = 3


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def _emulator(*args):
    return subprocess.run(
        [sys.executable, "-m", "tests.emulator", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        check=False,
    )


def start(pidfile, logfile):
    """Start an emulator process on a free port, recording its pid in ``pidfile``; returns its endpoint."""
    failures = []
    while len(failures) < ATTEMPTS:
        port = free_port()
        proc = _emulator("start", "--port", str(port), "--pidfile", str(pidfile), "--logfile", str(logfile))
        if proc.returncode == 0:
            return f"http://{HOST}:{port}"
        failures.append(proc.stdout.strip())
    raise RuntimeError(f"the emulator did not start ({ATTEMPTS} attempts): {failures[-1]}")


def stop(pidfile):
    """Stop the emulator of ``pidfile``, if it runs."""
    proc = _emulator("stop", "--pidfile", str(pidfile))
    if proc.returncode:
        raise RuntimeError(proc.stdout.strip())


@contextlib.contextmanager
def running(pidfile, logfile):
    """An emulator process on a free port for the time of the ``with`` block; yields its endpoint."""
    endpoint = start(pidfile, logfile)
    try:
        yield endpoint
    finally:
        stop(pidfile)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m tests.utils.emulator", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    command = sub.add_parser("start", help="start an emulator on a free port and print its endpoint")
    command.add_argument("--pidfile", required=True)
    command.add_argument("--logfile", required=True)
    args = parser.parse_args(argv)
    try:
        print(start(args.pidfile, args.logfile))
    except RuntimeError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
