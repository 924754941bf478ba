# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import json
from datetime import datetime, timezone
from urllib.parse import quote

import pytest

from ansible_collections.partner_onboarding.aws.plugins.modules import partner_access_info

ACCOUNT = "123456789012"
PARTNER = "210987654321"
SHARE = f"arn:aws:ram:us-east-1:{ACCOUNT}:resource-share/11111111-aaaa"
TIME = datetime(2024, 5, 2, 9, 41, 7, tzinfo=timezone.utc)
FIVETRAN = {
    "name": "Fivetran",
    "redshift_databases": [{"cluster_identifier": "analytics", "database_name": "sales"}],
    "principals": [PARTNER],
    "resource_shares": ["fivetran-share"],
}


@pytest.fixture
def run(run_module):
    def run_info(check_mode=False, **args):
        params = {"region": "us-east-1", "_ansible_check_mode": check_mode}
        return run_module(partner_access_info, **dict(params, **args))

    return run_info


def queue_redshift(stubbed, clusters, with_sts=True):
    if with_sts:
        stubbed("sts").add_response(
            "get_caller_identity", {"Account": ACCOUNT, "Arn": f"arn:aws:iam::{ACCOUNT}:user/x", "UserId": "AID"}, {}
        )
    for cluster, databases in clusters.items():
        stubbed("redshift").add_response(
            "describe_partners",
            {
                "PartnerIntegrationInfoList": [
                    {
                        "DatabaseName": database,
                        "PartnerName": "Fivetran",
                        "Status": "Active",
                        "StatusMessage": "",
                        "CreatedAt": TIME,
                        "UpdatedAt": TIME,
                    }
                    for database in databases
                ]
            },
            {"AccountId": ACCOUNT, "ClusterIdentifier": cluster},
        )


def queue_ram(stubbed, principals):
    ram = stubbed("ram")
    ram.add_response(
        "get_resource_shares",
        {"resourceShares": [{"resourceShareArn": SHARE, "name": "fivetran-share", "status": "ACTIVE"}]},
        {"resourceOwner": "SELF", "resourceShareStatus": "ACTIVE"},
    )
    ram.add_response(
        "get_resource_share_associations",
        {
            "resourceShareAssociations": [
                {
                    "resourceShareArn": SHARE,
                    "associatedEntity": principal,
                    "associationType": "PRINCIPAL",
                    "status": status,
                    "external": True,
                }
                for principal, status in principals
            ]
        },
        {"associationType": "PRINCIPAL", "resourceShareArns": [SHARE]},
    )
    ram.add_response(
        "get_resource_share_associations",
        {"resourceShareAssociations": []},
        {"associationType": "RESOURCE", "resourceShareArns": [SHARE]},
    )
    ram.add_response("list_resource_share_permissions", {"permissions": []}, {"resourceShareArn": SHARE})


def trust(*principals, external_id=None):
    statement = {"Effect": "Allow", "Principal": {"AWS": list(principals)}, "Action": "sts:AssumeRole"}
    if external_id:
        statement["Condition"] = {"StringEquals": {"sts:ExternalId": external_id}}
    return {"Version": "2012-10-17", "Statement": [statement]}


def iam_role(name, document):
    return {
        "Path": "/",
        "RoleName": name,
        "RoleId": f"AROA{name.upper():0<17}"[:21],
        "Arn": f"arn:aws:iam::{ACCOUNT}:role/{name}",
        "CreateDate": TIME,
        # URL-encoded JSON, as IAM sends it: botocore decodes it into a dict.
        "AssumeRolePolicyDocument": quote(json.dumps(document)),
    }


def queue_iam(stubbed, *pages):
    """ListRoles answers, one per page (each page a list of roles), linked by markers."""
    for number, roles in enumerate(pages):
        answer = {"Roles": roles, "IsTruncated": number < len(pages) - 1}
        if answer["IsTruncated"]:
            answer["Marker"] = f"m{number + 1}"
        stubbed("iam").add_response("list_roles", answer, {"Marker": f"m{number}"} if number else {})


@pytest.mark.parametrize("check_mode", [False, True])
def test_every_cluster_and_share_read_once(stubbed, run, check_mode):
    stubbed("redshift").add_response(
        "describe_clusters", {"Clusters": [{"ClusterIdentifier": "analytics"}], "Marker": "m1"}, {}
    )
    stubbed("redshift").add_response(
        "describe_clusters", {"Clusters": [{"ClusterIdentifier": "reporting"}]}, {"Marker": "m1"}
    )
    queue_redshift(stubbed, {"analytics": ["sales", "marketing"], "reporting": []})
    queue_ram(stubbed, [(PARTNER, "ASSOCIATED"), ("999988887777", "ASSOCIATING")])
    queue_iam(
        stubbed,
        [iam_role("fivetran-etl", trust(PARTNER, external_id="x")), iam_role("admin", trust(ACCOUNT))],
        [],
        [iam_role("debug", trust(f"arn:aws:iam::{PARTNER}:root", "*"))],
    )
    result = run(check_mode=check_mode, partners=[dict(FIVETRAN, iam_roles=["fivetran-etl"])])
    assert result["changed"] is False
    assert stubbed.operations == [
        "DescribeClusters",
        "DescribeClusters",
        "GetCallerIdentity",
        "DescribePartners",
        "DescribePartners",
        "GetResourceShares",
        "GetResourceShareAssociations",
        "GetResourceShareAssociations",
        "ListResourceSharePermissions",
        "ListRoles",
        "ListRoles",
        "ListRoles",
    ]
    assert [(r["kind"], r["partner"], r["grantee"]) for r in result["access"]] == [
        ("redshift", "Fivetran", "Fivetran"),
        ("redshift", "Fivetran", "Fivetran"),
        ("ram", "Fivetran", PARTNER),
        ("ram", None, "999988887777"),
        ("iam_role", None, "*"),
        ("iam_role", "Fivetran", PARTNER),
        ("iam_role", "Fivetran", PARTNER),
    ]
    assert [(r["role_name"], r["external_id"]) for r in result["access"][4:]] == [
        ("debug", False),
        ("debug", False),
        ("fivetran-etl", True),
    ]
    assert [(r["kind"], r["grantee"], r["role_name"]) for r in result["unexpected"]] == [
        ("redshift", "Fivetran", None),
        ("ram", "999988887777", None),
        ("iam_role", "*", "debug"),
        ("iam_role", PARTNER, "debug"),
    ]
    assert result["missing"] == result["expired"] == []


def test_given_clusters_and_account_no_listing_no_sts(stubbed, run):
    queue_redshift(stubbed, {"analytics": ["sales"]}, with_sts=False)
    queue_ram(stubbed, [(PARTNER, "ASSOCIATED")])
    result = run(cluster_identifiers=["analytics"], account_id=ACCOUNT, partners=[FIVETRAN], iam_roles=False)
    assert "DescribeClusters" not in stubbed.operations
    assert "GetCallerIdentity" not in stubbed.operations
    assert "ListRoles" not in stubbed.operations
    assert (result["unexpected"], result["missing"], result["expired"]) == ([], [], [])


def test_ignored_grantees_and_expired_partners_are_not_unexpected(stubbed, run):
    queue_redshift(stubbed, {"analytics": ["sales"]}, with_sts=False)
    queue_ram(stubbed, [(PARTNER, "ASSOCIATED"), ("999988887777", "ASSOCIATED"), ("111122223333", "SUSPENDED")])
    queue_iam(stubbed, [iam_role("internal", trust("arn:aws:iam::999988887777:root"))])
    result = run(
        cluster_identifiers=["analytics"],
        account_id=ACCOUNT,
        partners=[dict(FIVETRAN, expires_on="2000-01-31")],
        ignore=["arn:aws:iam::999988887777:root"],
    )
    assert [(r["kind"], r["grantee"], r["status"]) for r in result["expired"]] == [
        ("redshift", "Fivetran", "Active"),
        ("ram", PARTNER, "ASSOCIATED"),
    ]
    assert [(r["kind"], r["grantee"], r["status"]) for r in result["unexpected"]] == [
        ("ram", "111122223333", "SUSPENDED")
    ]
    assert result["missing"] == []
    assert [r["grantee"] for r in result["access"] if r["kind"] == "iam_role"] == ["999988887777"]


@pytest.mark.parametrize(
    "args, message",
    [
        ({"partners": [dict(FIVETRAN, expires_on="31/12/2026")]}, "partners[0].expires_on: '31/12/2026' is not a date"),
        ({"partners": [dict(FIVETRAN, expires_on="2026-02-30")]}, "partners[0].expires_on: '2026-02-30' is not a date"),
        ({"partners": [dict(FIVETRAN, iam_roles=["bad role"])]}, "partners[0].iam_roles: 'bad role' not valid"),
        ({"ignore": [" "]}, "ignore entries must not be empty"),
    ],
)
def test_new_options_fail_before_any_call(stubbed, run, args, message):
    result = run(**args)
    assert result["failed"] is True
    assert result["msg"].startswith(message)
    assert stubbed.operations == []


def test_a_refused_list_roles_says_which_permission_or_option(stubbed, run):
    queue_ram(stubbed, [])
    stubbed("iam").add_client_error("list_roles", "AccessDenied", "not authorized", 403, expected_params={})
    result = run(cluster_identifiers=[], partners=[FIVETRAN])
    assert result["failed"] is True
    assert result["msg"].startswith("ListRoles failed with AccessDenied: not authorized")
    assert "allow iam:ListRoles" in result["msg"] and "iam_roles: false" in result["msg"]


def test_invalid_partners_fail_before_any_call(stubbed, run):
    result = run(partners=[dict(FIVETRAN, principals=["12"])])
    assert result["failed"] is True
    assert result["msg"].startswith("partners[0].principals: '12' not valid")
    assert stubbed.operations == []


def test_a_failed_read_names_the_operation_and_code(stubbed, run):
    stubbed("redshift").add_client_error(
        "describe_partners", "ClusterNotFound", "Cluster nope not found.", 404, expected_params=None
    )
    result = run(cluster_identifiers=["nope"], account_id=ACCOUNT)
    assert result["failed"] is True
    assert result["msg"].startswith("DescribePartners failed with ClusterNotFound: Cluster nope not found")
    assert "check cluster_identifier and region" in result["msg"]
    assert result["error"]["code"] == "ClusterNotFound"
