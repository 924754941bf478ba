# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Fixtures for the system tests: the playbook and the role run as users run them, against the emulator."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import urllib.request
from pathlib import Path

import botocore.session
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
# The partner's own account, outside the owner's organization unless a test puts it in.
PARTNER_ACCOUNT = "210987654321"
PARTNER_ACCESS_KEY = "AKIAPARTNEREXAMPLE01"
PARTNER_SECRET_KEY = "partner-secret-key"
# Requests the tests make themselves to look at the state, kept apart from the collection's in the log.
VERIFIER_ACCESS_KEY = "AKIATESTVERIFIER0001"
GLUE_DATABASE = f"arn:aws:glue:us-east-1:{ACCOUNT}:database/sales"
GLUE_TABLE = f"arn:aws:glue:us-east-1:{ACCOUNT}:table/sales/orders"
READ_WRITE = "AWSRAMPermissionGlueDatabaseReadWrite"
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


def connection(endpoint, access_key=ACCESS_KEY, secret_key=SECRET_KEY, **extra):
    """Connection options for the emulator, as one account's credential."""
    return dict(endpoint_url=endpoint, region="us-east-1", access_key=access_key, secret_key=secret_key, **extra)


def share_item(**overrides):
    """A share of Glue resources that the partner gets read-write access to (``onboard_partner_resource_shares``)."""
    return dict(
        {"name": "fivetran-share", "resource_arns": [GLUE_DATABASE, GLUE_TABLE], "permissions": [READ_WRITE]},
        **overrides,
    )


def sharing_vars(endpoint, **overrides):
    """The 1.1.0 onboarding: one database, one share, the partner's account invited and accepting as itself."""
    variables = onboarding_vars(
        endpoint,
        onboard_partner_redshift_databases=[{"cluster_identifier": "analytics", "database_name": "sales"}],
        onboard_partner_resource_share_permissions=[],
        onboard_partner_principals=[PARTNER_ACCOUNT],
        onboard_partner_resource_shares=[share_item()],
        onboard_partner_accepter_aws=connection(endpoint, PARTNER_ACCESS_KEY, PARTNER_SECRET_KEY),
    )
    variables.update(overrides)
    return variables


@pytest.fixture
def partner(emulator):  # pylint: disable=redefined-outer-name
    """The partner's account: requests signed with its key act as it."""
    emulator.add_account(PARTNER_ACCESS_KEY, PARTNER_ACCOUNT)
    return PARTNER_ACCOUNT


def aws_client(service, endpoint, access_key=VERIFIER_ACCESS_KEY):
    """A client of the tests' own, to look at the state (by default as the owner, under a key of its own)."""
    return botocore.session.Session().create_client(
        service, endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id=access_key, aws_secret_access_key="x"
    )


def module_requests(emulator, **filters):
    """The logged requests of the collection's modules: those of the tests' own client left out."""
    return [r for r in emulator.requests(**filters) if r["access_key"] != VERIFIER_ACCESS_KEY]


def share_associations(endpoint, share_arn, association_type="PRINCIPAL"):
    """``{entity: status}`` of the share's associations, the latest per entity."""
    ram = aws_client("ram", endpoint)
    items = ram.get_resource_share_associations(associationType=association_type, resourceShareArns=[share_arn])
    latest = {}
    for item in sorted(items["resourceShareAssociations"], key=lambda item: str(item.get("lastUpdatedTime", ""))):
        latest[item["associatedEntity"]] = item["status"]
    return latest


def live_shares(endpoint, name):
    """The owner's shares called ``name`` that are not deleted."""
    shares = aws_client("ram", endpoint).get_resource_shares(resourceOwner="SELF", name=name)["resourceShares"]
    return [share for share in shares if share["status"] not in ("DELETING", "DELETED")]


def task_results(output):
    """``[(task name, status, result)]`` of every host result that ``-v`` printed, in order."""
    results, task = [], None
    for line in output.splitlines():
        header = re.match(r"^TASK \[(.*)\] \*+$", line)
        if header:
            task = header.group(1)
            continue
        status = re.match(r"^(ok|changed|failed|fatal|skipping): \[[^\]]+\]", line)
        if not status:
            continue
        for match in re.finditer(r" => \{", line):
            try:
                result, end = json.JSONDecoder().raw_decode(line, match.start() + 4)
            except ValueError:
                continue
            if end == len(line.rstrip()):
                results.append((task, status.group(1), result))
                break
    return results


def failures(output):
    """The results of the failed tasks (or loop items), from ``-v`` output."""
    return [result for _task, status, result in task_results(output) if status in ("failed", "fatal")]


def onboarding_result(output):
    """The fact ``onboard_partner_result`` as the role set it, from ``-v`` output."""
    facts = [
        result["ansible_facts"]["onboard_partner_result"]
        for task, _status, result in task_results(output)
        if "onboard_partner_result" in result.get("ansible_facts", {})
    ]
    assert len(facts) == 1, output
    return facts[0]


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


def play(name, tasks, defaults=None):
    """A play on localhost whose tasks run the collection's modules with ``defaults`` as their connection."""
    result = {
        "name": name,
        "hosts": "localhost",
        "gather_facts": False,
        "vars": {"ansible_python_interpreter": "{{ ansible_playbook_python }}"},
        "tasks": tasks,
    }
    if defaults is not None:
        result["module_defaults"] = {"group/partner_onboarding.aws.aws": defaults}
    return result


def share_lifecycle(endpoint, owner=None, partner_credential=None):
    """Tasks that make every RAM share operation of the 1.1.0 modules once at least, owner and partner side.

    A share is created with resources, a permission and tags; opened to other accounts and retagged (update, untag,
    tag); shared with the partner, who accepts; a second share is offered and declined (reject); the partner is
    removed and the second share deleted; the first is read back. ``owner`` / ``partner_credential``: the
    connection options of each side (the owner's go in module_defaults).
    """
    owner = owner or connection(endpoint)
    as_partner = partner_credential or connection(endpoint, PARTNER_ACCESS_KEY, PARTNER_SECRET_KEY)
    share, invitation = (
        "partner_onboarding.aws.ram_resource_share",
        "partner_onboarding.aws.ram_resource_share_invitation",
    )
    principal = "partner_onboarding.aws.ram_resource_share_principal"
    tasks = [
        {
            "name": "Create the share with its resources, permission and tags",
            share: {
                "name": "partner-share",
                "resource_arns": [GLUE_DATABASE, GLUE_TABLE],
                "permissions": [READ_WRITE],
                "tags": {"team": "data", "stage": "trial"},
            },
        },
        {
            "name": "Open the share to other accounts and retag it",
            share: {"name": "partner-share", "allow_external_principals": True, "tags": {"team": "analytics"}},
        },
        {
            "name": "Share it with the partner",
            principal: {"resource_share_name": "partner-share", "principals": [PARTNER_ACCOUNT]},
        },
        {"name": "Accept as the partner", invitation: dict(as_partner, resource_share_name="partner-share")},
        {
            "name": "Offer the partner a second share",
            share: {"name": "declined-share", "principals": [PARTNER_ACCOUNT], "allow_external_principals": True},
        },
        {
            "name": "Decline it as the partner",
            invitation: dict(as_partner, resource_share_name="declined-share", state="rejected"),
        },
        {
            "name": "Remove the partner from the first share",
            principal: {"resource_share_name": "partner-share", "principals": [PARTNER_ACCOUNT], "state": "absent"},
        },
        {"name": "Delete the second share", share: {"name": "declined-share", "state": "absent"}},
        {
            "name": "Read the first share back",
            "partner_onboarding.aws.ram_resource_share_info": {"name": "partner-share"},
        },
    ]
    return play("Every RAM share operation", tasks, owner)


def run_plays(tmp_path, plays, *args, env=None, variables=None):
    """Run ``plays`` written to a playbook, with ``variables`` as extra variables; as ``run_playbook``."""
    playbook = tmp_path / "plays.yml"
    playbook.write_text(yaml.safe_dump(plays, sort_keys=False))
    return run_playbook(tmp_path, variables or {}, *args, playbook=str(playbook), env=env)


def pending_faults(endpoint):
    """The faults the emulator still holds (one never triggered means its operation was never called)."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(f"{endpoint}/_emulator/faults", timeout=30) as response:
        return json.load(response)["faults"]


def run_role_cases(tmp_path, cases, *args):
    """Run the role once per case, all in one ansible-playbook run: one host per case (``case-<index>``), its
    variables the case's. Returns (rc, output, {host: (task, status, result)} of each host's last failure)."""
    hosts = {
        f"case-{index}": dict(
            variables, ansible_connection="local", ansible_python_interpreter="{{ ansible_playbook_python }}"
        )
        for index, variables in enumerate(cases)
    }
    (tmp_path / "cases.yml").write_text(yaml.safe_dump({"cases": {"hosts": hosts}}))
    (tmp_path / "role.yml").write_text(
        "- name: Run the role on every case\n  hosts: cases\n  gather_facts: false\n"
        "  roles:\n    - role: partner_onboarding.aws.onboard_partner\n"
    )
    rc, output, _recap = run_playbook(
        tmp_path,
        {},
        "-v",
        "-i",
        str(tmp_path / "cases.yml"),
        "--forks",
        str(len(cases)),
        *args,
        playbook=str(tmp_path / "role.yml"),
    )
    failed, task = {}, None
    for line in output.splitlines():
        header = re.match(r"^TASK \[(.*)\] \*+$", line)
        if header:
            task = header.group(1)
            continue
        status = re.match(r"^(failed|fatal): \[([^\]]+)\]: FAILED! => (\{.*\})$", line)
        if status:
            failed[status.group(2)] = (task, status.group(1), json.loads(status.group(3)))
    return rc, output, failed


def assert_each_case_failed(failed, messages, output, task=None):
    """Host ``case-<index>`` failed (in a task named with ``task`` if given), its message naming ``messages[index]``."""
    problems = []
    for index, message in enumerate(messages):
        failed_task, _status, result = failed.get(f"case-{index}", (None, None, {}))
        reported = "\n".join([result.get("msg", ""), *map(str, result.get("argument_errors", []))])
        if failed_task is None or (task and task not in failed_task) or message not in reported:
            problems.append(f"case-{index}: expected a failure naming {message!r}, got {failed_task}: {reported}")
    assert not problems, "\n".join(problems) + "\n\n" + output[-5000:]
