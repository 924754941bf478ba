# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Fixtures for the system tests: the playbook and the role run as users run them, against the emulator."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

# pytest accepts `pytest_plugins` only in a root conftest: import the emulator plugin's fixtures instead.
# pylint: disable-next=wrong-import-position,unused-import
from tests.emulator.pytest_plugin import emulator, emulator_endpoint, endpoint  # noqa: E402,F401

BIN = Path(sys.executable).parent
COLLECTIONS_PATH = REPO_ROOT / "build" / "collections"
ACCOUNT = "123456789012"
ACCESS_KEY = "AKIAEMULATOREXAMPLE"
SECRET_KEY = "emulator-secret-key"
RECAP = re.compile(r"^(\S+)\s+: ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)", re.MULTILINE)


@pytest.fixture
def seeded(emulator):  # pylint: disable=redefined-outer-name
    """A Redshift cluster and an empty resource share, as a data team has them before onboarding a partner."""
    return emulator.seed(
        redshift_clusters=["analytics"], resource_shares=[{"name": "fivetran-share", "resource_arns": []}]
    )


def onboarding_vars(endpoint, **overrides):
    variables = {
        "onboard_partner_name": "Fivetran",
        "onboard_partner_account_id": ACCOUNT,
        "onboard_partner_redshift_databases": [
            {"cluster_identifier": "analytics", "database_name": "sales"},
            {"cluster_identifier": "analytics", "database_name": "marketing"},
        ],
        "onboard_partner_resource_share_permissions": [
            {"resource_share_name": "fivetran-share", "permission_name": "AWSRAMPermissionGlueDatabaseReadWrite"}
        ],
        "onboard_partner_aws": {
            "endpoint_url": endpoint,
            "region": "us-east-1",
            "access_key": ACCESS_KEY,
            "secret_key": SECRET_KEY,
        },
    }
    variables.update(overrides)
    return variables


def clean_environ(**extra):
    """The environment of a job: this machine's, less any AWS setting, with the collection on its path."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("AWS_")}
    env.update(ANSIBLE_COLLECTIONS_PATH=str(COLLECTIONS_PATH), ANSIBLE_NOCOLOR="1", PATH=f"{BIN}:{env['PATH']}")
    env.update(extra)
    return env


def run_playbook(tmp_path, variables, *args, playbook="partner_onboarding.aws.onboard_partner", env=None):
    """Run a playbook with ``variables`` in a vars file, as the README shows; return (rc, output, recap)."""
    vars_file = tmp_path / "vars.yml"
    vars_file.write_text(yaml.safe_dump(variables))
    command = [str(BIN / "ansible-playbook"), playbook, "-e", f"@{vars_file}", *args]
    proc = subprocess.run(command, env=env or clean_environ(), capture_output=True, text=True, check=False)
    output = proc.stdout + proc.stderr
    recap = {
        host: dict(zip(("ok", "changed", "unreachable", "failed"), map(int, counts)))
        for host, *counts in RECAP.findall(output)
    }
    return proc.returncode, output, recap


def writes(emulator):
    return emulator.writes()
