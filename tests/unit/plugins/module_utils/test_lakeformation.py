# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import json

import pytest
from botocore.awsrequest import AWSResponse

from ansible_collections.partner_onboarding.aws.plugins.module_utils import _lakeformation
from ansible_collections.partner_onboarding.aws.plugins.module_utils._calls import AWSError, call
from ansible_collections.partner_onboarding.aws.plugins.module_utils._lakeformation import (
    CONCURRENT_MODIFICATION_ATTEMPTS,
    lakeformation_client,
    list_grants,
    merge_grants,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._lakeformation_permissions import (
    invalid_info_params,
    invalid_permissions_params,
    lakeformation_resource,
    plan_permissions,
    same_resource,
    snake_resource,
)
from ansible_collections.partner_onboarding.aws.tests.unit.clients import make_client

PARTNER = "210987654321"
TABLE = {"Table": {"DatabaseName": "sales", "Name": "orders"}}
KEY = {"Principal": {"DataLakePrincipalIdentifier": PARTNER}, "Resource": TABLE}


def entry(resource, permissions, options=(), principal=PARTNER):
    return {
        "Principal": {"DataLakePrincipalIdentifier": principal},
        "Resource": resource,
        "Permissions": list(permissions),
        "PermissionsWithGrantOption": list(options),
    }


def test_list_grants_follows_next_token_with_the_filters_on_every_page(stubbed):
    client = stubbed.client("lakeformation")
    params = {"Principal": {"DataLakePrincipalIdentifier": PARTNER}, "Resource": TABLE, "CatalogId": "123456789012"}
    stubbed("lakeformation").add_response(
        "list_permissions", {"PrincipalResourcePermissions": [entry(TABLE, ["SELECT"])], "NextToken": "t1"}, params
    )
    stubbed("lakeformation").add_response(
        "list_permissions", {"PrincipalResourcePermissions": []}, dict(params, NextToken="t1")
    )
    grants = list_grants(client, "123456789012", PARTNER, TABLE)
    assert grants == [
        {
            "principal": PARTNER,
            "resource": {"table": {"database_name": "sales", "name": "orders"}},
            "permissions": ["SELECT"],
            "permissions_with_grant_option": [],
        }
    ]


def test_list_grants_failure_names_the_operation(stubbed):
    stubbed("lakeformation").add_client_error("list_permissions", "AccessDeniedException", "no", 400)
    with pytest.raises(AWSError) as raised:
        list_grants(stubbed.client("lakeformation"), resource_type="TABLE")
    assert (raised.value.operation, raised.value.code) == ("ListPermissions", "AccessDeniedException")


def test_merge_grants_joins_entries_of_one_principal_and_resource():
    one = {"principal": PARTNER, "resource": {"table": {"name": "t"}}, "permissions": ["SELECT"]}
    two = dict(one, permissions=["DESCRIBE"])
    other = dict(one, principal="111122223333")
    grants = [dict(g, permissions_with_grant_option=[]) for g in (one, two, other)]
    assert [(g["principal"], g["permissions"]) for g in merge_grants(grants)] == [
        (PARTNER, ["DESCRIBE", "SELECT"]),
        ("111122223333", ["SELECT"]),
    ]


class _Module:
    def __init__(self, client):
        self._client = client

    def client(self, service):
        assert service == "lakeformation"
        return self._client


def _answers(client, answers):
    """The client's HTTP layer answers the (status, body) pairs in turn (the last one again and again); returns the
    URLs of the attempts."""
    sent = []

    def send(request, **kwargs):
        sent.append(request.url)
        status, body = answers[min(len(sent), len(answers)) - 1]
        return AWSResponse(request.url, status, {"Content-Type": "application/x-amz-json-1.1"}, _Body(body))

    client.meta.events.register("before-send", send)
    return sent


class _Body:
    def __init__(self, body):
        self._body = body

    def stream(self, **kwargs):
        yield self._body


CONCURRENT = (400, json.dumps({"__type": "ConcurrentModificationException", "Message": "busy"}).encode())
GRANT = dict(KEY, Permissions=["SELECT"])


def test_concurrent_modification_is_retried_through_botocore(monkeypatch, sleeps):
    client = make_client("lakeformation")
    sent = _answers(client, [CONCURRENT, CONCURRENT, (200, b"{}")])
    answer = call(lakeformation_client(_Module(client)), "GrantPermissions", **GRANT)
    assert len(sent) == 3
    assert answer["ResponseMetadata"]["RetryAttempts"] == 2
    assert len(sleeps) == 2 and all(0 < pause <= 1 for pause in sleeps)


def test_concurrent_modification_retries_are_bounded(sleeps):
    client = make_client("lakeformation")
    sent = _answers(client, [CONCURRENT])
    with pytest.raises(AWSError) as raised:
        call(lakeformation_client(_Module(client)), "RevokePermissions", **GRANT)
    assert len(sent) == CONCURRENT_MODIFICATION_ATTEMPTS
    assert (raised.value.code, raised.value.attempts) == ("ConcurrentModificationException", 5)


def test_other_client_errors_are_not_retried(sleeps):
    client = make_client("lakeformation")
    sent = _answers(client, [(400, b'{"__type": "EntityNotFoundException", "Message": "no such table"}')])
    with pytest.raises(AWSError) as raised:
        call(lakeformation_client(_Module(client)), "GrantPermissions", **GRANT)
    assert (len(sent), raised.value.code) == (1, "EntityNotFoundException")


def test_the_retry_handler_leaves_answers_without_error_alone():
    assert _lakeformation._retry_concurrent_modification(1, response=(None, {})) is None
    assert _lakeformation._retry_concurrent_modification(1, response=None) is None


# --- rules ----------------------------------------------------------------------------------------------------------


def params(**given):
    base = {
        "principal": PARTNER,
        "catalog_id": None,
        "database_name": "sales",
        "table_name": None,
        "data_location_arn": None,
        "permissions": ["DESCRIBE"],
        "permissions_with_grant_option": [],
        "state": "present",
        "purge_permissions": True,
    }
    return dict(base, **given)


@pytest.mark.parametrize(
    "given",
    [
        {},
        {"table_name": "orders", "permissions": ["SELECT", "DESCRIBE"], "permissions_with_grant_option": ["SELECT"]},
        {"table_name": "*", "permissions": ["ALL"]},
        {"database_name": None, "data_location_arn": "arn:aws:s3:::lake/raw", "permissions": ["DATA_LOCATION_ACCESS"]},
        {"principal": "arn:aws:iam::210987654321:role/partner-reader"},
        {"principal": "arn:aws:iam::210987654321:user/path/alice"},
        {"principal": "arn:aws:organizations::123456789012:organization/o-abcdef1234"},
        {"principal": "arn:aws:organizations::123456789012:ou/o-abcdef1234/ou-ab12-cdef5678"},
        {"state": "absent", "permissions": None},
        {"permissions": []},
    ],
)
def test_valid_input(given):
    assert invalid_permissions_params(params(**given)) == []


@pytest.mark.parametrize(
    "given, words",
    [
        ({"database_name": None}, "one resource is required"),
        ({"data_location_arn": "arn:aws:s3:::lake/raw"}, "database_name and data_location_arn are mutually exclusive"),
        ({"database_name": None, "table_name": "orders"}, "table_name needs database_name"),
        ({"permissions": ["SELECT"]}, "permissions: SELECT do(es) not apply to a database"),
        ({"table_name": "orders", "permissions": ["CREATE_TABLE"]}, "CREATE_TABLE do(es) not apply to a table"),
        (
            {"database_name": None, "data_location_arn": "arn:aws:s3:::lake", "permissions": ["SELECT"]},
            "SELECT do(es) not apply to a data location",
        ),
        ({"permissions_with_grant_option": ["ALTER"]}, "permissions_with_grant_option: ALTER must also be in"),
        ({"permissions": None}, "permissions is required with state=present"),
        ({"principal": "partner"}, "principal 'partner' is not valid"),
        ({"principal": "21098765432"}, "is not valid"),
        ({"principal": "arn:aws:iam::210987654321:group/readers"}, "is not valid"),
        ({"database_name": ""}, "database_name must not be empty"),
    ],
)
def test_invalid_input_names_the_option_and_the_rule(given, words):
    errors = invalid_permissions_params(params(**given))
    assert any(words in error for error in errors), errors


def test_info_needs_no_resource_but_keeps_the_resource_rules():
    assert invalid_info_params({"principal": PARTNER}) == []
    assert invalid_info_params({"table_name": "orders"}) == ["table_name needs database_name: the table's database"]


@pytest.mark.parametrize(
    "given, resource",
    [
        ({}, {"Database": {"Name": "sales"}}),
        ({"catalog_id": "123456789012"}, {"Database": {"CatalogId": "123456789012", "Name": "sales"}}),
        ({"table_name": "orders"}, TABLE),
        ({"table_name": "*"}, {"Table": {"DatabaseName": "sales", "TableWildcard": {}}}),
        (
            {"database_name": None, "data_location_arn": "arn:aws:s3:::lake"},
            {"DataLocation": {"ResourceArn": "arn:aws:s3:::lake"}},
        ),
    ],
)
def test_the_resource_sent(given, resource):
    assert lakeformation_resource(params(**given)) == resource


def test_the_resource_read_matches_without_the_catalog_unless_given():
    read = {"table": {"catalog_id": "123456789012", "database_name": "sales", "name": "orders"}}
    assert same_resource(read, snake_resource(TABLE))
    assert same_resource(read, {"table": dict(read["table"])})
    assert not same_resource(read, {"table": dict(read["table"], catalog_id="999999999999")})
    assert not same_resource(read, {"table": {"database_name": "sales", "table_wildcard": {}}})
    assert not same_resource(read, {"database": {"name": "sales"}})


# --- plan -----------------------------------------------------------------------------------------------------------


def held(permissions=(), options=()):
    return {"permissions": sorted(permissions), "permissions_with_grant_option": sorted(options)}


def wanted(permissions=None, options=(), state="present", purge=True):
    return {
        "permissions": permissions,
        "permissions_with_grant_option": list(options),
        "state": state,
        "purge_permissions": purge,
    }


def grant(permissions, options=()):
    return ("GrantPermissions", dict(KEY, Permissions=permissions, PermissionsWithGrantOption=list(options)))


def revoke(permissions, options=()):
    return ("RevokePermissions", dict(KEY, Permissions=permissions, PermissionsWithGrantOption=list(options)))


@pytest.mark.parametrize(
    "current, want, writes, after",
    [
        (held(), wanted(["SELECT"]), [grant(["SELECT"])], held(["SELECT"])),
        (held(["SELECT"]), wanted(["SELECT"]), [], held(["SELECT"])),
        (
            held(["ALTER", "SELECT"]),
            wanted(["DESCRIBE", "SELECT"]),
            [grant(["DESCRIBE"]), revoke(["ALTER"])],
            held(["DESCRIBE", "SELECT"]),
        ),
        (held(["ALTER", "SELECT"]), wanted(["DESCRIBE", "SELECT"], purge=False), [grant(["DESCRIBE"])], None),
        (
            held(["SELECT"]),
            wanted(["SELECT"], options=["SELECT"]),
            [grant(["SELECT"], ["SELECT"])],
            held(["SELECT"], ["SELECT"]),
        ),
        (held(["SELECT"], ["SELECT"]), wanted(["SELECT"]), [revoke([], ["SELECT"])], held(["SELECT"])),
        (held(["SELECT"], ["SELECT"]), wanted(["SELECT"], purge=False), [], held(["SELECT"], ["SELECT"])),
        (held(["SELECT"]), wanted([]), [revoke(["SELECT"])], held()),
        (
            held(["DESCRIBE", "SELECT"], ["SELECT"]),
            wanted(state="absent"),
            [revoke(["DESCRIBE", "SELECT"], ["SELECT"])],
            held(),
        ),
        (
            held(["DESCRIBE", "SELECT"], ["SELECT"]),
            wanted(["SELECT"], state="absent"),
            [revoke(["SELECT"], ["SELECT"])],
            held(["DESCRIBE"]),
        ),
        (held(["DESCRIBE"]), wanted(["SELECT"], state="absent"), [], held(["DESCRIBE"])),
        (held(), wanted(state="absent"), [], held()),
    ],
)
def test_plan_returns_exactly_the_writes_in_order(current, want, writes, after):
    plan = plan_permissions(current, want, KEY)
    assert [(write.operation, write.params) for write in plan.writes] == writes
    if after is None:
        after = held(["ALTER", "DESCRIBE", "SELECT"])
    assert plan.predicted == after


def test_a_table_read_back_as_every_column_is_the_table():
    # Lake Formation answers SELECT granted on a Table as TableWithColumns with ColumnWildcard.
    columns = {"catalog_id": "123456789012", "database_name": "sales", "name": "orders", "column_wildcard": {}}
    assert same_resource({"table_with_columns": columns}, snake_resource(TABLE))
    excluded = dict(columns, column_wildcard={"excluded_column_names": ["ssn"]})
    assert not same_resource({"table_with_columns": excluded}, snake_resource(TABLE))
    named = {key: value for key, value in columns.items() if key != "column_wildcard"}
    assert not same_resource({"table_with_columns": dict(named, column_names=["id"])}, snake_resource(TABLE))
