# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""redshift_datashare end to end, as the producer, with stubbed Redshift and Redshift Data API clients."""

from __future__ import annotations

from botocore.stub import ANY

from ansible_collections.partner_onboarding.aws.plugins.modules import redshift_datashare
from ansible_collections.partner_onboarding.aws.tests.unit.datashare_answers import (
    ARN,
    OTHER,
    PARTNER,
    cluster_read,
    datashare,
    datashares_read,
    entry,
)
from ansible_collections.partner_onboarding.aws.tests.unit.ram_answers import run_task, skip_waiter_sleep

GRANT = f"GRANT USAGE ON DATASHARE sales_share TO ACCOUNT '{PARTNER}'"
REVOKE = f"REVOKE USAGE ON DATASHARE sales_share FROM ACCOUNT '{PARTNER}'"
BY_CLUSTER = {"cluster_identifier": "analytics", "datashare_name": "sales_share"}
GRANT_USAGE = {"database_name": "dev", "db_user": "admin"}


def run(run_module, **args):
    return run_task(run_module, redshift_datashare, **args)


def statement(data, sql, *statuses, error=None):
    params = {"ClusterIdentifier": "analytics", "Database": "dev", "DbUser": "admin", "Sql": sql, "ClientToken": ANY}
    data.add_response("execute_statement", {"Id": "stmt-1"}, params)
    for status in statuses:
        answer = {"Id": "stmt-1", "Status": status, **({"Error": error} if error and status == "FAILED" else {})}
        data.add_response("describe_statement", answer, {"Id": "stmt-1"})


def authorized(redshift, consumer, status="AUTHORIZED"):
    redshift.add_response(
        "authorize_data_share",
        datashare(entry(consumer, status)),
        {"DataShareArn": ARN, "ConsumerIdentifier": consumer, "AllowWrites": False},
    )


def test_converged_is_one_read(stubbed, run_module):
    datashares_read(stubbed("redshift"), datashare(entry(PARTNER, "ACTIVE")))
    result = run(run_module, datashare_arn=ARN, consumer_account_ids=[PARTNER])
    assert result["changed"] is False
    assert stubbed.operations == ["DescribeDataShares"]
    assert result["datashare"]["associations"][0]["status"] == "ACTIVE"
    assert result["diff"] == {"before": {PARTNER: "ACTIVE"}, "after": {PARTNER: "ACTIVE"}}


def test_converged_by_cluster_is_two_reads(stubbed, run_module):
    redshift = stubbed("redshift")
    cluster_read(redshift)
    datashares_read(redshift, datashare(entry(PARTNER, "AUTHORIZED")))
    result = run(run_module, consumer_account_ids=[PARTNER], **BY_CLUSTER)
    assert result["changed"] is False
    assert stubbed.operations == ["DescribeClusters", "DescribeDataShares"]


def test_authorizes_a_pending_consumer(stubbed, run_module):
    redshift = stubbed("redshift")
    datashares_read(redshift, datashare(entry(PARTNER, "PENDING_AUTHORIZATION")))
    authorized(redshift, PARTNER)
    datashares_read(redshift, datashare(entry(PARTNER, "AUTHORIZED")))
    result = run(run_module, datashare_arn=ARN, consumer_account_ids=[PARTNER])
    assert result["changed"] is True
    assert stubbed.operations == ["DescribeDataShares", "AuthorizeDataShare", "DescribeDataShares"]
    assert result["diff"] == {"before": {PARTNER: "PENDING_AUTHORIZATION"}, "after": {PARTNER: "AUTHORIZED"}}


def test_check_mode_predicts_and_writes_nothing(stubbed, run_module):
    redshift = stubbed("redshift")
    cluster_read(redshift)
    datashares_read(redshift, datashare())
    result = run(run_module, check_mode=True, consumer_account_ids=[PARTNER], grant_usage=GRANT_USAGE, **BY_CLUSTER)
    assert result["changed"] is True
    assert stubbed.operations == ["DescribeClusters", "DescribeDataShares"]
    assert result["diff"] == {"before": {PARTNER: None}, "after": {PARTNER: "AUTHORIZED"}}
    assert result["datashare"]["associations"][0]["status"] == "AUTHORIZED"


def test_grant_usage_runs_the_statement_waits_then_authorizes(stubbed, run_module, monkeypatch):
    skip_waiter_sleep(monkeypatch)
    redshift, data = stubbed("redshift"), stubbed("redshift-data")
    cluster_read(redshift)
    datashares_read(redshift, datashare())
    statement(data, GRANT, "SUBMITTED", "STARTED", "FINISHED")
    authorized(redshift, PARTNER)
    datashares_read(redshift, datashare(entry(PARTNER, "AUTHORIZED")))
    result = run(run_module, consumer_account_ids=[PARTNER], grant_usage=GRANT_USAGE, **BY_CLUSTER)
    assert result["changed"] is True
    assert stubbed.operations == [
        "DescribeClusters",
        "DescribeDataShares",
        "ExecuteStatement",
        "DescribeStatement",
        "DescribeStatement",
        "DescribeStatement",
        "AuthorizeDataShare",
        "DescribeDataShares",
    ]


def test_a_failed_statement_fails_with_its_error_and_authorizes_nothing(stubbed, run_module, monkeypatch):
    skip_waiter_sleep(monkeypatch)
    redshift, data = stubbed("redshift"), stubbed("redshift-data")
    cluster_read(redshift)
    datashares_read(redshift, datashare())
    statement(data, GRANT, "STARTED", "FAILED", error="ERROR: permission denied for datashare sales_share")
    result = run(run_module, consumer_account_ids=[PARTNER], grant_usage=GRANT_USAGE, **BY_CLUSTER)
    assert result["failed"] is True
    assert "ended FAILED: ERROR: permission denied for datashare sales_share" in result["msg"]
    assert result["statement"]["status"] == "FAILED"
    assert "AuthorizeDataShare" not in stubbed.operations


def test_absent_with_grant_usage_deauthorizes_then_revokes(stubbed, run_module, monkeypatch):
    skip_waiter_sleep(monkeypatch)
    redshift, data = stubbed("redshift"), stubbed("redshift-data")
    cluster_read(redshift)
    datashares_read(redshift, datashare(entry(PARTNER, "ACTIVE")))
    redshift.add_response(
        "deauthorize_data_share",
        datashare(entry(PARTNER, "DEAUTHORIZED")),
        {"DataShareArn": ARN, "ConsumerIdentifier": PARTNER},
    )
    statement(data, REVOKE, "FINISHED")
    datashares_read(redshift, datashare())
    result = run(run_module, consumer_account_ids=[PARTNER], grant_usage=GRANT_USAGE, state="absent", **BY_CLUSTER)
    assert result["changed"] is True
    assert stubbed.operations[2:5] == ["DeauthorizeDataShare", "ExecuteStatement", "DescribeStatement"]
    assert result["diff"] == {"before": {PARTNER: "ACTIVE"}, "after": {PARTNER: None}}


def test_a_rejected_consumer_fails_before_any_write(stubbed, run_module):
    datashares_read(stubbed("redshift"), datashare(entry(PARTNER, "PENDING_AUTHORIZATION"), entry(OTHER, "REJECTED")))
    result = run(run_module, datashare_arn=ARN, consumer_account_ids=[PARTNER, OTHER])
    assert result["failed"] is True and result["changed"] is False
    assert f"consumer {OTHER} rejected datashare" in result["msg"]
    assert stubbed.operations == ["DescribeDataShares"]


def test_no_association_without_grant_usage_fails_with_the_statement(stubbed, run_module):
    datashares_read(stubbed("redshift"), datashare())
    result = run(run_module, datashare_arn=ARN, consumer_account_ids=[PARTNER])
    assert result["failed"] is True
    assert GRANT in result["msg"]
    assert stubbed.operations == ["DescribeDataShares"]


def test_a_datashare_that_does_not_exist_fails_naming_it(stubbed, run_module):
    stubbed("redshift").add_client_error(
        "describe_data_shares",
        "InvalidDataShareFault",
        "Cannot find the datashare because the ARN doesn't exist.",
        400,
        expected_params={"DataShareArn": ARN},
    )
    result = run(run_module, datashare_arn=ARN, consumer_account_ids=[PARTNER])
    assert result["failed"] is True
    assert result["msg"].startswith(f"datashare {ARN} does not exist")


def test_another_fault_fails_with_aws_message(stubbed, run_module):
    redshift = stubbed("redshift")
    datashares_read(redshift, datashare(entry(PARTNER, "DEAUTHORIZED")))
    redshift.add_client_error(
        "authorize_data_share", "InvalidDataShareFault", "The consumer account is suspended.", 400
    )
    datashares_read(redshift, datashare(entry(PARTNER, "DEAUTHORIZED")))
    result = run(run_module, datashare_arn=ARN, consumer_account_ids=[PARTNER])
    assert result["failed"] is True
    assert result["msg"].startswith(
        f"AuthorizeDataShare for consumer {PARTNER} failed with InvalidDataShareFault: The consumer account is suspended"
    )
    assert result["error"]["code"] == "InvalidDataShareFault"


def test_the_arn_must_be_of_the_named_cluster(stubbed, run_module):
    other_namespace = "arn:aws:redshift:us-east-1:123456789012:namespace:99999999-022b-4d45-9cd3-01f010aae4b2"
    cluster_read(stubbed("redshift"), namespace=other_namespace)
    result = run(run_module, datashare_arn=ARN, cluster_identifier="analytics", consumer_account_ids=[PARTNER])
    assert result["failed"] is True
    assert "is not a datashare of cluster 'analytics'" in result["msg"]


def test_bad_input_fails_before_any_call(stubbed, run_module):
    result = run(
        run_module,
        datashare_arn=ARN,
        consumer_account_ids=["1234"],
        grant_usage={"database_name": "dev", "db_user": "admin"},
    )
    assert result["failed"] is True
    assert "consumer_account_ids: '1234' is not valid" in result["msg"]
    assert "grant_usage needs cluster_identifier" in result["msg"]
    assert stubbed.operations == []


def test_grant_usage_takes_a_user_or_a_secret(stubbed, run_module):
    both = {"database_name": "dev", "db_user": "admin", "secret_arn": "arn:aws:secretsmanager:us-east-1:1:secret:x"}
    result = run(run_module, consumer_account_ids=[PARTNER], grant_usage=both, **BY_CLUSTER)
    assert result["failed"] is True and "mutually exclusive" in result["msg"]
    assert stubbed.operations == []
