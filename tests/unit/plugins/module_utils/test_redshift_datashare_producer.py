# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import pytest

from ansible_collections.partner_onboarding.aws.plugins.module_utils._calls import Write
from ansible_collections.partner_onboarding.aws.plugins.module_utils._module import Failure
from ansible_collections.partner_onboarding.aws.plugins.module_utils._redshift_datashare_producer import (
    invalid_producer_params,
    plan_authorizations,
)
from ansible_collections.partner_onboarding.aws.tests.unit.datashare_answers import (
    ARN,
    OTHER,
    PARTNER,
    association,
    normalized,
)


def sql(text, consumer):
    return Write("ExecuteStatement", {"Sql": text}, f"consumer {consumer}")


def authorize(consumer, allow_writes=False):
    return ("AuthorizeDataShare", {"DataShareArn": ARN, "ConsumerIdentifier": consumer, "AllowWrites": allow_writes})


def deauthorize(consumer):
    return ("DeauthorizeDataShare", {"DataShareArn": ARN, "ConsumerIdentifier": consumer})


def grant(consumer):
    return ("ExecuteStatement", {"Sql": f"GRANT USAGE ON DATASHARE sales_share TO ACCOUNT '{consumer}'"})


def revoke(consumer):
    return ("ExecuteStatement", {"Sql": f"REVOKE USAGE ON DATASHARE sales_share FROM ACCOUNT '{consumer}'"})


def planned(statuses, state, consumers=(PARTNER,), with_sql=True, allow_writes=False):
    current = normalized(*(association(consumer, status) for consumer, status in statuses.items()))
    writes, predicted = plan_authorizations(current, list(consumers), state, allow_writes, sql if with_sql else None)
    after = {entry["consumer_identifier"]: entry["status"] for entry in predicted["associations"]}
    return [(write.operation, write.params) for write in writes], after


@pytest.mark.parametrize(
    "status, state, with_sql, writes, after",
    [
        ("AUTHORIZED", "present", False, [], "AUTHORIZED"),
        ("ACTIVE", "present", False, [], "ACTIVE"),
        ("PENDING_AUTHORIZATION", "present", False, [authorize(PARTNER)], "AUTHORIZED"),
        ("DEAUTHORIZED", "present", False, [authorize(PARTNER)], "AUTHORIZED"),
        (None, "present", True, [grant(PARTNER), authorize(PARTNER)], "AUTHORIZED"),
        ("PENDING_AUTHORIZATION", "present", True, [authorize(PARTNER)], "AUTHORIZED"),
        ("AUTHORIZED", "absent", False, [deauthorize(PARTNER)], "DEAUTHORIZED"),
        ("ACTIVE", "absent", False, [deauthorize(PARTNER)], "DEAUTHORIZED"),
        ("DEAUTHORIZED", "absent", False, [], "DEAUTHORIZED"),
        ("PENDING_AUTHORIZATION", "absent", False, [], "PENDING_AUTHORIZATION"),
        ("REJECTED", "absent", False, [], "REJECTED"),
        (None, "absent", False, [], None),
        (None, "absent", True, [], None),
        ("ACTIVE", "absent", True, [deauthorize(PARTNER), revoke(PARTNER)], None),
        ("DEAUTHORIZED", "absent", True, [revoke(PARTNER)], None),
        ("REJECTED", "absent", True, [revoke(PARTNER)], None),
    ],
)
def test_plan(status, state, with_sql, writes, after):
    current = {PARTNER: status} if status else {}
    assert planned(current, state, with_sql=with_sql) == (writes, {PARTNER: after} if after else {})


def test_plan_allow_writes_is_sent_with_the_authorization():
    writes, _after = planned({PARTNER: "PENDING_AUTHORIZATION"}, "present", allow_writes=True)
    assert writes == [authorize(PARTNER, allow_writes=True)]


def test_plan_keeps_the_other_consumers_and_the_order_given():
    writes, after = planned(
        {"999988887777": "ACTIVE", OTHER: "DEAUTHORIZED"}, "present", consumers=(PARTNER, OTHER), with_sql=True
    )
    assert writes == [grant(PARTNER), authorize(PARTNER), authorize(OTHER)]
    assert after == {"999988887777": "ACTIVE", PARTNER: "AUTHORIZED", OTHER: "AUTHORIZED"}


def test_a_rejected_consumer_fails_before_any_write_naming_it():
    with pytest.raises(Failure, match=f"consumer {OTHER} rejected datashare {ARN}"):
        planned({PARTNER: "PENDING_AUTHORIZATION", OTHER: "REJECTED"}, "present", consumers=(PARTNER, OTHER))


def test_no_association_without_grant_usage_fails_with_the_statement():
    with pytest.raises(Failure) as raised:
        planned({}, "present", consumers=(PARTNER, OTHER), with_sql=False)
    message = str(raised.value)
    assert f"consumer {PARTNER}, {OTHER} has not been granted usage of datashare {ARN}" in message
    assert f"GRANT USAGE ON DATASHARE sales_share TO ACCOUNT '{PARTNER}'" in message
    assert f"GRANT USAGE ON DATASHARE sales_share TO ACCOUNT '{OTHER}'" in message
    assert "grant_usage" in message


BASE = {"datashare_arn": None, "cluster_identifier": None, "datashare_name": None, "grant_usage": None}


@pytest.mark.parametrize(
    "params, message",
    [
        ({"consumer_account_ids": [PARTNER]}, "one of datashare_arn"),
        (
            {"datashare_name": "sales_share", "consumer_account_ids": [PARTNER]},
            "datashare_name needs cluster_identifier",
        ),
        ({"datashare_arn": ARN, "consumer_account_ids": []}, "consumer_account_ids must name"),
        (
            {"datashare_arn": ARN, "consumer_account_ids": [PARTNER], "grant_usage": {"database_name": "dev"}},
            "grant_usage needs cluster_identifier",
        ),
        (
            {
                "cluster_identifier": "analytics",
                "datashare_name": "sales_share",
                "consumer_account_ids": ["ADX"],
                "grant_usage": {"database_name": "dev"},
            },
            "grant_usage does not apply to ADX",
        ),
    ],
)
def test_invalid_producer_params(params, message):
    errors = invalid_producer_params(dict(BASE, **params))
    assert len(errors) == 1 and errors[0].startswith(message)


def test_adx_without_association_fails_without_a_grant_statement():
    with pytest.raises(Failure, match="consumer ADX has no association") as raised:
        planned({}, "present", consumers=("ADX",), with_sql=False)
    assert "GRANT" not in str(raised.value)
