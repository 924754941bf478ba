# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from ansible_collections.partner_onboarding.aws.plugins.module_utils._calls import (
    AWSError,
    Write,
    apply,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._redshift import (
    ERROR_HINTS,
    already_done,
    integrations_result,
    invalid_options,
    invalid_partner_params,
    is_valid,
    list_integrations,
    normalize_partner,
    partner_key,
    plan_integration,
    plan_integrations,
    read_integration,
    read_integrations,
    status_differs,
)

ACCOUNT = "123456789012"
KEY = {"AccountId": ACCOUNT, "ClusterIdentifier": "analytics", "DatabaseName": "sales", "PartnerName": "Fivetran"}
CREATED = datetime(2024, 5, 2, 9, 41, 7, 123000, tzinfo=timezone.utc)
UPDATED = datetime(2024, 5, 3, 10, 0, 0, tzinfo=timezone.utc)


# An integration as the modules return it, and the prediction for one about to be added.
CURRENT = {
    "account_id": ACCOUNT,
    "cluster_identifier": "analytics",
    "database_name": "sales",
    "partner_name": "Fivetran",
    "status": "Active",
    "status_message": "ok",
    "created_at": CREATED.isoformat(),
    "updated_at": UPDATED.isoformat(),
}
NEW = dict(CURRENT, status=None, status_message=None, created_at=None, updated_at=None)


def info(database="sales", partner="Fivetran", status="Active", message=""):
    return {
        "DatabaseName": database,
        "PartnerName": partner,
        "Status": status,
        "StatusMessage": message,
        "CreatedAt": CREATED,
        "UpdatedAt": UPDATED,
    }


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


def test_normalize_partner_is_snake_case_with_iso_times():
    assert normalize_partner(KEY, info(status="RuntimeFailure", message="disk full")) == {
        "account_id": ACCOUNT,
        "cluster_identifier": "analytics",
        "database_name": "sales",
        "partner_name": "Fivetran",
        "status": "RuntimeFailure",
        "status_message": "disk full",
        "created_at": "2024-05-02T09:41:07.123000+00:00",
        "updated_at": "2024-05-03T10:00:00+00:00",
    }


def test_normalize_partner_tolerates_missing_fields():
    result = normalize_partner(KEY, {"DatabaseName": "sales", "PartnerName": "Fivetran"})
    assert result["status"] is None and result["created_at"] is None and result["status_message"] is None


# --- wrappers, validated against the real service model by Stubber ---------------------------------------------


def test_describe_partner_sends_all_four_keys_and_normalizes(stubbed):
    client, stubber = stubbed.client("redshift"), stubbed("redshift")
    stubber.add_response("describe_partners", {"PartnerIntegrationInfoList": [info()]}, KEY)
    result = read_integration(client, KEY)
    assert result["partner_name"] == "Fivetran"
    assert result["account_id"] == ACCOUNT and result["cluster_identifier"] == "analytics"


def test_describe_partner_is_empty_when_absent(stubbed):
    client, stubber = stubbed.client("redshift"), stubbed("redshift")
    stubber.add_response("describe_partners", {"PartnerIntegrationInfoList": []}, KEY)
    assert read_integration(client, KEY) == {}


def test_describe_partner_handles_a_missing_list(stubbed):
    client, stubber = stubbed.client("redshift"), stubbed("redshift")
    stubber.add_response("describe_partners", {}, KEY)
    assert read_integration(client, KEY) == {}


@pytest.mark.parametrize(
    "reported",
    [
        pytest.param(info(partner="fivetran"), id="partner name differs in case"),
        pytest.param(info(database="Sales"), id="database name differs in case"),
        pytest.param(info(partner="Fivetran2"), id="a longer partner name"),
    ],
)
def test_describe_partner_matches_names_exactly(stubbed, reported):
    client, stubber = stubbed.client("redshift"), stubbed("redshift")
    stubber.add_response("describe_partners", {"PartnerIntegrationInfoList": [reported]}, KEY)
    assert read_integration(client, KEY) == {}


def test_describe_partners_lists_with_optional_filters(stubbed):
    client, stubber = stubbed.client("redshift"), stubbed("redshift")
    key = partner_key(ACCOUNT, "analytics", database_name="sales")
    reported = [info(partner="Fivetran"), info(partner="Stitch"), info(database="other", partner="Stitch")]
    stubber.add_response("describe_partners", {"PartnerIntegrationInfoList": reported}, key)
    result = list_integrations(client, key)
    assert [(r["database_name"], r["partner_name"]) for r in result] == [("sales", "Fivetran"), ("sales", "Stitch")]


def test_describe_partners_without_filters_returns_everything(stubbed):
    client, stubber = stubbed.client("redshift"), stubbed("redshift")
    key = partner_key(ACCOUNT, "analytics")
    reported = [info(partner="Fivetran"), info(database="other", partner="Stitch")]
    stubber.add_response("describe_partners", {"PartnerIntegrationInfoList": reported}, key)
    assert len(list_integrations(client, key)) == 2


def test_describe_partners_is_not_paginated_in_botocore(stubbed):
    client = stubbed.client("redshift")
    assert not client.can_paginate("describe_partners")


@pytest.mark.parametrize(
    "current, state, status, message, operation, expected",
    [
        ({}, "present", None, None, "add_partner", KEY),
        (CURRENT, "absent", None, None, "delete_partner", KEY),
        (CURRENT, "present", "Inactive", None, "update_partner_status", dict(KEY, Status="Inactive")),
        (
            CURRENT,
            "present",
            "ConnectionFailure",
            "refused",
            "update_partner_status",
            dict(KEY, Status="ConnectionFailure", StatusMessage="refused"),
        ),
    ],
)
def test_planned_writes_send_the_key(stubbed, current, state, status, message, operation, expected):
    client, stubber = stubbed.client("redshift"), stubbed("redshift")
    writes, _predicted = plan_integration(current, KEY, state, status, message)
    assert [(write.params, write.target) for write in writes] == [(expected, "database 'sales'")]
    stubber.add_response(operation, {"DatabaseName": "sales", "PartnerName": "Fivetran"}, expected)
    apply(client, writes, [])


def add(client, key):
    return apply(client, [Write("AddPartner", key, "database 'sales'")], [])


def delete(client, key):
    return apply(client, [Write("DeletePartner", key, "database 'sales'")], [])


@pytest.mark.parametrize(
    "read_or_write, operation, code, status",
    [
        (list_integrations, "describe_partners", "ClusterNotFound", 404),
        (list_integrations, "describe_partners", "UnauthorizedPartnerIntegration", 401),
        (add, "add_partner", "PartnerNotFound", 404),
        (add, "add_partner", "UnsupportedOperation", 400),
        (delete, "delete_partner", "PartnerNotFound", 404),
    ],
)
def test_errors_become_aws_errors_with_a_hint(stubbed, read_or_write, operation, code, status):
    client, stubber = stubbed.client("redshift"), stubbed("redshift")
    stubber.add_client_error(operation, service_error_code=code, service_message="nope", http_status_code=status)
    with pytest.raises(AWSError) as raised:
        read_or_write(client, KEY)
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


# --- redshift_partner's own rules ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "params, messages",
    [
        ({"database_name": ["sales", "hr"], "state": "present"}, []),
        ({"database_name": "sales", "state": "present"}, []),
        (
            {"database_name": ["sales", "1abc", "db-name"]},
            ["database_name '1abc' is not valid", "database_name 'db-name' is not valid"],
        ),
        ({"database_name": []}, ["database_name must name at least one database"]),
        (
            {"database_name": ["sales"], "state": "absent", "status": "Active"},
            ["status is only valid with state=present"],
        ),
        (
            {"database_name": ["1abc"], "cluster_identifier": "bad_id", "state": "absent", "status": "Inactive"},
            ["cluster_identifier 'bad_id'", "database_name '1abc'", "status is only valid with state=present"],
        ),
    ],
)
def test_invalid_partner_params_reports_every_broken_rule(params, messages):
    errors = invalid_partner_params(params)
    assert len(errors) == len(messages)
    for error, start in zip(errors, messages):
        assert error.startswith(start)


# --- the plan for one database: pure, no AWS call ----------------------------------------------------------------

TARGET = "database 'sales'"
ADD = Write("AddPartner", KEY, TARGET)
DELETE = Write("DeletePartner", KEY, TARGET)


def update(status, message=None):
    params = dict(KEY, Status=status)
    if message is not None:
        params["StatusMessage"] = message
    return Write("UpdatePartnerStatus", params, TARGET)


# fmt: off
PLANS = [
    pytest.param({}, "present", None, None, [ADD], NEW, id="absent -> present"),
    pytest.param(
        {}, "present", "Inactive", None, [ADD, update("Inactive")], dict(NEW, status="Inactive"),
        id="absent -> present with a status: AddPartner then UpdatePartnerStatus",
    ),
    pytest.param(
        {}, "present", "Active", None, [ADD, update("Active")], dict(NEW, status="Active"),
        id="absent -> present with a status Redshift may already report: still stated",
    ),
    pytest.param(
        {}, "present", "RuntimeFailure", "disk full", [ADD, update("RuntimeFailure", "disk full")],
        dict(NEW, status="RuntimeFailure", status_message="disk full"),
        id="absent -> present with a status and message",
    ),
    pytest.param(CURRENT, "present", None, None, [], CURRENT, id="present, no status asked"),
    pytest.param(CURRENT, "present", "Active", None, [], CURRENT, id="present, same status, message not asked"),
    pytest.param(CURRENT, "present", "Active", "ok", [], CURRENT, id="present, same status and message"),
    pytest.param(
        CURRENT, "present", "Active", "changed", [update("Active", "changed")], dict(CURRENT, status_message="changed"),
        id="present, same status, other message",
    ),
    pytest.param(
        CURRENT, "present", "ConnectionFailure", None, [update("ConnectionFailure")],
        dict(CURRENT, status="ConnectionFailure"),
        id="present, other status, message kept in the prediction",
    ),
    pytest.param(
        CURRENT, "present", "Inactive", "paused", [update("Inactive", "paused")],
        dict(CURRENT, status="Inactive", status_message="paused"),
        id="present, other status and message",
    ),
    pytest.param(CURRENT, "absent", None, None, [DELETE], {}, id="present -> absent"),
    pytest.param({}, "absent", None, None, [], {}, id="absent stays absent"),
]
# fmt: on


@pytest.mark.parametrize("current, state, status, message, writes, predicted", PLANS)
def test_plan_integration(current, state, status, message, writes, predicted):
    assert plan_integration(current, KEY, state, status, message) == (writes, predicted)


def test_plan_does_not_mutate_current():
    current = dict(CURRENT)
    plan_integration(current, KEY, "present", "Inactive", "x")
    plan_integrations({"sales": current}, BASE, ["sales"], "present", "Inactive", "x")
    assert current == CURRENT


@pytest.mark.parametrize(
    "current, status, message, expected",
    [
        (CURRENT, None, None, False),
        (CURRENT, "Active", None, False),
        (CURRENT, "Active", "ok", False),
        (CURRENT, "Active", "other", True),
        (CURRENT, "Inactive", None, True),
        (CURRENT, "Inactive", "ok", True),
        ({}, "Active", None, True),
    ],
)
def test_status_differs(current, status, message, expected):
    assert status_differs(current, status, message) is expected


# --- the plan for several databases (issue 11): one table, the writes in the order given -----------------------

BASE = {"AccountId": ACCOUNT, "ClusterIdentifier": "analytics", "PartnerName": "Fivetran"}


def key_of(database):
    return dict(BASE, DatabaseName=database)


def integration(database, status="Active", message="ok"):
    return dict(CURRENT, database_name=database, status=status, status_message=message)


def new(database, status=None, message=None):
    return dict(NEW, database_name=database, status=status, status_message=message)


def add_w(database):
    return Write("AddPartner", key_of(database), f"database {database!r}")


def delete_w(database):
    return Write("DeletePartner", key_of(database), f"database {database!r}")


def update_w(database, status, message=None):
    params = dict(key_of(database), Status=status)
    if message is not None:
        params["StatusMessage"] = message
    return Write("UpdatePartnerStatus", params, f"database {database!r}")


SALES, HR, OPS = integration("sales"), integration("hr"), integration("ops", "RuntimeFailure", "disk full")
# Read before the task: sales present (Active), hr absent, ops present with another status.
MIXED = {"sales": SALES, "hr": {}, "ops": OPS}

# id: (databases, state, status, status_message, writes, predicted {database: integration})
# fmt: off
MULTI_PLANS = {
    "present: only the missing one is added": (
        ["sales", "hr", "ops"], "present", None, None, [add_w("hr")], {"sales": SALES, "hr": new("hr"), "ops": OPS},
    ),
    "present with a status: for every database that needs it, in the order given": (
        ["ops", "hr", "sales"], "present", "Active", None,
        [update_w("ops", "Active"), add_w("hr"), update_w("hr", "Active")],
        {"ops": dict(OPS, status="Active"), "hr": new("hr", "Active"), "sales": SALES},
    ),
    "present with a status and message: every database is told both": (
        ["sales", "hr", "ops"], "present", "Inactive", "paused",
        [
            update_w("sales", "Inactive", "paused"),
            add_w("hr"), update_w("hr", "Inactive", "paused"),
            update_w("ops", "Inactive", "paused"),
        ],
        {
            "sales": dict(SALES, status="Inactive", status_message="paused"),
            "hr": new("hr", "Inactive", "paused"),
            "ops": dict(OPS, status="Inactive", status_message="paused"),
        },
    ),
    "absent: every existing one is deleted, in the order given": (
        ["ops", "hr", "sales"], "absent", None, None, [delete_w("ops"), delete_w("sales")],
        {"ops": {}, "hr": {}, "sales": {}},
    ),
    "converged: no write": (
        ["sales", "ops"], "present", None, None, [], {"sales": SALES, "ops": OPS},
    ),
    "a database not read counts as absent": (
        ["sales", "finance"], "present", None, None, [add_w("finance")], {"sales": SALES, "finance": new("finance")},
    ),
}
# fmt: on


@pytest.mark.parametrize(
    "databases, state, status, message, writes, predicted", list(MULTI_PLANS.values()), ids=list(MULTI_PLANS)
)
def test_plan_over_several_databases(databases, state, status, message, writes, predicted):
    planned_writes, planned = plan_integrations(MIXED, BASE, databases, state, status, message)
    assert planned_writes == writes
    assert planned == predicted
    assert list(planned) == databases


def test_plan_over_several_databases_is_the_plans_of_each_in_turn():
    databases = ["ops", "sales", "hr"]
    writes, predicted = plan_integrations(MIXED, BASE, databases, "present", "ConnectionFailure", "refused")
    expected_writes, expected_predicted = [], {}
    for database in databases:
        one_writes, expected_predicted[database] = plan_integration(
            MIXED[database], key_of(database), "present", "ConnectionFailure", "refused"
        )
        expected_writes += one_writes
    assert (writes, predicted) == (expected_writes, expected_predicted)


# --- the read: one DescribePartners whatever the number of databases --------------------------------------------


def test_read_integrations_for_one_database_filters_by_it(stubbed):
    client, stubber = stubbed.client("redshift"), stubbed("redshift")
    stubber.add_response("describe_partners", {"PartnerIntegrationInfoList": [info()]}, key_of("sales"))
    assert read_integrations(client, BASE, ["sales"]) == {"sales": normalize_partner(BASE, info())}
    assert stubbed.operations == ["DescribePartners"]


def test_read_integrations_for_one_absent_database(stubbed):
    client, stubber = stubbed.client("redshift"), stubbed("redshift")
    stubber.add_response("describe_partners", {"PartnerIntegrationInfoList": []}, key_of("hr"))
    assert read_integrations(client, BASE, ["hr"]) == {"hr": {}}
    assert stubbed.operations == ["DescribePartners"]


def test_read_integrations_for_several_databases_is_one_unfiltered_call(stubbed):
    client, stubber = stubbed.client("redshift"), stubbed("redshift")
    reported = [
        info("ops", status="RuntimeFailure"),
        info("sales"),
        info("sales", partner="Stitch"),  # another partner: not ours
        info("archive"),  # a database not asked about
        info("Hr"),  # not hr: names are case-sensitive
    ]
    # Stubber checks the exact parameters: no DatabaseName for several databases.
    stubber.add_response("describe_partners", {"PartnerIntegrationInfoList": reported}, BASE)
    found = read_integrations(client, BASE, ["sales", "hr", "ops"])
    assert list(found) == ["sales", "hr", "ops"]
    assert found == {
        "sales": normalize_partner(BASE, info("sales")),
        "hr": {},
        "ops": normalize_partner(BASE, info("ops", status="RuntimeFailure")),
    }
    assert stubbed.operations == ["DescribePartners"]
    assert "DatabaseName" not in stubbed.sent[0][1]


# --- after a failed write: is its effect there anyway? -----------------------------------------------------------


@pytest.mark.parametrize(
    "write, reported, expected",
    [
        (add_w("hr"), [info("hr")], True),
        (add_w("hr"), [], False),
        (delete_w("hr"), [], True),
        (delete_w("hr"), [info("hr")], False),
    ],
)
def test_already_done_reads_the_one_integration(stubbed, write, reported, expected):
    client, stubber = stubbed.client("redshift"), stubbed("redshift")
    stubber.add_response("describe_partners", {"PartnerIntegrationInfoList": reported}, key_of("hr"))
    assert already_done(client, write) is expected
    assert stubbed.operations == ["DescribePartners"]


def test_already_done_never_accepts_a_failed_status_update(stubbed):
    client = stubbed.client("redshift")
    assert already_done(client, update_w("hr", "Active")) is False
    assert stubbed.sent == []


# --- the module's result ------------------------------------------------------------------------------------------


def test_integrations_result_for_one_database():
    result = integrations_result(["sales"], {"sales": {}}, {"sales": SALES})
    assert result == {
        "partner_integrations": [SALES],
        "partner_integration": SALES,
        "diff": {"before": {}, "after": SALES},
    }


def test_integrations_result_for_several_databases():
    before = {"sales": SALES, "hr": {}, "ops": OPS}
    after = {"sales": {}, "hr": integration("hr"), "ops": OPS}
    result = integrations_result(["sales", "hr", "ops"], before, after)
    assert result == {"partner_integrations": [integration("hr"), OPS], "diff": {"before": before, "after": after}}
    assert "partner_integration" not in result


def test_integrations_result_after_absent_is_empty():
    result = integrations_result(["sales", "hr"], {"sales": SALES, "hr": {}}, {"sales": {}, "hr": {}})
    assert result["partner_integrations"] == []
