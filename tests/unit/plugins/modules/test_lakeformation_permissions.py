# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import pytest

from ansible_collections.partner_onboarding.aws.plugins.modules import (
    lakeformation_permissions,
    lakeformation_permissions_info,
)

OWNER = "123456789012"
PARTNER = "210987654321"
SENT = {"Table": {"DatabaseName": "sales", "Name": "orders"}}
READ = {"Table": {"CatalogId": OWNER, "DatabaseName": "sales", "Name": "orders"}}
PRINCIPAL = {"DataLakePrincipalIdentifier": PARTNER}
LIST = {"Principal": PRINCIPAL, "Resource": SENT}


def entry(permissions, options=(), resource=None, principal=PARTNER):
    return {
        "Principal": {"DataLakePrincipalIdentifier": principal},
        "Resource": READ if resource is None else resource,
        "Permissions": list(permissions),
        "PermissionsWithGrantOption": list(options),
    }


@pytest.fixture
def run(run_module):
    def run_task(module=lakeformation_permissions, check_mode=False, **args):
        base = {"region": "us-east-1", "_ansible_check_mode": check_mode, "_ansible_diff": True}
        if module is lakeformation_permissions:
            base.update(principal=PARTNER, database_name="sales", table_name="orders")
        return run_module(module, **dict(base, **args))

    return run_task


def test_grants_what_is_missing_then_revokes_what_is_extra_then_reads_again(stubbed, run):
    lf = stubbed("lakeformation")
    lf.add_response("list_permissions", {"PrincipalResourcePermissions": [entry(["ALTER", "SELECT"])]}, LIST)
    write = {"Principal": PRINCIPAL, "Resource": SENT}
    lf.add_response("grant_permissions", {}, dict(write, Permissions=["DESCRIBE"], PermissionsWithGrantOption=[]))
    lf.add_response("revoke_permissions", {}, dict(write, Permissions=["ALTER"], PermissionsWithGrantOption=[]))
    lf.add_response("list_permissions", {"PrincipalResourcePermissions": [entry(["DESCRIBE", "SELECT"])]}, LIST)
    result = run(permissions=["SELECT", "DESCRIBE"])
    assert result["changed"] is True
    assert stubbed.operations == ["ListPermissions", "GrantPermissions", "RevokePermissions", "ListPermissions"]
    assert result["permissions"] == ["DESCRIBE", "SELECT"]
    assert result["resource"] == {"table": {"database_name": "sales", "name": "orders"}}
    assert result["diff"] == {
        "before": {"permissions": ["ALTER", "SELECT"], "permissions_with_grant_option": []},
        "after": {"permissions": ["DESCRIBE", "SELECT"], "permissions_with_grant_option": []},
    }


def test_check_mode_reads_only_and_predicts(stubbed, run):
    stubbed("lakeformation").add_response("list_permissions", {"PrincipalResourcePermissions": []}, LIST)
    result = run(check_mode=True, permissions=["SELECT"], permissions_with_grant_option=["SELECT"])
    assert stubbed.operations == ["ListPermissions"]
    assert (result["changed"], result["permissions"], result["permissions_with_grant_option"]) == (
        True,
        ["SELECT"],
        ["SELECT"],
    )


def test_converged_is_one_read_whatever_other_principals_and_resources_hold(stubbed, run):
    other = entry(["ALL"], principal="111122223333")
    wildcard = entry(
        ["DESCRIBE"], resource={"Table": {"CatalogId": OWNER, "DatabaseName": "sales", "TableWildcard": {}}}
    )
    stubbed("lakeformation").add_response(
        "list_permissions", {"PrincipalResourcePermissions": [entry(["SELECT"]), other, wildcard]}, LIST
    )
    result = run(permissions=["SELECT"])
    assert (result["changed"], stubbed.operations, result["permissions"]) == (False, ["ListPermissions"], ["SELECT"])


def test_absent_revokes_everything_held(stubbed, run):
    lf = stubbed("lakeformation")
    lf.add_response("list_permissions", {"PrincipalResourcePermissions": [entry(["SELECT"], ["SELECT"])]}, LIST)
    lf.add_response(
        "revoke_permissions",
        {},
        {"Principal": PRINCIPAL, "Resource": SENT, "Permissions": ["SELECT"], "PermissionsWithGrantOption": ["SELECT"]},
    )
    lf.add_response("list_permissions", {"PrincipalResourcePermissions": []}, LIST)
    result = run(state="absent")
    assert result["changed"] is True
    assert (result["permissions"], result["permissions_with_grant_option"]) == ([], [])


def test_bad_input_fails_before_any_call(stubbed, run):
    result = run(permissions=["CREATE_TABLE"])
    assert result["failed"] is True
    assert "CREATE_TABLE do(es) not apply to a table" in result["msg"]
    assert stubbed.operations == []


def test_entity_not_found_names_the_table(stubbed, run):
    stubbed("lakeformation").add_response("list_permissions", {"PrincipalResourcePermissions": []}, LIST)
    stubbed("lakeformation").add_client_error("grant_permissions", "EntityNotFoundException", "Table not found", 400)
    result = run(permissions=["SELECT"])
    assert result["failed"] is True
    assert result["msg"].startswith(
        "GrantPermissions for table 'orders' of database 'sales' failed with EntityNotFound"
    )
    assert "does not exist in the caller's catalog" in result["msg"]
    assert result["error"]["code"] == "EntityNotFoundException"


def test_access_denied_says_who_may_grant(stubbed, run):
    stubbed("lakeformation").add_client_error("list_permissions", "AccessDeniedException", "denied", 400)
    result = run(permissions=["SELECT"], catalog_id=OWNER)
    assert "must be a data lake administrator" in result["msg"]


def test_info_without_resource_lists_everything_and_keeps_the_principal(stubbed, run):
    stubbed("lakeformation").add_response(
        "list_permissions",
        {"PrincipalResourcePermissions": [entry(["SELECT"]), entry(["DESCRIBE"]), entry(["ALL"], principal=OWNER)]},
        {"ResourceType": "TABLE"},
    )
    result = run(lakeformation_permissions_info, principal=PARTNER, resource_type="TABLE")
    assert result["changed"] is False
    assert result["grants"] == [
        {
            "principal": PARTNER,
            "resource": {"table": {"catalog_id": OWNER, "database_name": "sales", "name": "orders"}},
            "permissions": ["DESCRIBE", "SELECT"],
            "permissions_with_grant_option": [],
        }
    ]


def test_info_with_a_resource_sends_the_principal(stubbed, run):
    stubbed("lakeformation").add_response(
        "list_permissions",
        {"PrincipalResourcePermissions": []},
        {"Principal": PRINCIPAL, "Resource": {"Database": {"Name": "sales"}}},
    )
    result = run(lakeformation_permissions_info, principal=PARTNER, database_name="sales")
    assert result["grants"] == []
