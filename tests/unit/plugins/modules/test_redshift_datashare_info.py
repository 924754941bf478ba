# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""redshift_datashare_info with a stubbed Redshift client."""

from __future__ import annotations

from ansible_collections.partner_onboarding.aws.plugins.modules import redshift_datashare_info
from ansible_collections.partner_onboarding.aws.tests.unit.datashare_answers import (
    ARN,
    NAMESPACE,
    PARTNER,
    association,
    cluster_read,
    datashare,
    datashares_read,
    entry,
    normalized,
)
from ansible_collections.partner_onboarding.aws.tests.unit.ram_answers import run_task


def run(run_module, **args):
    return run_task(run_module, redshift_datashare_info, **args)


def test_one_datashare(stubbed, run_module):
    datashares_read(stubbed("redshift"), datashare(entry(PARTNER, "ACTIVE")))
    result = run(run_module, datashare_arn=ARN)
    assert result == {**result, "changed": False, "datashares": [normalized(association(PARTNER, "ACTIVE"))]}


def test_a_datashare_that_does_not_exist_is_no_datashare(stubbed, run_module):
    stubbed("redshift").add_client_error(
        "describe_data_shares", "InvalidDataShareFault", "because the ARN doesn't exist.", 400
    )
    assert run(run_module, datashare_arn=ARN)["datashares"] == []


def test_the_datashares_of_a_cluster(stubbed, run_module):
    redshift = stubbed("redshift")
    cluster_read(redshift)
    redshift.add_response(
        "describe_data_shares_for_producer", {"DataShares": [datashare()]}, {"ProducerArn": NAMESPACE}
    )
    result = run(run_module, cluster_identifier="analytics")
    assert result["datashares"] == [normalized()]
    assert stubbed.operations == ["DescribeClusters", "DescribeDataSharesForProducer"]


def test_every_datashare_every_page(stubbed, run_module):
    redshift = stubbed("redshift")
    redshift.add_response("describe_data_shares", {"DataShares": [datashare()], "Marker": "m"}, {})
    redshift.add_response("describe_data_shares", {"DataShares": [datashare()]}, {"Marker": "m"})
    assert len(run(run_module)["datashares"]) == 2


def test_arn_and_cluster_are_exclusive(stubbed, run_module):
    result = run(run_module, datashare_arn=ARN, cluster_identifier="analytics")
    assert result["failed"] is True and "mutually exclusive" in result["msg"]
