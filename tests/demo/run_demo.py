# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""`make demo`: onboard a partner against the local emulator, converge, offboard, and say what happened."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_ROOT))

from tests.emulator.client import EmulatorClient  # noqa: E402  pylint: disable=wrong-import-position

BIN = Path(sys.executable).parent
PORT = os.environ.get("DEMO_PORT", "45126")
ENDPOINT = f"http://127.0.0.1:{PORT}"
PIDFILE = REPO_ROOT / "build" / "demo-emulator.pid"
VARS = REPO_ROOT / "tests" / "demo" / "vars.yml"
RECAP = re.compile(r"ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)")


def emulator(command, *args):
    subprocess.run(
        [sys.executable, "-m", "tests.emulator", command, "--pidfile", str(PIDFILE), *args],
        cwd=REPO_ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def run(title, client, *extra):
    client.clear_requests()
    env = dict(
        os.environ,
        DEMO_ENDPOINT_URL=ENDPOINT,
        ANSIBLE_NOCOLOR="1",
        ANSIBLE_COLLECTIONS_PATH=str(REPO_ROOT / "build" / "installed"),
        PATH=f"{BIN}:{os.environ['PATH']}",
    )
    proc = subprocess.run(
        [str(BIN / "ansible-playbook"), "partner_onboarding.aws.onboard_partner", "-e", f"@{VARS}", *extra],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    recap = RECAP.search(proc.stdout)
    if proc.returncode or not recap:
        print(proc.stdout + proc.stderr)
        raise SystemExit(f"demo: '{title}' failed")
    calls = [r["operation"] for r in client.requests()]
    writes = client.writes()
    print(
        f"  {title:<34} changed={recap.group(2)}  AWS calls={len(calls)} ({len(writes)} writes: "
        f"{', '.join(sorted(set(writes))) or 'none'})"
    )


def main():
    emulator("start", "--port", PORT, "--logfile", str(PIDFILE.with_suffix(".log")))
    try:
        client = EmulatorClient(ENDPOINT)
        client.reset()
        client.seed(redshift_clusters=["analytics"], resource_shares=[{"name": "fivetran-share", "resource_arns": []}])
        print(f"Emulated AWS at {ENDPOINT}: Redshift cluster 'analytics', RAM resource share 'fivetran-share'.")
        print("Onboarding Fivetran (tests/demo/vars.yml) with ansible-playbook partner_onboarding.aws.onboard_partner:")
        run("onboard (check mode)", client, "--check")
        run("onboard", client)
        run("onboard again (converged)", client)
        run("offboard", client, "-e", "onboard_partner_state=absent")
        run("offboard again (converged)", client, "-e", "onboard_partner_state=absent")
    finally:
        emulator("stop")
    print("Demo done: the second run of each changed nothing.")


if __name__ == "__main__":
    main()
