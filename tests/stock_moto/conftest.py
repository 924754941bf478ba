# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The stock moto server, unpatched, as an oracle we did not write; and the playbook runs against it.

Nothing here imports ``tests.emulator`` (which extends moto in its own process): this suite runs in a pytest process
of its own (``make stock-moto``), and ``stock_moto`` refuses to start if moto was patched.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import urllib.request
from pathlib import Path

import boto3
import pytest
import yaml
from moto.server import ThreadedMotoServer

from tests.stock_moto.coverage import STOCK_MOTO_LACKS

REPO_ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
COLLECTIONS_PATH = REPO_ROOT / "build" / "collections"
ACCOUNT = "123456789012"  # moto's account
PARTNER_ACCOUNT = "210987654321"
OTHER_ACCOUNT = "333344445555"
REGION = "us-east-1"
GLUE_DATABASE = f"arn:aws:glue:{REGION}:{ACCOUNT}:database/sales"
GLUE_TABLE = f"arn:aws:glue:{REGION}:{ACCOUNT}:table/sales/orders"
RECAP = re.compile(r"^(\S+)\s+: ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)", re.MULTILINE)
_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@pytest.fixture(scope="session")
def stock_endpoint():
    """The stock moto server in a thread on a free loopback port, for the whole session."""
    assert not any(name.startswith("tests.emulator") for name in sys.modules), "moto must be unpatched here"
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def endpoint(stock_endpoint):  # pylint: disable=redefined-outer-name
    """The stock server, reset before the test (moto's own reset API)."""
    request = urllib.request.Request(f"{stock_endpoint}/moto-api/reset", data=b"", method="POST")
    with _NO_PROXY.open(request, timeout=30):
        pass
    return stock_endpoint


def needs(*operations):
    """Skip the test when stock moto lacks one of ``operations`` (``service:Operation``, see coverage.py)."""
    missing = [operation for operation in operations if operation in STOCK_MOTO_LACKS]
    if missing:
        pytest.skip(f"stock moto 5.2.5 lacks {', '.join(missing)}")


def aws(service, endpoint):
    """A client of the test's own, to set up and look at the state independently of the collection."""
    return boto3.client(
        service,
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id="AKIASTOCKMOTOTEST001",
        aws_secret_access_key="x",
    )


def live_shares(endpoint, name=None):
    """The owner's shares that are not deleted (stock moto ignores GetResourceShares' name filter: we filter)."""
    shares = aws("ram", endpoint).get_resource_shares(resourceOwner="SELF")["resourceShares"]
    return [s for s in shares if s["status"] not in ("DELETING", "DELETED") and name in (None, s["name"])]


def associated(endpoint, share_arn, association_type):
    """The entities associated with the share, as stock moto lists them."""
    items = aws("ram", endpoint).get_resource_share_associations(
        associationType=association_type, resourceShareArns=[share_arn]
    )["resourceShareAssociations"]
    return sorted(item["associatedEntity"] for item in items if item["status"] == "ASSOCIATED")


def connection(endpoint):
    return {
        "endpoint_url": endpoint,
        "region": REGION,
        "access_key": "AKIASTOCKMOTOTEST002",
        "secret_key": "stock-moto-secret",
        # A user testing offline keeps the session short: stock moto answers 404 or 500 to what it lacks.
        "aws_config": {"retries": {"total_max_attempts": 2}},
    }


def environ():
    """This machine's environment less any AWS setting (the CA variables stay), with the collection on its path."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("AWS_") or "CA_BUNDLE" in name}
    env.update(ANSIBLE_COLLECTIONS_PATH=str(COLLECTIONS_PATH), ANSIBLE_NOCOLOR="1", PATH=f"{BIN}:{env['PATH']}")
    return env


def play(tasks, endpoint, name="Against the stock moto server"):
    return {
        "name": name,
        "hosts": "localhost",
        "connection": "local",
        "gather_facts": False,
        "vars": {"ansible_python_interpreter": "{{ ansible_playbook_python }}"},
        "module_defaults": {"group/partner_onboarding.aws.aws": connection(endpoint)},
        "tasks": tasks,
    }


def run(tmp_path, plays, *args, playbook=None, variables=None):
    """Run ``plays`` (or the collection's ``playbook``) with ``variables``; return (rc, output, recap)."""
    command = [str(BIN / "ansible-playbook")]
    if playbook:
        command.append(playbook)
    else:
        path = tmp_path / "plays.yml"
        path.write_text(yaml.safe_dump(plays, sort_keys=False))
        command.append(str(path))
    if variables is not None:
        vars_file = tmp_path / "vars.yml"
        vars_file.write_text(yaml.safe_dump(variables))
        command += ["-e", f"@{vars_file}"]
    proc = subprocess.run(
        command + list(args), env=environ(), capture_output=True, text=True, check=False, cwd=tmp_path
    )
    output = proc.stdout + proc.stderr
    recap = {
        host: dict(zip(("ok", "changed", "unreachable", "failed"), map(int, counts)))
        for host, *counts in RECAP.findall(output)
    }
    return proc.returncode, output, recap
