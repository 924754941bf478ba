# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Secrets never reach output, bad role variables never reach AWS, and the documented IAM policy covers every call.

(That every module's bad input fails naming the option before any AWS call is tests/unit/plugins/modules/
test_bad_input.py's, in-process.)"""

from __future__ import annotations

import json
import re

import pytest

from .conftest import (
    ACCESS_KEY,
    GLUE_DATABASE,
    PARTNER_ACCESS_KEY,
    PARTNER_ACCOUNT,
    REPO_ROOT,
    assert_each_case_failed,
    clean_environ,
    connection,
    failures,
    module_requests,
    onboarding_vars,
    play,
    run_playbook,
    run_plays,
    run_role_cases,
    share_item,
    share_lifecycle,
    sharing_vars,
)

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


def iam_policies():
    """``{side: set of actions}`` from docs/iam-policy.md: the JSON policy under each ``## <Side> side`` heading."""
    text = (REPO_ROOT / "docs" / "iam-policy.md").read_text()
    policies = {}
    for side, body in re.findall(r"^## (\w+) side\n.*?```json\n(.*?)```", text, re.DOTALL | re.MULTILINE):
        policy = json.loads(body)
        policies[side.lower()] = {action for statement in policy["Statement"] for action in statement["Action"]}
    assert set(policies) == {"owner", "partner"}, "docs/iam-policy.md must hold an owner and a partner policy"
    return policies


# An action the owner's policy lists for the partner side of a Redshift integration (redshift_partner with status),
# which onboarding does not use; and one the Data API calls on the owner's behalf (a statement run as a database
# user), never the collection (1.3.0).
UNUSED_BY_ONBOARDING = {"redshift:UpdatePartnerStatus", "redshift:GetClusterCredentials"}
SECURITY_TABLE = "arn:aws:glue:us-east-1:123456789012:table/sales/security"


def permission_lifecycle(endpoint):
    """Tasks that make every customer managed permission operation once at least (1.2.0): create, a share naming it,
    new versions with the share moved, a sixth template (the oldest free version deleted), tags, the info module, then
    the share and the permission deleted."""
    permission, share = "partner_onboarding.aws.ram_permission", "partner_onboarding.aws.ram_resource_share"

    def template(*actions):
        return {"Effect": "Allow", "Action": ["glue:GetTable", *actions]}

    base = {"name": "SecurityTableRead", "resource_type": "glue:Table"}
    tasks = [
        {"name": "Create the permission", permission: dict(base, policy_template=template(), tags={"a": "1"})},
        {
            "name": "Create a share naming it",
            share: {"name": "permission-share", "resource_arns": [SECURITY_TABLE], "permissions": [base["name"]]},
        },
        {
            "name": "Change the template and move the share",
            permission: dict(base, policy_template=template("glue:GetPartitions"), upgrade_shares=True),
        },
    ]
    tasks += [
        {"name": f"Make version {number}", permission: dict(base, policy_template=template(action))}
        for number, action in ((3, "glue:GetPartition"), (4, "glue:BatchGetPartition"), (5, "glue:GetTables"))
    ]
    tasks += [
        {"name": "Make a sixth template", permission: dict(base, policy_template=template("glue:GetTableVersion"))},
        {
            "name": "Retag",
            permission: dict(base, policy_template=template("glue:GetTableVersion"), tags={"b": "2"}),
        },
        {
            "name": "Read it",
            "partner_onboarding.aws.ram_permission_info": {
                "name": base["name"],
                "versions": True,
                "associations": True,
            },
        },
        {"name": "Delete the share", share: {"name": "permission-share", "state": "absent"}},
        {"name": "Delete the permission", permission: {"name": base["name"], "state": "absent"}},
    ]
    return play("Customer managed permissions", tasks, connection(endpoint))


def datashare_lifecycle(endpoint):
    """Every datashare operation once at least (1.3.0), after the role's: usage granted and authorized as the owner,
    associated, disassociated and rejected as the partner, the owner's datashares listed by cluster."""
    partner = connection(endpoint, PARTNER_ACCESS_KEY, "partner-secret-key")
    share = {"cluster_identifier": "analytics", "datashare_name": "sales_share"}
    consumer = "partner_onboarding.aws.redshift_datashare_consumer"
    tasks = [
        {
            "name": "Grant usage and authorize",
            "partner_onboarding.aws.redshift_datashare": dict(
                share,
                consumer_account_ids=[PARTNER_ACCOUNT],
                grant_usage={"database_name": "dev", "db_user": "admin"},
            ),
            "register": "authorized",
        },
        {"name": "Associate, as the partner", consumer: dict(partner, datashare_arn="{{ authorized.datashare.arn }}")},
        {
            "name": "Disassociate, as the partner",
            consumer: dict(partner, datashare_arn="{{ authorized.datashare.arn }}", state="disassociated"),
        },
        {
            "name": "Reject, as the partner",
            consumer: dict(partner, datashare_arn="{{ authorized.datashare.arn }}", state="rejected"),
        },
        {
            "name": "List the cluster's datashares",
            "partner_onboarding.aws.redshift_datashare_info": {"cluster_identifier": "analytics"},
        },
    ]
    return play("Redshift datashares", tasks, connection(endpoint))


def test_every_call_stays_within_the_documented_policy_of_the_side_that_signed(
    tmp_path, emulator, seeded, endpoint, partner
):
    # 1.0: the Redshift integrations and the permission of a share, the account taken from STS.
    variables = onboarding_vars(endpoint)
    del variables["onboard_partner_account_id"]  # so that sts:GetCallerIdentity is exercised too
    for state in ("present", "absent"):
        rc, output, _recap = run_playbook(tmp_path, dict(variables, onboard_partner_state=state))
        assert rc == 0, output
    # 1.1.0: a share made for the partner, its invitation accepted as the partner, then offboarding.
    variables = sharing_vars(endpoint, onboard_partner_resource_shares=[share_item(name="partner-glue-share")])
    del variables["onboard_partner_account_id"]
    for state in ("present", "absent"):
        rc, output, _recap = run_playbook(tmp_path, dict(variables, onboard_partner_state=state))
        assert rc == 0, output
    # Every other share operation, and the partner's failure path (which names its account, from STS).
    lifecycle = share_lifecycle(endpoint)
    lifecycle["tasks"].append(
        {
            "name": "Look, as the partner, for a share it was never invited to",
            "partner_onboarding.aws.ram_resource_share_invitation": dict(
                connection(endpoint, PARTNER_ACCESS_KEY, "partner-secret-key"), resource_share_name="never-shared"
            ),
            "ignore_errors": True,
        }
    )
    # 1.3.0: a datashare granted, authorized and associated through the role, offboarded, then every other operation.
    emulator.set_config(statement_reads=0)
    emulator.datashare("analytics", "sales_share")
    datashare_item = {
        "cluster_identifier": "analytics",
        "datashare_name": "sales_share",
        "grant_usage": {"database_name": "dev", "db_user": "admin"},
    }
    variables = sharing_vars(endpoint, onboard_partner_resource_shares=[], onboard_partner_datashares=[datashare_item])
    del variables["onboard_partner_account_id"]
    for state in ("present", "absent"):
        rc, output, _recap = run_playbook(tmp_path, dict(variables, onboard_partner_state=state))
        assert rc == 0, output
    rc, output, recap = run_plays(tmp_path, [lifecycle, permission_lifecycle(endpoint), datashare_lifecycle(endpoint)])
    assert rc == 0 and recap["localhost"]["failed"] == 0, output
    assert output.count("...ignoring") == 1 and f"must add this account ({PARTNER_ACCOUNT})" in output, output

    called = {"owner": set(), "partner": set()}
    signers = {ACCESS_KEY: "owner", PARTNER_ACCESS_KEY: "partner"}
    for request in emulator.requests():
        assert request["access_key"] in signers, f"a request signed by neither side: {request}"
        called[signers[request["access_key"]]].add(f"{request['service']}:{request['operation']}")
    policies = iam_policies()
    for side in ("owner", "partner"):
        assert called[side] - policies[side] == set(), f"{side} calls outside its policy"
    # Both policies are the least privilege: the runs used every action they list.
    assert policies["owner"] - called["owner"] == UNUSED_BY_ONBOARDING
    assert policies["partner"] - called["partner"] == set()
    assert {
        "ram:GetResourceShareInvitations",
        "ram:AcceptResourceShareInvitation",
        "ram:RejectResourceShareInvitation",
    } <= called["partner"]
    assert not called["partner"] & {"ram:CreateResourceShare", "ram:AssociateResourceShare", "redshift:AddPartner"}


# --- 1.1.0: the role's new variables --------------------------------------------------------------------------------


BAD_ROLE_VARIABLES = [
    ({"onboard_partner_resource_shares": [{"resource_arns": [GLUE_DATABASE]}]}, "name, arn"),
    (
        {"onboard_partner_resource_shares": [{"name": "s", "permission": ["AWSRAMPermissionGlueDatabaseReadWrite"]}]},
        "permission",
    ),
    (
        {"onboard_partner_resource_shares": [share_item(allow_external_principals="partners")]},
        "allow_external_principals",
    ),
    ({"onboard_partner_resource_shares": "fivetran-share"}, "onboard_partner_resource_shares"),
    ({"onboard_partner_resource_shares": [share_item(tags=["team"])]}, "tags"),
    ({"onboard_partner_resource_shares": [share_item(resource_arns={"db": GLUE_DATABASE})]}, "resource_arns"),
    ({"onboard_partner_principals": {"account": PARTNER_ACCOUNT}}, "onboard_partner_principals"),
    ({"onboard_partner_accepter_aws": "partner"}, "onboard_partner_accepter_aws"),
    ({"onboard_partner_principals": ["21098765432"]}, "onboard_partner_principals"),
    ({"onboard_partner_resource_shares": [share_item(resource_arns=["glue:database/sales"])]}, "resource_arns"),
    (
        {
            "onboard_partner_permissions": [
                {
                    "name": "PartnerRead",
                    "resource_type": "glue:Table",
                    "policy_template": {"Effect": "Allow", "Action": "glue:GetTable", "Principal": "*"},
                }
            ]
        },
        "onboard_partner_permissions[0]: policy_template must not contain Principal",
    ),
    ({"onboard_partner_permissions": [{"name": "PartnerRead", "resource_type": "glue:Table"}]}, "policy_template"),
    # 1.3.0: an expiry date that is not one fails before any call, naming the variable (not taken as "no expiry").
    (
        {"onboard_partner_expires_on": "2027-02-30"},
        "onboard_partner_expires_on: '2027-02-30' is not a date in the form YYYY-MM-DD",
    ),
]


def test_bad_new_role_variables_fail_naming_them_with_no_aws_call(tmp_path, emulator, endpoint):
    # One ansible-playbook run, one host per case (tests/system/conftest.py: run_role_cases).
    emulator.seed(redshift_clusters=["analytics"])
    emulator.clear_requests()
    cases = [sharing_vars(endpoint, **overrides) for overrides, _option in BAD_ROLE_VARIABLES]

    rc, output, failed = run_role_cases(tmp_path, cases)

    assert rc != 0
    assert_each_case_failed(failed, [option for _overrides, option in BAD_ROLE_VARIABLES], output)
    assert emulator.requests() == [], "bad role variables reached AWS"


# --- 1.1.0: secrets of both credentials, through the share modules ---------------------------------------------------

SENTINEL_PARTNER_SECRET = "SentinelPartnerSecret/Do+Not+Print/9876543210"
SENTINEL_PARTNER_TOKEN = "SentinelPartnerToken/IQoJb3JpZ2luX2VjE/Do+Not+Print"


# As users keep secrets: in variables (a vault, AWX extra variables), never written in the tasks themselves, whose
# source Ansible shows next to a failure.
SECRET_VARIABLES = {
    "owner_secret_key": SENTINEL_SECRET,
    "owner_session_token": SENTINEL_TOKEN,
    "partner_secret_key": SENTINEL_PARTNER_SECRET,
    "partner_session_token": SENTINEL_PARTNER_TOKEN,
}


def secrets_plays(endpoint):
    owner = connection(endpoint, secret_key="{{ owner_secret_key }}", session_token="{{ owner_session_token }}")
    as_partner = connection(
        endpoint, PARTNER_ACCESS_KEY, "{{ partner_secret_key }}", session_token="{{ partner_session_token }}"
    )
    invitation = "partner_onboarding.aws.ram_resource_share_invitation"
    tasks = [
        {
            "name": "Tag the share",
            "partner_onboarding.aws.ram_resource_share": {"name": "open-share", "tags": {"team": "data"}},
        },
        {"name": "List the shares", "partner_onboarding.aws.ram_resource_share_info": {}},
        {
            "name": "Fail as the partner on an outage",
            invitation: dict(
                as_partner, resource_share_name="open-share", aws_config={"retries": {"total_max_attempts": 1}}
            ),
            "ignore_errors": True,
        },
        {"name": "Accept as the partner", invitation: dict(as_partner, resource_share_name="open-share")},
        {
            "name": "Fail on a share closed to outsiders",
            "partner_onboarding.aws.ram_resource_share_principal": {
                "resource_share_name": "closed-share",
                "principals": [PARTNER_ACCOUNT],
            },
            "ignore_errors": True,
        },
        {
            "name": "Fail on bad input",
            "partner_onboarding.aws.ram_resource_share_principal": {
                "resource_share_name": "closed-share",
                "principals": ["not-a-principal"],
            },
            "ignore_errors": True,
        },
        {
            "name": "Onboard through the role, both credentials in its variables",
            "ansible.builtin.include_role": {"name": "partner_onboarding.aws.onboard_partner"},
            "vars": {
                "onboard_partner_name": "Stitch",
                "onboard_partner_account_id": "123456789012",
                "onboard_partner_principals": [PARTNER_ACCOUNT],
                "onboard_partner_resource_shares": [{"name": "open-share", "resource_arns": [GLUE_DATABASE]}],
                "onboard_partner_aws": owner,
                "onboard_partner_accepter_aws": as_partner,
            },
        },
    ]
    return [play("Use both credentials in every way a task can", tasks, owner)]


@pytest.mark.parametrize("mode", [["--check", "--diff"], ["--diff"], []], ids=["check+diff", "diff", "normal"])
def test_share_modules_never_print_either_credential(tmp_path, emulator, endpoint, partner, mode):
    emulator.seed(
        resource_shares=[
            {"name": "open-share", "resource_arns": [GLUE_DATABASE], "principals": [PARTNER_ACCOUNT]},
            {"name": "closed-share", "allow_external_principals": False},
        ]
    )
    emulator.fault("ram", "GetResourceShareInvitations", "unavailable", count=1)
    # ansible-core 2.19 shows a module's traceback (its `exception`) only when asked; older releases at -vvv.
    env = clean_environ(ANSIBLE_DISPLAY_TRACEBACK="error")

    rc, output, recap = run_plays(tmp_path, secrets_plays(endpoint), "-vvv", *mode, env=env, variables=SECRET_VARIABLES)

    assert rc == 0, output
    assert recap["localhost"]["failed"] == 0, output
    # The failures ran, with the traceback shown: an outage (AWS error), refused input, and, outside check mode,
    # RAM refusing the partner on the closed share.
    assert "ServiceUnavailableException" in output and "not-a-principal" in output, "the failures did not run"
    assert "Traceback (most recent call last)" in output
    if "--check" not in mode:
        assert "not in your AWS organization" in output
    for secret in (SENTINEL_SECRET, SENTINEL_TOKEN, SENTINEL_PARTNER_SECRET, SENTINEL_PARTNER_TOKEN):
        for fragment in (secret, secret.split("/", maxsplit=1)[0], secret.rsplit("/", maxsplit=1)[-1]):
            assert fragment not in output, f"{fragment!r} appeared in the output"
    # Both credentials were really used, each by its side.
    tokens = {(r["access_key"], r["session_token"]) for r in module_requests(emulator)}
    assert tokens == {(ACCESS_KEY, SENTINEL_TOKEN), (PARTNER_ACCESS_KEY, SENTINEL_PARTNER_TOKEN)}


def test_a_share_arn_ram_calls_malformed_is_reported_with_the_module_s_own_options(tmp_path, emulator, endpoint):
    # Well formed for the module (its id is not checked), but not an id RAM makes: RAM answers MalformedArnException.
    share_arn = "arn:aws:ram:us-east-1:123456789012:resource-share/not-a-uuid"
    task = {
        "name": "Share a share RAM does not know",
        "partner_onboarding.aws.ram_resource_share_principal": {
            "resource_share_arn": share_arn,
            "principals": [PARTNER_ACCOUNT],
        },
    }

    rc, output, _recap = run_plays(tmp_path, [play("Malformed", [task], connection(endpoint))], "-v")

    assert rc != 0
    [failed] = failures(output)
    assert failed["error"]["code"] == "MalformedArnException", failed
    assert "resource_share_arn" in failed["msg"] and "permission_arn" not in failed["msg"], failed["msg"]
