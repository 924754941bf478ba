# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""_calls: AWS calls and their errors, answers judged by their body, normalize, apply and client tokens."""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from botocore import xform_name
from botocore.exceptions import ClientError, EndpointConnectionError

from ansible_collections.partner_onboarding.aws.plugins.module_utils import _calls
from ansible_collections.partner_onboarding.aws.plugins.module_utils._calls import (
    AWSError,
    Write,
    apply,
    call,
    client_tokens,
    normalize,
    paginate,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._connection import merged_config
from ansible_collections.partner_onboarding.aws.tests.unit.clients import (
    ACCOUNT,
    BAD_GATEWAY,
    CAPTIVE_PORTAL,
    WELL_FORMED_PAGE,
    answer_with,
    make_client,
    partner,
)

ROOT = Path(__file__).resolve().parents[4]


def test_collection_version_matches_galaxy_yml():
    galaxy = (ROOT / "galaxy.yml").read_text()
    assert f"version: {_calls.COLLECTION_VERSION}\n" in galaxy


# --- errors -------------------------------------------------------------------------------------------------


def test_call_translates_client_errors(stubbed):
    stubbed("redshift").add_client_error(
        "describe_partners",
        service_error_code="ClusterNotFound",
        service_message="no such cluster",
        http_status_code=404,
    )
    with pytest.raises(AWSError) as raised:
        call(stubbed.client("redshift"), "DescribePartners", AccountId="123456789012", ClusterIdentifier="c")
    assert (raised.value.operation, raised.value.code, raised.value.message) == (
        "DescribePartners",
        "ClusterNotFound",
        "no such cluster",
    )
    assert raised.value.attempts == 1


def test_call_returns_the_response(stubbed):
    stubbed("redshift").add_response(
        "describe_partners",
        {"PartnerIntegrationInfoList": []},
        {"AccountId": "123456789012", "ClusterIdentifier": "c"},
    )
    assert call(stubbed.client("redshift"), "DescribePartners", AccountId="123456789012", ClusterIdentifier="c") == {
        "PartnerIntegrationInfoList": []
    }


def test_error_counts_retry_attempts():
    exc = ClientError(
        {"Error": {"Code": "Throttling", "Message": "Rate exceeded"}, "ResponseMetadata": {"RetryAttempts": 9}},
        "AddPartner",
    )
    error = AWSError.from_botocore("AddPartner", exc)
    assert (error.code, error.attempts) == ("Throttling", 10)


def test_connection_errors_are_translated():
    error = AWSError.from_botocore("DescribePartners", EndpointConnectionError(endpoint_url="http://127.0.0.1:9"))
    assert error.code == "EndpointConnectionError"
    assert "http://127.0.0.1:9" in error.message


def test_paginate_walks_every_page(stubbed):
    stub = stubbed("ram")
    stub.add_response(
        "get_resource_shares", {"resourceShares": [{"name": "a"}], "nextToken": "t1"}, {"resourceOwner": "SELF"}
    )
    stub.add_response(
        "get_resource_shares", {"resourceShares": [{"name": "b"}]}, {"resourceOwner": "SELF", "nextToken": "t1"}
    )
    client = stubbed.client("ram")
    names = [share["name"] for share in paginate(client, "GetResourceShares", "resourceShares", resourceOwner="SELF")]
    assert names == ["a", "b"]


# --- answers that are not AWS's: a proxy's or a captive portal's HTML page --------------------------------------


SHARE = "arn:aws:ram:us-east-1:123456789012:resource-share/7ab63972-b505-4e2a-9d1e-8a3f1b0c2d4e"

READS = {
    "redshift": (
        "DescribePartners",
        lambda client: call(client, "DescribePartners", AccountId=ACCOUNT, ClusterIdentifier="c"),
    ),
    "sts": ("GetCallerIdentity", _calls.caller_account_id),
    "ram": (
        "ListResourceSharePermissions",
        lambda client: list(
            paginate(
                client,
                "ListResourceSharePermissions",
                "permissions",
                pagination={"input_token": "nextToken", "output_token": "nextToken", "limit_key": "maxResults"},
                resourceShareArn=SHARE,
            )
        ),
    ),
}


@pytest.mark.parametrize(
    "service, page",
    [
        pytest.param("redshift", CAPTIVE_PORTAL, id="redshift (query protocol)"),
        pytest.param("sts", CAPTIVE_PORTAL, id="sts (query protocol)"),
        pytest.param("redshift", WELL_FORMED_PAGE, id="redshift, a well-formed page (botocore raises KeyError)"),
        pytest.param("ram", CAPTIVE_PORTAL, id="ram (JSON protocol: botocore parses the page as an empty answer)"),
    ],
)
def test_an_html_page_answered_200_is_an_invalid_response_naming_the_operation(service, page):
    operation, read = READS[service]
    client = make_client(service, config=merged_config(None))
    attempts = answer_with(client, 200, page)
    with pytest.raises(AWSError) as raised:
        read(client)
    error = raised.value
    assert (error.operation, error.code) == (operation, "InvalidResponse")
    assert error.message.startswith("the answer was not an AWS response")
    assert "HTML page" in error.message
    assert error.response_metadata is None
    # Not retried: the same proxy would send the same page.
    assert len(attempts) == 1


@pytest.fixture(params=["before-parse", "after-call"])
def judged_on(request, monkeypatch):
    """Body judging on botocore's before-parse event, and on after-call alone as with a botocore that has no
    before-parse (older releases): the same bodies must get the same verdicts."""
    if request.param == "after-call":
        monkeypatch.setattr(_calls, "BEFORE_PARSE", "an-event-botocore-does-not-emit")
    return request.param


# An answer is judged by its body, not by its label: the stock moto server labels every RAM answer text/html.
RAM_ANSWER = b'{"permissions": [{"arn": "arn:aws:ram::aws:permission/AWSRAMDefaultPermissionGlueDatabase"}]}'


@pytest.mark.usefixtures("judged_on")
@pytest.mark.parametrize("content_type", ["text/html; charset=utf-8", "application/json", "text/plain"])
def test_a_json_answer_is_an_answer_whatever_its_label(content_type):
    operation, read = READS["ram"]
    client = make_client("ram", config=merged_config(None))
    answer_with(client, 200, RAM_ANSWER, content_type=content_type)
    assert read(client) == [{"arn": "arn:aws:ram::aws:permission/AWSRAMDefaultPermissionGlueDatabase"}]


def test_an_xml_answer_labelled_html_is_an_answer():
    client = make_client("sts", config=merged_config(None))
    answer_with(
        client,
        200,
        b"<GetCallerIdentityResponse><GetCallerIdentityResult><Account>123456789012</Account><Arn>a</Arn>"
        b"<UserId>u</UserId></GetCallerIdentityResult></GetCallerIdentityResponse>",
        content_type="text/html",
    )
    assert _calls.caller_account_id(client) == "123456789012"


@pytest.mark.usefixtures("judged_on")
@pytest.mark.parametrize(
    "service, page, content_type, what",
    [
        pytest.param("ram", CAPTIVE_PORTAL, "application/json", "an HTML page", id="ram: a page labelled JSON"),
        pytest.param("ram", CAPTIVE_PORTAL, "text/html", "an HTML page", id="ram: a page labelled HTML"),
        pytest.param("redshift", WELL_FORMED_PAGE, "text/xml", "an HTML page", id="redshift: a page labelled XML"),
        pytest.param(
            "ram",
            b"  \n<HTML>\n<body>hi</body></HTML>",
            "application/x-amz-json-1.1",
            "an HTML page",
            id="ram: upper case after white space",
        ),
        pytest.param(
            "ram",
            b"Service temporarily moved",
            "application/json",
            "a text that is not JSON",
            id="ram: plain text labelled JSON",
        ),
    ],
)
def test_a_page_is_refused_whatever_its_label(service, page, content_type, what):
    operation, read = READS[service]
    client = make_client(service, config=merged_config(None))
    attempts = answer_with(client, 200, page, content_type=content_type)
    with pytest.raises(AWSError) as raised:
        read(client)
    assert (raised.value.operation, raised.value.code) == (operation, "InvalidResponse")
    # Where botocore's XML parser fails first (no before-parse), the message also quotes botocore's own error.
    assert raised.value.message.startswith("the answer was not an AWS response")
    assert what in raised.value.message
    assert len(attempts) == 1


@pytest.mark.parametrize("content_type", ["text/html", "application/json"])
@pytest.mark.parametrize("service", ["redshift", "sts", "ram"])
def test_a_bad_gateway_page_is_retried_then_fails_naming_the_operation(service, content_type, sleeps):
    operation, read = READS[service]
    client = make_client(service, config=merged_config({"retries": {"total_max_attempts": 3}}))
    attempts = answer_with(client, 502, BAD_GATEWAY, content_type=content_type)
    with pytest.raises(AWSError) as raised:
        read(client)
    error = raised.value
    assert (error.operation, error.code, error.message) == (operation, "502", "Bad Gateway")
    assert error.attempts == 3 and len(attempts) == 3 and len(sleeps) == 2
    assert error.response_metadata == {"request_id": None, "http_status_code": 502, "retry_attempts": 2}


# --- normalize: an AWS answer as the modules return it ---------------------------------------------------------

TIME = datetime(2024, 5, 2, 9, 41, 7, 123000, tzinfo=timezone.utc)
LATER = datetime(2024, 5, 3, 10, 0, tzinfo=timezone(timedelta(hours=2)))

# id: (AWS's item, keep, expected)
# fmt: off
NORMALIZE_CASES = {
    "camelCase keys": (
        {"resourceShareArn": SHARE, "allowExternalPrincipals": False}, (),
        {"resource_share_arn": SHARE, "allow_external_principals": False},
    ),
    "PascalCase keys and acronyms": (
        {"DatabaseName": "sales", "StatusMessage": "", "ResourceARN": "a", "HTTPStatusCode": 200}, (),
        {"database_name": "sales", "status_message": "", "resource_arn": "a", "http_status_code": 200},
    ),
    "nested dicts and lists": (
        {"Outer": {"InnerKey": [{"LeafName": 1}, "text", 2, [{"DeepKey": None}]]}}, (),
        {"outer": {"inner_key": [{"leaf_name": 1}, "text", 2, [{"deep_key": None}]]}},
    ),
    "datetimes at any depth, with their offset": (
        {"CreatedAt": TIME, "Items": [{"UpdatedAt": LATER}], "Nested": {"Day": date(2024, 5, 2)}}, (),
        {
            "created_at": "2024-05-02T09:41:07.123000+00:00",
            "items": [{"updated_at": "2024-05-03T10:00:00+02:00"}],
            "nested": {"day": "2024-05-02"},
        },
    ),
    "RAM's tags list becomes a dict": (
        {"tags": [{"key": "team", "value": "data"}, {"key": "empty"}]}, (),
        {"tags": {"team": "data", "empty": ""}},
    ),
    "Redshift's Tags list becomes a dict, tag keys as given": (
        {"Tags": [{"Key": "CostCenter", "Value": "Data-Eng"}]}, (),
        {"tags": {"CostCenter": "Data-Eng"}},
    ),
    "no tags": ({"tags": []}, (), {"tags": {}}),
    "keep leaves a value as AWS gives it": (
        {"Policy": {"Statement": [{"Effect": "Allow"}]}, "PolicyName": "p"}, ("Policy",),
        {"policy": {"Statement": [{"Effect": "Allow"}]}, "policy_name": "p"},
    ),
    "empty": ({}, (), {}),
}
# fmt: on


@pytest.mark.parametrize("item, keep, expected", list(NORMALIZE_CASES.values()), ids=list(NORMALIZE_CASES))
def test_normalize(item, keep, expected):
    snapshot = json.dumps(item, default=str, sort_keys=True)
    assert normalize(item, keep=keep) == expected
    assert json.dumps(item, default=str, sort_keys=True) == snapshot  # the answer itself is left alone


# --- apply_writes: the plan's writes, in order, each checked by a re-read when it fails --------------------------


WRITES = [
    Write("AddPartner", partner("sales"), "database 'sales'"),
    Write("AddPartner", partner("hr"), "database 'hr'"),
    Write("DeletePartner", partner("ops"), "database 'ops'"),
]
DONE = "done"

# id: (the answer to each write sent, DONE or an error code; the re-read's verdict on each failed write, True, False
#      or an error code when the re-read fails itself (None: no re-read given); the answers apply() collects (AWS's
#      answer to each write, None for one the re-read accepted), and the error it raises as (code, failed write))
# fmt: off
APPLY_CASES = {
    "every write, in order": ([DONE, DONE, DONE], [], ["sales", "hr", "ops"]),
    "first fails, nothing changed": (
        ["UnsupportedOperation"], [False], ("UnsupportedOperation", "database 'sales'", []),
    ),
    "second fails after the first took effect": (
        [DONE, "PartnerNotFound"], [False], ("PartnerNotFound", "database 'hr'", ["sales"]),
    ),
    "a lost answer that the re-read finds applied": (
        [DONE, "UnsupportedOperation", DONE], [True], ["sales", None, "ops"],
    ),
    "first lost but applied, then a real failure": (
        ["UnsupportedOperation", "ServiceUnavailable"], [True, False], ("ServiceUnavailable", "database 'hr'", [None]),
    ),
    "a failing re-read keeps the write's own error": (
        [DONE, DONE, "UnsupportedOperation"], ["ServiceUnavailable"],
        ("UnsupportedOperation", "database 'ops'", ["sales", "hr"]),
    ),
    "no re-read given": (["UnsupportedOperation"], None, ("UnsupportedOperation", "database 'sales'", [])),
}
# fmt: on


@pytest.mark.parametrize("answers, verdicts, expected", list(APPLY_CASES.values()), ids=list(APPLY_CASES))
def test_apply(stubbed, answers, verdicts, expected):
    stub = stubbed("redshift")
    for write, answer in zip(WRITES, answers):
        method = xform_name(write.operation)
        if answer == DONE:
            stub.add_response(
                method, {"DatabaseName": write.params["DatabaseName"], "PartnerName": "Fivetran"}, write.params
            )
        else:
            stub.add_client_error(method, answer, f"{answer} for {write.target}", 400, expected_params=write.params)

    asked = []

    def already_done(write):
        asked.append(write)
        verdict = verdicts[len(asked) - 1]
        if isinstance(verdict, str):
            raise AWSError("DescribePartners", verdict, "the re-read failed")
        return verdict

    client = stubbed.client("redshift")
    collected = []
    if isinstance(expected, list):
        returned = apply(client, WRITES, collected, already_done if verdicts is not None else None)
        assert returned is collected
        assert [answer and answer["DatabaseName"] for answer in collected] == expected
    else:
        with pytest.raises(AWSError) as raised:
            apply(client, WRITES, collected, already_done if verdicts is not None else None)
        code, target, made = expected
        # The answers collected so far say which write failed: the one after them.
        assert (raised.value.code, WRITES[len(collected)].target) == (code, target)
        assert [answer and answer["DatabaseName"] for answer in collected] == made
        assert raised.value.operation == WRITES[len(answers) - 1].operation
    assert stubbed.sent == [(write.operation, write.params) for write in WRITES[: len(answers)]]
    failed = [write for write, answer in zip(WRITES, answers) if answer != DONE]
    assert asked == (failed if verdicts is not None else [])


def test_apply_without_writes_sends_nothing(stubbed):
    assert apply(stubbed.client("redshift"), [], []) == []
    assert stubbed.sent == []


# --- client tokens: one per write, reused on that write's retries -----------------------------------------------


def test_client_tokens_are_a_fresh_uuid_per_write():
    token = client_tokens()
    tokens = [token("AssociateResourceSharePermission"), token("AssociateResourceSharePermission"), token("X")]
    assert len(set(tokens)) == 3
    assert all(uuid.UUID(value).version == 4 and str(uuid.UUID(value)) == value for value in tokens)
    assert client_tokens()("X") not in tokens  # a new task, new tokens


@pytest.mark.parametrize("user_token", ["my-token", "t" * 64])
def test_a_users_client_token_goes_to_the_first_write_and_derives_the_next_ones(user_token):
    operations = ["DisassociateResourceSharePermission", "AssociateResourceShare", "AssociateResourceShare"]
    token = client_tokens(user_token)
    tokens = [token(operation) for operation in operations]
    assert tokens[0] == user_token
    assert len(set(tokens)) == 3
    assert all(len(value) <= 64 for value in tokens)
    # Deterministic: a rerun of the task with the same token sends the same tokens.
    again = client_tokens(user_token)
    assert [again(operation) for operation in operations] == tokens
    # Another user token derives other tokens.
    other = client_tokens(user_token + "-2")
    assert [other(operation) for operation in operations][1:] != tokens[1:]
