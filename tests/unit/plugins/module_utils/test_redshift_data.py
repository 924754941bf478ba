# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import pytest

from ansible_collections.partner_onboarding.aws.plugins.module_utils._module import Failure
from ansible_collections.partner_onboarding.aws.plugins.module_utils._redshift_data import (
    run_statement,
    statement_write,
)
from ansible_collections.partner_onboarding.aws.tests.unit.ram_answers import skip_waiter_sleep

SQL = "GRANT USAGE ON DATASHARE sales_share TO ACCOUNT '111122223333'"
PARAMS = {"ClusterIdentifier": "analytics", "Database": "dev", "DbUser": "admin", "Sql": SQL, "ClientToken": "tok"}


def described(data, status, error=None):
    answer = {"Id": "stmt-1", "Status": status, "QueryString": SQL}
    if error:
        answer["Error"] = error
    data.add_response("describe_statement", answer, {"Id": "stmt-1"})


def test_statement_write_with_a_user_or_a_secret():
    write = statement_write("analytics", {"database_name": "dev", "db_user": "admin"}, SQL, "tok", "consumer x")
    assert (write.operation, write.params) == ("ExecuteStatement", PARAMS)
    secret = "arn:aws:secretsmanager:us-east-1:123456789012:secret:admin-AbCdEf"
    write = statement_write("analytics", {"database_name": "dev", "secret_arn": secret}, SQL, "tok", "consumer x")
    assert write.params == {**{k: v for k, v in PARAMS.items() if k != "DbUser"}, "SecretArn": secret}


def test_run_statement_polls_until_finished(stubbed, monkeypatch):
    delays = skip_waiter_sleep(monkeypatch)
    data = stubbed("redshift-data")
    data.add_response("execute_statement", {"Id": "stmt-1"}, PARAMS)
    for status in ("SUBMITTED", "PICKED", "STARTED", "FINISHED"):
        described(data, status)
    assert run_statement(stubbed.client("redshift-data"), PARAMS)["Status"] == "FINISHED"
    assert stubbed.operations == ["ExecuteStatement"] + ["DescribeStatement"] * 4
    assert delays == [2, 2, 2]


@pytest.mark.parametrize("status", ["FAILED", "ABORTED"])
def test_a_statement_that_fails_fails_with_its_error(stubbed, monkeypatch, status):
    skip_waiter_sleep(monkeypatch)
    data = stubbed("redshift-data")
    data.add_response("execute_statement", {"Id": "stmt-1"}, PARAMS)
    described(data, "STARTED")
    described(data, status, error="ERROR: permission denied for datashare sales_share")
    with pytest.raises(Failure) as raised:
        run_statement(stubbed.client("redshift-data"), PARAMS)
    assert f"ended {status}: ERROR: permission denied for datashare sales_share" in str(raised.value)
    assert raised.value.result["statement"]["id"] == "stmt-1"
    # Never sent again: the one ExecuteStatement of the test.
    assert stubbed.operations.count("ExecuteStatement") == 1


def test_a_statement_still_running_times_out(stubbed, monkeypatch):
    skip_waiter_sleep(monkeypatch)
    data = stubbed("redshift-data")
    data.add_response("execute_statement", {"Id": "stmt-1"}, PARAMS)
    described(data, "SUBMITTED")
    described(data, "STARTED")
    with pytest.raises(Failure, match="still STARTED after 2 seconds; it may still run"):
        run_statement(stubbed.client("redshift-data"), PARAMS, timeout=2)
