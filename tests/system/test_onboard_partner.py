# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The onboarding playbook run as the README shows: onboard, converge, check mode, offboard, bad variables."""

from __future__ import annotations

import pytest

from tests.emulator.client import WRITE_OPERATIONS

from .conftest import (
    ACCESS_KEY,
    GLUE_DATABASE,
    GLUE_TABLE,
    PARTNER_ACCESS_KEY,
    PARTNER_ACCOUNT,
    READ_WRITE,
    assert_each_case_failed,
    aws_client,
    failures,
    live_shares,
    module_requests,
    onboarding_result,
    onboarding_vars,
    run_playbook,
    run_role_cases,
    share_associations,
    share_item,
    sharing_vars,
    task_results,
    writes,
)


def test_onboarding_converges_and_offboarding_reverses_it(tmp_path, emulator, seeded, endpoint):
    variables = onboarding_vars(endpoint)

    rc, output, recap = run_playbook(tmp_path, variables, "--check", "--diff")
    assert rc == 0, output
    assert recap["localhost"]["changed"] == 2, output
    assert writes(emulator) == [], "check mode wrote to AWS"

    rc, output, recap = run_playbook(tmp_path, variables)
    assert rc == 0, output
    assert recap["localhost"]["changed"] == 2, output
    assert sorted(writes(emulator)) == ["AddPartner", "AddPartner", "AssociateResourceSharePermission"]

    emulator.clear_requests()
    rc, output, recap = run_playbook(tmp_path, variables)
    assert rc == 0, output
    assert recap["localhost"]["changed"] == 0, output
    assert writes(emulator) == []
    # With the account given, exactly the reads the contract allows a converged run: one DescribePartners for the
    # cluster, whatever its number of databases (both databases are on "analytics": one redshift_partner task per
    # (cluster, account)), and for the share its name lookup and one listing of its permissions. Nothing else.
    assert sorted(r["operation"] for r in emulator.requests()) == [
        "DescribePartners",
        "GetResourceShares",
        "ListResourceSharePermissions",
    ]

    offboard = dict(variables, onboard_partner_state="absent")
    rc, output, recap = run_playbook(tmp_path, offboard)
    assert rc == 0, output
    assert recap["localhost"]["changed"] == 2, output
    rc, output, recap = run_playbook(tmp_path, offboard)
    assert rc == 0, output
    assert recap["localhost"]["changed"] == 0, output


# (role variables changed, what the failure must name): each breaks one rule of the role's argument specification.
BAD_ROLE_VARIABLES = [
    ({"onboard_partner_name": None}, "onboard_partner_name"),
    ({"onboard_partner_state": "gone"}, "onboard_partner_state"),
    ({"onboard_partner_redshift_databases": [{"cluster_identifier": "analytics"}]}, "database_name"),
    (
        {"onboard_partner_redshift_databases": [{"cluster_identifier": "analytics", "database": "sales"}]},
        "database",
    ),
    ({"onboard_partner_redshift_databases": "analytics/sales"}, "onboard_partner_redshift_databases"),
    (
        {"onboard_partner_resource_share_permissions": [{"resource_share_name": "fivetran-share"}]},
        "permission_arn, permission_name",
    ),
    (
        {
            "onboard_partner_resource_share_permissions": [
                {
                    "resource_share_name": "s",
                    "resource_share_arn": "arn:aws:ram:us-east-1:123456789012:resource-share/x",
                    "permission_name": "AWSRAMPermissionGlueDatabaseReadWrite",
                }
            ]
        },
        "resource_share_arn|resource_share_name",
    ),
    (
        {
            "onboard_partner_resource_share_permissions": [
                {"resource_share_name": "s", "permission_name": "P", "permission_version": "latest"}
            ]
        },
        "permission_version",
    ),
    ({"onboard_partner_aws": "us-east-1"}, "onboard_partner_aws"),
]


def test_bad_role_variables_fail_before_any_aws_call(tmp_path, emulator, seeded, endpoint):
    # One ansible-playbook run, one host per case (tests/system/conftest.py: run_role_cases).
    cases = [
        {name: value for name, value in onboarding_vars(endpoint, **overrides).items() if value is not None}
        for overrides, _message in BAD_ROLE_VARIABLES
    ]
    emulator.clear_requests()

    rc, output, failed = run_role_cases(tmp_path, cases)

    assert rc != 0
    messages = [message for _overrides, message in BAD_ROLE_VARIABLES]
    assert_each_case_failed(failed, messages, output, task="Validating arguments against arg spec")
    assert emulator.requests() == []


# --- 1.1.0: the partner's resource shares ---------------------------------------------------------------------------

# Another consumer of the share, inside the owner's organization: offboarding the partner must leave it alone.
OTHER_ACCOUNT = "444455556666"
DEFAULT_TABLE = "arn:aws:ram::aws:permission/AWSRAMDefaultPermissionGlueTable"
READ_WRITE_ARN = f"arn:aws:ram::aws:permission/{READ_WRITE}"


@pytest.fixture
def data_share(emulator, partner):
    """The data team's share before onboarding: a Glue database and table (so RAM's default permissions), already
    shared with another account of the organization, tagged."""
    emulator.set_config(organization_accounts=[OTHER_ACCOUNT])
    seeded = emulator.seed(
        redshift_clusters=["analytics"],
        resource_shares=[
            {
                "name": "fivetran-share",
                "resource_arns": [GLUE_DATABASE, GLUE_TABLE],
                "principals": [OTHER_ACCOUNT],
                "tags": {"team": "data"},
            }
        ],
    )
    return seeded["resource_shares"][0]["arn"]


def share_permissions(endpoint, share_arn):
    ram = aws_client("ram", endpoint)
    return {
        p["resourceType"]: p["arn"]
        for p in ram.list_resource_share_permissions(resourceShareArn=share_arn)["permissions"]
    }


def partner_sees(endpoint, share_arn):
    """Whether the partner's account can use the share (RAM lists it among the shares others share with it)."""
    ram = aws_client("ram", endpoint, access_key=PARTNER_ACCESS_KEY)
    return share_arn in {
        s["resourceShareArn"] for s in ram.get_resource_shares(resourceOwner="OTHER-ACCOUNTS")["resourceShares"]
    }


def test_partner_outside_the_organization_is_invited_accepts_and_is_offboarded(
    tmp_path, emulator, endpoint, data_share
):
    variables = sharing_vars(endpoint)
    assert share_permissions(endpoint, data_share)["glue:Database"].endswith("/AWSRAMDefaultPermissionGlueDatabase")
    emulator.clear_requests()

    # Check mode: the three owner-side changes are predicted (Redshift, the share's permission, the principal); the
    # invitation does not exist yet, so acceptance is not attempted; nothing is written.
    rc, output, recap = run_playbook(tmp_path, variables, "--check", "--diff")
    assert rc == 0, output
    assert recap["localhost"]["changed"] == 3, output
    assert writes(emulator) == [], "check mode wrote to AWS"
    assert READ_WRITE in output  # the diff shows the permission replacing RAM's default

    rc, output, recap = run_playbook(tmp_path, variables, "-v")
    assert rc == 0, output
    assert recap["localhost"]["changed"] == 4, output
    written = {r["operation"]: r for r in module_requests(emulator) if r["operation"] in WRITE_OPERATIONS}
    assert sorted(writes(emulator)) == [
        "AcceptResourceShareInvitation",
        "AddPartner",
        "AssociateResourceShare",
        "AssociateResourceSharePermission",
    ]
    # RAM's default permission replaced in place, then the partner added (only the partner), then its acceptance,
    # signed by the partner's own key.
    assert written["AssociateResourceSharePermission"]["params"]["permissionArn"] == READ_WRITE_ARN
    assert written["AssociateResourceSharePermission"]["params"]["replace"] is True
    assert written["AssociateResourceShare"]["params"]["principals"] == [PARTNER_ACCOUNT]
    assert "resourceArns" not in written["AssociateResourceShare"]["params"]
    order = [r["operation"] for r in module_requests(emulator) if r["operation"] in WRITE_OPERATIONS]
    assert order.index("AssociateResourceSharePermission") < order.index("AssociateResourceShare")
    assert {op: r["access_key"] for op, r in written.items()} == {
        "AddPartner": ACCESS_KEY,
        "AssociateResourceSharePermission": ACCESS_KEY,
        "AssociateResourceShare": ACCESS_KEY,
        "AcceptResourceShareInvitation": PARTNER_ACCESS_KEY,
    }
    # The partner's principal association ends ASSOCIATED: the partner can use the share.
    assert share_associations(endpoint, data_share) == {OTHER_ACCOUNT: "ASSOCIATED", PARTNER_ACCOUNT: "ASSOCIATED"}
    assert partner_sees(endpoint, data_share)
    assert share_permissions(endpoint, data_share) == {"glue:Database": READ_WRITE_ARN, "glue:Table": DEFAULT_TABLE}
    result = onboarding_result(output)
    [share] = result["resource_shares"]
    assert (share["arn"], share["name"]) == (data_share, "fivetran-share")
    # As the share is after the run: the partner accepted, so it no longer waits for its invitation.
    assert sorted(share["principals"]) == sorted([OTHER_ACCOUNT, PARTNER_ACCOUNT])
    assert share["pending_principals"] == []
    assert sorted(share["resource_arns"]) == sorted([GLUE_DATABASE, GLUE_TABLE])
    assert {p["resource_type"]: p["arn"] for p in share["permissions"]}["glue:Database"] == READ_WRITE_ARN
    assert [i["database_name"] for i in result["partner_integrations"]] == ["sales"]

    # Converged: only reads, exactly those the contract allows. DescribePartners once (one cluster); the share by
    # name (GetResourceShares), its principal and resource associations and its permissions (permissions are
    # managed; GetPermission is not needed, the permission being on the share); the principal task's one read; the
    # partner's one look at its invitation (already accepted).
    emulator.clear_requests()
    rc, output, recap = run_playbook(tmp_path, variables)
    assert rc == 0, output
    assert recap["localhost"]["changed"] == 0, output
    assert writes(emulator) == []
    assert sorted(r["operation"] for r in module_requests(emulator)) == [
        "DescribePartners",
        "GetResourceShareAssociations",
        "GetResourceShareAssociations",
        "GetResourceShareAssociations",
        "GetResourceShareInvitations",
        "GetResourceShares",
        "ListResourceSharePermissions",
    ]

    # Offboarding: the integration goes, and the partner's principal, nothing else.
    offboard = dict(variables, onboard_partner_state="absent")
    emulator.clear_requests()
    rc, output, recap = run_playbook(tmp_path, offboard)
    assert rc == 0, output
    assert recap["localhost"]["changed"] == 2, output
    assert sorted(writes(emulator)) == ["DeletePartner", "DisassociateResourceShare"]
    [removal] = module_requests(emulator, operation="DisassociateResourceShare")
    assert removal["params"]["principals"] == [PARTNER_ACCOUNT] and "resourceArns" not in removal["params"]
    assert not partner_sees(endpoint, data_share)
    assert share_associations(endpoint, data_share) == {OTHER_ACCOUNT: "ASSOCIATED", PARTNER_ACCOUNT: "DISASSOCIATED"}
    assert share_associations(endpoint, data_share, "RESOURCE") == {
        GLUE_DATABASE: "ASSOCIATED",
        GLUE_TABLE: "ASSOCIATED",
    }
    assert share_permissions(endpoint, data_share) == {"glue:Database": READ_WRITE_ARN, "glue:Table": DEFAULT_TABLE}
    [share] = live_shares(endpoint, "fivetran-share")
    assert share["status"] == "ACTIVE" and share["tags"] == [{"key": "team", "value": "data"}]

    emulator.clear_requests()
    rc, output, recap = run_playbook(tmp_path, offboard)
    assert rc == 0, output
    assert recap["localhost"]["changed"] == 0, output
    assert writes(emulator) == []


def test_a_share_that_refuses_external_principals_fails_saying_so(tmp_path, emulator, endpoint, partner):
    emulator.seed(redshift_clusters=["analytics"])
    variables = sharing_vars(endpoint, onboard_partner_resource_shares=[share_item(allow_external_principals=False)])

    rc, output, _recap = run_playbook(tmp_path, variables, "-v")

    assert rc != 0
    [failed] = failures(output)
    assert "allow_external_principals" in failed["msg"] and PARTNER_ACCOUNT in failed["msg"], failed["msg"]
    assert failed["msg"].startswith("AssociateResourceShare"), failed["msg"]
    # The share was made as asked, without the partner; nothing was accepted.
    [share] = live_shares(endpoint, "fivetran-share")
    assert share["allowExternalPrincipals"] is False
    assert PARTNER_ACCOUNT not in share_associations(endpoint, share["resourceShareArn"])
    assert "AcceptResourceShareInvitation" not in writes(emulator)


def test_an_account_of_the_organization_needs_no_invitation(tmp_path, emulator, endpoint, data_share):
    emulator.set_config(organization_accounts=[OTHER_ACCOUNT, PARTNER_ACCOUNT])
    variables = sharing_vars(endpoint)

    rc, output, recap = run_playbook(tmp_path, variables, "-v")

    assert rc == 0, output
    # Redshift, the permission, the principal; acceptance is no change.
    assert recap["localhost"]["changed"] == 3, output
    [acceptance] = [
        result
        for task, _status, result in task_results(output)
        if task.endswith("Accept the invitation to each resource share")
    ]
    assert acceptance["changed"] is False and acceptance["invitation"] == {}, acceptance
    # The partner's side looked for an invitation, found none, and found the share already shared with it.
    partner_calls = [r["operation"] for r in module_requests(emulator) if r["access_key"] == PARTNER_ACCESS_KEY]
    assert partner_calls == ["GetResourceShareInvitations", "GetResourceShares"]
    assert "AcceptResourceShareInvitation" not in writes(emulator)
    assert share_associations(endpoint, data_share)[PARTNER_ACCOUNT] == "ASSOCIATED"
    assert partner_sees(endpoint, data_share)
    ram = aws_client("ram", endpoint, access_key=PARTNER_ACCESS_KEY)
    assert ram.get_resource_share_invitations()["resourceShareInvitations"] == []


# --- 1.2.0: customer managed permissions ------------------------------------------------------------------------------

TABLE_READ = {
    "name": "PartnerTableRead",
    "resource_type": "glue:Table",
    "policy_template": {"Effect": "Allow", "Action": ["glue:GetTable", "glue:GetPartitions"]},
    "tags": {"partner": "Fivetran"},
}


def test_customer_managed_permission_is_ensured_before_the_shares_and_left_by_offboarding(
    tmp_path, emulator, endpoint, data_share
):
    variables = sharing_vars(
        endpoint,
        onboard_partner_permissions=[TABLE_READ],
        onboard_partner_resource_shares=[share_item(permissions=[READ_WRITE, "PartnerTableRead"])],
    )
    emulator.clear_requests()
    rc, output, _recap = run_playbook(tmp_path, variables, "--check")
    assert rc == 0, output
    assert writes(emulator) == [], "check mode wrote to AWS"

    rc, output, _recap = run_playbook(tmp_path, variables, "-v")
    assert rc == 0, output
    done = writes(emulator)
    # The permission exists before the share is given it.
    assert done.index("CreatePermission") < done.index("AssociateResourceSharePermission")
    permission_arn = "arn:aws:ram:us-east-1:123456789012:permission/PartnerTableRead"
    assert share_permissions(endpoint, data_share)["glue:Table"] == permission_arn
    result = onboarding_result(output)
    assert [p["name"] for p in result["permissions_managed"]] == ["PartnerTableRead"]
    assert result["permissions_managed"][0]["default_version"] == 1

    emulator.clear_requests()
    rc, output, recap = run_playbook(tmp_path, variables)
    assert rc == 0, output
    assert recap["localhost"]["changed"] == 0, output
    assert writes(emulator) == []

    # A narrower template: a new default version, and the share moved to it.
    narrowed = dict(TABLE_READ, policy_template={"Effect": "Allow", "Action": "glue:GetTable"})
    variables["onboard_partner_permissions"] = [narrowed]
    emulator.clear_requests()
    rc, output, _recap = run_playbook(tmp_path, variables)
    assert rc == 0, output
    assert writes(emulator) == [
        "CreatePermissionVersion",
        "SetDefaultPermissionVersion",
        "ReplacePermissionAssociations",
    ]
    [used] = aws_client("ram", endpoint).list_permission_associations(permissionArn=permission_arn)["permissions"]
    assert (used["resourceShareArn"], used["permissionVersion"], used["defaultVersion"]) == (data_share, "2", True)

    rc, output, _recap = run_playbook(tmp_path, dict(variables, onboard_partner_state="absent"))
    assert rc == 0, output
    assert share_permissions(endpoint, data_share)["glue:Table"] == permission_arn
