# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import pytest

from ansible_collections.partner_onboarding.aws.plugins.module_utils._calls import AWSError
from ansible_collections.partner_onboarding.aws.plugins.module_utils._redshift_datashares import (
    datashare_arn_of,
    invalid_datashare_options,
    is_not_found,
    namespace_account,
    normalize_datashare,
    parse_datashare_arn,
    producer_arn_of,
    read_datashare,
    statuses,
)
from ansible_collections.partner_onboarding.aws.tests.unit.datashare_answers import (
    ARN,
    NAMESPACE,
    NAMESPACE_ID,
    OWNER,
    PARTNER,
    PARTNER_NAMESPACE,
    association,
    datashare,
    entry,
    normalized,
)


def test_normalize_datashare_is_the_contract_shape():
    found = normalize_datashare(datashare(entry(PARTNER, "AUTHORIZED", allow_writes=True)))
    assert found == normalized(association(PARTNER, "AUTHORIZED", allow_writes=True))


@pytest.mark.parametrize(
    "code, message, expected",
    [
        ("InvalidDataShareFault", "Cannot find datashare because the ARN doesn't exist.", True),
        ("InvalidDataShareFault", "The datashare sales_share does not exist.", True),
        ("InvalidDataShareFault", "because you have already removed authorization from this account", False),
        ("InvalidDataShareFault", "The consumer has rejected the datashare.", False),
        ("InvalidNamespaceFault", "The namespace does not exist.", False),
    ],
)
def test_not_found_is_told_apart_by_the_message(code, message, expected):
    assert is_not_found(AWSError("DescribeDataShares", code, message)) is expected


def test_arns():
    parts = parse_datashare_arn(ARN)
    assert parts == {
        "partition": "aws",
        "region": "us-east-1",
        "account": OWNER,
        "namespace_id": NAMESPACE_ID,
        "name": "sales_share",
    }
    assert producer_arn_of(ARN) == NAMESPACE
    assert datashare_arn_of(NAMESPACE, "sales_share") == ARN
    assert namespace_account(PARTNER_NAMESPACE) == PARTNER
    assert namespace_account(ARN) is None


@pytest.mark.parametrize(
    "params, message",
    [
        ({"datashare_arn": "arn:aws:redshift:us-east-1:123:datashare:x/y"}, "datashare_arn"),
        ({"datashare_arn": ARN + "; DROP TABLE sales"}, "datashare_arn"),
        ({"datashare_name": "sales share"}, "datashare_name"),
        ({"datashare_name": "1sales"}, "datashare_name"),
        ({"datashare_name": "sales'; --"}, "datashare_name"),
        ({"consumer_account_ids": ["11112222333"]}, "consumer_account_ids"),
        ({"consumer_account_ids": ["adx"]}, "consumer_account_ids"),
        ({"consumer_arn": ARN}, "consumer_arn"),
        ({"cluster_identifier": "analytics_01"}, "cluster_identifier"),
    ],
)
def test_invalid_options_are_named(params, message):
    errors = invalid_datashare_options(params)
    assert len(errors) == 1 and errors[0].startswith(message)


def test_valid_options_pass():
    params = {
        "datashare_arn": ARN,
        "datashare_name": "sales_$hare",
        "consumer_account_ids": [PARTNER, "ADX"],
        "consumer_arn": PARTNER_NAMESPACE,
        "cluster_identifier": "analytics-01",
    }
    assert invalid_datashare_options(params) == []


def test_statuses_of_the_listed_consumers():
    current = normalized(association(PARTNER, "ACTIVE"), association("999988887777", "REJECTED"))
    assert statuses(current, [PARTNER, "444455556666"]) == {PARTNER: "ACTIVE", "444455556666": None}
    assert statuses(None, [PARTNER]) == {PARTNER: None}


def test_read_datashare_follows_the_pages(stubbed):
    redshift = stubbed("redshift")
    redshift.add_response("describe_data_shares", {"DataShares": [], "Marker": "m1"}, {"DataShareArn": ARN})
    redshift.add_response(
        "describe_data_shares",
        {"DataShares": [datashare(entry(PARTNER, "ACTIVE"))]},
        {"DataShareArn": ARN, "Marker": "m1"},
    )
    assert read_datashare(stubbed.client("redshift"), ARN) == normalized(association(PARTNER, "ACTIVE"))


@pytest.mark.parametrize(
    "answer",
    [
        {"service_error_code": "InvalidDataShareFault", "service_message": "because the ARN doesn't exist."},
        None,
    ],
)
def test_read_datashare_not_found(stubbed, answer):
    redshift = stubbed("redshift")
    if answer:
        redshift.add_client_error(
            "describe_data_shares", http_status_code=400, expected_params={"DataShareArn": ARN}, **answer
        )
    else:
        redshift.add_response("describe_data_shares", {"DataShares": []}, {"DataShareArn": ARN})
    assert read_datashare(stubbed.client("redshift"), ARN) is None


def test_read_datashare_other_faults_are_raised(stubbed):
    stubbed("redshift").add_client_error(
        "describe_data_shares",
        "InvalidDataShareFault",
        "You are not authorized.",
        400,
        expected_params={"DataShareArn": ARN},
    )
    with pytest.raises(AWSError) as raised:
        read_datashare(stubbed.client("redshift"), ARN)
    assert (raised.value.operation, raised.value.code) == ("DescribeDataShares", "InvalidDataShareFault")
