# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Every module against the stock moto server, for what it implements (it labels every RAM answer text/html).

Each change runs check mode, then for real, then both again (no change); the state is then read back with boto3,
not with the collection. What stock moto lacks skips through ``needs`` (coverage.py).
"""

from __future__ import annotations

import http.server
import threading

import pytest

from tests.stock_moto.conftest import (
    ACCOUNT,
    GLUE_DATABASE,
    GLUE_TABLE,
    OTHER_ACCOUNT,
    PARTNER_ACCOUNT,
    associated,
    aws,
    live_shares,
    needs,
    play,
    run,
)

SHARE = "partner_onboarding.aws.ram_resource_share"
PRINCIPAL = "partner_onboarding.aws.ram_resource_share_principal"
SHARE_INFO = "partner_onboarding.aws.ram_resource_share_info"
PERMISSION = "partner_onboarding.aws.ram_resource_share_permission"
PERMISSION_INFO = "partner_onboarding.aws.ram_resource_share_permission_info"
PARTNER = "partner_onboarding.aws.redshift_partner"
PARTNER_INFO = "partner_onboarding.aws.redshift_partner_info"
INVITATION = "partner_onboarding.aws.ram_resource_share_invitation"


def four_times(name, module, args, register, changed_then, extra_asserts=()):
    """check mode, real, check mode again, real again: a change the first two times, none the last two."""
    tasks = []
    for step, check in (("check", True), ("real", False), ("check again", True), ("real again", False)):
        expect_change = step in ("check", "real") and changed_then
        tasks += [
            {"name": f"{name} ({step})", module: args, "check_mode": check, "diff": True, "register": register},
            {
                "name": f"Check {name} ({step})",
                "ansible.builtin.assert": {
                    "that": [f"{register} is {'changed' if expect_change else 'not changed'}", *extra_asserts]
                },
            },
        ]
    return tasks


def assert_ok(rc, output, recap):
    assert rc == 0, output
    assert recap["localhost"]["failed"] == 0, output


def test_share_created_with_resources_and_principals_then_updated_then_deleted(tmp_path, endpoint):
    create = {
        "name": "partner-share",
        "resource_arns": [GLUE_DATABASE, GLUE_TABLE],
        "principals": [PARTNER_ACCOUNT],
        "allow_external_principals": True,
    }
    tasks = four_times(
        "Create the share",
        SHARE,
        create,
        "created",
        True,
        [
            "created.resource_share.name == 'partner-share'",
            f"created.resource_share.resource_arns | sort == ['{GLUE_DATABASE}', '{GLUE_TABLE}'] | sort",
            f"created.resource_share.principals == ['{PARTNER_ACCOUNT}']",
            "created.resource_share.allow_external_principals",
        ],
    )
    tasks += four_times(
        "Close the share to other accounts",
        SHARE,
        {"name": "partner-share", "allow_external_principals": False},
        "closed",
        True,
        ["closed.resource_share.name == 'partner-share'", "not closed.resource_share.allow_external_principals"],
    )
    tasks.append(
        {"name": "Read the ARN", "ansible.builtin.set_fact": {"share_arn": "{{ created.resource_share.arn }}"}}
    )
    tasks += four_times(
        "Rename the share by its ARN",
        SHARE,
        {"arn": "{{ share_arn }}", "name": "partner-share-v2"},
        "renamed",
        True,
        ["renamed.resource_share.name == 'partner-share-v2'", "not renamed.resource_share.allow_external_principals"],
    )
    assert_ok(*run(tmp_path, [play(tasks, endpoint)]))

    shares = live_shares(endpoint)
    assert [(share["name"], share["allowExternalPrincipals"]) for share in shares] == [("partner-share-v2", False)]
    arn = shares[0]["resourceShareArn"]
    assert associated(endpoint, arn, "RESOURCE") == sorted([GLUE_DATABASE, GLUE_TABLE])
    assert associated(endpoint, arn, "PRINCIPAL") == [PARTNER_ACCOUNT]

    tasks = four_times(
        "Delete the share",
        SHARE,
        {"name": "partner-share-v2", "state": "absent"},
        "deleted",
        True,
        ["deleted.resource_share == {}"],
    )
    assert_ok(*run(tmp_path, [play(tasks, endpoint)]))
    assert live_shares(endpoint) == []


def test_share_found_by_name_among_others(tmp_path, endpoint):
    """Stock moto ignores GetResourceShares' name and ARN filters: the module still finds the one asked for."""
    ram = aws("ram", endpoint)
    ram.create_resource_share(name="someone-elses-share", resourceArns=[GLUE_TABLE])
    ram.create_resource_share(name="partner-share", resourceArns=[GLUE_DATABASE], principals=[PARTNER_ACCOUNT])
    tasks = four_times(
        "Ensure the share holds the database",
        SHARE,
        {"name": "partner-share", "resource_arns": [GLUE_DATABASE], "principals": [PARTNER_ACCOUNT]},
        "found",
        False,
        ["found.resource_share.name == 'partner-share'", f"found.resource_share.resource_arns == ['{GLUE_DATABASE}']"],
    )
    assert_ok(*run(tmp_path, [play(tasks, endpoint)]))
    assert sorted(share["name"] for share in live_shares(endpoint)) == ["partner-share", "someone-elses-share"]


def test_share_with_tags_converges(tmp_path, endpoint):
    needs("ram:TagResource")


def test_share_with_permissions(tmp_path, endpoint):
    needs("ram:ListResourceSharePermissions", "ram:GetPermission")


def test_share_resources_added_later(tmp_path, endpoint):
    needs("ram:AssociateResourceShare")


def test_principals_already_there_or_absent_are_no_change(tmp_path, endpoint):
    ram = aws("ram", endpoint)
    arn = ram.create_resource_share(name="partner-share", principals=[PARTNER_ACCOUNT])["resourceShare"][
        "resourceShareArn"
    ]
    tasks = four_times(
        "Ensure the partner is a principal",
        PRINCIPAL,
        {"resource_share_name": "partner-share", "principals": [PARTNER_ACCOUNT]},
        "present",
        False,
        [f"present.principals == ['{PARTNER_ACCOUNT}']", f"present.resource_share_arn == '{arn}'"],
    )
    tasks += four_times(
        "Ensure another account is not a principal",
        PRINCIPAL,
        {"resource_share_arn": arn, "principals": [OTHER_ACCOUNT], "state": "absent"},
        "absent",
        False,
        [f"absent.principals == ['{PARTNER_ACCOUNT}']"],
    )
    tasks += [
        {
            "name": "Predict adding another account (check mode)",
            PRINCIPAL: {"resource_share_arn": arn, "principals": [OTHER_ACCOUNT]},
            "check_mode": True,
            "diff": True,
            "register": "predicted",
        },
        {
            "name": "Check the prediction",
            "ansible.builtin.assert": {
                "that": [
                    "predicted is changed",
                    f"predicted.principals | sort == ['{OTHER_ACCOUNT}', '{PARTNER_ACCOUNT}'] | sort",
                ]
            },
        },
    ]
    assert_ok(*run(tmp_path, [play(tasks, endpoint)]))
    assert associated(endpoint, arn, "PRINCIPAL") == [PARTNER_ACCOUNT]


def test_share_sources(tmp_path, endpoint):
    needs("ram:ListSourceAssociations")


def test_share_promoted(tmp_path, endpoint):
    needs("ram:PromotePermissionCreatedFromPolicy", "ram:PromoteResourceShareCreatedFromPolicy")


def test_share_not_retaining_sharing_and_promote_on_a_standard_share_converge(tmp_path, endpoint):
    """What stock moto has of 1.3.0's options: a share that does not retain sharing (moto returns no
    resourceShareConfiguration: RAM's default, false) and promote on a STANDARD share are no change once created."""
    tasks = four_times(
        "Create a share that does not retain sharing, with promote",
        SHARE,
        {
            "name": "plain-share",
            "principals": [PARTNER_ACCOUNT],
            "allow_external_principals": True,
            "retain_sharing_on_account_leave_organization": False,
            "promote": True,
        },
        "created",
        True,
        [
            "created.resource_share.feature_set == 'STANDARD'",
            "not created.resource_share.retain_sharing_on_account_leave_organization",
            "created.resource_share.suspended_principals == []",
        ],
    )
    assert_ok(*run(tmp_path, [play(tasks, endpoint)]))


def test_principal_added_and_removed(tmp_path, endpoint):
    needs("ram:AssociateResourceShare", "ram:DisassociateResourceShare")


def test_share_info_of_no_share(tmp_path, endpoint):
    aws("ram", endpoint).create_resource_share(name="other-share")
    tasks = [
        {"name": "Read a share that does not exist", SHARE_INFO: {"name": "partner-share"}, "register": "info"},
        {"name": "Check", "ansible.builtin.assert": {"that": ["info is not changed", "info.resource_shares == []"]}},
    ]
    assert_ok(*run(tmp_path, [play(tasks, endpoint)]))


def test_share_info_of_a_share(tmp_path, endpoint):
    needs("ram:ListResourceSharePermissions")


def test_share_info_of_shares_from_other_accounts(tmp_path, endpoint):
    pytest.skip("stock moto 5.2.5 lacks GetResourceShares with resourceOwner OTHER-ACCOUNTS")


@pytest.mark.parametrize("module", [PERMISSION, PERMISSION_INFO])
def test_permission_modules_name_the_shares_when_the_name_matches_none(tmp_path, endpoint, module):
    aws("ram", endpoint).create_resource_share(name="sales-share")
    args = {"resource_share_name": "partner-share"}
    if module == PERMISSION:
        args["permission_name"] = "AWSRAMPermissionGlueDatabaseReadWrite"
    tasks = [
        {"name": "Name a share that does not exist", module: args, "register": "looked_up", "ignore_errors": True},
        {
            "name": "Check the failure",
            "ansible.builtin.assert": {
                "that": [
                    "looked_up is failed",
                    "'resource_share_name' in looked_up.msg",
                    "'matches none of your resource shares' in looked_up.msg",
                    "'sales-share' in looked_up.msg",
                ]
            },
        },
    ]
    assert_ok(*run(tmp_path, [play(tasks, endpoint)]))


def test_permission_modules_on_a_share(tmp_path, endpoint):
    needs("ram:ListResourceSharePermissions", "ram:AssociateResourceSharePermission")


def test_redshift_partner_modules(tmp_path, endpoint):
    needs("redshift:DescribePartners", "redshift:AddPartner", "redshift:DeletePartner")


def test_invitation_module(tmp_path, endpoint):
    needs("ram:GetResourceShareInvitations", "ram:AcceptResourceShareInvitation")


def test_caller_account_from_sts(tmp_path, endpoint):
    """STS is what stock moto implements of redshift_partner's calls: the caller's account, as the module reads it."""
    assert aws("sts", endpoint).get_caller_identity()["Account"] == ACCOUNT


# --- an endpoint that answers with a page ----------------------------------------------------------------------


class _PageServer(http.server.BaseHTTPRequestHandler):
    """Answers every request with a captive portal's page, labelled as JSON."""

    requests = []

    def do_POST(self):  # noqa: N802 pylint: disable=invalid-name
        length = int(self.headers.get("Content-Length") or 0)
        _PageServer.requests.append((self.path, self.rfile.read(length)))
        body = b"<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body>Guest Wi-Fi<br></body></html>\n"
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):  # pylint: disable=arguments-differ
        pass


@pytest.fixture
def page_endpoint():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _PageServer)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _PageServer.requests = []
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_page_labelled_json_fails_naming_the_operation_with_no_write(tmp_path, page_endpoint):
    tasks = [
        {
            "name": "Create a share through a captive portal",
            SHARE: {"name": "partner-share", "principals": [PARTNER_ACCOUNT]},
            "register": "refused",
            "ignore_errors": True,
        },
        {
            "name": "Check the failure",
            "ansible.builtin.assert": {
                "that": [
                    "refused is failed",
                    "refused.msg.startswith('GetResourceShares failed with InvalidResponse: "
                    "the answer was not an AWS response but an HTML page')",
                    "'Traceback' not in refused.msg",
                    "refused.error.code == 'InvalidResponse'",
                ]
            },
        },
    ]
    assert_ok(*run(tmp_path, [play(tasks, page_endpoint)]))
    assert [path for path, _body in _PageServer.requests] == ["/getresourceshares"]


def test_permission_info_finds_no_permission_of_an_unknown_name(tmp_path, endpoint):
    # ListPermissions with permissionType ALL (stock moto refuses CUSTOMER_MANAGED, see coverage.py): a name that
    # matches none returns no permission, with no GetPermission (which stock moto lacks).
    tasks = [
        {
            "name": "Look for a permission that does not exist",
            "partner_onboarding.aws.ram_permission_info": {"name": "NoSuchPermission"},
            "register": "found",
        },
        {"name": "Check", "ansible.builtin.assert": {"that": ["found is not changed", "found.permissions == []"]}},
    ]
    assert_ok(*run(tmp_path, [play(tasks, endpoint)]))


def test_customer_managed_permission_lifecycle(tmp_path, endpoint):
    needs("ram:CreatePermission", "ram:CreatePermissionVersion", "ram:GetPermission", "ram:DeletePermission")
    template = {"Effect": "Allow", "Action": ["glue:GetTable"]}
    args = {"name": "PartnerRead", "resource_type": "glue:Table", "policy_template": template}
    tasks = four_times("Create the permission", "partner_onboarding.aws.ram_permission", args, "created", True)
    assert_ok(*run(tmp_path, [play(tasks, endpoint)]))


LF_PERMISSIONS = "partner_onboarding.aws.lakeformation_permissions"
LF_PERMISSIONS_INFO = "partner_onboarding.aws.lakeformation_permissions_info"


def lf_grants(endpoint, resource):
    """The partner's permissions on ``resource``, read with boto3 (stock moto answers one entry per grant)."""
    entries = aws("lakeformation", endpoint).list_permissions(
        Principal={"DataLakePrincipalIdentifier": PARTNER_ACCOUNT}, Resource=resource
    )["PrincipalResourcePermissions"]
    return sorted({p for e in entries for p in e["Permissions"]}), sorted(
        {p for e in entries for p in e["PermissionsWithGrantOption"]}
    )


LF_TABLE = {"principal": PARTNER_ACCOUNT, "database_name": "sales", "table_name": "orders"}
LF_RESOURCE = {"Table": {"DatabaseName": "sales", "Name": "orders"}}


def test_lakeformation_permissions_grant_list_and_revoke(tmp_path, endpoint):
    needs("lakeformation:GrantPermissions", "lakeformation:RevokePermissions", "lakeformation:ListPermissions")
    tasks = four_times(
        "Grant SELECT and DESCRIBE",
        LF_PERMISSIONS,
        dict(LF_TABLE, permissions=["SELECT", "DESCRIBE"], permissions_with_grant_option=["SELECT"]),
        "granted",
        True,
        ["granted.permissions == ['DESCRIBE', 'SELECT']", "granted.permissions_with_grant_option == ['SELECT']"],
    )
    info = [
        {LF_PERMISSIONS_INFO: {"principal": PARTNER_ACCOUNT}, "register": "listed"},
        {
            "ansible.builtin.assert": {
                "that": [
                    "listed is not changed",
                    "listed.grants | length == 1",
                    "listed.grants[0].permissions == ['DESCRIBE', 'SELECT']",
                    "listed.grants[0].resource == {'table': {'database_name': 'sales', 'name': 'orders'}}",
                ]
            }
        },
    ]
    rc, output, recap = run(tmp_path, [play(tasks + info, endpoint)])
    assert_ok(rc, output, recap)
    assert lf_grants(endpoint, LF_RESOURCE) == (["DESCRIBE", "SELECT"], ["SELECT"])

    revoke = four_times("Revoke everything", LF_PERMISSIONS, dict(LF_TABLE, state="absent"), "revoked", True)
    rc, output, recap = run(tmp_path, [play(revoke, endpoint)])
    assert_ok(rc, output, recap)
    assert lf_grants(endpoint, LF_RESOURCE) == ([], [])


@pytest.mark.xfail(
    strict=True,
    reason=(
        "stock moto 5.2.5 keeps grants in a set hashed by their permissions: after a second grant to the same "
        "principal and resource changes them, RevokePermissions fails with a server error (KeyError in "
        "PermissionCatalog.remove_permission)"
    ),
)
def test_lakeformation_permissions_grant_then_revoke_in_one_task(tmp_path, endpoint):
    needs("lakeformation:GrantPermissions", "lakeformation:RevokePermissions", "lakeformation:ListPermissions")
    aws("lakeformation", endpoint).grant_permissions(
        Principal={"DataLakePrincipalIdentifier": PARTNER_ACCOUNT}, Resource=LF_RESOURCE, Permissions=["DESCRIBE"]
    )
    tasks = four_times(
        "Hold exactly INSERT and SELECT",
        LF_PERMISSIONS,
        dict(LF_TABLE, permissions=["SELECT", "INSERT"]),
        "changed_grant",
        True,
        ["changed_grant.permissions == ['INSERT', 'SELECT']"],
    )
    rc, output, recap = run(tmp_path, [play(tasks, endpoint)])
    assert_ok(rc, output, recap)
    assert lf_grants(endpoint, LF_RESOURCE) == (["INSERT", "SELECT"], [])


def test_lakeformation_permissions_without_purge_and_on_a_database(tmp_path, endpoint):
    needs("lakeformation:GrantPermissions", "lakeformation:ListPermissions")
    aws("lakeformation", endpoint).grant_permissions(
        Principal={"DataLakePrincipalIdentifier": PARTNER_ACCOUNT},
        Resource={"Database": {"Name": "sales"}},
        Permissions=["DESCRIBE"],
    )
    args = {
        "principal": PARTNER_ACCOUNT,
        "database_name": "sales",
        "permissions": ["ALTER"],
        "purge_permissions": False,
    }
    tasks = four_times("Add ALTER", LF_PERMISSIONS, args, "added", True, ["added.permissions == ['ALTER', 'DESCRIBE']"])
    rc, output, recap = run(tmp_path, [play(tasks, endpoint)])
    assert_ok(rc, output, recap)
    assert lf_grants(endpoint, {"Database": {"Name": "sales"}}) == (["ALTER", "DESCRIBE"], [])


def test_partner_access_info_reviews_lake_formation_grants(tmp_path, endpoint):
    # Stock moto has no datashares and no share permissions (no share here, so none is read).
    needs("lakeformation:GrantPermissions", "lakeformation:ListPermissions", "sts:GetCallerIdentity")
    lakeformation = aws("lakeformation", endpoint)
    for principal, resource, permissions in (
        (PARTNER_ACCOUNT, {"Database": {"Name": "sales"}}, ["DESCRIBE"]),
        (PARTNER_ACCOUNT, LF_RESOURCE, ["SELECT"]),
        (OTHER_ACCOUNT, LF_RESOURCE, ["SELECT", "INSERT"]),
        (f"arn:aws:iam::{ACCOUNT}:role/etl", {"Database": {"Name": "sales"}}, ["ALL"]),
    ):
        lakeformation.grant_permissions(
            Principal={"DataLakePrincipalIdentifier": principal}, Resource=resource, Permissions=permissions
        )
    review = {
        "cluster_identifiers": [],
        "datashares": False,
        "partners": [
            {
                "name": "Fivetran",
                "principals": [PARTNER_ACCOUNT],
                "lakeformation_permissions": [
                    {"database_name": "sales", "permissions": ["DESCRIBE"]},
                    {"database_name": "sales", "table_name": "orders", "permissions": ["SELECT"]},
                    {"database_name": "sales", "table_name": "customers", "permissions": ["SELECT"]},
                ],
            }
        ],
    }
    lake = "review.access | selectattr('kind', 'eq', 'lakeformation') | list"
    tasks = [
        {"partner_onboarding.aws.partner_access_info": review, "register": "review"},
        {
            "ansible.builtin.assert": {
                "that": [
                    "review is not changed",
                    f"review.account_id == '{ACCOUNT}'",
                    f"{lake} | map(attribute='grantee') | list == ['{OTHER_ACCOUNT}', '{PARTNER_ACCOUNT}', "
                    f"'{PARTNER_ACCOUNT}'] | sort",
                    f"{lake} | selectattr('grantee', 'eq', '{OTHER_ACCOUNT}') | map(attribute='permissions') | list "
                    "== [['INSERT', 'SELECT']]",
                    f"{lake} | selectattr('grantee', 'eq', '{PARTNER_ACCOUNT}') | map(attribute='partner') | unique "
                    "| list == ['Fivetran']",
                    "review.unexpected | map(attribute='kind') | list == ['lakeformation']",
                    f"review.unexpected[0].grantee == '{OTHER_ACCOUNT}'",
                    "review.missing | map(attribute='table_name') | list == ['customers']",
                    "review.missing[0].permissions == ['SELECT']",
                ]
            }
        },
    ]
    rc, output, recap = run(tmp_path, [play(tasks, endpoint)])
    assert_ok(rc, output, recap)
