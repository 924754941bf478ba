# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""What RAM added since 2023, planned: sources, retained sharing, suspended principals, and the promotion of a share
created from a resource policy (plan_resource_share, _ram_share_sources, _ram_promote)."""

from __future__ import annotations

import pytest

from ansible_collections.partner_onboarding.aws.plugins.module_utils._module import Failure
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram import normalize_share
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram_permissions import normalize_permission
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram_promote import (
    plan_promotion,
    promoted_permission_name,
    read_promoted,
    wait_for_standard,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram_rules import ValidationError
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram_share_sources import (
    invalid_share_params_with_sources,
    list_sources,
    plan_sources,
    sources_by_share,
    validate_sources,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram_shares import plan_resource_share
from ansible_collections.partner_onboarding.aws.tests.unit.ram_answers import (
    CREATED,
    DB,
    DB_RW,
    ORG,
    OTHER_SHARE,
    OU,
    OWNER,
    PARTNER,
    ROLE,
    SERVICE,
    SHARE,
    TABLE_DEFAULT,
    Tokens,
    params,
    permission_detail,
    resource_share,
    sent,
    shares_read,
    skip_waiter_sleep,
    summary,
)

ACCOUNT = "444455556666"
POLICY_PERMISSION = f"arn:aws:ram:us-east-1:{OWNER}:permission/policy-created-1a2b3c"
PROMOTED = f"arn:aws:ram:us-east-1:{OWNER}:permission/partner-share-glueDatabase"


def state(principals=(), sources=None, suspended=(), feature_set="STANDARD", retain=False, resources=(DB,)):
    share = dict(resource_share(), featureSet=feature_set)
    if retain:
        share["resourceShareConfiguration"] = {"retainSharingOnAccountLeaveOrganization": True}
    current = dict(
        normalize_share(share),
        resource_arns=list(resources),
        principals=list(principals),
        pending_principals=[],
        suspended_principals=list(suspended),
    )
    if sources is not None:
        current["sources"] = list(sources)
    return current


def policy_permission():
    return normalize_permission(
        dict(
            summary(POLICY_PERMISSION, "glue:Database"),
            permissionType="CUSTOMER_MANAGED",
            featureSet="CREATED_FROM_POLICY",
        )
    )


# --- sources: the rule, checked before any call -----------------------------------------------------------------


@pytest.mark.parametrize(
    "options, message",
    [
        (dict(sources=[ACCOUNT], principals=[SERVICE]), None),
        (dict(sources=[ORG, OU], principals=[SERVICE, "lakeformation.amazonaws.com"]), None),
        (dict(sources=[], principals=[SERVICE], purge_sources=True), None),
        (dict(sources=None, principals=[PARTNER]), None),
        (dict(sources=[ACCOUNT], principals=[SERVICE, PARTNER]), "but principals also lists '210987654321'"),
        (dict(sources=[ACCOUNT], principals=[SERVICE, ROLE]), "sources restrict service principals only"),
        (dict(sources=[ACCOUNT], principals=None), "sources needs at least one service principal"),
        (dict(sources=[ACCOUNT], principals=[]), "sources needs at least one service principal"),
        (dict(sources=[SERVICE], principals=[SERVICE]), "sources: 'glue.amazonaws.com' not valid"),
        (dict(sources=[ROLE], principals=[SERVICE]), "each must be a 12-digit account ID"),
        (dict(sources=None, purge_sources=True), "purge_sources needs sources"),
    ],
)
def test_validate_sources(options, message):
    if message is None:
        validate_sources(params(**options))
    else:
        with pytest.raises(ValidationError, match=message):
            validate_sources(params(**options))


def test_the_module_rules_include_the_sources_rule():
    errors = invalid_share_params_with_sources(params(sources=[ACCOUNT], principals=[PARTNER], purge_principals=None))
    assert len(errors) == 1 and errors[0].startswith("sources restrict service principals only")
    assert invalid_share_params_with_sources(params(sources=[ACCOUNT], principals=[SERVICE])) == []


# --- sources: the plan ------------------------------------------------------------------------------------------


def test_create_sends_sources_and_retained_sharing_in_the_one_call():
    wanted = params(principals=[SERVICE], sources=[ACCOUNT, ACCOUNT], retain_sharing_on_account_leave_organization=True)
    writes, predicted = plan_resource_share({}, wanted, token=Tokens())
    assert sent(writes) == [
        (
            "CreateResourceShare",
            {
                "name": "partner-share",
                "allowExternalPrincipals": False,
                "principals": [SERVICE],
                "clientToken": "token-1-CreateResourceShare",
                "sources": [ACCOUNT],
                "resourceShareConfiguration": {"retainSharingOnAccountLeaveOrganization": True},
            },
        )
    ]
    assert predicted["sources"] == [ACCOUNT]
    assert predicted["retain_sharing_on_account_leave_organization"] is True
    assert predicted["suspended_principals"] == []


def test_create_without_the_new_options_sends_what_it_sent_before():
    writes, predicted = plan_resource_share({}, params(principals=[PARTNER]), token=Tokens())
    assert sent(writes) == [
        (
            "CreateResourceShare",
            {
                "name": "partner-share",
                "allowExternalPrincipals": False,
                "principals": [PARTNER],
                "clientToken": "token-1-CreateResourceShare",
            },
        )
    ]
    assert "sources" not in predicted
    assert predicted["retain_sharing_on_account_leave_organization"] is False


# (the share, its sources, options, exact writes, predicted sources)
# fmt: off
SOURCE_CASES = [
    pytest.param([SERVICE], [ACCOUNT], dict(principals=[SERVICE], sources=[ACCOUNT]), [], [ACCOUNT], id="converged"),
    pytest.param(
        [SERVICE], [ACCOUNT], dict(principals=[SERVICE], sources=[ACCOUNT, ORG]),
        [("AssociateResourceShare", {"resourceShareArn": SHARE, "sources": [ORG],
                                     "clientToken": "token-1-AssociateResourceShare"})],
        [ACCOUNT, ORG], id="add-a-source-alone",
    ),
    pytest.param(
        [], [], dict(principals=[SERVICE], sources=[ACCOUNT]),
        [("AssociateResourceShare", {"resourceShareArn": SHARE, "principals": [SERVICE],
                                     "clientToken": "token-1-AssociateResourceShare", "sources": [ACCOUNT]})],
        [ACCOUNT], id="new-service-principal-with-its-sources-in-one-call",
    ),
    pytest.param(
        [SERVICE], [ACCOUNT, ORG], dict(principals=[SERVICE], sources=[ORG]), [], [ACCOUNT, ORG],
        id="not-listed-kept-without-purge",
    ),
    pytest.param(
        [SERVICE], [ACCOUNT, ORG], dict(principals=[SERVICE], sources=[OU], purge_sources=True, tags={"a": "b"}),
        [("AssociateResourceShare", {"resourceShareArn": SHARE, "sources": [OU],
                                     "clientToken": "token-1-AssociateResourceShare"}),
         ("DisassociateResourceShare", {"resourceShareArn": SHARE, "sources": [ACCOUNT, ORG],
                                        "clientToken": "token-2-DisassociateResourceShare"}),
         ("TagResource", {"resourceShareArn": SHARE, "tags": [{"key": "a", "value": "b"}]})],
        [OU], id="purge-added-first-removed-next-before-the-tags",
    ),
]
# fmt: on


@pytest.mark.parametrize("principals, have, options, writes, after", SOURCE_CASES)
def test_plan_sources_on_an_existing_share(principals, have, options, writes, after):
    current = state(principals=principals, sources=have)
    planned, predicted = plan_resource_share(current, params(**options), token=Tokens())
    assert sent(planned) == writes
    assert predicted["sources"] == after


def test_plan_sources_alone_places_the_writes_at_the_end_without_tags():
    planned, after = plan_sources([], [ACCOUNT], [ORG], True, SHARE, Tokens())
    assert [(w.operation, w.params.get("sources")) for w in planned] == [
        ("AssociateResourceShare", [ORG]),
        ("DisassociateResourceShare", [ACCOUNT]),
    ]
    assert after == [ORG]


def test_without_sources_the_plan_has_no_sources():
    planned, predicted = plan_resource_share(state(principals=[SERVICE]), params(principals=[SERVICE]), token=Tokens())
    assert planned == [] and "sources" not in predicted


# --- sources: the read ------------------------------------------------------------------------------------------


def _source(share, source, status="ASSOCIATED"):
    return {
        "resourceShareArn": share,
        "sourceId": source,
        "sourceType": "ACCOUNT",
        "status": status,
        "creationTime": CREATED,
        "lastUpdatedTime": CREATED,
    }


def test_list_sources_reads_every_page_once_and_keeps_the_live_ones(stubbed):
    ram = stubbed("ram")
    ram.add_response(
        "list_source_associations",
        {"sourceAssociations": [_source(SHARE, ACCOUNT), _source(SHARE, ORG, "DISASSOCIATED")], "nextToken": "n"},
        {"resourceShareArns": [SHARE]},
    )
    ram.add_response(
        "list_source_associations",
        {"sourceAssociations": [_source(SHARE, OU, "ASSOCIATING")]},
        {"resourceShareArns": [SHARE], "nextToken": "n"},
    )
    assert list_sources(stubbed.client("ram"), SHARE) == [ACCOUNT, OU]
    assert stubbed.operations == ["ListSourceAssociations", "ListSourceAssociations"]


def test_sources_by_share_one_read_for_several_shares(stubbed):
    ram = stubbed("ram")
    ram.add_response(
        "list_source_associations",
        {"sourceAssociations": [_source(OTHER_SHARE, ACCOUNT)]},
        {"resourceShareArns": [SHARE, OTHER_SHARE]},
    )
    assert sources_by_share(stubbed.client("ram"), [SHARE, OTHER_SHARE]) == {SHARE: [], OTHER_SHARE: [ACCOUNT]}


# --- retained sharing -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("have, wanted", [(False, True), (True, False)])
def test_retained_sharing_cannot_change_on_an_existing_share(have, wanted):
    options = params(retain_sharing_on_account_leave_organization=wanted, tags={"new": "tag"})
    with pytest.raises(Failure, match="retain_sharing_on_account_leave_organization is .*only when a share is created"):
        plan_resource_share(state(retain=have), options, token=Tokens())


@pytest.mark.parametrize("have, wanted", [(False, False), (True, True), (True, None), (False, None)])
def test_retained_sharing_as_it_is_or_unset_is_no_change(have, wanted):
    options = params(retain_sharing_on_account_leave_organization=wanted)
    assert plan_resource_share(state(retain=have), options, token=Tokens()).writes == []


# --- suspended principals ---------------------------------------------------------------------------------------


def test_a_suspended_principal_is_present_and_never_associated_again():
    current = state(principals=[PARTNER, ORG], suspended=[PARTNER])
    planned, predicted = plan_resource_share(current, params(principals=[PARTNER, ORG]), token=Tokens())
    assert planned == []
    assert predicted["suspended_principals"] == [PARTNER]


def test_a_suspended_principal_purged_leaves_the_suspended_list():
    current = state(principals=[PARTNER, ORG], suspended=[PARTNER])
    planned, predicted = plan_resource_share(current, params(principals=[ORG], purge_principals=True), token=Tokens())
    assert [(w.operation, w.params["principals"]) for w in planned] == [("DisassociateResourceShare", [PARTNER])]
    assert predicted["suspended_principals"] == []


# --- promotion --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "share_name, resource_type, expected",
    [
        ("partner-share", "glue:Database", "partner-share-glueDatabase"),
        ("LakeFormation V3 (sales)", "glue:Table", "LakeFormation-V3--sales--glueTable"),
        ("a" * 40, "glue:Database", "a" * 36),
        ("data.share_1", "ec2:Subnet", "data-share_1-ec2Subnet"),
    ],
)
def test_promoted_permission_name(share_name, resource_type, expected):
    assert promoted_permission_name(share_name, resource_type) == expected


def test_plan_promotion_promotes_the_policy_permissions_then_the_share():
    current = state(feature_set="CREATED_FROM_POLICY")
    aws_managed = normalize_permission(summary(TABLE_DEFAULT, "glue:Table"))
    writes, (share, permissions) = plan_promotion(current, [policy_permission(), aws_managed], Tokens())
    assert sent(writes) == [
        (
            "PromotePermissionCreatedFromPolicy",
            {
                "permissionArn": POLICY_PERMISSION,
                "name": "partner-share-glueDatabase",
                "clientToken": "token-1-PromotePermissionCreatedFromPolicy",
            },
        ),
        ("PromoteResourceShareCreatedFromPolicy", {"resourceShareArn": SHARE}),
    ]
    assert share["feature_set"] == "STANDARD"
    assert [(p["arn"], p["feature_set"], p["permission_type"]) for p in permissions] == [
        (PROMOTED, "STANDARD", "CUSTOMER_MANAGED"),
        (TABLE_DEFAULT, "STANDARD", "AWS_MANAGED"),
    ]


def promoted_summary(arn=PROMOTED, resource_type="glue:Database", version="1", feature_set="STANDARD"):
    """A customer managed permission as ListPermissions returns it (its default version)."""
    return dict(
        summary(arn, resource_type, version),
        permissionType="CUSTOMER_MANAGED",
        featureSet=feature_set,
        status="ATTACHABLE",
    )


def test_plan_promotion_after_a_run_that_promoted_the_permission_promotes_the_share_only():
    current = state(feature_set="CREATED_FROM_POLICY")
    promoted = {
        POLICY_PERMISSION: {"permission": normalize_permission(promoted_summary(version="2")), "is_promotion": True}
    }
    writes, (share, permissions) = plan_promotion(current, [policy_permission()], Tokens(), promoted)
    assert sent(writes) == [("PromoteResourceShareCreatedFromPolicy", {"resourceShareArn": SHARE})]
    assert share["feature_set"] == "STANDARD"
    assert [(p["arn"], p["version"], p["feature_set"], p["permission_type"]) for p in permissions] == [
        (PROMOTED, 2, "STANDARD", "CUSTOMER_MANAGED")
    ]


def test_plan_promotion_refuses_a_permission_of_the_name_that_is_not_the_promotion():
    current = state(feature_set="CREATED_FROM_POLICY")
    promoted = {POLICY_PERMISSION: {"permission": normalize_permission(promoted_summary()), "is_promotion": False}}
    with pytest.raises(Failure, match=r"'partner-share-glueDatabase', but customer managed permission .* is not its"):
        plan_promotion(current, [policy_permission()], Tokens(), promoted)


def test_a_rerun_with_the_permission_promoted_then_manages_as_usual():
    current = state(feature_set="CREATED_FROM_POLICY", principals=[PARTNER])
    promoted = {POLICY_PERMISSION: {"permission": normalize_permission(promoted_summary()), "is_promotion": True}}
    options = params(promote=True, principals=[PARTNER, ORG])
    writes, predicted = plan_resource_share(current, options, None, [policy_permission()], Tokens(), promoted=promoted)
    assert [w.operation for w in writes] == ["PromoteResourceShareCreatedFromPolicy", "AssociateResourceShare"]
    assert predicted["feature_set"] == "STANDARD"


TEMPLATE = '{"Effect": "Allow", "Action": ["glue:GetDatabase", "glue:GetTables"]}'


def template_read(ram, arn, template, version=None):
    """Queue one GetPermission of ``arn`` answering ``template``."""
    expected = {"permissionArn": arn}
    if version is not None:
        expected["permissionVersion"] = version
    answer = dict(promoted_summary(arn), permission=template)
    ram.add_response("get_permission", {"permission": answer}, expected)


@pytest.mark.parametrize(
    "found, template, expected",
    [
        pytest.param(promoted_summary(), TEMPLATE, True, id="the promotion"),
        pytest.param(
            promoted_summary(),
            '{"Action": ["glue:GetTables", "glue:GetDatabase"], "Effect": "Allow"}',
            True,
            id="the promotion, actions in another order",
        ),
        pytest.param(promoted_summary(), '{"Effect": "Allow", "Action": ["glue:*"]}', False, id="another template"),
        pytest.param(promoted_summary(resource_type="glue:Table"), TEMPLATE, False, id="another resource type"),
    ],
)
def test_read_promoted_finds_the_permission_of_the_promoted_name(stubbed, found, template, expected):
    ram = stubbed("ram")
    other = promoted_summary(f"arn:aws:ram:us-east-1:{OWNER}:permission/unrelated")
    ram.add_response("list_permissions", {"permissions": [other, found]}, {"permissionType": "CUSTOMER_MANAGED"})
    if found["resourceType"] == "glue:Database":  # another resource type is told without the templates
        template_read(ram, PROMOTED, template)
        template_read(ram, POLICY_PERMISSION, TEMPLATE, version=1)
    promoted = read_promoted(stubbed.client("ram"), "partner-share", [policy_permission()])
    assert list(promoted) == [POLICY_PERMISSION]
    assert promoted[POLICY_PERMISSION]["permission"]["arn"] == PROMOTED
    assert promoted[POLICY_PERMISSION]["is_promotion"] is expected


def test_read_promoted_without_the_name_is_one_list(stubbed):
    ram = stubbed("ram")
    other = promoted_summary(f"arn:aws:ram:us-east-1:{OWNER}:permission/unrelated")
    ram.add_response("list_permissions", {"permissions": [other]}, {"permissionType": "CUSTOMER_MANAGED"})
    aws_managed = normalize_permission(summary(TABLE_DEFAULT, "glue:Table"))
    assert read_promoted(stubbed.client("ram"), "partner-share", [policy_permission(), aws_managed]) == {}
    assert stubbed.operations == ["ListPermissions"]


def test_read_promoted_of_a_share_with_no_policy_permission_reads_nothing(stubbed):
    stubbed("ram")
    assert (
        read_promoted(stubbed.client("ram"), "partner-share", [normalize_permission(summary(DB_RW, "glue:Database"))])
        == {}
    )
    assert stubbed.operations == []


def test_without_promote_a_change_to_a_policy_share_fails_naming_promote():
    current = state(feature_set="CREATED_FROM_POLICY", principals=[PARTNER])
    with pytest.raises(Failure, match=r"\(AssociateResourceShare would\): set promote: true"):
        plan_resource_share(current, params(principals=[PARTNER, ORG]), [], [policy_permission()], Tokens())


@pytest.mark.parametrize("state_", ["present", "absent"])
def test_without_promote_a_policy_share_with_no_change_is_fine_but_absent_is_a_change(state_):
    current = state(feature_set="CREATED_FROM_POLICY", principals=[PARTNER])
    options = params(principals=[PARTNER], state=state_)
    if state_ == "present":
        assert plan_resource_share(current, options, None, [policy_permission()], Tokens()).writes == []
    else:
        with pytest.raises(Failure, match="promote"):
            plan_resource_share(current, options, None, [policy_permission()], Tokens())


def test_promote_then_manage_as_usual_in_one_plan():
    current = state(feature_set="CREATED_FROM_POLICY", principals=[PARTNER])
    wanted = [dict(normalize_permission(permission_detail(DB_RW, "glue:Database")["permission"]), arn=DB_RW)]
    options = params(promote=True, principals=[PARTNER, ORG], permissions=["AWSRAMPermissionGlueDatabaseReadWrite"])
    writes, predicted = plan_resource_share(current, options, wanted, [policy_permission()], Tokens())
    assert [write.operation for write in writes] == [
        "PromotePermissionCreatedFromPolicy",
        "PromoteResourceShareCreatedFromPolicy",
        "AssociateResourceSharePermission",
        "AssociateResourceShare",
    ]
    assert writes[2].params["permissionArn"] == DB_RW and writes[2].params["replace"] is True
    assert predicted["feature_set"] == "STANDARD"
    assert predicted["principals"] == [PARTNER, ORG]
    assert [p["arn"] for p in predicted["permissions"]] == [DB_RW]


def test_promote_alone_on_a_policy_share_promotes_it():
    current = state(feature_set="CREATED_FROM_POLICY")
    writes, predicted = plan_resource_share(current, params(promote=True), None, [policy_permission()], Tokens())
    assert [w.operation for w in writes] == [
        "PromotePermissionCreatedFromPolicy",
        "PromoteResourceShareCreatedFromPolicy",
    ]
    assert predicted["feature_set"] == "STANDARD"


def test_promote_on_a_standard_share_is_no_change():
    assert plan_resource_share(state(), params(promote=True), token=Tokens()).writes == []


def test_wait_for_standard_reads_until_the_promotion_ends(stubbed, monkeypatch):
    delays = skip_waiter_sleep(monkeypatch)
    ram = stubbed("ram")
    for feature_set in ("PROMOTING_TO_STANDARD", "PROMOTING_TO_STANDARD", "STANDARD"):
        shares_read(ram, dict(resource_share(), featureSet=feature_set), resourceShareArns=[SHARE])
    assert wait_for_standard(stubbed.client("ram"), SHARE, 10)["feature_set"] == "STANDARD"
    assert stubbed.operations == ["GetResourceShares"] * 3
    assert delays == [2, 2]


def test_wait_for_standard_times_out(stubbed, monkeypatch):
    skip_waiter_sleep(monkeypatch)
    ram = stubbed("ram")
    for _read in range(3):
        shares_read(ram, dict(resource_share(), featureSet="PROMOTING_TO_STANDARD"), resourceShareArns=[SHARE])
    with pytest.raises(Failure, match="did not become STANDARD within 4 s"):
        wait_for_standard(stubbed.client("ram"), SHARE, 4)
