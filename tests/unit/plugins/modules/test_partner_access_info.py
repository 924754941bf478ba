# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import json
from datetime import datetime, timezone
from urllib.parse import quote

import pytest

from ansible_collections.partner_onboarding.aws.plugins.modules import partner_access_info

ACCOUNT = "123456789012"
PARTNER = "210987654321"
SHARE = f"arn:aws:ram:us-east-1:{ACCOUNT}:resource-share/11111111-aaaa"
TIME = datetime(2024, 5, 2, 9, 41, 7, tzinfo=timezone.utc)
FIVETRAN = {
    "name": "Fivetran",
    "redshift_databases": [{"cluster_identifier": "analytics", "database_name": "sales"}],
    "principals": [PARTNER],
    "resource_shares": ["fivetran-share"],
}


@pytest.fixture
def run(run_module):
    def run_info(check_mode=False, **args):
        params = {"region": "us-east-1", "_ansible_check_mode": check_mode}
        return run_module(partner_access_info, **dict(params, **args))

    return run_info


def queue_redshift(stubbed, clusters, with_sts=True):
    if with_sts:
        stubbed("sts").add_response(
            "get_caller_identity", {"Account": ACCOUNT, "Arn": f"arn:aws:iam::{ACCOUNT}:user/x", "UserId": "AID"}, {}
        )
    for cluster, databases in clusters.items():
        stubbed("redshift").add_response(
            "describe_partners",
            {
                "PartnerIntegrationInfoList": [
                    {
                        "DatabaseName": database,
                        "PartnerName": "Fivetran",
                        "Status": "Active",
                        "StatusMessage": "",
                        "CreatedAt": TIME,
                        "UpdatedAt": TIME,
                    }
                    for database in databases
                ]
            },
            {"AccountId": ACCOUNT, "ClusterIdentifier": cluster},
        )


def queue_ram(stubbed, principals):
    ram = stubbed("ram")
    ram.add_response(
        "get_resource_shares",
        {"resourceShares": [{"resourceShareArn": SHARE, "name": "fivetran-share", "status": "ACTIVE"}]},
        {"resourceOwner": "SELF", "resourceShareStatus": "ACTIVE"},
    )
    ram.add_response(
        "get_resource_share_associations",
        {
            "resourceShareAssociations": [
                {
                    "resourceShareArn": SHARE,
                    "associatedEntity": principal,
                    "associationType": "PRINCIPAL",
                    "status": status,
                    "external": True,
                }
                for principal, status in principals
            ]
        },
        {"associationType": "PRINCIPAL", "resourceShareArns": [SHARE]},
    )
    ram.add_response(
        "get_resource_share_associations",
        {"resourceShareAssociations": []},
        {"associationType": "RESOURCE", "resourceShareArns": [SHARE]},
    )
    ram.add_response("list_resource_share_permissions", {"permissions": []}, {"resourceShareArn": SHARE})


def trust(*principals, external_id=None):
    statement = {"Effect": "Allow", "Principal": {"AWS": list(principals)}, "Action": "sts:AssumeRole"}
    if external_id:
        statement["Condition"] = {"StringEquals": {"sts:ExternalId": external_id}}
    return {"Version": "2012-10-17", "Statement": [statement]}


def iam_role(name, document):
    return {
        "Path": "/",
        "RoleName": name,
        "RoleId": f"AROA{name.upper():0<17}"[:21],
        "Arn": f"arn:aws:iam::{ACCOUNT}:role/{name}",
        "CreateDate": TIME,
        # URL-encoded JSON, as IAM sends it: botocore decodes it into a dict.
        "AssumeRolePolicyDocument": quote(json.dumps(document)),
    }


def queue_iam(stubbed, *pages):
    """ListRoles answers, one per page (each page a list of roles), linked by markers."""
    for number, roles in enumerate(pages):
        answer = {"Roles": roles, "IsTruncated": number < len(pages) - 1}
        if answer["IsTruncated"]:
            answer["Marker"] = f"m{number + 1}"
        stubbed("iam").add_response("list_roles", answer, {"Marker": f"m{number}"} if number else {})


NAMESPACE = f"arn:aws:redshift:us-east-1:{ACCOUNT}:namespace:aaaa-1111"
DATASHARE = f"arn:aws:redshift:us-east-1:{ACCOUNT}:datashare:aaaa-1111/sales_share"


def queue_clusters(stubbed):
    """DescribeClusters in two pages: analytics (with its namespace), then reporting."""
    stubbed("redshift").add_response(
        "describe_clusters",
        {"Clusters": [{"ClusterIdentifier": "analytics", "ClusterNamespaceArn": NAMESPACE}], "Marker": "m1"},
        {},
    )
    stubbed("redshift").add_response(
        "describe_clusters", {"Clusters": [{"ClusterIdentifier": "reporting"}]}, {"Marker": "m1"}
    )


def lf_grant(principal, resource, *permissions):
    return {
        "Principal": {"DataLakePrincipalIdentifier": principal},
        "Resource": resource,
        "Permissions": list(permissions),
        "PermissionsWithGrantOption": [],
    }


def database(name):
    return {"Database": {"CatalogId": ACCOUNT, "Name": name}}


def table(database_name, name):
    return {"Table": {"CatalogId": ACCOUNT, "DatabaseName": database_name, "Name": name}}


def queue_lakeformation(stubbed, *pages):
    """ListPermissions answers, one per page (each a list of grants), linked by tokens."""
    for number, grants in enumerate(pages):
        answer = {"PrincipalResourcePermissions": grants}
        if number < len(pages) - 1:
            answer["NextToken"] = f"t{number + 1}"
        stubbed("lakeformation").add_response("list_permissions", answer, {"NextToken": f"t{number}"} if number else {})


def datashare(arn, *associations, producer=NAMESPACE):
    return {
        "DataShareArn": arn,
        "ProducerArn": producer,
        "AllowPubliclyAccessibleConsumers": False,
        "DataShareAssociations": [{"ConsumerIdentifier": c, "Status": status} for c, status in associations],
    }


def queue_datashares(stubbed, *pages):
    """DescribeDataShares answers, one per page (each a list of datashares), linked by markers."""
    for number, datashares in enumerate(pages):
        answer = {"DataShares": datashares}
        if number < len(pages) - 1:
            answer["Marker"] = f"d{number + 1}"
        stubbed("redshift").add_response("describe_data_shares", answer, {"Marker": f"d{number}"} if number else {})


@pytest.mark.parametrize("check_mode", [False, True])
def test_every_cluster_and_share_read_once(stubbed, run, check_mode):
    queue_clusters(stubbed)
    queue_redshift(stubbed, {"analytics": ["sales", "marketing"], "reporting": []})
    queue_ram(stubbed, [(PARTNER, "ASSOCIATED"), ("999988887777", "ASSOCIATING")])
    queue_iam(
        stubbed,
        [iam_role("fivetran-etl", trust(PARTNER, external_id="x")), iam_role("admin", trust(ACCOUNT))],
        [],
        [iam_role("debug", trust(f"arn:aws:iam::{PARTNER}:root", "*"))],
    )
    result = run(
        check_mode=check_mode,
        partners=[dict(FIVETRAN, iam_roles=["fivetran-etl"])],
        lakeformation=False,
        datashares=False,
    )
    assert result["changed"] is False
    assert result["account_id"] == ACCOUNT
    assert stubbed.operations == [
        "DescribeClusters",
        "DescribeClusters",
        "GetCallerIdentity",
        "DescribePartners",
        "DescribePartners",
        "GetResourceShares",
        "GetResourceShareAssociations",
        "GetResourceShareAssociations",
        "ListResourceSharePermissions",
        "ListRoles",
        "ListRoles",
        "ListRoles",
    ]
    assert [(r["kind"], r["partner"], r["grantee"]) for r in result["access"]] == [
        ("redshift", "Fivetran", "Fivetran"),
        ("redshift", "Fivetran", "Fivetran"),
        ("ram", "Fivetran", PARTNER),
        ("ram", None, "999988887777"),
        ("iam_role", None, "*"),
        ("iam_role", "Fivetran", PARTNER),
        ("iam_role", "Fivetran", PARTNER),
    ]
    assert [(r["role_name"], r["external_id"]) for r in result["access"][4:]] == [
        ("debug", False),
        ("debug", False),
        ("fivetran-etl", True),
    ]
    assert [(r["kind"], r["grantee"], r["role_name"]) for r in result["unexpected"]] == [
        ("redshift", "Fivetran", None),
        ("ram", "999988887777", None),
        ("iam_role", "*", "debug"),
        ("iam_role", PARTNER, "debug"),
    ]
    assert result["missing"] == result["expired"] == []


def test_given_clusters_and_account_no_listing_no_sts(stubbed, run):
    queue_redshift(stubbed, {"analytics": ["sales"]}, with_sts=False)
    queue_ram(stubbed, [(PARTNER, "ASSOCIATED")])
    result = run(
        cluster_identifiers=["analytics"],
        account_id=ACCOUNT,
        partners=[FIVETRAN],
        iam_roles=False,
        lakeformation=False,
        datashares=False,
    )
    assert "DescribeClusters" not in stubbed.operations
    assert "GetCallerIdentity" not in stubbed.operations
    assert "ListRoles" not in stubbed.operations
    assert "ListPermissions" not in stubbed.operations
    assert "DescribeDataShares" not in stubbed.operations
    assert result["account_id"] == ACCOUNT
    assert (result["unexpected"], result["missing"], result["expired"]) == ([], [], [])


def test_ignored_grantees_and_expired_partners_are_not_unexpected(stubbed, run):
    queue_redshift(stubbed, {"analytics": ["sales"]}, with_sts=False)
    queue_ram(stubbed, [(PARTNER, "ASSOCIATED"), ("999988887777", "ASSOCIATED"), ("111122223333", "SUSPENDED")])
    queue_iam(stubbed, [iam_role("internal", trust("arn:aws:iam::999988887777:root"))])
    result = run(
        cluster_identifiers=["analytics"],
        account_id=ACCOUNT,
        partners=[dict(FIVETRAN, expires_on="2000-01-31")],
        ignore=["arn:aws:iam::999988887777:root"],
        lakeformation=False,
        datashares=False,
    )
    assert [(r["kind"], r["grantee"], r["status"]) for r in result["expired"]] == [
        ("redshift", "Fivetran", "Active"),
        ("ram", PARTNER, "ASSOCIATED"),
    ]
    assert [(r["kind"], r["grantee"], r["status"]) for r in result["unexpected"]] == [
        ("ram", "111122223333", "SUSPENDED")
    ]
    assert result["missing"] == []
    assert [r["grantee"] for r in result["access"] if r["kind"] == "iam_role"] == ["999988887777"]


@pytest.mark.parametrize(
    "args, message",
    [
        ({"partners": [dict(FIVETRAN, expires_on="31/12/2026")]}, "partners[0].expires_on: '31/12/2026' is not a date"),
        ({"partners": [dict(FIVETRAN, expires_on="2026-02-30")]}, "partners[0].expires_on: '2026-02-30' is not a date"),
        ({"partners": [dict(FIVETRAN, iam_roles=["bad role"])]}, "partners[0].iam_roles: 'bad role' not valid"),
        ({"ignore": [" "]}, "ignore entries must not be empty"),
    ],
)
def test_new_options_fail_before_any_call(stubbed, run, args, message):
    result = run(**args)
    assert result["failed"] is True
    assert result["msg"].startswith(message)
    assert stubbed.operations == []


def test_a_refused_list_roles_says_which_permission_or_option(stubbed, run):
    queue_ram(stubbed, [])
    stubbed("iam").add_client_error("list_roles", "AccessDenied", "not authorized", 403, expected_params={})
    result = run(cluster_identifiers=[], account_id=ACCOUNT, partners=[FIVETRAN])
    assert result["failed"] is True
    assert result["msg"].startswith("ListRoles failed with AccessDenied: not authorized")
    assert "allow iam:ListRoles" in result["msg"] and "iam_roles: false" in result["msg"]


def test_invalid_partners_fail_before_any_call(stubbed, run):
    result = run(partners=[dict(FIVETRAN, principals=["12"])])
    assert result["failed"] is True
    assert result["msg"].startswith("partners[0].principals: '12' not valid")
    assert stubbed.operations == []


def test_a_failed_read_names_the_operation_and_code(stubbed, run):
    stubbed("redshift").add_client_error(
        "describe_partners", "ClusterNotFound", "Cluster nope not found.", 404, expected_params=None
    )
    result = run(cluster_identifiers=["nope"], account_id=ACCOUNT)
    assert result["failed"] is True
    assert result["msg"].startswith("DescribePartners failed with ClusterNotFound: Cluster nope not found")
    assert "check cluster_identifier and region" in result["msg"]
    assert result["error"]["code"] == "ClusterNotFound"


OTHER = "999988887777"
DATASHARE_2 = f"arn:aws:redshift:us-east-1:{ACCOUNT}:datashare:aaaa-1111/finance_share"
LAKE_ITEMS = [
    {"database_name": "sales", "permissions": ["DESCRIBE"]},
    {"database_name": "sales", "table_name": "orders", "permissions": ["SELECT"]},
]


def many_partners(count):
    """Fivetran (all it declares is there), then ``count`` partners of their own accounts, each declaring a Lake
    Formation grant and a datashare that are not there."""
    fivetran = dict(
        FIVETRAN,
        lakeformation_permissions=LAKE_ITEMS,
        datashares=[{"cluster_identifier": "analytics", "datashare_name": "sales_share"}],
    )
    return [fivetran] + [
        {
            "name": f"partner-{number}",
            "principals": [f"{300000000000 + number}"],
            "lakeformation_permissions": [{"database_name": "sales", "permissions": ["DESCRIBE"]}],
            "datashares": [DATASHARE],
        }
        for number in range(count)
    ]


@pytest.mark.parametrize("others", [0, 40])
@pytest.mark.parametrize("check_mode", [False, True])
def test_lakeformation_and_datashares_one_paginated_read_each_whatever_the_partners(stubbed, run, others, check_mode):
    strangers = [f"5000{number:08d}" for number in range(others)]
    queue_clusters(stubbed)
    queue_redshift(stubbed, {"analytics": ["sales"], "reporting": []})
    queue_ram(stubbed, [(PARTNER, "ASSOCIATED")])
    columns = {"CatalogId": ACCOUNT, "DatabaseName": "sales", "Name": "orders", "ColumnWildcard": {}}
    queue_lakeformation(
        stubbed,
        [
            lf_grant(PARTNER, database("sales"), "DESCRIBE"),
            # The caller's own principals are not partners.
            lf_grant(f"arn:aws:iam::{ACCOUNT}:role/etl", database("sales"), "ALL"),
            lf_grant("IAM_ALLOWED_PRINCIPALS", database("sales"), "ALL"),
        ],
        [],
        [
            # SELECT on a table, as Lake Formation answers it: every column.
            lf_grant(PARTNER, {"TableWithColumns": columns}, "SELECT"),
            lf_grant(OTHER, table("sales", "orders"), "SELECT", "INSERT"),
        ]
        # As many principals again that nobody declares: more rows, not more calls.
        + [lf_grant(stranger, database("sales"), "DESCRIBE") for stranger in strangers],
    )
    consumed = "arn:aws:redshift:us-east-1:444455556666:datashare:bbbb-2222/vendor_share"
    queue_datashares(
        stubbed,
        [datashare(DATASHARE, (PARTNER, "AUTHORIZED"), (OTHER, "PENDING_AUTHORIZATION"))],
        [
            # A datashare another account produces, which the caller consumes: not the caller's to review.
            datashare(consumed, (ACCOUNT, "ACTIVE"), producer="arn:aws:redshift:us-east-1:444455556666:namespace:bbbb"),
            datashare(
                DATASHARE_2,
                (OTHER, "ACTIVE"),
                (f"arn:aws:redshift:us-east-1:{ACCOUNT}:namespace:cccc", "ACTIVE"),
                *[(stranger, "AUTHORIZED") for stranger in strangers],
            ),
        ],
    )
    result = run(check_mode=check_mode, partners=many_partners(others), iam_roles=False)

    assert result["changed"] is False
    assert stubbed.operations == [
        "DescribeClusters",
        "DescribeClusters",
        "GetCallerIdentity",
        "DescribePartners",
        "DescribePartners",
        "GetResourceShares",
        "GetResourceShareAssociations",
        "GetResourceShareAssociations",
        "ListResourceSharePermissions",
        "ListPermissions",
        "ListPermissions",
        "ListPermissions",
        "DescribeDataShares",
        "DescribeDataShares",
    ]
    assert result["account_id"] == ACCOUNT
    lake = [r for r in result["access"] if r["kind"] == "lakeformation" and r["grantee"] not in strangers]
    assert [(r["partner"], r["grantee"], r["database_name"], r["table_name"], r["permissions"]) for r in lake] == [
        ("Fivetran", PARTNER, "sales", None, ["DESCRIBE"]),
        ("Fivetran", PARTNER, "sales", "orders", ["SELECT"]),
        (None, OTHER, "sales", "orders", ["INSERT", "SELECT"]),
    ]
    shares = [r for r in result["access"] if r["kind"] == "datashare" and r["grantee"] not in strangers]
    assert [
        (r["partner"], r["grantee"], r["datashare_name"], r["cluster_identifier"], r["status"]) for r in shares
    ] == [
        (None, OTHER, "finance_share", "analytics", "ACTIVE"),
        ("Fivetran", PARTNER, "sales_share", "analytics", "AUTHORIZED"),
    ]
    assert [(r["kind"], r["grantee"]) for r in result["unexpected"]] == (
        # By grantee: the strangers' accounts sort first.
        [("lakeformation", stranger) for stranger in strangers]
        + [("lakeformation", OTHER)]
        + [("datashare", stranger) for stranger in strangers]
        + [("datashare", OTHER)]
    )
    assert sorted((r["kind"], r["partner"], r["grantee"]) for r in result["missing"]) == sorted(
        [("lakeformation", f"partner-{n}", f"{300000000000 + n}") for n in range(others)]
        + [("datashare", f"partner-{n}", f"{300000000000 + n}") for n in range(others)]
    )
    assert all(r["datashare_arn"] == DATASHARE for r in result["missing"] if r["kind"] == "datashare")


def test_caller_account_read_once_for_every_source(stubbed, run):
    queue_ram(stubbed, [])
    stubbed("sts").add_response(
        "get_caller_identity", {"Account": ACCOUNT, "Arn": f"arn:aws:iam::{ACCOUNT}:user/x", "UserId": "AID"}, {}
    )
    queue_lakeformation(stubbed, [lf_grant(PARTNER, database("sales"), "DESCRIBE")])
    queue_datashares(stubbed, [datashare(DATASHARE, (PARTNER, "ACTIVE"))])
    result = run(cluster_identifiers=[], iam_roles=False)
    assert stubbed.operations.count("GetCallerIdentity") == 1
    assert result["account_id"] == ACCOUNT
    # Without a cluster listed, a datashare's cluster is not known.
    assert [(r["kind"], r["cluster_identifier"]) for r in result["access"]] == [
        ("lakeformation", None),
        ("datashare", None),
    ]


def test_no_source_needs_the_account_no_sts(stubbed, run):
    queue_ram(stubbed, [])
    result = run(cluster_identifiers=[], iam_roles=False, lakeformation=False, datashares=False)
    assert "GetCallerIdentity" not in stubbed.operations
    assert result["account_id"] is None


@pytest.mark.parametrize(
    "operation, stub, code, hint",
    [
        ("ListPermissions", ("lakeformation", "list_permissions"), "AccessDeniedException", "lakeformation: false"),
        ("DescribeDataShares", ("redshift", "describe_data_shares"), "AccessDenied", "datashares: false"),
    ],
)
def test_a_refused_new_read_says_which_permission_or_option(stubbed, run, operation, stub, code, hint):
    queue_ram(stubbed, [])
    if operation == "DescribeDataShares":
        queue_lakeformation(stubbed, [])
    stubbed(stub[0]).add_client_error(stub[1], code, "not authorized", 403, expected_params={})
    result = run(cluster_identifiers=[], account_id=ACCOUNT, iam_roles=False)
    assert result["failed"] is True
    assert result["msg"].startswith(f"{operation} failed with {code}: not authorized")
    assert hint in result["msg"]


@pytest.mark.parametrize(
    "partner, message",
    [
        (
            {"lakeformation_permissions": [{"database_name": "sales", "permissions": ["SELECT"]}]},
            "partners[0].lakeformation_permissions[0].permissions: SELECT do(es) not apply to a database",
        ),
        (
            {"lakeformation_permissions": [LAKE_ITEMS[0], {"table_name": "orders", "permissions": ["SELECT"]}]},
            "partners[0].lakeformation_permissions[1].table_name needs database_name",
        ),
        (
            {"lakeformation_permissions": [{"permissions": ["DESCRIBE"]}]},
            "partners[0].lakeformation_permissions[0]: one resource is required",
        ),
        ({"datashares": ["arn:aws:redshift:nope"]}, "partners[0].datashares[0]: datashare_arn 'arn:aws:redshift:nope'"),
        (
            {"datashares": [DATASHARE, {"datashare_name": "sales_share"}]},
            "partners[0].datashares[1]: datashare_name needs cluster_identifier",
        ),
        ({"datashares": [{"cluster_identifier": "analytics"}]}, "partners[0].datashares[0]: one of datashare_arn"),
        ({"datashares": [42]}, "partners[0].datashares[0] must be a datashare ARN"),
        (
            {"principals": ["arn:aws:iam::210987654321:role/x"], "datashares": [DATASHARE]},
            "partners[0].datashares needs a 12-digit AWS account ID in partners[0].principals",
        ),
    ],
)
def test_new_suboptions_fail_before_any_call(stubbed, run, partner, message):
    result = run(partners=[dict(FIVETRAN, **partner)])
    assert result["failed"] is True
    assert message in result["msg"]
    assert stubbed.operations == []
