# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The role, through the collection's playbook as the README runs it, against the stock moto server."""

from __future__ import annotations

from tests.stock_moto.conftest import (
    GLUE_DATABASE,
    GLUE_TABLE,
    PARTNER_ACCOUNT,
    associated,
    aws,
    connection,
    live_shares,
    needs,
    run,
)

PLAYBOOK = "partner_onboarding.aws.onboard_partner"


def onboarding(endpoint, **overrides):
    return dict(
        {
            "onboard_partner_name": "Fivetran",
            "onboard_partner_aws": connection(endpoint),
            "onboard_partner_resource_shares": [
                {"name": "fivetran-share", "resource_arns": [GLUE_DATABASE, GLUE_TABLE]}
            ],
        },
        **overrides,
    )


def test_role_creates_the_share_then_changes_nothing(tmp_path, endpoint):
    variables = onboarding(endpoint)
    rc, output, recap = run(tmp_path, None, "--check", playbook=PLAYBOOK, variables=variables)
    assert rc == 0 and recap["localhost"]["changed"] == 1, output
    assert live_shares(endpoint) == []

    rc, output, recap = run(tmp_path, None, playbook=PLAYBOOK, variables=variables)
    assert rc == 0 and recap["localhost"]["changed"] == 1, output
    shares = live_shares(endpoint, "fivetran-share")
    assert len(shares) == 1 and shares[0]["allowExternalPrincipals"] is True
    assert associated(endpoint, shares[0]["resourceShareArn"], "RESOURCE") == sorted([GLUE_DATABASE, GLUE_TABLE])

    for args in (["--check"], []):
        rc, output, recap = run(tmp_path, None, *args, playbook=PLAYBOOK, variables=variables)
        assert rc == 0 and recap["localhost"]["changed"] == 0, output
    assert len(live_shares(endpoint)) == 1


def test_role_converged_with_the_partner_already_shared(tmp_path, endpoint):
    arn = aws("ram", endpoint).create_resource_share(
        name="fivetran-share", resourceArns=[GLUE_DATABASE, GLUE_TABLE], principals=[PARTNER_ACCOUNT]
    )["resourceShare"]["resourceShareArn"]
    variables = onboarding(endpoint, onboard_partner_principals=[PARTNER_ACCOUNT])
    for args in (["--check"], []):
        rc, output, recap = run(tmp_path, None, *args, playbook=PLAYBOOK, variables=variables)
        assert rc == 0 and recap["localhost"]["changed"] == 0, output
    assert associated(endpoint, arn, "PRINCIPAL") == [PARTNER_ACCOUNT]


def test_role_adds_the_partner(tmp_path, endpoint):
    needs("ram:AssociateResourceShare")


def test_role_offboards_the_partner(tmp_path, endpoint):
    needs("ram:DisassociateResourceShare")


def test_role_authorizes_redshift_databases(tmp_path, endpoint):
    needs("redshift:DescribePartners", "redshift:AddPartner")


def test_role_gives_a_permission_and_accepts(tmp_path, endpoint):
    needs("ram:AssociateResourceSharePermission", "ram:AcceptResourceShareInvitation")
