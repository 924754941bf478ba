# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import datetime
import uuid

import pytest
import yaml

from ansible_collections.partner_onboarding.aws.plugins.plugin_utils._onboard_partners import (
    ROLE_ARGUMENT_SPECS,
    creation_token,
    onboard_partners_errors,
    onboard_partners_shared,
    role_defaults,
)

ACCOUNT = "123456789012"
SALES = f"arn:aws:glue:us-east-1:{ACCOUNT}:database/sales"
MARKETING = f"arn:aws:glue:us-east-1:{ACCOUNT}:database/marketing"
SHARE_ARN = f"arn:aws:ram:us-east-1:{ACCOUNT}:resource-share/8a4b7c2e-1f3d-4e5a-9b6c-0d1e2f3a4b5c"
READ_WRITE = "AWSRAMPermissionGlueDatabaseReadWrite"
AWS = {"region": "us-east-1"}


def partner(principals=("210987654321",), shares=(), state="present", aws=None, **extra):
    return dict(
        onboard_partner_name="Fivetran",
        onboard_partner_state=state,
        onboard_partner_principals=list(principals),
        onboard_partner_resource_shares=list(shares),
        onboard_partner_aws=AWS if aws is None else aws,
        **extra,
    )


def share(name="glue", resources=(SALES,), **extra):
    return dict(name=name, resource_arns=list(resources), **extra)


def test_one_share_for_the_union_of_its_partners():
    hostvars = {
        "a": partner(["210987654321"], [share(resources=[SALES], permissions=[READ_WRITE], tags={"team": "data"})]),
        "b": partner(["310987654321"], [share(resources=[MARKETING, SALES], tags={"stage": "prod"})]),
    }
    result = onboard_partners_shared(hostvars, ["a", "b"])
    assert result["invalid"] == {} and result["kept_principals"] == {}
    assert result["shares"] == [
        {
            "aws": AWS,
            "name": "glue",
            "arn": None,
            "resource_arns": [SALES, MARKETING],
            "permissions": [READ_WRITE],
            "allow_external_principals": True,
            "tags": {"team": "data", "stage": "prod"},
            "partners": ["a", "b"],
            "conflicts": [],
            "client_token": creation_token("glue"),
        }
    ]


def test_the_creation_token_depends_on_the_name_only_and_is_a_uuid():
    assert creation_token("glue") == creation_token("glue") != creation_token("glue-2")
    assert str(uuid.UUID(creation_token("glue"))) == creation_token("glue")


@pytest.mark.parametrize(
    "first, second, conflict",
    [
        ({"allow_external_principals": False}, {}, "allow_external_principals"),
        ({"tags": {"team": "data"}}, {"tags": {"team": "sales"}}, "tags: b sets team='sales'"),
    ],
)
def test_partners_disagreeing_on_a_share_are_reported(first, second, conflict):
    hostvars = {"a": partner(shares=[share(**first)]), "b": partner(shares=[share(**second)])}
    (result,) = onboard_partners_shared(hostvars, ["a", "b"])["shares"]
    assert len(result["conflicts"]) == 1 and conflict in result["conflicts"][0]


def test_shares_of_other_accounts_or_regions_are_other_shares_and_aliases_are_one_connection():
    hostvars = {
        "a": partner(shares=[share()], aws={"region": "us-east-1"}),
        "b": partner(shares=[share()], aws={"aws_region": "us-east-1"}),
        "c": partner(shares=[share()], aws={"region": "eu-west-1"}),
    }
    shares = onboard_partners_shared(hostvars, ["a", "b", "c"])["shares"]
    assert [(s["aws"], s["partners"]) for s in shares] == [(AWS, ["a", "b"]), ({"region": "eu-west-1"}, ["c"])]


def test_refused_partners_and_offboarded_ones_make_no_share():
    hostvars = {
        "bad": partner(["21098765432"], [share(name="bad-share")]),
        "gone": partner(shares=[share(name="old-share")], state="absent"),
        "ok": partner(shares=[share()]),
    }
    result = onboard_partners_shared(hostvars, ["bad", "gone", "ok"])
    assert [s["name"] for s in result["shares"]] == ["glue"]
    assert list(result["invalid"]) == ["bad"] and "onboard_partner_principals" in result["invalid"]["bad"][0]


def test_offboarding_keeps_the_principals_a_present_partner_lists_on_the_same_share():
    hostvars = {
        "gone": partner(["210987654321", "299999999999"], [share(), share(name="other")], state="absent"),
        "stays": partner(["299999999999"], [share()]),
        "elsewhere": partner(["210987654321"], [share(name="third")]),
    }
    result = onboard_partners_shared(hostvars, ["gone", "stays", "elsewhere"])
    assert result["kept_principals"] == {"gone": {"glue": ["299999999999"]}}


def test_a_share_named_by_arn_and_name_keeps_principals_under_both():
    hostvars = {
        "gone": partner(["299999999999"], [share()], state="absent"),
        "stays": partner(["299999999999"], [{"arn": SHARE_ARN, "name": "glue"}]),
    }
    result = onboard_partners_shared(hostvars, ["gone", "stays"])
    assert result["kept_principals"] == {"gone": {"glue": ["299999999999"]}}
    assert result["shares"][0]["client_token"] == creation_token("glue")


def test_share_permissions_are_listed_once_with_their_partners():
    item = {"resource_share_name": "glue", "permission_name": READ_WRITE, "replace": True}
    hostvars = {
        "a": partner(onboard_partner_resource_share_permissions=[item]),
        "b": partner(onboard_partner_resource_share_permissions=[dict(item)]),
    }
    assert onboard_partners_shared(hostvars, ["a", "b"])["share_permissions"] == [
        dict(item, aws=AWS, partners=["a", "b"])
    ]


READ = {"Effect": "Allow", "Action": ["glue:GetTable", "glue:GetPartitions"]}
PERMISSION = {"name": "PartnerRead", "resource_type": "glue:Table", "policy_template": READ}


def test_customer_managed_permissions_are_one_per_name_for_the_present_partners():
    hostvars = {
        # The same template written differently is the same permission.
        "a": partner(onboard_partner_permissions=[dict(PERMISSION, tags={"team": "data"})]),
        "b": partner(
            onboard_partner_permissions=[
                dict(
                    PERMISSION, policy_template='{"Action": ["glue:GetPartitions", "glue:GetTable"], "Effect": "Allow"}'
                )
            ]
        ),
        "c": partner(state="absent", onboard_partner_permissions=[dict(PERMISSION, name="Other")]),
    }
    assert onboard_partners_shared(hostvars, ["a", "b", "c"])["permissions"] == [
        {
            "aws": AWS,
            "name": "PartnerRead",
            "resource_type": "glue:Table",
            "policy_template": READ,
            "tags": {"team": "data"},
            "partners": ["a", "b"],
            "conflicts": [],
        }
    ]


@pytest.mark.parametrize(
    "other, conflict",
    [
        (
            dict(PERMISSION, resource_type="glue:Database"),
            "resource_type of permission PartnerRead: b sets glue:Database",
        ),
        (dict(PERMISSION, policy_template={"Effect": "Allow", "Action": "glue:*"}), "policy_template of permission"),
        (dict(PERMISSION, tags={"team": "ops"}), "tags: b sets team='ops'"),
    ],
)
def test_partners_disagreeing_on_a_permission_are_reported(other, conflict):
    hostvars = {
        "a": partner(onboard_partner_permissions=[dict(PERMISSION, tags={"team": "data"})]),
        "b": partner(onboard_partner_permissions=[other]),
    }
    [permission] = onboard_partners_shared(hostvars, ["a", "b"])["permissions"]
    assert permission["partners"] == ["a", "b"]
    assert len(permission["conflicts"]) == 1 and permission["conflicts"][0].startswith(conflict)


def test_the_role_defaults_are_the_argument_specification_s_and_defaults_main_repeats_them():
    # Ansible does not apply an argument specification's defaults: defaults/main.yml must state the same ones.
    defaults_main = ROLE_ARGUMENT_SPECS.parents[1] / "defaults" / "main.yml"
    assert yaml.safe_load(defaults_main.read_text(encoding="utf-8")) == role_defaults()
    assert role_defaults()["onboard_partner_state"] == "present"


def test_a_partner_leaving_variables_unset_gets_the_role_defaults():
    hostvars = {"a": {"onboard_partner_name": "Fivetran", "onboard_partner_resource_shares": [share()]}}
    result = onboard_partners_shared(hostvars, ["a"])
    assert [(s["name"], s["aws"], s["partners"]) for s in result["shares"]] == [("glue", {}, ["a"])]
    assert result["invalid"] == {} and result["kept_principals"] == {}


def test_a_survey_s_comma_separated_principals_are_a_list():
    hostvars = {
        "gone": dict(
            partner(shares=[share()], state="absent"), onboard_partner_principals="210987654321, 299999999999"
        ),
        "stays": partner(["299999999999"], [share()]),
    }
    assert onboard_partners_shared(hostvars, ["gone", "stays"])["kept_principals"] == {
        "gone": {"glue": ["299999999999"]}
    }


def loop(*items):
    """A registered loop result, one result per ``(item, result)``."""
    return {"results": [dict(result, item=item) for item, result in items]}


def test_a_partner_fails_for_the_conflicts_and_failures_of_what_it_lists_only():
    hostvars = {
        "a": partner(shares=[share(allow_external_principals=False)], onboard_partner_permissions=[PERMISSION]),
        "b": partner(shares=[share()], onboard_partner_permissions=[dict(PERMISSION, resource_type="glue:Database")]),
        "c": partner(shares=[share(name="other")]),
    }
    shared = onboard_partners_shared(hostvars, ["a", "b", "c"])
    other = {"partners": ["c"]}
    assert onboard_partners_errors(shared, "a") == [
        "partners disagree on a shared resource share: allow_external_principals: b sets True, another partner False",
        "partners disagree on a customer managed permission: resource_type of permission PartnerRead: b sets "
        "glue:Database, another partner glue:Table",
    ]
    assert onboard_partners_errors(shared, "c") == []
    failed = {"failed": True, "msg": "RAM refused"}
    registered = dict(
        permissions=loop((other, {"changed": False}), (other, failed)),
        shares=loop((other, dict(failed, msg="no share"))),
        share_permissions=loop(({"partners": ["a", "c"]}, dict(failed, msg="no permission"))),
    )
    assert onboard_partners_errors(shared, "c", **registered) == ["RAM refused", "no share", "no permission"]
    assert onboard_partners_errors(shared, "a", **registered)[2:] == ["no permission"]
    # A loop that did not run (a skipped task) registers no results.
    assert onboard_partners_errors(shared, "c", permissions={"skipped": True}) == []


# --- 1.3.0: expiry ---------------------------------------------------------------------------------------------------


def test_an_expired_partner_counts_as_offboarded_whatever_its_state():
    hostvars = {
        "expired": partner(
            ["210987654321", "299999999999"],
            [share(), share(name="own")],
            **{"onboard_partner_expires_on": "2027-03-15"},
        ),
        "stays": partner(["299999999999"], [share()], onboard_partner_expires_on="2027-03-16"),
        "gone": partner(["310987654321"], [share(name="old")], state="absent", onboard_partner_expires_on="2027-03-16"),
    }
    result = onboard_partners_shared(hostvars, ["expired", "stays", "gone"], "2027-03-15")
    # Its shares are no longer made for it; the principal another partner lists on the shared share stays.
    assert [(s["name"], s["partners"]) for s in result["shares"]] == [("glue", ["stays"])]
    assert result["kept_principals"] == {"expired": {"glue": ["299999999999"]}}
    assert result["expired"] == ["expired"]
    assert result["today"] == "2027-03-15"


def test_the_partners_are_judged_by_today_in_utc_unless_told():
    hostvars = {"a": partner(onboard_partner_expires_on="2000-01-01"), "b": partner(onboard_partner_expires_on=None)}
    result = onboard_partners_shared(hostvars, ["a", "b"])
    assert result["expired"] == ["a"]
    assert result["today"] == datetime.datetime.now(datetime.timezone.utc).date().isoformat()
    assert onboard_partners_shared(hostvars, ["a", "b"], datetime.date(1999, 12, 31))["expired"] == []


def test_a_malformed_expiry_fails_its_partner_alone():
    hostvars = {"bad": partner(onboard_partner_expires_on="2027-13-01"), "ok": partner(shares=[share()])}
    result = onboard_partners_shared(hostvars, ["bad", "ok"], "2027-03-15")
    assert result["invalid"] == {
        "bad": ["onboard_partner_expires_on: '2027-13-01' is not a date in the form YYYY-MM-DD"]
    }
    assert result["expired"] == [] and [s["partners"] for s in result["shares"]] == [["ok"]]
