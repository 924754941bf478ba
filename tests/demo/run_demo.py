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
from tests.utils.emulator import running  # noqa: E402  pylint: disable=wrong-import-position

BIN = Path(sys.executable).parent
# Per process: demos can run side by side, each with its own emulator on a free port.
PIDFILE = REPO_ROOT / "build" / f"demo-emulator-{os.getpid()}.pid"
VARS = REPO_ROOT / "tests" / "demo" / "vars.yml"
RECAP = re.compile(r"ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)")


def run(title, client, *extra):
    client.clear_requests()
    env = dict(
        os.environ,
        DEMO_ENDPOINT_URL=client.endpoint,
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
    with running(PIDFILE, PIDFILE.with_suffix(".log")) as endpoint:
        client = EmulatorClient(endpoint)
        client.reset()
        client.seed(redshift_clusters=["analytics"], resource_shares=[{"name": "fivetran-share", "resource_arns": []}])
        print(f"Emulated AWS at {endpoint}: Redshift cluster 'analytics', RAM resource share 'fivetran-share'.")
        print("Onboarding Fivetran (tests/demo/vars.yml) with ansible-playbook partner_onboarding.aws.onboard_partner:")
        run("onboard (check mode)", client, "--check")
        run("onboard", client)
        run("onboard again (converged)", client)
        run("offboard", client, "-e", "onboard_partner_state=absent")
        run("offboard again (converged)", client, "-e", "onboard_partner_state=absent")
    print("Demo done: the second run of each changed nothing.")


if __name__ == "__main__":
    main()
