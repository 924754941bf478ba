# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from ansible_collections.partner_onboarding.aws.plugins.modules import redshift_partner

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


# --- main(), against stubbed clients ---------------------------------------------------------------------------


def aws_info(status="Active", message="ok", database="sales"):
    return {
        "DatabaseName": database,
        "PartnerName": "Fivetran",
        "Status": status,
        "StatusMessage": message,
        "CreatedAt": TIME,
        "UpdatedAt": TIME,
    }


def described(*infos):
    return {"PartnerIntegrationInfoList": list(infos)}


WRITTEN = {"DatabaseName": "sales", "PartnerName": "Fivetran"}


@pytest.fixture
def run(run_module):
    """Run redshift_partner with ``args`` on top of a task for the sales database; ``None`` leaves an option out."""

    def run_partner(check_mode=False, diff=False, **args):
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
        return run_module(redshift_partner, **{name: value for name, value in params.items() if value is not None})

    return run_partner


def test_converged_is_one_read_and_no_write(stubbed, run):
    stubbed("redshift").add_response("describe_partners", described(aws_info()), KEY)
    result = run()
    assert result["changed"] is False
    assert result["partner_integration"] == CURRENT
    assert result["partner_integrations"] == [CURRENT]
    assert result["diff"] == {"before": CURRENT, "after": CURRENT}
    assert stubbed.operations == ["DescribePartners"]


def test_account_id_from_sts_only_when_omitted(stubbed, run):
    stubbed("sts").add_response(
        "get_caller_identity", {"Account": ACCOUNT, "Arn": "arn:aws:iam::123456789012:user/x", "UserId": "AID"}, {}
    )
    stubbed("redshift").add_response("describe_partners", described(aws_info()), KEY)
    assert run(account_id=None)["changed"] is False


def test_check_mode_create_reads_only_and_predicts(stubbed, run):
    stubbed("redshift").add_response("describe_partners", described(), KEY)
    result = run(check_mode=True)
    assert result["changed"] is True
    assert result["partner_integration"] == NEW
    assert result["diff"] == {"before": {}, "after": NEW}


def test_create_adds_then_rereads(stubbed, run):
    stub = stubbed("redshift")
    stub.add_response("describe_partners", described(), KEY)
    stub.add_response("add_partner", WRITTEN, KEY)
    stub.add_response("describe_partners", described(aws_info()), KEY)
    result = run()
    assert result["changed"] is True
    assert result["partner_integration"] == CURRENT
    assert result["diff"]["before"] == {}


def test_create_with_status_adds_then_states_the_status(stubbed, run):
    stub = stubbed("redshift")
    stub.add_response("describe_partners", described(), KEY)
    stub.add_response("add_partner", WRITTEN, KEY)
    stub.add_response("update_partner_status", WRITTEN, dict(KEY, Status="Inactive"))
    stub.add_response("describe_partners", described(aws_info("Inactive", "")), KEY)
    result = run(status="Inactive")
    assert result["changed"] is True
    assert result["partner_integration"]["status"] == "Inactive"
    assert stubbed.operations == ["DescribePartners", "AddPartner", "UpdatePartnerStatus", "DescribePartners"]


def test_create_with_a_status_states_it_whatever_redshift_would_report(stubbed, run):
    # The plan is the exact list of writes: no read between AddPartner and UpdatePartnerStatus to guess from.
    stub = stubbed("redshift")
    stub.add_response("describe_partners", described(), KEY)
    stub.add_response("add_partner", WRITTEN, KEY)
    stub.add_response("update_partner_status", WRITTEN, dict(KEY, Status="Active"))
    stub.add_response("describe_partners", described(aws_info()), KEY)
    assert run(status="Active")["changed"] is True
    assert stubbed.operations == ["DescribePartners", "AddPartner", "UpdatePartnerStatus", "DescribePartners"]


def test_add_failing_after_a_lost_answer_succeeds_when_the_integration_exists(stubbed, run):
    stub = stubbed("redshift")
    stub.add_response("describe_partners", described(), KEY)
    stub.add_client_error("add_partner", "UnsupportedOperation", "already exists", 400, expected_params=KEY)
    stub.add_response("describe_partners", described(aws_info()), KEY)  # the re-read: it exists
    stub.add_response("describe_partners", described(aws_info()), KEY)  # the state to return
    result = run()
    assert result["changed"] is True
    assert result["partner_integration"] == CURRENT


def test_add_failing_for_real_reports_the_error_with_its_hint(stubbed, run):
    stub = stubbed("redshift")
    stub.add_response("describe_partners", described(), KEY)
    stub.add_client_error("add_partner", "PartnerNotFound", "The partner Fivetran was not found.", 404)
    stub.add_response("describe_partners", described(), KEY)
    result = run()
    assert result["failed"] is True
    assert result["changed"] is False
    assert result["error"] == {"code": "PartnerNotFound", "message": "The partner Fivetran was not found."}
    assert result["msg"].startswith(
        "AddPartner for database 'sales' failed with PartnerNotFound: The partner Fivetran was not found. Either"
    )
    assert "partner_name" in result["msg"]
    assert result["partner_integration"] == {} and result["partner_integrations"] == []
    assert "diff" not in result


def test_add_failing_and_reread_failing_reports_the_add_error(stubbed, run):
    stub = stubbed("redshift")
    stub.add_response("describe_partners", described(), KEY)
    stub.add_client_error("add_partner", "ServiceUnavailable", "down", 503)
    stub.add_client_error("describe_partners", "ServiceUnavailable", "still down", 503)
    result = run()
    assert result["error"] == {"code": "ServiceUnavailable", "message": "down"}


def test_status_change_on_existing_integration(stubbed, run):
    stub = stubbed("redshift")
    stub.add_response("describe_partners", described(aws_info()), KEY)
    stub.add_response("update_partner_status", WRITTEN, dict(KEY, Status="ConnectionFailure", StatusMessage="refused"))
    stub.add_response("describe_partners", described(aws_info("ConnectionFailure", "refused")), KEY)
    result = run(status="ConnectionFailure", status_message="refused")
    assert result["changed"] is True
    assert result["diff"]["before"]["status"] == "Active"
    assert result["diff"]["after"]["status"] == "ConnectionFailure"


def test_update_failing_after_add_still_reports_the_change(stubbed, run):
    stub = stubbed("redshift")
    stub.add_response("describe_partners", described(), KEY)
    stub.add_response("add_partner", WRITTEN, KEY)
    stub.add_client_error("update_partner_status", "UnauthorizedPartnerIntegration", "no", 401)
    stub.add_response("describe_partners", described(aws_info()), KEY)  # the integration as it now is
    result = run(status="Inactive")
    assert result["failed"] is True
    assert result["changed"] is True
    assert "redshift:AddPartner" in result["msg"]
    assert result["msg"].startswith(
        "UpdatePartnerStatus for database 'sales' failed with UnauthorizedPartnerIntegration"
    )
    assert result["partner_integration"] == CURRENT


def test_check_mode_delete_reads_only(stubbed, run):
    stubbed("redshift").add_response("describe_partners", described(aws_info()), KEY)
    result = run(check_mode=True, state="absent")
    assert result["changed"] is True
    assert result["partner_integration"] == {}
    assert result["diff"] == {"before": CURRENT, "after": {}}


def test_delete(stubbed, run):
    stub = stubbed("redshift")
    stub.add_response("describe_partners", described(aws_info()), KEY)
    stub.add_response("delete_partner", WRITTEN, KEY)
    stub.add_response("describe_partners", described(), KEY)
    result = run(state="absent")
    assert result["changed"] is True
    assert result["partner_integration"] == {}
    assert result["partner_integrations"] == []


def test_delete_failing_because_already_gone_is_success(stubbed, run):
    stub = stubbed("redshift")
    stub.add_response("describe_partners", described(aws_info()), KEY)
    stub.add_client_error("delete_partner", "PartnerNotFound", "gone", 404)
    stub.add_response("describe_partners", described(), KEY)  # the re-read: gone
    stub.add_response("describe_partners", described(), KEY)  # the state to return
    assert run(state="absent")["changed"] is True


def test_delete_failing_while_it_still_exists_fails(stubbed, run):
    stub = stubbed("redshift")
    stub.add_response("describe_partners", described(aws_info()), KEY)
    stub.add_client_error("delete_partner", "UnsupportedOperation", "no", 400)
    stub.add_response("describe_partners", described(aws_info()), KEY)
    result = run(state="absent")
    assert result["failed"] is True and result["error"]["code"] == "UnsupportedOperation"


def test_absent_and_already_absent_is_one_read(stubbed, run):
    stubbed("redshift").add_response("describe_partners", described(), KEY)
    assert run(state="absent")["changed"] is False


def test_cluster_not_found_says_what_to_check(stubbed, run):
    stubbed("redshift").add_client_error("describe_partners", "ClusterNotFound", "Cluster analytics not found.", 404)
    result = run()
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
        ({"database_name": []}, ["database_name must name at least one database"]),
        ({"database_name": ["sales", "1abc", "hr"]}, ["database_name '1abc'"]),
        (
            {"database_name": ["db-name"], "partner_name": "Five tran", "state": "absent", "status": "Active"},
            ["database_name 'db-name'", "partner_name 'Five tran'", "status is only valid with state=present"],
        ),
    ],
)
def test_invalid_input_fails_before_any_aws_call(stubbed, run, args, words):
    result = run(**args)
    assert result["failed"] is True
    for word in words:
        assert word in result["msg"]
    assert stubbed.sent == []


# --- several databases (issue 11): one read, one write per database that changes ---------------------------------

BASE = {"AccountId": ACCOUNT, "ClusterIdentifier": "analytics", "PartnerName": "Fivetran"}
DATABASES = ["sales", "hr", "ops"]


def key_of(database):
    return dict(BASE, DatabaseName=database)


def integration(database, status="Active", message="ok"):
    return dict(CURRENT, database_name=database, status=status, status_message=message)


def written(database):
    return {"DatabaseName": database, "PartnerName": "Fivetran"}


@pytest.mark.parametrize("check_mode", [False, True])
@pytest.mark.parametrize("status", [None, "Active"])
def test_several_databases_converged_is_one_read(stubbed, run, check_mode, status):
    reported = described(*(aws_info(database=database) for database in ["ops", "archive", "sales", "hr"]))
    stubbed("redshift").add_response("describe_partners", reported, BASE)
    result = run(check_mode=check_mode, database_name=DATABASES, status=status)
    assert result["changed"] is False
    assert stubbed.operations == ["DescribePartners"]
    # In the order given, whatever the order Redshift reports them in.
    assert result["partner_integrations"] == [integration(database) for database in DATABASES]
    assert "partner_integration" not in result
    every = {database: integration(database) for database in DATABASES}
    assert result["diff"] == {"before": every, "after": every}


def test_several_databases_add_the_missing_ones_one_write_each_in_order(stubbed, run):
    stub = stubbed("redshift")
    stub.add_response("describe_partners", described(aws_info(database="hr")), BASE)
    stub.add_response("add_partner", written("ops"), key_of("ops"))
    stub.add_response("add_partner", written("sales"), key_of("sales"))
    stub.add_response("describe_partners", described(*(aws_info(database=d) for d in DATABASES)), BASE)
    result = run(database_name=["ops", "hr", "sales"])
    assert result["changed"] is True
    assert stubbed.operations == ["DescribePartners", "AddPartner", "AddPartner", "DescribePartners"]
    assert result["partner_integrations"] == [integration(database) for database in ["ops", "hr", "sales"]]
    assert result["diff"]["before"] == {"ops": {}, "hr": integration("hr"), "sales": {}}


def test_check_mode_several_databases_diff_is_keyed_by_database(stubbed, run):
    reported = described(aws_info(database="sales"), aws_info("RuntimeFailure", "disk full", database="ops"))
    stubbed("redshift").add_response("describe_partners", reported, BASE)
    result = run(check_mode=True, diff=True, database_name=DATABASES, status="Active")
    assert result["changed"] is True
    assert stubbed.operations == ["DescribePartners"]
    predicted_hr = dict(NEW, database_name="hr", status="Active")
    assert result["diff"] == {
        "before": {"sales": integration("sales"), "hr": {}, "ops": integration("ops", "RuntimeFailure", "disk full")},
        "after": {
            "sales": integration("sales"),
            "hr": predicted_hr,
            "ops": integration("ops", "Active", "disk full"),
        },
    }
    assert result["partner_integrations"] == [
        integration("sales"),
        predicted_hr,
        integration("ops", "Active", "disk full"),
    ]
    assert "partner_integration" not in result


def test_a_failed_write_on_the_second_database_names_it_and_reports_the_first(stubbed, run):
    stub = stubbed("redshift")
    stub.add_response("describe_partners", described(), BASE)
    stub.add_response("add_partner", written("sales"), key_of("sales"))
    stub.add_client_error("add_partner", "UnsupportedOperation", "The cluster is paused.", 400, key_of("hr"))
    stub.add_response("describe_partners", described(), key_of("hr"))  # the re-read: hr was not added
    stub.add_response("describe_partners", described(aws_info(database="sales")), BASE)  # the state to report
    result = run(database_name=DATABASES)
    assert result["failed"] is True
    assert result["msg"].startswith(
        "AddPartner for database 'hr' failed with UnsupportedOperation: The cluster is paused. Redshift does not"
    )
    assert result["changed"] is True  # sales was added
    assert result["partner_integrations"] == [integration("sales")]
    assert "partner_integration" not in result and "diff" not in result
    # ops was never tried.
    assert stubbed.operations == [
        "DescribePartners",
        "AddPartner",
        "AddPartner",
        "DescribePartners",
        "DescribePartners",
    ]


def test_a_failed_first_write_reports_no_change_and_the_state_read(stubbed, run):
    stub = stubbed("redshift")
    stub.add_response("describe_partners", described(aws_info(database="ops")), BASE)
    stub.add_client_error("add_partner", "UnauthorizedPartnerIntegration", "Not authorized.", 401, key_of("sales"))
    stub.add_response("describe_partners", described(), key_of("sales"))
    result = run(database_name=DATABASES)
    assert result["failed"] is True
    assert result["changed"] is False
    assert result["msg"].startswith("AddPartner for database 'sales' failed with UnauthorizedPartnerIntegration")
    assert result["partner_integrations"] == [integration("ops")]


@pytest.mark.parametrize(
    "database_name, key, single",
    [
        pytest.param("sales", KEY, True, id="a string, as in 1.0"),
        pytest.param(["sales"], KEY, True, id="a list of one"),
        pytest.param(["sales", "sales"], KEY, True, id="one database given twice"),
        pytest.param(["sales", "hr"], BASE, False, id="two databases"),
    ],
)
def test_partner_integration_only_for_one_database(stubbed, run, database_name, key, single):
    stubbed("redshift").add_response("describe_partners", described(aws_info(database="sales")), key)
    result = run(check_mode=True, database_name=database_name)
    assert ("partner_integration" in result) is single
    if single:
        assert result["partner_integration"] == integration("sales")
        assert result["diff"] == {"before": integration("sales"), "after": integration("sales")}
    else:
        assert set(result["diff"]["before"]) == {"sales", "hr"}


def test_duplicate_databases_are_written_once(stubbed, run):
    stub = stubbed("redshift")
    stub.add_response("describe_partners", described(), BASE)
    stub.add_response("add_partner", written("sales"), key_of("sales"))
    stub.add_response("add_partner", written("hr"), key_of("hr"))
    stub.add_response("describe_partners", described(aws_info(database="sales"), aws_info(database="hr")), BASE)
    result = run(database_name=["sales", "hr", "sales", "hr"])
    assert result["changed"] is True
    assert stubbed.operations == ["DescribePartners", "AddPartner", "AddPartner", "DescribePartners"]
    assert result["partner_integrations"] == [integration("sales"), integration("hr")]
    assert list(result["diff"]["after"]) == ["sales", "hr"]


def test_several_databases_absent_deletes_the_existing_ones_in_order(stubbed, run):
    stub = stubbed("redshift")
    stub.add_response("describe_partners", described(aws_info(database="sales"), aws_info(database="ops")), BASE)
    stub.add_response("delete_partner", written("ops"), key_of("ops"))
    stub.add_response("delete_partner", written("sales"), key_of("sales"))
    stub.add_response("describe_partners", described(), BASE)
    result = run(database_name=["ops", "hr", "sales"], state="absent")
    assert result["changed"] is True
    assert result["partner_integrations"] == []
    assert result["diff"]["after"] == {"ops": {}, "hr": {}, "sales": {}}
