# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

from datetime import datetime, timezone

import botocore.session
import pytest
from botocore.stub import Stubber

from ansible_collections.partner_onboarding.aws.plugins.module_utils._aws import AWSError
from ansible_collections.partner_onboarding.aws.plugins.module_utils._redshift import (
    ERROR_HINTS,
    add_partner,
    delete_partner,
    describe_partner,
    describe_partners,
    invalid_options,
    is_valid,
    normalize,
    partner_key,
    update_partner_status,
)

ACCOUNT = "123456789012"
KEY = {"AccountId": ACCOUNT, "ClusterIdentifier": "analytics", "DatabaseName": "sales", "PartnerName": "Fivetran"}
CREATED = datetime(2024, 5, 2, 9, 41, 7, 123000, tzinfo=timezone.utc)
UPDATED = datetime(2024, 5, 3, 10, 0, 0, tzinfo=timezone.utc)


def info(database="sales", partner="Fivetran", status="Active", message=""):
    return {
        "DatabaseName": database,
        "PartnerName": partner,
        "Status": status,
        "StatusMessage": message,
        "CreatedAt": CREATED,
        "UpdatedAt": UPDATED,
    }


@pytest.fixture
def redshift():
    client = botocore.session.get_session().create_client(
        "redshift", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="y"
    )
    with Stubber(client) as stubber:
        yield client, stubber
        stubber.assert_no_pending_responses()


# --- validators, at every boundary -----------------------------------------------------------------------------

VALID = [
    ("account_id", "123456789012"),
    ("account_id", "000000000000"),
    ("cluster_identifier", "a"),
    ("cluster_identifier", "analytics-01"),
    ("cluster_identifier", "A" * 63),
    ("database_name", "ab"),
    ("database_name", "_a"),
    ("database_name", "__"),
    ("database_name", "sales"),
    ("database_name", "dev@home$#_1"),
    ("database_name", "données_ventes"),
    ("database_name", "売上_2024"),
    ("database_name", "Ωmega٣"),  # Arabic-Indic digit: a number (Nd) after the first character
    ("database_name", "x½"),  # vulgar fraction: a number (No)
    ("database_name", "a" * 127),
    ("partner_name", "F"),
    ("partner_name", "Fivetran"),
    ("partner_name", "snap_logic-2"),
    ("partner_name", "p" * 255),
    ("status_message", " "),
    ("status_message", "Connection refused ~ (port 5439)!"),
]

INVALID = [
    ("account_id", "12345678901"),  # 11 digits
    ("account_id", "1234567890123"),  # 13 digits
    ("account_id", ""),
    ("account_id", "12345678901a"),
    ("account_id", "１２３４５６７８９０１２"),  # full-width digits are not [0-9]
    ("account_id", "123456789012\n"),
    ("cluster_identifier", ""),
    ("cluster_identifier", "A" * 64),
    ("cluster_identifier", "analytics_01"),
    ("cluster_identifier", "analytics 01"),
    ("cluster_identifier", "analytics\n"),
    ("cluster_identifier", "é"),
    ("database_name", ""),
    ("database_name", "a"),  # the + needs a second character
    ("database_name", "_"),
    ("database_name", "1abc"),
    ("database_name", "٣abc"),  # a number cannot come first, whatever the script
    ("database_name", "@abc"),
    ("database_name", "db-name"),
    ("database_name", "db name"),
    ("database_name", "sales\n"),
    ("database_name", "a" * 128),
    ("partner_name", ""),
    ("partner_name", "p" * 256),
    ("partner_name", "Five tran"),
    ("partner_name", "Fivetran!"),
    ("partner_name", "Fivé"),
    ("status_message", ""),
    ("status_message", "tab\there"),
    ("status_message", "crème"),
]


@pytest.mark.parametrize("option, value", VALID)
def test_valid_values(option, value):
    assert is_valid(option, value)
    assert invalid_options({option: value}) == []


@pytest.mark.parametrize("option, value", INVALID)
def test_invalid_values_are_named_with_their_rule(option, value):
    assert not is_valid(option, value)
    [message] = invalid_options({option: value})
    assert message.startswith(f"{option} {value!r} is not valid: it must be ")


def test_boundaries_are_where_the_api_puts_them():
    assert is_valid("cluster_identifier", "c" * 63) and not is_valid("cluster_identifier", "c" * 64)
    assert is_valid("database_name", "d" * 127) and not is_valid("database_name", "d" * 128)
    assert is_valid("partner_name", "p" * 255) and not is_valid("partner_name", "p" * 256)
    assert [is_valid("account_id", "1" * n) for n in (11, 12, 13)] == [False, True, False]


def test_invalid_options_reports_every_broken_option_and_skips_unset_ones():
    params = {"cluster_identifier": "bad_id", "database_name": "1abc", "partner_name": None, "account_id": None}
    messages = invalid_options(params)
    assert [m.split()[0] for m in messages] == ["cluster_identifier", "database_name"]
    assert "^[a-zA-Z0-9-]+$" in messages[0]
    assert "at most" not in messages[0] and "1 to 63" in messages[0]
    assert r"^[\p{L}_][\p{L}\p{N}@$#_]+$" in messages[1]


def test_non_strings_are_invalid():
    assert not is_valid("account_id", 123456789012)


# --- key and normalization -------------------------------------------------------------------------------------


def test_partner_key_leaves_out_unset_filters():
    assert partner_key(ACCOUNT, "analytics") == {"AccountId": ACCOUNT, "ClusterIdentifier": "analytics"}
    assert partner_key(ACCOUNT, "analytics", "sales", "Fivetran") == KEY
    assert partner_key(ACCOUNT, "analytics", partner_name="Fivetran") == {
        "AccountId": ACCOUNT,
        "ClusterIdentifier": "analytics",
        "PartnerName": "Fivetran",
    }


def test_normalize_is_snake_case_with_iso_times():
    assert normalize(KEY, info(status="RuntimeFailure", message="disk full")) == {
        "account_id": ACCOUNT,
        "cluster_identifier": "analytics",
        "database_name": "sales",
        "partner_name": "Fivetran",
        "status": "RuntimeFailure",
        "status_message": "disk full",
        "created_at": "2024-05-02T09:41:07.123000+00:00",
        "updated_at": "2024-05-03T10:00:00+00:00",
    }


def test_normalize_tolerates_missing_fields():
    result = normalize(KEY, {"DatabaseName": "sales", "PartnerName": "Fivetran"})
    assert result["status"] is None and result["created_at"] is None and result["status_message"] is None


# --- wrappers, validated against the real service model by Stubber ---------------------------------------------


def test_describe_partner_sends_all_four_keys_and_normalizes(redshift):
    client, stubber = redshift
    stubber.add_response("describe_partners", {"PartnerIntegrationInfoList": [info()]}, KEY)
    result = describe_partner(client, KEY)
    assert result["partner_name"] == "Fivetran"
    assert result["account_id"] == ACCOUNT and result["cluster_identifier"] == "analytics"


def test_describe_partner_is_empty_when_absent(redshift):
    client, stubber = redshift
    stubber.add_response("describe_partners", {"PartnerIntegrationInfoList": []}, KEY)
    assert describe_partner(client, KEY) == {}


def test_describe_partner_handles_a_missing_list(redshift):
    client, stubber = redshift
    stubber.add_response("describe_partners", {}, KEY)
    assert describe_partner(client, KEY) == {}


@pytest.mark.parametrize(
    "reported",
    [
        pytest.param(info(partner="fivetran"), id="partner name differs in case"),
        pytest.param(info(database="Sales"), id="database name differs in case"),
        pytest.param(info(partner="Fivetran2"), id="a longer partner name"),
    ],
)
def test_describe_partner_matches_names_exactly(redshift, reported):
    client, stubber = redshift
    stubber.add_response("describe_partners", {"PartnerIntegrationInfoList": [reported]}, KEY)
    assert describe_partner(client, KEY) == {}


def test_describe_partners_lists_with_optional_filters(redshift):
    client, stubber = redshift
    key = partner_key(ACCOUNT, "analytics", database_name="sales")
    reported = [info(partner="Fivetran"), info(partner="Stitch"), info(database="other", partner="Stitch")]
    stubber.add_response("describe_partners", {"PartnerIntegrationInfoList": reported}, key)
    result = describe_partners(client, key)
    assert [(r["database_name"], r["partner_name"]) for r in result] == [("sales", "Fivetran"), ("sales", "Stitch")]


def test_describe_partners_without_filters_returns_everything(redshift):
    client, stubber = redshift
    key = partner_key(ACCOUNT, "analytics")
    reported = [info(partner="Fivetran"), info(database="other", partner="Stitch")]
    stubber.add_response("describe_partners", {"PartnerIntegrationInfoList": reported}, key)
    assert len(describe_partners(client, key)) == 2


def test_describe_partners_is_not_paginated_in_botocore():
    client = botocore.session.get_session().create_client(
        "redshift", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="y"
    )
    assert not client.can_paginate("describe_partners")


@pytest.mark.parametrize(
    "wrapper, operation, args, expected",
    [
        (add_partner, "add_partner", (), KEY),
        (delete_partner, "delete_partner", (), KEY),
        (update_partner_status, "update_partner_status", ("Inactive",), dict(KEY, Status="Inactive")),
        (
            update_partner_status,
            "update_partner_status",
            ("ConnectionFailure", "refused"),
            dict(KEY, Status="ConnectionFailure", StatusMessage="refused"),
        ),
    ],
)
def test_write_wrappers_send_the_key(redshift, wrapper, operation, args, expected):
    client, stubber = redshift
    stubber.add_response(operation, {"DatabaseName": "sales", "PartnerName": "Fivetran"}, expected)
    wrapper(client, KEY, *args)


@pytest.mark.parametrize(
    "wrapper, operation, code, status",
    [
        (describe_partners, "describe_partners", "ClusterNotFound", 404),
        (describe_partners, "describe_partners", "UnauthorizedPartnerIntegration", 401),
        (add_partner, "add_partner", "PartnerNotFound", 404),
        (add_partner, "add_partner", "UnsupportedOperation", 400),
        (delete_partner, "delete_partner", "PartnerNotFound", 404),
    ],
)
def test_errors_become_aws_errors_with_a_hint(redshift, wrapper, operation, code, status):
    client, stubber = redshift
    stubber.add_client_error(operation, service_error_code=code, service_message="nope", http_status_code=status)
    with pytest.raises(AWSError) as raised:
        wrapper(client, KEY)
    assert raised.value.code == code
    assert raised.value.message == "nope"
    assert raised.value.operation == "".join(part.title() for part in operation.split("_"))
    assert ERROR_HINTS[code]


@pytest.mark.parametrize(
    "code, words",
    [
        ("ClusterNotFound", ("cluster_identifier", "region")),
        ("PartnerNotFound", ("partner_name",)),
        ("UnauthorizedPartnerIntegration", ("account_id", "redshift:AddPartner", "IAM")),
        ("UnsupportedOperation", ("cluster",)),
    ],
)
def test_hints_say_what_to_check(code, words):
    for word in words:
        assert word in ERROR_HINTS[code]
