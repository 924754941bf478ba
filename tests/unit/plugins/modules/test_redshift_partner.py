# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from ansible_collections.partner_onboarding.aws.plugins.modules import redshift_partner
from ansible_collections.partner_onboarding.aws.plugins.modules.redshift_partner import plan, status_differs

from ansible_collections.partner_onboarding.aws.tests.unit.module_args import patch_module_args

ACCOUNT = "123456789012"
KEY = {"AccountId": ACCOUNT, "ClusterIdentifier": "analytics", "DatabaseName": "sales", "PartnerName": "Fivetran"}
TIME = datetime(2024, 5, 2, 9, 41, 7, tzinfo=timezone.utc)
CURRENT = {
    "account_id": ACCOUNT,
    "cluster_identifier": "analytics",
    "database_name": "sales",
    "partner_name": "Fivetran",
    "status": "Active",
    "status_message": "ok",
    "created_at": TIME.isoformat(),
    "updated_at": TIME.isoformat(),
}
NEW = dict(CURRENT, status=None, status_message=None, created_at=None, updated_at=None)


# --- the plan: pure, no AWS call -------------------------------------------------------------------------------

# fmt: off
PLANS = [
    pytest.param({}, "present", None, None, ["add"], NEW, id="absent -> present"),
    pytest.param(
        {}, "present", "Inactive", None, ["add", "update_status"], dict(NEW, status="Inactive"),
        id="absent -> present with a status",
    ),
    pytest.param(
        {}, "present", "RuntimeFailure", "disk full", ["add", "update_status"],
        dict(NEW, status="RuntimeFailure", status_message="disk full"),
        id="absent -> present with a status and message",
    ),
    pytest.param(CURRENT, "present", None, None, [], CURRENT, id="present, no status asked"),
    pytest.param(CURRENT, "present", "Active", None, [], CURRENT, id="present, same status, message not asked"),
    pytest.param(CURRENT, "present", "Active", "ok", [], CURRENT, id="present, same status and message"),
    pytest.param(
        CURRENT, "present", "Active", "changed", ["update_status"], dict(CURRENT, status_message="changed"),
        id="present, same status, other message",
    ),
    pytest.param(
        CURRENT, "present", "ConnectionFailure", None, ["update_status"], dict(CURRENT, status="ConnectionFailure"),
        id="present, other status, message kept in the prediction",
    ),
    pytest.param(
        CURRENT, "present", "Inactive", "paused", ["update_status"],
        dict(CURRENT, status="Inactive", status_message="paused"),
        id="present, other status and message",
    ),
    pytest.param(CURRENT, "absent", None, None, ["delete"], {}, id="present -> absent"),
    pytest.param({}, "absent", None, None, [], {}, id="absent stays absent"),
]
# fmt: on


@pytest.mark.parametrize("current, state, status, message, actions, predicted", PLANS)
def test_plan(current, state, status, message, actions, predicted):
    assert plan(current, KEY, state, status, message) == (actions, predicted)


def test_plan_does_not_mutate_current():
    current = dict(CURRENT)
    plan(current, KEY, "present", "Inactive", "x")
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


# --- main(), against stubbed clients ---------------------------------------------------------------------------


def aws_info(status="Active", message="ok"):
    return {
        "DatabaseName": "sales",
        "PartnerName": "Fivetran",
        "Status": status,
        "StatusMessage": message,
        "CreatedAt": TIME,
        "UpdatedAt": TIME,
    }


def described(*infos):
    return {"PartnerIntegrationInfoList": list(infos)}


WRITTEN = {"DatabaseName": "sales", "PartnerName": "Fivetran"}


def run(capsys, check_mode=False, diff=False, **args):
    params = {
        "cluster_identifier": "analytics",
        "database_name": "sales",
        "partner_name": "Fivetran",
        "account_id": ACCOUNT,
        "region": "us-east-1",
        "_ansible_check_mode": check_mode,
        "_ansible_diff": diff,
    }
    params.update(args)
    params = {name: value for name, value in params.items() if value is not None}
    with patch_module_args(params):
        with pytest.raises(SystemExit):
            redshift_partner.main()
    return json.loads(capsys.readouterr().out)


def test_converged_is_one_read_and_no_write(clients, capsys):
    clients["redshift"].add_response("describe_partners", described(aws_info()), KEY)
    result = run(capsys)
    assert result["changed"] is False
    assert result["partner_integration"] == CURRENT
    assert result["diff"] == {"before": CURRENT, "after": CURRENT}


def test_account_id_from_sts_only_when_omitted(clients, capsys):
    clients["sts"].add_response(
        "get_caller_identity", {"Account": ACCOUNT, "Arn": "arn:aws:iam::123456789012:user/x", "UserId": "AID"}, {}
    )
    clients["redshift"].add_response("describe_partners", described(aws_info()), KEY)
    assert run(capsys, account_id=None)["changed"] is False


def test_check_mode_create_reads_only_and_predicts(clients, capsys):
    clients["redshift"].add_response("describe_partners", described(), KEY)
    result = run(capsys, check_mode=True)
    assert result["changed"] is True
    assert result["partner_integration"] == NEW
    assert result["diff"] == {"before": {}, "after": NEW}


def test_create_adds_then_rereads(clients, capsys):
    stub = clients["redshift"]
    stub.add_response("describe_partners", described(), KEY)
    stub.add_response("add_partner", WRITTEN, KEY)
    stub.add_response("describe_partners", described(aws_info()), KEY)
    result = run(capsys)
    assert result["changed"] is True
    assert result["partner_integration"] == CURRENT
    assert result["diff"]["before"] == {}


def test_create_with_status_updates_only_when_reported_status_differs(clients, capsys):
    stub = clients["redshift"]
    stub.add_response("describe_partners", described(), KEY)
    stub.add_response("add_partner", WRITTEN, KEY)
    stub.add_response("describe_partners", described(aws_info()), KEY)
    stub.add_response("update_partner_status", WRITTEN, dict(KEY, Status="Inactive"))
    stub.add_response("describe_partners", described(aws_info("Inactive", "")), KEY)
    result = run(capsys, status="Inactive")
    assert result["changed"] is True
    assert result["partner_integration"]["status"] == "Inactive"


def test_create_with_the_status_already_reported_does_not_update(clients, capsys):
    stub = clients["redshift"]
    stub.add_response("describe_partners", described(), KEY)
    stub.add_response("add_partner", WRITTEN, KEY)
    stub.add_response("describe_partners", described(aws_info()), KEY)
    assert run(capsys, status="Active")["changed"] is True


def test_add_failing_after_a_lost_answer_succeeds_when_the_integration_exists(clients, capsys):
    stub = clients["redshift"]
    stub.add_response("describe_partners", described(), KEY)
    stub.add_client_error("add_partner", "UnsupportedOperation", "already exists", 400, expected_params=KEY)
    stub.add_response("describe_partners", described(aws_info()), KEY)
    result = run(capsys)
    assert result["changed"] is True
    assert result["partner_integration"] == CURRENT


def test_add_failing_for_real_reports_the_error_with_its_hint(clients, capsys):
    stub = clients["redshift"]
    stub.add_response("describe_partners", described(), KEY)
    stub.add_client_error("add_partner", "PartnerNotFound", "The partner Fivetran was not found.", 404)
    stub.add_response("describe_partners", described(), KEY)
    result = run(capsys)
    assert result["failed"] is True
    assert result["changed"] is False
    assert result["error"] == {"code": "PartnerNotFound", "message": "The partner Fivetran was not found."}
    assert result["msg"].startswith("AddPartner failed with PartnerNotFound: The partner Fivetran was not found.")
    assert "partner_name" in result["msg"]


def test_add_failing_and_reread_failing_reports_the_add_error(clients, capsys):
    stub = clients["redshift"]
    stub.add_response("describe_partners", described(), KEY)
    stub.add_client_error("add_partner", "ServiceUnavailable", "down", 503)
    stub.add_client_error("describe_partners", "ServiceUnavailable", "still down", 503)
    result = run(capsys)
    assert result["error"] == {"code": "ServiceUnavailable", "message": "down"}


def test_status_change_on_existing_integration(clients, capsys):
    stub = clients["redshift"]
    stub.add_response("describe_partners", described(aws_info()), KEY)
    stub.add_response("update_partner_status", WRITTEN, dict(KEY, Status="ConnectionFailure", StatusMessage="refused"))
    stub.add_response("describe_partners", described(aws_info("ConnectionFailure", "refused")), KEY)
    result = run(capsys, status="ConnectionFailure", status_message="refused")
    assert result["changed"] is True
    assert result["diff"]["before"]["status"] == "Active"
    assert result["diff"]["after"]["status"] == "ConnectionFailure"


def test_update_failing_after_add_still_reports_the_change(clients, capsys):
    stub = clients["redshift"]
    stub.add_response("describe_partners", described(), KEY)
    stub.add_response("add_partner", WRITTEN, KEY)
    stub.add_response("describe_partners", described(aws_info()), KEY)
    stub.add_client_error("update_partner_status", "UnauthorizedPartnerIntegration", "no", 401)
    result = run(capsys, status="Inactive")
    assert result["failed"] is True
    assert result["changed"] is True
    assert "redshift:AddPartner" in result["msg"]


def test_check_mode_delete_reads_only(clients, capsys):
    clients["redshift"].add_response("describe_partners", described(aws_info()), KEY)
    result = run(capsys, check_mode=True, state="absent")
    assert result["changed"] is True
    assert result["partner_integration"] == {}
    assert result["diff"] == {"before": CURRENT, "after": {}}


def test_delete(clients, capsys):
    stub = clients["redshift"]
    stub.add_response("describe_partners", described(aws_info()), KEY)
    stub.add_response("delete_partner", WRITTEN, KEY)
    result = run(capsys, state="absent")
    assert result["changed"] is True
    assert result["partner_integration"] == {}


def test_delete_failing_because_already_gone_is_success(clients, capsys):
    stub = clients["redshift"]
    stub.add_response("describe_partners", described(aws_info()), KEY)
    stub.add_client_error("delete_partner", "PartnerNotFound", "gone", 404)
    stub.add_response("describe_partners", described(), KEY)
    assert run(capsys, state="absent")["changed"] is True


def test_delete_failing_while_it_still_exists_fails(clients, capsys):
    stub = clients["redshift"]
    stub.add_response("describe_partners", described(aws_info()), KEY)
    stub.add_client_error("delete_partner", "UnsupportedOperation", "no", 400)
    stub.add_response("describe_partners", described(aws_info()), KEY)
    result = run(capsys, state="absent")
    assert result["failed"] is True and result["error"]["code"] == "UnsupportedOperation"


def test_absent_and_already_absent_is_one_read(clients, capsys):
    clients["redshift"].add_response("describe_partners", described(), KEY)
    assert run(capsys, state="absent")["changed"] is False


def test_cluster_not_found_says_what_to_check(clients, capsys):
    clients["redshift"].add_client_error("describe_partners", "ClusterNotFound", "Cluster analytics not found.", 404)
    result = run(capsys)
    assert result["failed"] is True
    assert result["error"]["code"] == "ClusterNotFound"
    assert "DescribePartners failed with ClusterNotFound" in result["msg"]
    assert "cluster_identifier" in result["msg"] and "region" in result["msg"]


@pytest.mark.parametrize(
    "args, words",
    [
        ({"cluster_identifier": "c" * 64}, ["cluster_identifier", "63"]),
        ({"database_name": "1abc"}, ["database_name", r"\p{L}"]),
        ({"database_name": "a"}, ["database_name"]),
        ({"partner_name": "Five tran"}, ["partner_name"]),
        ({"account_id": "12345678901"}, ["account_id", "12 digits"]),
        ({"status": "Active", "status_message": "crème"}, ["status_message", "printable ASCII"]),
        ({"state": "absent", "status": "Active"}, ["status", "state=present"]),
        ({"status_message": "x"}, ["status_message", "status"]),
        ({"status": "Broken"}, ["status", "Active"]),
        ({"account_id": None, "database_name": "db-name"}, ["database_name"]),
    ],
)
def test_invalid_input_fails_before_any_aws_call(clients, capsys, args, words):
    result = run(capsys, **args)
    assert result["failed"] is True
    for word in words:
        assert word in result["msg"]
