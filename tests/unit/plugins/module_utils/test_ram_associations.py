# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""_ram_associations: a share's associations read and viewed, the principals' plan, and the wait for them."""

from __future__ import annotations

import pytest

from ansible_collections.partner_onboarding.aws.plugins.module_utils._calls import (
    AWSError,
    Write,
    normalize,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._module import (
    Failure,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram_associations import (
    association_view,
    entities_written,
    latest,
    list_associations,
    plan_principals,
    principal_statuses,
    wait_for_associations,
)
from ansible_collections.partner_onboarding.aws.tests.unit.ram_answers import (
    DB,
    DB_RW,
    ORG,
    OTHER_SHARE,
    OU,
    PARTNER,
    ROLE,
    SERVICE,
    SHARE,
    TABLE,
    Tokens,
    associations_read,
    at,
    principal,
    resource,
    sent,
    skip_waiter_sleep,
)

# --- association_view ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "status, external, counts, pending, suspended",
    [
        ("ASSOCIATED", False, True, False, False),
        ("ASSOCIATED", True, True, False, False),
        ("ASSOCIATING", False, True, False, False),
        ("ASSOCIATING", True, True, True, False),
        ("FAILED", False, False, False, False),
        ("FAILED", True, False, False, False),
        ("DISASSOCIATING", False, False, False, False),
        ("DISASSOCIATING", True, False, False, False),
        ("DISASSOCIATED", False, False, False, False),
        ("DISASSOCIATED", True, False, False, False),
        # The account left the organization while the share retains sharing: still a principal.
        ("SUSPENDED", False, True, False, True),
        ("SUSPENDING", True, True, False, True),
        ("RESTORING", False, True, False, True),
    ],
)
def test_association_view(status, external, counts, pending, suspended):
    view = association_view(
        [normalize(principal(PARTNER, status, external=external))],
        [normalize(resource(DB, status))],
    )
    assert view == {
        "resource_arns": [DB] if status in ("ASSOCIATED", "ASSOCIATING") else [],
        "principals": [PARTNER] if counts else [],
        "pending_principals": [PARTNER] if pending else [],
        "suspended_principals": [PARTNER] if suspended else [],
    }


def test_principal_statuses_of_the_principals_that_count():
    principals = [
        normalize(principal(ORG)),
        normalize(principal(PARTNER, "SUSPENDED")),
        normalize(principal(ROLE, "DISASSOCIATED")),
        normalize(principal(OU, "RESTORING")),
    ]
    assert principal_statuses(principals) == {ORG: "ASSOCIATED", PARTNER: "SUSPENDED", OU: "RESTORING"}


def test_association_view_keeps_the_order_and_a_missing_external_is_not_pending():
    item = normalize(principal(ROLE, "ASSOCIATING"))
    del item["external"]
    principals = [normalize(principal(ORG)), item, normalize(principal(PARTNER, "ASSOCIATING"))]
    assert association_view(principals, []) == {
        "resource_arns": [],
        "principals": [ORG, ROLE, PARTNER],
        "pending_principals": [],
        "suspended_principals": [],
    }


# --- entities_written, _latest ------------------------------------------------------------------------------------


def test_entities_written():
    writes = [
        Write("AssociateResourceSharePermission", {"resourceShareArn": SHARE, "permissionArn": DB_RW}),
        Write("UpdateResourceShare", {"resourceShareArn": SHARE, "name": "x"}),
        Write("CreateResourceShare", {"name": "x", "principals": [PARTNER], "resourceArns": [DB]}),
        Write("AssociateResourceShare", {"resourceShareArn": SHARE, "resourceArns": [TABLE]}),
        Write("DisassociateResourceShare", {"resourceShareArn": SHARE, "principals": [ORG]}),
        Write("TagResource", {"resourceShareArn": SHARE, "tags": []}),
        Write("DeleteResourceShare", {"resourceShareArn": SHARE}),
    ]
    assert entities_written(writes) == {
        (PARTNER, "PRINCIPAL"): True,
        (DB, "RESOURCE"): True,
        (TABLE, "RESOURCE"): True,
        (ORG, "PRINCIPAL"): False,
    }
    assert entities_written([]) == {}
    assert entities_written([Write("CreateResourceShare", {"name": "x"})]) == {}


def test_latest_keeps_the_most_recent_association_of_each_entity():
    old_db = resource(DB, "DISASSOCIATED", updated=at(1))
    new_db = resource(DB, "ASSOCIATING", updated=at(5))
    role = principal(ROLE, "ASSOCIATED", updated=at(3))
    # The same entity as a principal and as a resource would be two associations (never in practice; keyed apart).
    org_principal = principal(ORG, "ASSOCIATED", updated=at(2))
    org_resource = resource(ORG, "FAILED", updated=at(1))
    older_again = resource(DB, "FAILED", updated=at(0))
    listed = [normalize(item) for item in (old_db, role, new_db, org_principal, org_resource, older_again)]
    assert latest(listed) == [normalize(item) for item in (new_db, role, org_principal, org_resource)]
    assert latest([]) == []


def test_latest_of_equal_times_is_the_last_listed():
    first, second = normalize(resource(DB, "DISASSOCIATED")), normalize(resource(DB, "ASSOCIATED"))
    assert latest([first, second]) == [second]


# --- plan_principals -------------------------------------------------------------------------------------------------

PRINCIPALS_NOW = {"principals": [PARTNER, ORG], "pending_principals": [PARTNER]}


# (wanted principals, state, exact writes, predicted principals, predicted pending principals)
@pytest.mark.parametrize(
    "wanted, state_, writes, principals, pending",
    [
        pytest.param(
            [ROLE, ORG, ROLE, SERVICE],
            "present",
            [
                (
                    "AssociateResourceShare",
                    {"resourceShareArn": SHARE, "principals": [ROLE, SERVICE], "clientToken": "token-1-Associate"},
                )
            ],
            [PARTNER, ORG, ROLE, SERVICE],
            [PARTNER],
            id="add-the-missing-ones-once",
        ),
        pytest.param([ORG], "present", [], [PARTNER, ORG], [PARTNER], id="present"),
        pytest.param([PARTNER], "present", [], [PARTNER, ORG], [PARTNER], id="pending-counts-as-present"),
        pytest.param(
            [OU, ORG, ORG],
            "absent",
            [
                (
                    "DisassociateResourceShare",
                    {"resourceShareArn": SHARE, "principals": [ORG], "clientToken": "token-1-Disassociate"},
                )
            ],
            [PARTNER],
            [PARTNER],
            id="remove-only-listed-and-present-once",
        ),
        pytest.param(
            [PARTNER],
            "absent",
            [
                (
                    "DisassociateResourceShare",
                    {"resourceShareArn": SHARE, "principals": [PARTNER], "clientToken": "token-1-Disassociate"},
                )
            ],
            [ORG],
            [],
            id="remove-a-pending-one",
        ),
        pytest.param([OU, ROLE], "absent", [], [PARTNER, ORG], [PARTNER], id="absent"),
    ],
)
def test_plan_principals(wanted, state_, writes, principals, pending):  # pylint: disable=too-many-arguments
    tokens = Tokens()

    def short_tokens(operation):
        return tokens(operation.replace("ResourceShare", ""))

    planned, after = plan_principals(PRINCIPALS_NOW, SHARE, wanted, state_, short_tokens)
    assert sent(planned) == writes
    assert after == {"principals": principals, "pending_principals": pending, "suspended_principals": []}
    assert {write.target for write in planned} <= {f"resource share {SHARE}"}


@pytest.mark.parametrize("state_", ["present", "absent"])
def test_plan_principals_never_associates_a_suspended_principal_again(state_):
    current = {"principals": [PARTNER, ORG], "pending_principals": [], "suspended_principals": [PARTNER]}
    planned, after = plan_principals(current, SHARE, [PARTNER], state_, Tokens())
    if state_ == "present":
        assert planned == []
        assert after["suspended_principals"] == [PARTNER]
    else:
        assert sent(planned) == [
            (
                "DisassociateResourceShare",
                {
                    "resourceShareArn": SHARE,
                    "principals": [PARTNER],
                    "clientToken": "token-1-DisassociateResourceShare",
                },
            )
        ]
        assert after == {"principals": [ORG], "pending_principals": [], "suspended_principals": []}


def test_plan_principals_without_a_token_function_makes_fresh_tokens():
    first, _after = plan_principals(PRINCIPALS_NOW, SHARE, [ROLE], "present")
    second, _after = plan_principals(PRINCIPALS_NOW, SHARE, [ROLE], "present")
    assert first[0].params["clientToken"] != second[0].params["clientToken"]


# --- reads against the real RAM model --------------------------------------------------------------------------


def test_get_associations_all_pages_an_empty_one_included(stubbed):
    ram = stubbed("ram")
    shares = (SHARE, OTHER_SHARE)
    associations_read(ram, "PRINCIPAL", principal(ORG), shares=shares, next_token="a")
    associations_read(ram, "PRINCIPAL", shares=shares, next_token="b", token="a")
    associations_read(
        ram,
        "PRINCIPAL",
        principal(PARTNER, "ASSOCIATING", share=OTHER_SHARE, external=True, message="invited"),
        shares=shares,
        token="b",
    )
    found = list_associations(stubbed.client("ram"), "PRINCIPAL", iter(shares))
    assert [(a["associated_entity"], a["resource_share_arn"], a["status"]) for a in found] == [
        (ORG, SHARE, "ASSOCIATED"),
        (PARTNER, OTHER_SHARE, "ASSOCIATING"),
    ]
    assert found[1] == {
        "resource_share_arn": OTHER_SHARE,
        "resource_share_name": "partner-share",
        "associated_entity": PARTNER,
        "association_type": "PRINCIPAL",
        "status": "ASSOCIATING",
        "status_message": "invited",
        "creation_time": "2024-06-01T09:41:07+00:00",
        "last_updated_time": "2024-06-01T09:41:07+00:00",
        "external": True,
    }
    assert stubbed.operations == ["GetResourceShareAssociations"] * 3


def test_get_associations_error_names_the_operation(stubbed):
    stubbed("ram").add_client_error("get_resource_share_associations", "ServerInternalException", "oops", 500)
    with pytest.raises(AWSError) as raised:
        list_associations(stubbed.client("ram"), "RESOURCE", [SHARE])
    assert raised.value.operation == "GetResourceShareAssociations"


# --- waiting ---------------------------------------------------------------------------------------------------


def test_wait_for_nothing_reads_nothing(stubbed, monkeypatch):
    delays = skip_waiter_sleep(monkeypatch)
    wait_for_associations(stubbed.client("ram"), SHARE, {}, 300)
    assert stubbed.sent == [] and delays == []


def test_wait_settles_after_associating_polls(stubbed, monkeypatch):
    delays = skip_waiter_sleep(monkeypatch)
    ram = stubbed("ram")
    polls = [
        ([principal(ROLE, "ASSOCIATING"), principal(ORG)], [resource(DB, "ASSOCIATING")]),
        ([principal(ROLE), principal(ORG)], [resource(DB, "ASSOCIATING")]),
        ([principal(ROLE), principal(ORG, "ASSOCIATING")], [resource(DB)]),
    ]
    for principals, resources in polls:
        associations_read(ram, "PRINCIPAL", *principals)
        associations_read(ram, "RESOURCE", *resources)
    # ORG was not written by the task: its association is not waited for.
    wait_for_associations(stubbed.client("ram"), SHARE, {(ROLE, "PRINCIPAL"): True, (DB, "RESOURCE"): True}, 300)
    assert delays == [2, 2]
    assert stubbed.operations == ["GetResourceShareAssociations"] * 6


def test_wait_reads_only_the_association_types_written(stubbed, monkeypatch):
    skip_waiter_sleep(monkeypatch)
    associations_read(stubbed("ram"), "RESOURCE", resource(DB, "DISASSOCIATED"), resource(TABLE))
    wait_for_associations(stubbed.client("ram"), SHARE, {(DB, "RESOURCE"): True, (TABLE, "RESOURCE"): True}, 300)
    assert [params["associationType"] for _op, params in stubbed.sent] == ["RESOURCE"]


def test_wait_for_a_disassociation(stubbed, monkeypatch):
    delays = skip_waiter_sleep(monkeypatch)
    ram = stubbed("ram")
    associations_read(ram, "PRINCIPAL", principal(ORG, "DISASSOCIATING", updated=at(1)))
    associations_read(ram, "PRINCIPAL", principal(ORG, "ASSOCIATED"), principal(ORG, "DISASSOCIATED", updated=at(2)))
    wait_for_associations(stubbed.client("ram"), SHARE, {(ORG, "PRINCIPAL"): False}, 300)
    assert delays == [2]


def test_wait_follows_the_latest_association_of_an_entity(stubbed, monkeypatch):
    delays = skip_waiter_sleep(monkeypatch)
    ram = stubbed("ram")
    # An older DISASSOCIATED association of the entity is still listed beside the new one.
    associations_read(ram, "RESOURCE", resource(DB, "DISASSOCIATED"), resource(DB, "ASSOCIATING", updated=at(1)))
    associations_read(ram, "RESOURCE", resource(DB, "DISASSOCIATED"), resource(DB, "ASSOCIATED", updated=at(2)))
    wait_for_associations(stubbed.client("ram"), SHARE, {(DB, "RESOURCE"): True}, 300)
    assert delays == [2]


def test_wait_does_not_wait_for_an_external_principals_invitation(stubbed, monkeypatch):
    delays = skip_waiter_sleep(monkeypatch)
    associations_read(stubbed("ram"), "PRINCIPAL", principal(PARTNER, "ASSOCIATING", external=True), principal(ROLE))
    wait_for_associations(stubbed.client("ram"), SHARE, {(PARTNER, "PRINCIPAL"): True, (ROLE, "PRINCIPAL"): True}, 300)
    assert delays == []


def test_wait_failed_association_fails_with_its_status_message(stubbed, monkeypatch):
    delays = skip_waiter_sleep(monkeypatch)
    ram = stubbed("ram")
    associations_read(ram, "PRINCIPAL", principal(PARTNER, "ASSOCIATING"))
    associations_read(
        ram, "PRINCIPAL", principal(PARTNER, "FAILED", message="The account is not a member of the organization")
    )
    with pytest.raises(Failure) as raised:
        wait_for_associations(stubbed.client("ram"), SHARE, {(PARTNER, "PRINCIPAL"): True}, 300)
    assert str(raised.value) == (
        f"AWS RAM could not associate with resource share {SHARE}: "
        f"{PARTNER}: The account is not a member of the organization"
    )
    assert delays == [2]


def test_wait_failed_without_a_message(stubbed, monkeypatch):
    skip_waiter_sleep(monkeypatch)
    associations_read(stubbed("ram"), "RESOURCE", resource(DB, "FAILED"))
    with pytest.raises(Failure, match=f"{DB}: no reason given"):
        wait_for_associations(stubbed.client("ram"), SHARE, {(DB, "RESOURCE"): True}, 300)


def test_wait_times_out_naming_wait_timeout(stubbed, monkeypatch):
    delays = skip_waiter_sleep(monkeypatch)
    ram = stubbed("ram")
    # wait_timeout 3 with a delay of 2 s: three reads (at 0, 2 and 4 s).
    for _poll in range(3):
        associations_read(ram, "RESOURCE", resource(DB, "ASSOCIATING"), resource(TABLE))
    with pytest.raises(Failure) as raised:
        wait_for_associations(stubbed.client("ram"), SHARE, {(DB, "RESOURCE"): True, (TABLE, "RESOURCE"): True}, 3)
    message = str(raised.value)
    assert message.startswith("timed out after 3 s (wait_timeout)")
    assert f"{DB} (ASSOCIATING)" in message
    assert "raise wait_timeout" in message
    assert delays == [2, 2]


def test_wait_read_error_is_an_aws_error(stubbed, monkeypatch):
    skip_waiter_sleep(monkeypatch)
    stubbed("ram").add_client_error("get_resource_share_associations", "ServiceUnavailableException", "later", 503)
    with pytest.raises(AWSError) as raised:
        wait_for_associations(stubbed.client("ram"), SHARE, {(DB, "RESOURCE"): True}, 300)
    assert raised.value.operation == "GetResourceShareAssociations"


# An entity's older FAILED association may still be listed beside its new one, as an older DISASSOCIATED one is
# (_latest's reason to be): the latest one counts, and a pending invitation is not waited for.
def test_wait_an_old_failed_association_does_not_fail_a_new_invitation(stubbed, monkeypatch):
    skip_waiter_sleep(monkeypatch)
    associations_read(
        stubbed("ram"),
        "PRINCIPAL",
        principal(PARTNER, "FAILED", external=True, message="invitation expired", updated=at(1)),
        principal(PARTNER, "ASSOCIATING", external=True, updated=at(9)),
    )
    wait_for_associations(stubbed.client("ram"), SHARE, {(PARTNER, "PRINCIPAL"): True}, 300)
