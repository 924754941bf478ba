# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

from datetime import datetime, timezone

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
    result = run(check_mode=check_mode, partners=[FIVETRAN])
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
    ]
    assert [(r["kind"], r["partner"], r["grantee"]) for r in result["access"]] == [
        ("redshift", "Fivetran", "Fivetran"),
        ("redshift", "Fivetran", "Fivetran"),
        ("ram", "Fivetran", PARTNER),
        ("ram", None, "999988887777"),
    ]
    assert [(r["grantee"], r["status"]) for r in result["unexpected"]] == [
        ("Fivetran", "Active"),
        ("999988887777", "ASSOCIATING"),
    ]
    assert result["missing"] == []


def test_given_clusters_and_account_no_listing_no_sts(stubbed, run):
    queue_redshift(stubbed, {"analytics": ["sales"]}, with_sts=False)
    queue_ram(stubbed, [(PARTNER, "ASSOCIATED")])
    result = run(cluster_identifiers=["analytics"], account_id=ACCOUNT, partners=[FIVETRAN])
    assert "DescribeClusters" not in stubbed.operations
    assert "GetCallerIdentity" not in stubbed.operations
    assert (result["unexpected"], result["missing"]) == ([], [])


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
