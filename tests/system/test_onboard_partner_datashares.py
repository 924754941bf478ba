# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The onboard_partner role's datashares (1.3.0): usage granted with SQL, the partner's account authorized, the
datashare associated as the partner, offboarding (by state, or by the expiry date) deauthorizing and revoking; as users
run the playbook."""

from __future__ import annotations

from tests.system.conftest import (
    ACCESS_KEY,
    PARTNER_ACCESS_KEY,
    PARTNER_ACCOUNT,
    aws_client,
    failures,
    module_requests,
    onboarding_result,
    onboarding_vars,
    run_playbook,
    sharing_vars,
    writes,
)

GRANT = f"GRANT USAGE ON DATASHARE sales_share TO ACCOUNT '{PARTNER_ACCOUNT}'"
REVOKE = f"REVOKE USAGE ON DATASHARE sales_share FROM ACCOUNT '{PARTNER_ACCOUNT}'"


def datashare_vars(endpoint, **item):
    return sharing_vars(
        endpoint,
        onboard_partner_redshift_databases=[],
        onboard_partner_resource_shares=[],
        onboard_partner_datashares=[
            dict(
                {
                    "cluster_identifier": "analytics",
                    "datashare_name": "sales_share",
                    "grant_usage": {"database_name": "dev", "db_user": "admin"},
                },
                **item,
            )
        ],
    )


def statuses(endpoint, arn):
    [share] = aws_client("redshift", endpoint).describe_data_shares(DataShareArn=arn)["DataShares"]
    return {entry["ConsumerIdentifier"]: entry["Status"] for entry in share["DataShareAssociations"]}


def test_datashare_granted_authorized_associated_and_offboarded(tmp_path, emulator, endpoint, partner):
    emulator.seed(redshift_clusters=["analytics"])
    emulator.set_config(statement_reads=0)
    arn = emulator.datashare("analytics", "sales_share")
    variables = datashare_vars(endpoint)

    rc, output, recap = run_playbook(tmp_path, variables, "--check")
    assert rc == 0, output
    assert recap["localhost"]["changed"] == 1, output
    assert writes(emulator) == [], "check mode wrote to AWS"

    emulator.clear_requests()
    rc, output, recap = run_playbook(tmp_path, variables, "-v")
    assert rc == 0, output
    assert recap["localhost"]["changed"] == 2, output
    written = [r for r in module_requests(emulator) if r["write"]]
    assert [(r["operation"], r["access_key"]) for r in written] == [
        ("ExecuteStatement", ACCESS_KEY),
        ("AuthorizeDataShare", ACCESS_KEY),
        ("AssociateDataShareConsumer", PARTNER_ACCESS_KEY),
    ]
    assert written[0]["params"]["Sql"] == GRANT
    assert written[2]["account"] == PARTNER_ACCOUNT
    assert statuses(endpoint, arn) == {PARTNER_ACCOUNT: "ACTIVE"}
    [datashare] = onboarding_result(output)["datashares"]
    assert datashare["arn"] == arn
    # No Lake Formation item: the role skipped its Lake Formation tasks, and the result says there is none.
    assert onboarding_result(output)["lakeformation_permissions"] == []
    assert [(a["consumer_identifier"], a["status"]) for a in datashare["associations"]] == [(PARTNER_ACCOUNT, "ACTIVE")]

    # Converged: two reads as the owner (the datashare named by cluster), two as the partner (who it is, the datashare).
    emulator.clear_requests()
    rc, output, recap = run_playbook(tmp_path, variables)
    assert rc == 0, output
    assert recap["localhost"]["changed"] == 0, output
    assert writes(emulator) == []
    assert [r["operation"] for r in module_requests(emulator)] == [
        "DescribeClusters",
        "DescribeDataShares",
        "GetCallerIdentity",
        "DescribeDataShares",
    ]

    # Offboarded because the partner's access expired (1.3.0): its state still says present.
    offboard = dict(variables, onboard_partner_expires_on="2020-01-01")
    emulator.clear_requests()
    rc, output, recap = run_playbook(tmp_path, offboard, "-v")
    assert rc == 0, output
    assert recap["localhost"]["changed"] == 1, output
    written = [r for r in module_requests(emulator) if r["write"]]
    assert [r["operation"] for r in written] == ["DeauthorizeDataShare", "ExecuteStatement"]
    assert written[1]["params"]["Sql"] == REVOKE
    assert statuses(endpoint, arn) == {}
    result = onboarding_result(output)
    assert result["datashares"][0]["associations"] == []
    assert (result["state"], result["expires_on"], result["expired"]) == ("absent", "2020-01-01", True)

    emulator.clear_requests()
    rc, output, recap = run_playbook(tmp_path, offboard)
    assert rc == 0, output
    assert recap["localhost"]["changed"] == 0, output
    assert writes(emulator) == []


def test_without_grant_usage_offboarding_only_deauthorizes(tmp_path, emulator, endpoint, partner):
    emulator.seed(redshift_clusters=["analytics"])
    arn = emulator.datashare("analytics", "sales_share", grants=[PARTNER_ACCOUNT])
    variables = datashare_vars(endpoint, grant_usage=None, cluster_identifier=None, datashare_name=None)
    variables["onboard_partner_datashares"] = [{"datashare_arn": arn}]
    del variables["onboard_partner_accepter_aws"]
    rc, output, _recap = run_playbook(tmp_path, variables)
    assert rc == 0, output
    assert statuses(endpoint, arn) == {PARTNER_ACCOUNT: "AUTHORIZED"}
    emulator.clear_requests()
    rc, output, _recap = run_playbook(tmp_path, dict(variables, onboard_partner_state="absent"))
    assert rc == 0, output
    assert writes(emulator) == ["DeauthorizeDataShare"]
    assert statuses(endpoint, arn) == {PARTNER_ACCOUNT: "DEAUTHORIZED"}


def test_datashares_need_an_account_among_the_principals(tmp_path, emulator, endpoint):
    variables = onboarding_vars(
        endpoint,
        onboard_partner_principals=["arn:aws:iam::210987654321:role/loader"],
        onboard_partner_datashares=[{"datashare_name": "sales_share"}],
    )
    rc, output, _recap = run_playbook(tmp_path, variables, "-v")
    assert rc != 0
    [failure] = failures(output)
    assert "onboard_partner_datashares needs the partner's 12-digit AWS account ID" in failure["msg"]
    assert emulator.requests() == []
