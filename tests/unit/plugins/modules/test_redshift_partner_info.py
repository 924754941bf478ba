# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from ansible_collections.partner_onboarding.aws.plugins.modules import redshift_partner_info

ACCOUNT = "123456789012"
TIME = datetime(2024, 5, 2, 9, 41, 7, tzinfo=timezone.utc)


def aws_info(database, partner):
    return {
        "DatabaseName": database,
        "PartnerName": partner,
        "Status": "Active",
        "StatusMessage": "",
        "CreatedAt": TIME,
        "UpdatedAt": TIME,
    }


@pytest.fixture
def run(run_module):
    def run_info(check_mode=False, **args):
        params = {"cluster_identifier": "analytics", "region": "us-east-1", "_ansible_check_mode": check_mode}
        return run_module(redshift_partner_info, **dict(params, **args))

    return run_info


@pytest.mark.parametrize("check_mode", [False, True])
def test_lists_every_integration_of_the_cluster_with_one_call(stubbed, run, check_mode):
    stubbed("sts").add_response(
        "get_caller_identity", {"Account": ACCOUNT, "Arn": "arn:aws:iam::123456789012:user/x", "UserId": "AID"}, {}
    )
    stubbed("redshift").add_response(
        "describe_partners",
        {"PartnerIntegrationInfoList": [aws_info("sales", "Fivetran"), aws_info("données_ventes", "Stitch")]},
        {"AccountId": ACCOUNT, "ClusterIdentifier": "analytics"},
    )
    result = run(check_mode=check_mode)
    assert result["changed"] is False
    assert stubbed.operations == ["GetCallerIdentity", "DescribePartners"]
    assert [(i["database_name"], i["partner_name"]) for i in result["partner_integrations"]] == [
        ("sales", "Fivetran"),
        ("données_ventes", "Stitch"),
    ]
    assert result["partner_integrations"][0] == {
        "account_id": ACCOUNT,
        "cluster_identifier": "analytics",
        "database_name": "sales",
        "partner_name": "Fivetran",
        "status": "Active",
        "status_message": "",
        "created_at": "2024-05-02T09:41:07+00:00",
        "updated_at": "2024-05-02T09:41:07+00:00",
    }


def test_filters_are_sent_and_matched_exactly(stubbed, run):
    key = {"AccountId": ACCOUNT, "ClusterIdentifier": "analytics", "DatabaseName": "sales", "PartnerName": "Stitch"}
    stubbed("redshift").add_response(
        "describe_partners",
        {"PartnerIntegrationInfoList": [aws_info("sales", "Stitch"), aws_info("sales", "stitch")]},
        key,
    )
    result = run(account_id=ACCOUNT, database_name="sales", partner_name="Stitch")
    assert [i["partner_name"] for i in result["partner_integrations"]] == ["Stitch"]


def test_nothing_found_is_an_empty_list(stubbed, run):
    stubbed("redshift").add_response(
        "describe_partners",
        {"PartnerIntegrationInfoList": []},
        {"AccountId": ACCOUNT, "ClusterIdentifier": "analytics"},
    )
    assert run(account_id=ACCOUNT)["partner_integrations"] == []


@pytest.mark.parametrize(
    "args, option",
    [
        ({"cluster_identifier": "bad_cluster"}, "cluster_identifier"),
        ({"account_id": "1234567890123"}, "account_id"),
        ({"database_name": "db-name"}, "database_name"),
        ({"partner_name": "p" * 256}, "partner_name"),
    ],
)
def test_invalid_filters_fail_before_any_aws_call(stubbed, run, args, option):
    result = run(**args)
    assert result["failed"] is True
    assert result["msg"].startswith(f"{option} ")
    assert stubbed.sent == []


def test_unauthorized_account_says_what_to_check(stubbed, run):
    stubbed("redshift").add_client_error("describe_partners", "UnauthorizedPartnerIntegration", "not yours", 401)
    result = run(account_id="210987654321")
    assert result["failed"] is True
    assert result["error"] == {"code": "UnauthorizedPartnerIntegration", "message": "not yours"}
    assert "account_id" in result["msg"]
