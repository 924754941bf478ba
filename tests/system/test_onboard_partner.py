# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The onboarding playbook run as the README shows: onboard, converge, check mode, offboard, bad variables."""

from __future__ import annotations

import pytest

from .conftest import onboarding_vars, run_playbook, writes


def test_onboarding_converges_and_offboarding_reverses_it(tmp_path, emulator, seeded, endpoint):
    variables = onboarding_vars(endpoint)

    rc, output, recap = run_playbook(tmp_path, variables, "--check", "--diff")
    assert rc == 0, output
    assert recap["localhost"]["changed"] == 2, output
    assert writes(emulator) == [], "check mode wrote to AWS"

    rc, output, recap = run_playbook(tmp_path, variables)
    assert rc == 0, output
    assert recap["localhost"]["changed"] == 2, output
    assert sorted(writes(emulator)) == ["AddPartner", "AddPartner", "AssociateResourceSharePermission"]

    emulator.clear_requests()
    rc, output, recap = run_playbook(tmp_path, variables)
    assert rc == 0, output
    assert recap["localhost"]["changed"] == 0, output
    assert writes(emulator) == []
    # With the account given, exactly the reads the contract allows a converged run: one DescribePartners for the
    # cluster, whatever its number of databases (both databases are on "analytics": one redshift_partner task per
    # (cluster, account)), and for the share its name lookup and one listing of its permissions. Nothing else.
    assert sorted(r["operation"] for r in emulator.requests()) == [
        "DescribePartners",
        "GetResourceShares",
        "ListResourceSharePermissions",
    ]

    offboard = dict(variables, onboard_partner_state="absent")
    rc, output, recap = run_playbook(tmp_path, offboard)
    assert rc == 0, output
    assert recap["localhost"]["changed"] == 2, output
    rc, output, recap = run_playbook(tmp_path, offboard)
    assert rc == 0, output
    assert recap["localhost"]["changed"] == 0, output


def test_result_fact_and_stats(tmp_path, emulator, seeded, endpoint):
    rc, output, _recap = run_playbook(tmp_path, onboarding_vars(endpoint), "-v")
    assert rc == 0, output
    assert "onboard_partner_result" in output
    assert "AWSRAMPermissionGlueDatabaseReadWrite" in output


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"onboard_partner_name": None}, "onboard_partner_name"),
        ({"onboard_partner_state": "gone"}, "onboard_partner_state"),
        ({"onboard_partner_redshift_databases": [{"cluster_identifier": "analytics"}]}, "database_name"),
        (
            {"onboard_partner_redshift_databases": [{"cluster_identifier": "analytics", "database": "sales"}]},
            "database",
        ),
        ({"onboard_partner_redshift_databases": "analytics/sales"}, "onboard_partner_redshift_databases"),
        (
            {"onboard_partner_resource_share_permissions": [{"resource_share_name": "fivetran-share"}]},
            "permission_arn, permission_name",
        ),
        (
            {
                "onboard_partner_resource_share_permissions": [
                    {
                        "resource_share_name": "s",
                        "resource_share_arn": "arn:aws:ram:us-east-1:123456789012:resource-share/x",
                        "permission_name": "AWSRAMPermissionGlueDatabaseReadWrite",
                    }
                ]
            },
            "resource_share_arn|resource_share_name",
        ),
        (
            {
                "onboard_partner_resource_share_permissions": [
                    {"resource_share_name": "s", "permission_name": "P", "permission_version": "latest"}
                ]
            },
            "permission_version",
        ),
        ({"onboard_partner_aws": "us-east-1"}, "onboard_partner_aws"),
    ],
)
def test_bad_role_variables_fail_before_any_aws_call(tmp_path, emulator, seeded, endpoint, overrides, message):
    variables = onboarding_vars(endpoint, **overrides)
    variables = {name: value for name, value in variables.items() if value is not None}
    emulator.clear_requests()
    rc, output, _recap = run_playbook(tmp_path, variables)
    assert rc != 0
    assert "Validating arguments against arg spec" in output, output
    assert message in output, output
    assert emulator.requests() == []
