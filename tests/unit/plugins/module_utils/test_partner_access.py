# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""_partner_access: the input rules, the pure comparison (tables), and the reads the review makes (Stubber)."""

from __future__ import annotations

from datetime import date

import pytest

from ansible_collections.partner_onboarding.aws.plugins.module_utils import _partner_access
from ansible_collections.partner_onboarding.aws.plugins.module_utils._calls import normalize
from ansible_collections.partner_onboarding.aws.plugins.module_utils._module import Failure
from ansible_collections.partner_onboarding.aws.plugins.module_utils._partner_access import (
    ROW_KEYS,
    access_rows,
    drift,
    review,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._partner_access_rules import invalid_access_params
from ansible_collections.partner_onboarding.aws.plugins.module_utils._partner_access_shares import (
    principal_rows,
    read_share_access,
    select_shares,
)

ACCOUNT = "123456789012"
FIVETRAN, STITCH, STRANGER = "210987654321", "444455556666", "999988887777"
SHARE = f"arn:aws:ram:us-east-1:{ACCOUNT}:resource-share/11111111-aaaa"
OTHER = f"arn:aws:ram:us-east-1:{ACCOUNT}:resource-share/22222222-bbbb"


def integration(cluster, database, partner="Fivetran", status="Active"):
    return {
        "account_id": ACCOUNT,
        "cluster_identifier": cluster,
        "database_name": database,
        "partner_name": partner,
        "status": status,
    }


def share(arn, name, *principals):
    return {
        "arn": arn,
        "name": name,
        "principals": [{"principal": p, "status": status, "external": external} for p, status, external in principals],
    }


FIVETRAN_PARTNER = {
    "name": "Fivetran",
    "redshift_databases": [
        {"cluster_identifier": "analytics", "database_name": "sales"},
        {"cluster_identifier": "reporting", "database_name": "finance"},
    ],
    "principals": [FIVETRAN],
    "resource_shares": ["fivetran-share"],
}
STITCH_PARTNER = {
    "name": "Stitch",
    "redshift_partner_name": "StitchData",
    "redshift_databases": [{"cluster_identifier": "analytics", "database_name": "marketing"}],
    "principals": [STITCH],
    "resource_shares": [OTHER],
}
DEMO_INTEGRATIONS = [integration("analytics", "sales"), integration("reporting", "finance")]
DEMO_SHARES = [share(SHARE, "fivetran-share", (FIVETRAN, "ASSOCIATED", True))]


def grants(rows):
    """The rows in short: (kind, partner, grantee, where)."""
    return [
        (
            r["kind"],
            r["partner"],
            r["grantee"],
            f"{r['cluster_identifier']}/{r['database_name']}" if r["kind"] == "redshift" else r["resource_share_name"],
        )
        for r in rows
    ]


# --- access rows ----------------------------------------------------------------------------------------------------


def test_every_row_has_every_key_in_order():
    rows = access_rows(DEMO_INTEGRATIONS, DEMO_SHARES)
    assert [tuple(r) for r in rows] == [ROW_KEYS] * 3
    assert rows[2] == {
        "kind": "ram",
        "partner": None,
        "grantee": FIVETRAN,
        "cluster_identifier": None,
        "database_name": None,
        "resource_share_arn": SHARE,
        "resource_share_name": "fivetran-share",
        "status": "ASSOCIATED",
        "table_name": None,
        "data_location_arn": None,
        "permissions": None,
        "datashare_arn": None,
        "datashare_name": None,
        "role_arn": None,
        "role_name": None,
        "external_id": None,
        "managed_by": None,
    }
    assert rows[0]["status"] == "Active" and rows[0]["resource_share_arn"] is None


def test_the_row_keys_are_the_contracts():
    # INTERFACE.md, partner_access_info (1.2.0) and (1.3.0): every kind's keys on every row.
    assert set(ROW_KEYS) == {
        "kind",
        "partner",
        "grantee",
        "cluster_identifier",
        "database_name",
        "resource_share_arn",
        "resource_share_name",
        "status",
        "table_name",
        "data_location_arn",
        "permissions",
        "datashare_arn",
        "datashare_name",
        "role_arn",
        "role_name",
        "external_id",
        "managed_by",
    }


@pytest.mark.parametrize(
    "integrations, shares, partners, expected",
    [
        # No partners: every row belongs to none, integrations first (by cluster, database), then principals.
        (
            [integration("reporting", "finance"), integration("analytics", "sales")],
            DEMO_SHARES,
            [],
            [
                ("redshift", None, "Fivetran", "analytics/sales"),
                ("redshift", None, "Fivetran", "reporting/finance"),
                ("ram", None, FIVETRAN, "fivetran-share"),
            ],
        ),
        # Declared rows belong to their partner.
        (
            DEMO_INTEGRATIONS,
            DEMO_SHARES,
            [FIVETRAN_PARTNER],
            [
                ("redshift", "Fivetran", "Fivetran", "analytics/sales"),
                ("redshift", "Fivetran", "Fivetran", "reporting/finance"),
                ("ram", "Fivetran", FIVETRAN, "fivetran-share"),
            ],
        ),
        # Undeclared, but the grantee is a partner's: still that partner's row; a stranger belongs to none.
        (
            [integration("analytics", "archive")],
            [share(OTHER, "other-share", (FIVETRAN, "ASSOCIATED", True), (STRANGER, "ASSOCIATING", True))],
            [FIVETRAN_PARTNER],
            [
                ("redshift", "Fivetran", "Fivetran", "analytics/archive"),
                ("ram", "Fivetran", FIVETRAN, "other-share"),
                ("ram", None, STRANGER, "other-share"),
            ],
        ),
        # redshift_partner_name is the grantee that Redshift knows; a share declared by ARN.
        (
            [integration("analytics", "marketing", "StitchData")],
            [share(OTHER, "other-share", (STITCH, "ASSOCIATED", False))],
            [FIVETRAN_PARTNER, STITCH_PARTNER],
            [
                ("redshift", "Stitch", "StitchData", "analytics/marketing"),
                ("ram", "Stitch", STITCH, "other-share"),
            ],
        ),
    ],
)
def test_access_rows(integrations, shares, partners, expected):
    assert grants(access_rows(integrations, shares, partners)) == expected


# --- drift ----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "integrations, shares, partners, unexpected, missing",
    [
        # The demo's state: no drift.
        (DEMO_INTEGRATIONS, DEMO_SHARES, [FIVETRAN_PARTNER], [], []),
        # A principal added by hand: one unexpected row.
        (
            DEMO_INTEGRATIONS,
            [share(SHARE, "fivetran-share", (FIVETRAN, "ASSOCIATED", True), (STRANGER, "ASSOCIATING", True))],
            [FIVETRAN_PARTNER],
            [("ram", None, STRANGER, "fivetran-share")],
            [],
        ),
        # An integration removed by hand: one missing row.
        (
            DEMO_INTEGRATIONS[:1],
            DEMO_SHARES,
            [FIVETRAN_PARTNER],
            [],
            [("redshift", "Fivetran", "Fivetran", "reporting/finance")],
        ),
        # The partner removed from the share: missing; an integration on another database: unexpected.
        (
            DEMO_INTEGRATIONS + [integration("analytics", "archive")],
            [share(SHARE, "fivetran-share")],
            [FIVETRAN_PARTNER],
            [("redshift", "Fivetran", "Fivetran", "analytics/archive")],
            [("ram", "Fivetran", FIVETRAN, "fivetran-share")],
        ),
        # A pending principal counts as there.
        (
            DEMO_INTEGRATIONS,
            [share(SHARE, "fivetran-share", (FIVETRAN, "ASSOCIATING", True))],
            [FIVETRAN_PARTNER],
            [],
            [],
        ),
        # Cluster identifiers are not case-sensitive; partner names are.
        (
            [integration("Analytics", "sales"), integration("reporting", "finance", "fivetran")],
            DEMO_SHARES,
            [FIVETRAN_PARTNER],
            [("redshift", None, "fivetran", "reporting/finance")],
            [("redshift", "Fivetran", "Fivetran", "reporting/finance")],
        ),
        # A declared share that does not exist: missing, named as declared.
        (
            DEMO_INTEGRATIONS,
            [],
            [FIVETRAN_PARTNER],
            [],
            [("ram", "Fivetran", FIVETRAN, "fivetran-share")],
        ),
        # Two partners on one share, each declaring its own principal.
        (
            [],
            [share(OTHER, "other-share", (STITCH, "ASSOCIATED", False), (FIVETRAN, "ASSOCIATED", True))],
            [dict(FIVETRAN_PARTNER, redshift_databases=[], resource_shares=["other-share"]), STITCH_PARTNER],
            [],
            [("redshift", "Stitch", "StitchData", "analytics/marketing")],
        ),
    ],
)
def test_drift(integrations, shares, partners, unexpected, missing):
    rows = access_rows(integrations, shares, partners)
    found_unexpected, found_missing = drift(rows, shares, partners)
    assert grants(found_unexpected) == unexpected
    assert grants(found_missing) == missing
    assert all(row in rows for row in found_unexpected)
    assert all(row["status"] is None for row in found_missing)


def test_a_missing_share_declared_by_arn_keeps_its_arn():
    partner = dict(STITCH_PARTNER, redshift_databases=[])
    _unexpected, missing = drift([], [], [partner])
    assert [(m["resource_share_arn"], m["resource_share_name"]) for m in missing] == [(OTHER, None)]


@pytest.mark.parametrize(
    "clusters, references, missing",
    [
        (None, None, ["reporting/finance", "fivetran-share"]),
        (["analytics"], None, ["fivetran-share"]),
        (["ANALYTICS", "reporting"], ["other-share"], ["reporting/finance"]),
        ([], [], []),
    ],
)
def test_only_what_was_reviewed_can_be_missing(clusters, references, missing):
    rows = access_rows([integration("analytics", "sales")], [], [FIVETRAN_PARTNER])
    _unexpected, found = drift(rows, [], [FIVETRAN_PARTNER], clusters, references)
    assert [g[3] for g in grants(found)] == missing


def test_a_share_reviewed_by_arn_and_declared_by_name_is_reviewed():
    """resource_shares names the share by ARN, the partner by name: its missing principal is still missing."""
    reviewed = [share(SHARE, "fivetran-share")]
    _unexpected, found = drift([], reviewed, [dict(FIVETRAN_PARTNER, redshift_databases=[])], [], [SHARE])
    assert [(m["grantee"], m["resource_share_arn"], m["resource_share_name"]) for m in found] == [
        (FIVETRAN, SHARE, "fivetran-share")
    ]


def test_review_compares_only_with_partners():
    assert set(review(DEMO_INTEGRATIONS, DEMO_SHARES, [])) == {"redshift_integrations", "resource_shares", "access"}
    result = review(DEMO_INTEGRATIONS, DEMO_SHARES, [FIVETRAN_PARTNER])
    assert (result["unexpected"], result["missing"]) == ([], [])


# --- 1.3.0: IAM roles, ignore, expiry, the shares Lake Formation manages, suspended principals --------------------

TODAY = date(2026, 6, 15)
ETL_ROLE = f"arn:aws:iam::{ACCOUNT}:role/fivetran-etl"


def iam_role(name, *principals, external_id=None):
    statement = {"Effect": "Allow", "Principal": {"AWS": list(principals)}, "Action": "sts:AssumeRole"}
    if external_id:
        statement["Condition"] = {"StringEquals": {"sts:ExternalId": external_id}}
    return {
        "role_name": name,
        "arn": f"arn:aws:iam::{ACCOUNT}:role/{name}",
        "trust_policy": {"Version": "2012-10-17", "Statement": [statement]},
    }


ROLES = [
    iam_role("fivetran-etl", FIVETRAN, external_id="7f3a"),
    iam_role("debug", f"arn:aws:iam::{STRANGER}:root", ACCOUNT),
    iam_role("internal", "*"),
]


def test_iam_role_rows_follow_the_shares_with_every_key():
    rows = review(DEMO_INTEGRATIONS, DEMO_SHARES, [], roles=ROLES)["access"]
    assert [tuple(r) for r in rows] == [ROW_KEYS] * 6
    assert [(r["kind"], r["grantee"], r["role_name"], r["external_id"]) for r in rows[3:]] == [
        ("iam_role", STRANGER, "debug", False),
        ("iam_role", FIVETRAN, "fivetran-etl", True),
        ("iam_role", "*", "internal", False),
    ]
    assert rows[4]["role_arn"] == ETL_ROLE
    assert rows[4]["status"] is rows[4]["managed_by"] is rows[0]["role_arn"] is rows[2]["external_id"] is None


def test_iam_roles_not_reviewed_are_neither_rows_nor_missing():
    result = review(DEMO_INTEGRATIONS, DEMO_SHARES, [dict(FIVETRAN_PARTNER, iam_roles=["gone"])])
    assert [r["kind"] for r in result["access"]] == ["redshift", "redshift", "ram"]
    assert result["missing"] == []


def test_declared_iam_roles_are_expected_and_missing_ones_reported():
    partners = [dict(FIVETRAN_PARTNER, iam_roles=["fivetran-etl", "fivetran-load"])]
    result = review(DEMO_INTEGRATIONS, DEMO_SHARES, partners, roles=ROLES, ignore=["*"], today=TODAY)
    assert [(r["kind"], r["partner"], r["grantee"], r["role_name"]) for r in result["access"][3:]] == [
        ("iam_role", None, STRANGER, "debug"),
        ("iam_role", "Fivetran", FIVETRAN, "fivetran-etl"),
        ("iam_role", None, "*", "internal"),
    ]
    # "*" is ignored: only the stranger's trust is unexpected.
    assert [(r["grantee"], r["role_name"]) for r in result["unexpected"]] == [(STRANGER, "debug")]
    assert [(r["kind"], r["partner"], r["grantee"], r["role_name"], r["role_arn"]) for r in result["missing"]] == [
        ("iam_role", "Fivetran", FIVETRAN, "fivetran-load", None)
    ]
    assert [tuple(r) for r in result["missing"]] == [ROW_KEYS]
    assert result["expired"] == []


def test_an_expired_partner_has_its_rows_in_expired_and_nothing_missing():
    partners = [dict(FIVETRAN_PARTNER, iam_roles=["fivetran-etl", "fivetran-load"], expires_on="2026-06-15")]
    result = review(DEMO_INTEGRATIONS, DEMO_SHARES, partners, roles=ROLES, today=TODAY)
    assert [(r["kind"], r["grantee"]) for r in result["expired"]] == [
        ("redshift", "Fivetran"),
        ("redshift", "Fivetran"),
        ("ram", FIVETRAN),
        ("iam_role", FIVETRAN),
    ]
    assert [(r["grantee"], r["role_name"]) for r in result["unexpected"]] == [(STRANGER, "debug"), ("*", "internal")]
    assert result["missing"] == []
    tomorrow = review(DEMO_INTEGRATIONS, DEMO_SHARES, partners, roles=ROLES, today=date(2026, 6, 14))
    assert tomorrow["expired"] == [] and len(tomorrow["missing"]) == 1


def test_a_grant_an_expired_and_a_current_partner_both_declare_is_not_expired():
    """The role keeps a principal another, unexpired partner lists when it offboards an expired one: the review
    neither reports it expired nor lets remediation take it, whichever entry comes first."""
    shares = [share(SHARE, "fivetran-share", (FIVETRAN, "ASSOCIATED", True))]
    expired = {
        "name": "Old",
        "principals": [FIVETRAN],
        "resource_shares": ["fivetran-share"],
        "expires_on": "2026-06-01",
    }
    current = {"name": "New", "principals": [FIVETRAN], "resource_shares": ["fivetran-share"]}
    for partners in ([expired, current], [current, expired]):
        result = review([], shares, partners, today=TODAY)
        assert [(r["partner"], r["grantee"]) for r in result["access"]] == [("New", FIVETRAN)]
        assert (result["expired"], result["unexpected"], result["missing"]) == ([], [], [])
    # Declared by the expired entry alone, it is expired.
    assert [r["partner"] for r in review([], shares, [expired], today=TODAY)["expired"]] == ["Old"]


def test_ignore_takes_accounts_in_either_form_and_redshift_partner_names():
    shares = [share(SHARE, "fivetran-share", (FIVETRAN, "ASSOCIATED", True), (STRANGER, "ASSOCIATED", True))]
    partners = [{"name": "Stitch", "principals": [STITCH]}]
    unexpected = review(
        DEMO_INTEGRATIONS, shares, partners, roles=ROLES, ignore=["Fivetran", f"arn:aws:iam::{FIVETRAN}:root"]
    )["unexpected"]
    assert [(r["kind"], r["grantee"]) for r in unexpected] == [
        ("ram", STRANGER),
        ("iam_role", STRANGER),
        ("iam_role", "*"),
    ]


LF_SHARE = "LakeFormation-V3-ABCDEFGHIJ-123456789012"


def test_ram_rows_of_lakeformation_shares_say_so():
    shares = [share(SHARE, LF_SHARE, (FIVETRAN, "ASSOCIATED", True)), share(OTHER, "fivetran-share")]
    assert [r["managed_by"] for r in access_rows([], shares + DEMO_SHARES)] == ["lakeformation", None]


def test_a_lakeformation_share_row_is_expected_with_an_expected_lakeformation_row(monkeypatch):
    """There are no lakeformation rows yet: a synthetic one, declared by a synthetic rule, stands for them."""
    shares = [share(SHARE, LF_SHARE, (FIVETRAN, "ASSOCIATED", True), (STITCH, "ASSOCIATED", True))]
    granted = dict.fromkeys(ROW_KEYS)
    granted.update(kind="lakeformation", grantee=FIVETRAN, partner="Fivetran", database_name="sales")
    stranger = dict(granted, grantee=STITCH, partner=None)
    monkeypatch.setitem(
        _partner_access.DECLARING_PARTNER,
        "lakeformation",
        lambda item, partners: "Fivetran" if item["grantee"] == FIVETRAN else None,
    )
    rows = access_rows([], shares) + [granted, stranger]
    unexpected, missing = drift(rows, shares, [{"name": "Fivetran", "principals": []}])
    found, _missing, _expired = _partner_access.settle_drift(rows, unexpected, missing, [], today=TODAY)
    assert [(r["kind"], r["grantee"]) for r in found] == [("ram", STITCH), ("lakeformation", STITCH)]
    assert rows[0]["partner"] == "Fivetran"


@pytest.mark.parametrize(
    "status, listed",
    [
        ("ASSOCIATED", True),
        ("ASSOCIATING", True),
        ("SUSPENDED", True),
        ("SUSPENDING", True),
        ("RESTORING", True),
        ("DISASSOCIATED", False),
        ("DISASSOCIATING", False),
        ("FAILED", False),
    ],
)
def test_principals_of_accounts_that_left_the_organization_are_listed_with_their_status(status, listed):
    rows = principal_rows([normalize(association(SHARE, FIVETRAN, status=status, external=True))])
    assert rows == ([{"principal": FIVETRAN, "status": status, "external": True}] if listed else [])


# --- input rules ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "params, messages",
    [
        ({"partners": [FIVETRAN_PARTNER, STITCH_PARTNER], "account_id": ACCOUNT}, []),
        ({"account_id": "1234"}, ["account_id '1234' is not valid"]),
        ({"cluster_identifiers": ["ok", "not_ok"]}, ["cluster_identifiers: 'not_ok' is not valid"]),
        ({"resource_shares": ["share", "arn:aws:ram:x"]}, ["resource_shares 'arn:aws:ram:x' is not a RAM resource"]),
        ({"resource_shares": [" "]}, ["resource_shares must not be empty"]),
        ({"partners": [dict(FIVETRAN_PARTNER, name="Five tran")]}, ["partners[0].name 'Five tran' is not valid"]),
        (
            {"partners": [dict(FIVETRAN_PARTNER, name="Five tran", redshift_partner_name="Fivetran")]},
            [],
        ),
        (
            {"partners": [dict(STITCH_PARTNER, redshift_partner_name="Stitch Data")]},
            ["partners[0].redshift_partner_name 'Stitch Data' is not valid"],
        ),
        ({"partners": [dict(FIVETRAN_PARTNER, name="")]}, ["partners[0].name must not be empty"]),
        (
            {"partners": [STITCH_PARTNER, dict(FIVETRAN_PARTNER, principals=["1234", FIVETRAN])]},
            ["partners[1].principals: '1234' not valid"],
        ),
        (
            {
                "partners": [
                    dict(FIVETRAN_PARTNER, redshift_databases=[{"cluster_identifier": "a_b", "database_name": "x"}])
                ]
            },
            [
                "partners[0].redshift_databases[0].cluster_identifier 'a_b' is not valid",
                "partners[0].redshift_databases[0].database_name 'x' is not valid",
            ],
        ),
        (
            {"partners": [dict(FIVETRAN_PARTNER, resource_shares=["arn:aws:ram:us-east-1:1:resource-share/x"])]},
            ["partners[0].resource_shares 'arn:aws:ram:us-east-1:1:resource-share/x' is not a RAM resource share"],
        ),
        (
            {"partners": [dict(FIVETRAN_PARTNER, iam_roles=["etl", ETL_ROLE], expires_on="2026-12-31")]},
            [],
        ),
        (
            {"partners": [STITCH_PARTNER, dict(FIVETRAN_PARTNER, iam_roles=["e t l"], expires_on="2026-13-01")]},
            ["partners[1].iam_roles: 'e t l' not valid", "partners[1].expires_on: '2026-13-01' is not a date"],
        ),
        ({"ignore": ["Fivetran", FIVETRAN, ""]}, ["ignore entries must not be empty"]),
    ],
)
def test_invalid_access_params(params, messages):
    errors = invalid_access_params(params)
    assert len(errors) == len(messages)
    for error, message in zip(errors, messages):
        assert error.startswith(message), error


# --- reads ----------------------------------------------------------------------------------------------------------


def aws_share(arn, name, status="ACTIVE"):
    return {"resourceShareArn": arn, "name": name, "owningAccountId": ACCOUNT, "status": status}


def association(share_arn, entity, kind="PRINCIPAL", status="ASSOCIATED", external=False):
    return {
        "resourceShareArn": share_arn,
        "associatedEntity": entity,
        "associationType": kind,
        "status": status,
        "external": external,
    }


def test_select_shares_fails_naming_what_matches_nothing():
    shares = [{"arn": SHARE, "name": "fivetran-share"}, {"arn": OTHER, "name": "other-share"}]
    assert select_shares(shares, [OTHER]) == shares[1:]
    assert select_shares(shares, None) == shares
    with pytest.raises(Failure, match=r"'nope' names none of your ACTIVE resource shares .*: fivetran-share, other"):
        select_shares(shares, ["fivetran-share", "nope"])


def test_read_share_access_reads_per_type_and_per_share(stubbed):
    ram = stubbed("ram")
    ram.add_response(
        "get_resource_shares",
        {"resourceShares": [aws_share(SHARE, "fivetran-share"), aws_share(OTHER, "other-share", "DELETED")]},
        {"resourceOwner": "SELF", "resourceShareStatus": "ACTIVE"},
    )
    ram.add_response(
        "get_resource_share_associations",
        {
            "resourceShareAssociations": [
                association(SHARE, FIVETRAN, status="ASSOCIATED", external=True),
                association(SHARE, STRANGER, status="ASSOCIATING", external=True),
                association(SHARE, STITCH, status="DISASSOCIATED"),
            ]
        },
        {"associationType": "PRINCIPAL", "resourceShareArns": [SHARE]},
    )
    ram.add_response(
        "get_resource_share_associations",
        {"resourceShareAssociations": [association(SHARE, "arn:aws:glue:us-east-1:1:database/sales", "RESOURCE")]},
        {"associationType": "RESOURCE", "resourceShareArns": [SHARE]},
    )
    ram.add_response(
        "list_resource_share_permissions",
        {
            "permissions": [
                {
                    "arn": "arn:aws:ram::aws:permission/AWSRAMPermissionGlueDatabaseReadWrite",
                    "name": "AWSRAMPermissionGlueDatabaseReadWrite",
                    "version": "2",
                    "resourceType": "glue:Database",
                }
            ]
        },
        {"resourceShareArn": SHARE},
    )
    [found] = read_share_access(stubbed.client("ram"))
    assert found["principals"] == [
        {"principal": FIVETRAN, "status": "ASSOCIATED", "external": True},
        {"principal": STRANGER, "status": "ASSOCIATING", "external": True},
    ]
    assert found["resource_arns"] == ["arn:aws:glue:us-east-1:1:database/sales"]
    assert found["permissions"] == {
        "glue:Database": {
            "arn": "arn:aws:ram::aws:permission/AWSRAMPermissionGlueDatabaseReadWrite",
            "name": "AWSRAMPermissionGlueDatabaseReadWrite",
            "version": 2,
        }
    }
    assert stubbed.operations == [
        "GetResourceShares",
        "GetResourceShareAssociations",
        "GetResourceShareAssociations",
        "ListResourceSharePermissions",
    ]


def test_no_share_no_association_read(stubbed):
    stubbed("ram").add_response(
        "get_resource_shares", {"resourceShares": []}, {"resourceOwner": "SELF", "resourceShareStatus": "ACTIVE"}
    )
    assert read_share_access(stubbed.client("ram")) == []
    assert stubbed.operations == ["GetResourceShares"]
