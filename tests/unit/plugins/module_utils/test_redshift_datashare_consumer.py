# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import pytest

from ansible_collections.partner_onboarding.aws.plugins.module_utils._module import Failure
from ansible_collections.partner_onboarding.aws.plugins.module_utils._redshift_datashare_consumer import (
    invalid_consumer_params,
    plan_consumer,
)
from ansible_collections.partner_onboarding.aws.tests.unit.datashare_answers import (
    ARN,
    PARTNER,
    PARTNER_NAMESPACE,
    association,
    normalized,
)

ASSOCIATE = ("AssociateDataShareConsumer", {"DataShareArn": ARN, "AssociateEntireAccount": True, "AllowWrites": False})
ASSOCIATE_NAMESPACE = (
    "AssociateDataShareConsumer",
    {"DataShareArn": ARN, "ConsumerArn": PARTNER_NAMESPACE, "AllowWrites": False},
)
DISASSOCIATE = ("DisassociateDataShareConsumer", {"DataShareArn": ARN, "DisassociateEntireAccount": True})
DISASSOCIATE_NAMESPACE = ("DisassociateDataShareConsumer", {"DataShareArn": ARN, "ConsumerArn": PARTNER_NAMESPACE})
REJECT = ("RejectDataShare", {"DataShareArn": ARN})


def planned(entries, state, consumer_arn=None):
    current = normalized(*(association(consumer, status) for consumer, status in entries.items()))
    writes, predicted = plan_consumer(current, PARTNER, state, consumer_arn)
    after = {entry["consumer_identifier"]: entry["status"] for entry in predicted["associations"]}
    return [(write.operation, write.params) for write in writes], after


@pytest.mark.parametrize(
    "status, state, writes, after",
    [
        ("ACTIVE", "associated", [], "ACTIVE"),
        ("AUTHORIZED", "associated", [ASSOCIATE], "ACTIVE"),
        ("AVAILABLE", "associated", [ASSOCIATE], "ACTIVE"),
        ("ACTIVE", "disassociated", [DISASSOCIATE], "AUTHORIZED"),
        ("AUTHORIZED", "disassociated", [], "AUTHORIZED"),
        ("DEAUTHORIZED", "disassociated", [], "DEAUTHORIZED"),
        (None, "disassociated", [], None),
        ("REJECTED", "rejected", [], "REJECTED"),
        ("AUTHORIZED", "rejected", [REJECT], "REJECTED"),
        ("AVAILABLE", "rejected", [REJECT], "REJECTED"),
        ("PENDING_AUTHORIZATION", "rejected", [REJECT], "REJECTED"),
    ],
)
def test_plan_entire_account(status, state, writes, after):
    assert planned({PARTNER: status} if status else {}, state) == (writes, {PARTNER: after} if after else {})


@pytest.mark.parametrize(
    "status, state, message",
    [
        (None, "associated", "is not authorized for account 111122223333 (status none: no association)"),
        ("PENDING_AUTHORIZATION", "associated", "the producer (account 123456789012) must grant usage and authorize"),
        ("DEAUTHORIZED", "associated", "(status DEAUTHORIZED)"),
        ("REJECTED", "associated", "rejected datashare"),
        ("ACTIVE", "rejected", "disassociate it before rejecting it"),
        (None, "rejected", "nothing to reject"),
    ],
)
def test_plan_failures(status, state, message):
    with pytest.raises(Failure) as raised:
        planned({PARTNER: status} if status else {}, state)
    assert message in str(raised.value)


def test_plan_a_namespace():
    assert planned({PARTNER: "AUTHORIZED"}, "associated", PARTNER_NAMESPACE) == (
        [ASSOCIATE_NAMESPACE],
        {PARTNER: "AUTHORIZED", PARTNER_NAMESPACE: "ACTIVE"},
    )
    assert planned({PARTNER: "AUTHORIZED", PARTNER_NAMESPACE: "ACTIVE"}, "associated", PARTNER_NAMESPACE)[0] == []
    assert planned({PARTNER: "AUTHORIZED", PARTNER_NAMESPACE: "ACTIVE"}, "disassociated", PARTNER_NAMESPACE) == (
        [DISASSOCIATE_NAMESPACE],
        {PARTNER: "AUTHORIZED"},
    )


def test_consumer_arn_is_not_for_rejecting():
    errors = invalid_consumer_params({"datashare_arn": ARN, "consumer_arn": PARTNER_NAMESPACE, "state": "rejected"})
    assert errors == ["consumer_arn does not apply to state=rejected: RejectDataShare rejects for the entire account"]
