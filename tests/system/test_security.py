# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Bad input never reaches AWS, secrets never reach output, and the documented IAM policy covers every call."""

from __future__ import annotations

import json
import re

import pytest
import yaml

from .conftest import ACCESS_KEY, REPO_ROOT, SECRET_KEY, onboarding_vars, run_playbook

SHARE_ARN = "arn:aws:ram:us-east-1:123456789012:resource-share/7ab63972-b505-4e2a-9d1e-8a3f1b0c2d4e"
RW_ARN = "arn:aws:ram::aws:permission/AWSRAMPermissionGlueDatabaseReadWrite"
PARTNER = {
    "cluster_identifier": "analytics",
    "database_name": "sales",
    "partner_name": "Fivetran",
    "account_id": "123456789012",
}
SHARE = {"resource_share_arn": SHARE_ARN, "permission_arn": RW_ARN}

# (module, arguments, what the message must name). Each breaks one rule of the API or of the module.
BAD_INPUT = [
    ("redshift_partner", dict(PARTNER, cluster_identifier="analytics_cluster"), "cluster_identifier"),
    ("redshift_partner", dict(PARTNER, cluster_identifier="c" * 64), "cluster_identifier"),
    ("redshift_partner", dict(PARTNER, database_name="1abc"), "database_name"),
    ("redshift_partner", dict(PARTNER, database_name="a"), "database_name"),
    ("redshift_partner", dict(PARTNER, database_name="db-name"), "database_name"),
    ("redshift_partner", dict(PARTNER, database_name="d" * 128), "database_name"),
    ("redshift_partner", dict(PARTNER, partner_name="Five tran"), "partner_name"),
    ("redshift_partner", dict(PARTNER, partner_name="p" * 256), "partner_name"),
    ("redshift_partner", dict(PARTNER, account_id="12345678901"), "account_id"),
    ("redshift_partner", dict(PARTNER, account_id="1234567890123"), "account_id"),
    ("redshift_partner", dict(PARTNER, account_id="12345678901a"), "account_id"),
    ("redshift_partner", dict(PARTNER, state="gone"), "state"),
    ("redshift_partner", dict(PARTNER, status="Broken"), "status"),
    ("redshift_partner", dict(PARTNER, status_message="Running"), "status_message"),
    ("redshift_partner", {k: v for k, v in PARTNER.items() if k != "cluster_identifier"}, "cluster_identifier"),
    ("redshift_partner", dict(PARTNER, clusterid="analytics"), "clusterid"),
    ("redshift_partner", dict(PARTNER, profile="prod"), "profile"),
    ("redshift_partner", dict(PARTNER, aws_config={"retry": {"mode": "standard"}}), "aws_config"),
    ("redshift_partner", dict(PARTNER, validate_certs="sometimes"), "validate_certs"),
    (
        "redshift_partner_info",
        {"cluster_identifier": "bad cluster", "account_id": "123456789012"},
        "cluster_identifier",
    ),
    (
        "redshift_partner_info",
        {"cluster_identifier": "analytics", "account_id": "123456789012", "partner_name": "Five/tran"},
        "partner_name",
    ),
    ("ram_resource_share_permission", dict(SHARE, resource_share_arn="partner-share"), "resource_share_arn"),
    (
        "ram_resource_share_permission",
        dict(SHARE, resource_share_arn="arn:aws:ram:us-east-1:12345:resource-share/x"),
        "resource_share_arn",
    ),
    (
        "ram_resource_share_permission",
        dict(SHARE, permission_arn="arn:aws:iam::aws:policy/ReadOnlyAccess"),
        "permission_arn",
    ),
    (
        "ram_resource_share_permission",
        dict(SHARE, permission_arn="arn:aws-cn:ram::aws:permission/AWSRAMPermissionGlueDatabaseReadWrite"),
        "permission_arn",
    ),
    (
        "ram_resource_share_permission",
        dict(SHARE, resource_share_name="partner-share"),
        "resource_share_arn|resource_share_name",
    ),
    ("ram_resource_share_permission", {"resource_share_arn": SHARE_ARN}, "permission_arn, permission_name"),
    ("ram_resource_share_permission", dict(SHARE, permission_version="latest"), "permission_version"),
    ("ram_resource_share_permission", dict(SHARE, permission_version=0), "permission_version"),
    ("ram_resource_share_permission", dict(SHARE, replace="maybe"), "replace"),
    (
        "ram_resource_share_permission",
        {"resource_share_arn": SHARE_ARN, "permission_name": "Glue Database Read/Write"},
        "permission_name",
    ),
    (
        "ram_resource_share_permission_info",
        {"resource_share_arn": "arn:aws:ram:us-east-1:123456789012:share/x"},
        "resource_share_arn",
    ),
]


def matrix_playbook(endpoint):
    """One play, one task per bad input, each allowed to fail so that all of them run."""
    tasks = []
    for index, (module, arguments, _option) in enumerate(BAD_INPUT):
        args = {"endpoint_url": endpoint, "region": "us-east-1", "access_key": ACCESS_KEY, "secret_key": SECRET_KEY}
        if "profile" in arguments:
            del args["secret_key"]
        args.update(arguments)
        tasks.append({"name": f"case {index}", f"partner_onboarding.aws.{module}": args, "ignore_errors": True})
    play = {
        "name": "Bad input",
        "hosts": "localhost",
        "gather_facts": False,
        "tasks": tasks,
        "vars": {"ansible_python_interpreter": "{{ ansible_playbook_python }}"},
    }
    return yaml.safe_dump([play])


def test_bad_input_matrix_fails_naming_the_option_with_no_aws_call(tmp_path, emulator, endpoint):
    assert len(BAD_INPUT) >= 25
    playbook = tmp_path / "matrix.yml"
    playbook.write_text(matrix_playbook(endpoint))
    rc, output, recap = run_playbook(tmp_path, {}, playbook=str(playbook))
    assert rc == 0, output
    # The output of each task, from its "TASK [case N]" header to the next one.
    sections = dict(re.findall(r"^TASK \[case (\d+)\][^\n]*\n(.*?)(?=^TASK \[|^PLAY RECAP)", output, re.M | re.S))
    problems = []
    for index, (module, arguments, option) in enumerate(BAD_INPUT):
        section = sections.get(str(index), "")
        if "FAILED!" not in section or option not in section:
            problems.append(f"{module} {arguments}: expected a failure naming {option!r}, got:\n{section}")
    assert not problems, "\n\n".join(problems)
    assert emulator.requests() == [], "bad input reached AWS"


SENTINEL_SECRET = "SentinelSecretKey/Do+Not+Print/0123456789"
SENTINEL_TOKEN = "SentinelSessionToken/IQoJb3JpZ2luX2VjE/Do+Not+Print"

SECRETS_PLAYBOOK = """
- name: Use secrets in every way a task can
  hosts: localhost
  gather_facts: false
  vars:
    ansible_python_interpreter: "{{ ansible_playbook_python }}"
  module_defaults:
    group/partner_onboarding.aws.aws:
      endpoint_url: "%(endpoint)s"
      region: us-east-1
      access_key: AKIAEMULATOREXAMPLE
      secret_key: "%(secret)s"
      session_token: "%(token)s"
  tasks:
    - name: Authorize a partner
      partner_onboarding.aws.redshift_partner:
        cluster_identifier: analytics
        database_name: sales
        partner_name: Fivetran
        account_id: "123456789012"

    - name: Give the share a permission
      partner_onboarding.aws.ram_resource_share_permission:
        resource_share_name: fivetran-share
        permission_name: AWSRAMPermissionGlueDatabaseReadWrite

    - name: Fail on a missing cluster
      partner_onboarding.aws.redshift_partner:
        cluster_identifier: missing
        database_name: sales
        partner_name: Fivetran
        account_id: "123456789012"
      ignore_errors: true

    - name: Fail on bad input
      partner_onboarding.aws.ram_resource_share_permission:
        resource_share_arn: not-an-arn
        permission_name: AWSRAMPermissionGlueDatabaseReadWrite
      ignore_errors: true

    - name: Onboard through the role, secrets in its connection variable
      ansible.builtin.include_role:
        name: partner_onboarding.aws.onboard_partner
      vars:
        onboard_partner_name: Stitch
        onboard_partner_account_id: "123456789012"
        onboard_partner_redshift_databases: [{cluster_identifier: analytics, database_name: sales}]
        onboard_partner_aws:
          endpoint_url: "%(endpoint)s"
          region: us-east-1
          access_key: AKIAEMULATOREXAMPLE
          secret_key: "%(secret)s"
          session_token: "%(token)s"
"""


@pytest.mark.parametrize("mode", [["--check", "--diff"], ["--diff"], []], ids=["check+diff", "diff", "normal"])
def test_secrets_never_reach_the_output(tmp_path, emulator, seeded, endpoint, mode):
    playbook = tmp_path / "secrets.yml"
    playbook.write_text(SECRETS_PLAYBOOK % {"endpoint": endpoint, "secret": SENTINEL_SECRET, "token": SENTINEL_TOKEN})
    rc, output, recap = run_playbook(tmp_path, {}, "-vvv", *mode, playbook=str(playbook))
    assert rc == 0, output
    assert recap["localhost"]["failed"] == 0, output
    assert "ClusterNotFound" in output and "not-an-arn" in output, "the failures did not run"
    for secret in (SENTINEL_SECRET, SENTINEL_TOKEN):
        # The whole secret, and its first and last parts in case a message cut it at a slash.
        for fragment in (secret, secret.split("/", maxsplit=1)[0], secret.rsplit("/", maxsplit=1)[-1]):
            assert fragment not in output, f"{fragment!r} appeared in the output"
    # The secrets were really used: the token reached the emulator.
    assert {r["session_token"] for r in emulator.requests()} == {SENTINEL_TOKEN}


def iam_policy_actions():
    text = (REPO_ROOT / "docs" / "iam-policy.md").read_text()
    policy = json.loads(re.search(r"```json\n(.*?)```", text, re.DOTALL).group(1))
    return {action for statement in policy["Statement"] for action in statement["Action"]}


def test_onboarding_and_offboarding_stay_within_the_documented_iam_policy(tmp_path, emulator, seeded, endpoint):
    variables = onboarding_vars(endpoint)
    del variables["onboard_partner_account_id"]  # so that sts:GetCallerIdentity is exercised too
    for state in ("present", "absent"):
        rc, output, _recap = run_playbook(tmp_path, dict(variables, onboard_partner_state=state))
        assert rc == 0, output
    called = {f"{r['service']}:{r['operation']}" for r in emulator.requests()}
    allowed = iam_policy_actions()
    assert called - allowed == set()
    # The run covered the write actions, so the check above means something.
    assert {
        "redshift:AddPartner",
        "redshift:DeletePartner",
        "ram:AssociateResourceSharePermission",
        "ram:DisassociateResourceSharePermission",
        "sts:GetCallerIdentity",
    } <= called
