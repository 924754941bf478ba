# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import pytest

from ansible_collections.partner_onboarding.aws.plugins.module_utils._partner_access import review, row
from ansible_collections.partner_onboarding.aws.plugins.plugin_utils._partner_access_remediation import (
    BY_HAND_LAKEFORMATION,
    KEPT_IGNORED,
    KEPT_LAKEFORMATION_SHARE,
    label,
    own_account_of,
    partner_access_remediation_plan,
)

OWN = "123456789012"
PARTNER = "210987654321"
STRANGER = "999988887777"
SHARE = f"arn:aws:ram:us-east-1:{OWN}:resource-share/11111111-aaaa"
LF_SHARE = f"arn:aws:ram:us-east-1:{OWN}:resource-share/22222222-bbbb"
DATASHARE = f"arn:aws:redshift:us-east-1:{OWN}:datashare:0b1c2d3e-0000-4000-8000-000000000001/sales_share"
ROLE = f"arn:aws:iam::{OWN}:role/debug"


def redshift_row(grantee="Stitch", partner=None):
    return row("redshift", grantee, partner, "Active", cluster_identifier="analytics", database_name="sales")


def ram_row(grantee=STRANGER, partner=None, managed_by=None, arn=SHARE, name="fivetran-share"):
    return row(
        "ram",
        grantee,
        partner,
        "ASSOCIATED",
        resource_share_arn=arn,
        resource_share_name=name,
        managed_by=managed_by,
    )


def lakeformation_row(grantee=STRANGER, partner=None, table_name="orders", data_location_arn=None):
    return row(
        "lakeformation",
        grantee,
        partner,
        database_name=None if data_location_arn else "sales",
        table_name=None if data_location_arn else table_name,
        data_location_arn=data_location_arn,
        permissions=["SELECT"],
    )


def datashare_row(grantee=STRANGER, partner=None):
    return row(
        "datashare",
        grantee,
        partner,
        "AUTHORIZED",
        datashare_arn=DATASHARE,
        datashare_name="sales_share",
        cluster_identifier="analytics",
    )


def role_row(grantee=STRANGER, partner=None):
    return row("iam_role", grantee, partner, role_arn=ROLE, role_name="debug", external_id=False)


def plan_of(unexpected=(), expired=(), own_account=OWN, ignore=()):
    rows = list(unexpected) + list(expired)
    result = {"access": rows, "unexpected": list(unexpected), "missing": [], "expired": list(expired)}
    return partner_access_remediation_plan(result, own_account, ignore)


def summary(plan):
    """``(section, kind, grantee, reason or module and args)`` of every entry, in order."""
    lines = [("remove", e["kind"], e["row"]["grantee"], e["module"], e["args"]) for e in plan["remove"]]
    lines += [("by_hand", e["kind"], e["row"]["grantee"], e["reason"]) for e in plan["by_hand"]]
    lines += [("kept", e["kind"], e["row"]["grantee"], e["reason"]) for e in plan["kept"]]
    return lines


REMOVED = [
    (
        redshift_row(),
        "partner_onboarding.aws.redshift_partner",
        {
            "cluster_identifier": "analytics",
            "database_name": "sales",
            "partner_name": "Stitch",
            "account_id": OWN,
            "state": "absent",
        },
    ),
    (
        ram_row(),
        "partner_onboarding.aws.ram_resource_share_principal",
        {"resource_share_arn": SHARE, "principals": [STRANGER], "state": "absent"},
    ),
    (
        ram_row(f"arn:aws:iam::{STRANGER}:role/reader"),
        "partner_onboarding.aws.ram_resource_share_principal",
        {"resource_share_arn": SHARE, "principals": [f"arn:aws:iam::{STRANGER}:role/reader"], "state": "absent"},
    ),
    (
        lakeformation_row(),
        "partner_onboarding.aws.lakeformation_permissions",
        {"principal": STRANGER, "database_name": "sales", "table_name": "orders", "state": "absent"},
    ),
    (
        lakeformation_row(table_name=None),
        "partner_onboarding.aws.lakeformation_permissions",
        {"principal": STRANGER, "database_name": "sales", "state": "absent"},
    ),
    (
        lakeformation_row(data_location_arn="arn:aws:s3:::lake/raw"),
        "partner_onboarding.aws.lakeformation_permissions",
        {"principal": STRANGER, "data_location_arn": "arn:aws:s3:::lake/raw", "state": "absent"},
    ),
    (
        datashare_row(),
        "partner_onboarding.aws.redshift_datashare",
        {"datashare_arn": DATASHARE, "consumer_account_ids": [STRANGER], "state": "absent"},
    ),
]


@pytest.mark.parametrize("item, module, args", REMOVED, ids=lambda value: value if isinstance(value, str) else None)
@pytest.mark.parametrize("how", ["unexpected", "expired"])
def test_each_kind_is_removed_with_its_module(item, module, args, how):
    if how == "expired":
        item["partner"] = "Fivetran"
        plan = plan_of(expired=[item])
        reason = "expired (Fivetran)"
    else:
        plan = plan_of(unexpected=[item])
        reason = "unexpected"
        if item["kind"] == "lakeformation":
            # An unexpected grant loses the permissions of its row (those no entry declares), an expired one all.
            args = dict(args, permissions=item["permissions"])
    assert summary(plan) == [("remove", item["kind"], item["grantee"], module, args)]
    assert plan["remove"][0]["reason"] == reason
    assert plan["remove"][0]["label"] == label(item)
    assert plan["remove"][0]["row"] is item


KEPT = [
    ("own account ID", ram_row(OWN), f"the caller's own account ({OWN})"),
    ("own account root", lakeformation_row(f"arn:aws:iam::{OWN}:root"), f"the caller's own account ({OWN})"),
    ("own role", lakeformation_row(f"arn:aws:iam::{OWN}:role/analyst"), f"the caller's own account ({OWN})"),
    ("own consumer", datashare_row(OWN), f"the caller's own account ({OWN})"),
    ("ignored ID", ram_row("111122223333"), KEPT_IGNORED),
    ("ignored as root ARN", datashare_row("444455556666"), KEPT_IGNORED),
    ("ignored partner name", redshift_row("Internal"), KEPT_IGNORED),
    (
        "lake formation share",
        ram_row(managed_by="lakeformation", arn=LF_SHARE, name="LakeFormation-V3-abc"),
        KEPT_LAKEFORMATION_SHARE,
    ),
]


@pytest.mark.parametrize("name, item, reason", KEPT, ids=[case[0] for case in KEPT])
@pytest.mark.parametrize("how", ["unexpected", "expired"])
def test_kept_rows_say_why(name, item, reason, how):  # pylint: disable=unused-argument
    ignore = ["111122223333", "arn:aws:iam::444455556666:root", "Internal"]
    plan = plan_of(**{how: [item]}, ignore=ignore)
    assert summary(plan) == [("kept", item["kind"], item["grantee"], reason)]


@pytest.mark.parametrize(
    "item, reason",
    [
        (role_row(), "unexpected: IAM trust policies are never changed"),
        (role_row(f"arn:aws:iam::{STRANGER}:role/etl"), "unexpected: IAM trust policies are never changed"),
        (row("glue_policy", STRANGER), "unexpected: no module of partner_onboarding.aws removes a glue_policy grant"),
    ],
)
def test_iam_trust_and_unknown_kinds_are_left_for_a_human(item, reason):
    plan = plan_of(unexpected=[item])
    assert plan["remove"] == [] and plan["kept"] == []
    assert [(e["kind"], e["row"]["grantee"]) for e in plan["by_hand"]] == [(item["kind"], item["grantee"])]
    assert plan["by_hand"][0]["reason"].startswith(reason)


def test_an_iam_role_of_an_expired_partner_is_left_for_a_human():
    plan = plan_of(expired=[role_row(PARTNER, "Fivetran")])
    assert [e["reason"].split(":")[0] for e in plan["by_hand"]] == ["expired (Fivetran)"]


def test_one_of_each_kind_in_review_order():
    unexpected = [redshift_row(), ram_row(), ram_row(OWN), lakeformation_row(), datashare_row(), role_row()]
    expired = [ram_row(PARTNER, "Fivetran"), ram_row(PARTNER, "Fivetran", "lakeformation", LF_SHARE, "LakeFormation")]
    plan = plan_of(unexpected, expired, ignore=[])
    assert [(e["kind"], e["row"]["grantee"], e["reason"]) for e in plan["remove"]] == [
        ("redshift", "Stitch", "unexpected"),
        ("ram", STRANGER, "unexpected"),
        ("lakeformation", STRANGER, "unexpected"),
        ("datashare", STRANGER, "unexpected"),
        ("ram", PARTNER, "expired (Fivetran)"),
    ]
    assert [e["kind"] for e in plan["by_hand"]] == ["iam_role"]
    assert [(e["row"]["grantee"], e["row"]["managed_by"]) for e in plan["kept"]] == [
        (OWN, None),
        (PARTNER, "lakeformation"),
    ]
    assert plan["own_account"] == OWN


def test_a_grant_listed_twice_is_removed_once():
    plan = plan_of(unexpected=[lakeformation_row(), lakeformation_row()])
    assert len(plan["remove"]) == 1


def test_nothing_to_do():
    assert plan_of() == {"own_account": OWN, "remove": [], "by_hand": [], "kept": []}
    assert partner_access_remediation_plan({"access": []}) == {
        "own_account": None,
        "remove": [],
        "by_hand": [],
        "kept": [],
    }


def test_without_the_account_the_review_s_own_arns_tell_it():
    plan = plan_of(unexpected=[ram_row(OWN), ram_row()], own_account=None)
    assert plan["own_account"] == OWN
    assert [e["row"]["grantee"] for e in plan["kept"]] == [OWN]
    assert [e["row"]["grantee"] for e in plan["remove"]] == [STRANGER]
    assert own_account_of({"resource_shares": [{"arn": SHARE}], "access": []}) == OWN
    assert own_account_of({"access": [datashare_row()]}) == OWN
    assert own_account_of({"access": [role_row()]}) == OWN


def test_an_unknown_account_refuses_rather_than_risk_the_caller_s_own():
    item = lakeformation_row()
    with pytest.raises(ValueError, match="the caller's account is unknown, so lakeformation 999988887777 on database"):
        partner_access_remediation_plan({"access": [item], "unexpected": [item], "expired": []})
    # A Redshift partner name names no account: nothing to fear.
    item = redshift_row()
    plan = partner_access_remediation_plan({"access": [item], "unexpected": [item], "expired": []})
    assert plan["remove"][0]["args"] == {
        "cluster_identifier": "analytics",
        "database_name": "sales",
        "partner_name": "Stitch",
        "state": "absent",
    }


def test_a_real_review_plans_its_unexpected_and_expired_rows():
    shares = [
        {
            "arn": SHARE,
            "name": "fivetran-share",
            "principals": [
                {"principal": PARTNER, "status": "ASSOCIATED", "external": True},
                {"principal": STRANGER, "status": "ASSOCIATED", "external": True},
                {"principal": "111122223333", "status": "ASSOCIATED", "external": False},
            ],
        }
    ]
    integrations = [
        {"cluster_identifier": "analytics", "database_name": "sales", "partner_name": "Fivetran", "status": "Active"}
    ]
    partners = [
        {
            "name": "Fivetran",
            "redshift_databases": [{"cluster_identifier": "analytics", "database_name": "sales"}],
            "principals": [PARTNER],
            "resource_shares": ["fivetran-share"],
            "expires_on": "2000-01-01",
        }
    ]
    roles = [
        {
            "role_name": "debug",
            "arn": ROLE,
            "trust_policy": {
                "Statement": [{"Effect": "Allow", "Principal": {"AWS": STRANGER}, "Action": "sts:AssumeRole"}]
            },
        }
    ]
    result = review(integrations, shares, partners, roles=roles, ignore=["111122223333"])
    plan = partner_access_remediation_plan(result, None, ["111122223333"])
    assert [(e["kind"], e["row"]["grantee"], e["reason"]) for e in plan["remove"]] == [
        ("ram", STRANGER, "unexpected"),
        ("redshift", "Fivetran", "expired (Fivetran)"),
        ("ram", PARTNER, "expired (Fivetran)"),
    ]
    assert [(e["kind"], e["row"]["grantee"]) for e in plan["by_hand"]] == [("iam_role", STRANGER)]
    assert plan["kept"] == []


def test_a_lake_formation_grant_the_module_cannot_name_is_left_to_remove_by_hand():
    """A grant on the catalog (or LF-tags, a data cells filter) has no database, table or data location: the module
    could not name it, so it is listed to remove by hand, and the other removals still run."""
    catalog = lakeformation_row(data_location_arn=None)
    catalog.update(database_name=None, table_name=None)
    plan = plan_of(unexpected=[catalog, ram_row()])
    assert [(e["kind"], e["row"]["grantee"]) for e in plan["remove"]] == [("ram", STRANGER)]
    assert [(e["kind"], e["reason"]) for e in plan["by_hand"]] == [
        ("lakeformation", f"unexpected: {BY_HAND_LAKEFORMATION}")
    ]
