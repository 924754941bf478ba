# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""redshift_datashare_consumer end to end, as the partner, with stubbed Redshift and STS clients."""

from __future__ import annotations

from ansible_collections.partner_onboarding.aws.plugins.modules import redshift_datashare_consumer
from ansible_collections.partner_onboarding.aws.tests.unit.datashare_answers import (
    ARN,
    PARTNER,
    PARTNER_NAMESPACE,
    datashare,
    datashares_read,
    entry,
)
from ansible_collections.partner_onboarding.aws.tests.unit.ram_answers import run_task


def run(run_module, **args):
    return run_task(run_module, redshift_datashare_consumer, **args)


def caller(stubbed):
    stubbed("sts").add_response(
        "get_caller_identity", {"Account": PARTNER, "Arn": f"arn:aws:iam::{PARTNER}:user/p", "UserId": "AIDA"}
    )


def test_associates_the_entire_account(stubbed, run_module):
    caller(stubbed)
    redshift = stubbed("redshift")
    datashares_read(redshift, datashare(entry(PARTNER, "AUTHORIZED")))
    redshift.add_response(
        "associate_data_share_consumer",
        datashare(entry(PARTNER, "ACTIVE")),
        {"DataShareArn": ARN, "AssociateEntireAccount": True, "AllowWrites": False},
    )
    datashares_read(redshift, datashare(entry(PARTNER, "ACTIVE")))
    result = run(run_module, datashare_arn=ARN)
    assert result["changed"] is True
    assert stubbed.operations == [
        "GetCallerIdentity",
        "DescribeDataShares",
        "AssociateDataShareConsumer",
        "DescribeDataShares",
    ]
    assert result["diff"] == {"before": {PARTNER: "AUTHORIZED"}, "after": {PARTNER: "ACTIVE"}}


def test_associated_already_is_no_change_and_a_namespace_needs_no_sts(stubbed, run_module):
    datashares_read(stubbed("redshift"), datashare(entry(PARTNER, "AUTHORIZED"), entry(PARTNER_NAMESPACE, "ACTIVE")))
    result = run(run_module, datashare_arn=ARN, consumer_arn=PARTNER_NAMESPACE)
    assert result["changed"] is False
    assert stubbed.operations == ["DescribeDataShares"]


def test_check_mode_rejects_nothing(stubbed, run_module):
    caller(stubbed)
    datashares_read(stubbed("redshift"), datashare(entry(PARTNER, "AUTHORIZED")))
    result = run(run_module, datashare_arn=ARN, state="rejected", check_mode=True)
    assert result["changed"] is True
    assert result["diff"]["after"] == {PARTNER: "REJECTED"}
    assert stubbed.operations == ["GetCallerIdentity", "DescribeDataShares"]


def test_not_authorized_yet_fails_saying_the_producer_must_authorize(stubbed, run_module):
    caller(stubbed)
    datashares_read(stubbed("redshift"), datashare(entry(PARTNER, "PENDING_AUTHORIZATION")))
    result = run(run_module, datashare_arn=ARN)
    assert result["failed"] is True
    assert "the producer (account 123456789012) must grant usage and authorize this account" in result["msg"]
    assert "AssociateDataShareConsumer" not in stubbed.operations
