"""What RAM added since 2023, through boto3: sources (ListSourceAssociations), retained sharing at creation,
principals SUSPENDED / SUSPENDING / RESTORING when their account leaves the organization, and shares created from a
resource policy with their promotion (AWS_FACTS "RAM, the rest")."""

import pytest
from botocore.exceptions import ClientError

from tests.emulator.client import WRITE_OPERATIONS

OWNER = "123456789012"
PARTNER = "111122223333"
PARTNER_KEY = "AKIAPARTNEREXAMPLE01"
MEMBER = "444455556666"
DB_ARN = f"arn:aws:glue:us-east-1:{OWNER}:database/sales"
TABLE_ARN = f"arn:aws:glue:us-east-1:{OWNER}:table/sales/orders"
ORG_ARN = f"arn:aws:organizations::{OWNER}:organization/o-exampleorgid"
OU_ARN = f"arn:aws:organizations::{OWNER}:ou/o-exampleorgid/ou-examplerootid-exampleouid123"
GLUE = "glue.amazonaws.com"
READ_WRITE = "arn:aws:ram::aws:permission/AWSRAMPermissionGlueDatabaseReadWrite"


def _code(exc_info) -> str:
    return exc_info.value.response["Error"]["Code"]


@pytest.fixture
def ram(aws):
    return aws("ram")


def _create(ram, **kwargs) -> str:
    return ram.create_resource_share(**{"name": "share", **kwargs})["resourceShare"]["resourceShareArn"]


def _sources(ram, **filters) -> dict:
    found = []
    for page in ram.get_paginator("list_source_associations").paginate(**filters):
        found += page["sourceAssociations"]
    return {(s["resourceShareArn"], s["sourceId"]): s for s in found}


def _principal_statuses(ram, arn) -> dict:
    found = ram.get_resource_share_associations(associationType="PRINCIPAL", resourceShareArns=[arn])
    return {a["associatedEntity"]: a["status"] for a in found["resourceShareAssociations"]}


def _share(ram, arn) -> dict:
    return ram.get_resource_shares(resourceOwner="SELF", resourceShareArns=[arn])["resourceShares"][0]


# --- sources ------------------------------------------------------------------------------------


def test_sources_are_listed_by_list_source_associations_only(ram):
    arn = _create(ram, principals=[GLUE], sources=[OWNER, ORG_ARN])
    other = _create(ram, name="other", principals=[GLUE], sources=[OU_ARN])
    listed = _sources(ram, resourceShareArns=[arn])
    assert sorted(source for _arn, source in listed) == sorted([OWNER, ORG_ARN])
    assert {s["status"] for s in listed.values()} == {"ASSOCIATED"}
    assert {s["sourceType"] for s in listed.values()} == {"ACCOUNT", "ORGANIZATION"}
    assert set(_sources(ram)) == {(arn, OWNER), (arn, ORG_ARN), (other, OU_ARN)}
    assert set(_sources(ram, sourceId=OU_ARN)) == {(other, OU_ARN)}
    assert set(_sources(ram, sourceType="ACCOUNT")) == {(arn, OWNER)}
    # GetResourceShares does not return them.
    assert "sources" not in _share(ram, arn)


def test_sources_are_paginated(ram, emulator):
    accounts = [f"5555666677{n:02d}" for n in range(5)]
    arn = _create(ram, principals=[GLUE], sources=accounts)
    emulator.set_config(page_size=2, empty_pages=True)
    pages = list(ram.get_paginator("list_source_associations").paginate(resourceShareArns=[arn]))
    assert [len(page["sourceAssociations"]) for page in pages] == [0, 2, 0, 2, 0, 1]
    assert sorted(s["sourceId"] for page in pages for s in page["sourceAssociations"]) == accounts
    with pytest.raises(ClientError) as exc:
        ram.list_source_associations(nextToken="garbage")
    assert _code(exc) == "InvalidNextTokenException"


def test_sources_are_associated_and_disassociated(ram):
    arn = _create(ram, principals=[GLUE], sources=[OWNER])
    answer = ram.associate_resource_share(resourceShareArn=arn, sources=[MEMBER])["resourceShareAssociations"]
    assert [(a["associatedEntity"], a["associationType"], a["status"]) for a in answer] == [
        (MEMBER, "SOURCE", "ASSOCIATING")
    ]
    ram.disassociate_resource_share(resourceShareArn=arn, sources=[OWNER])
    statuses = {source: s["status"] for (_arn, source), s in _sources(ram, resourceShareArns=[arn]).items()}
    assert statuses == {OWNER: "DISASSOCIATED", MEMBER: "ASSOCIATED"}
    assert set(_sources(ram, associationStatus="ASSOCIATED")) == {(arn, MEMBER)}


@pytest.mark.parametrize(
    "principals, sources",
    [
        ([GLUE, PARTNER], [OWNER]),  # not only service principals
        ([f"arn:aws:iam::{PARTNER}:role/etl"], [OWNER]),
        ([], [OWNER]),  # no service principal at all
        ([GLUE], ["not-a-source"]),
    ],
)
def test_sources_need_service_principals_and_valid_forms(ram, principals, sources):
    with pytest.raises(ClientError) as exc:
        _create(ram, principals=principals, sources=sources)
    assert _code(exc) == "InvalidParameterException"
    assert ram.get_resource_shares(resourceOwner="SELF")["resourceShares"] == []


def test_sources_for_a_share_without_a_service_principal_are_refused(ram, emulator):
    emulator.set_config(organization_accounts=[MEMBER])
    arn = _create(ram, principals=[MEMBER])
    with pytest.raises(ClientError) as exc:
        ram.associate_resource_share(resourceShareArn=arn, sources=[OWNER])
    assert _code(exc) == "InvalidParameterException"
    with pytest.raises(ClientError) as exc:
        ram.associate_resource_share(resourceShareArn=arn, principals=[GLUE, MEMBER], sources=[OWNER])
    assert _code(exc) == "InvalidParameterException"
    with pytest.raises(ClientError) as exc:
        ram.associate_resource_share(resourceShareArn=arn, principals=[GLUE], sources=["arn:aws:iam::x"])
    assert _code(exc) == "MalformedArnException"
    assert _sources(ram) == {}


# --- retained sharing ---------------------------------------------------------------------------


def test_retained_sharing_is_set_at_creation(ram):
    kept = _create(ram, resourceShareConfiguration={"retainSharingOnAccountLeaveOrganization": True})
    plain = _create(ram, name="plain")
    assert _share(ram, kept)["resourceShareConfiguration"] == {"retainSharingOnAccountLeaveOrganization": True}
    assert _share(ram, plain)["resourceShareConfiguration"] == {"retainSharingOnAccountLeaveOrganization": False}
    # UpdateResourceShare has no such field: botocore does not even send it.
    with pytest.raises(Exception):  # noqa: B017 - botocore's ParamValidationError
        ram.update_resource_share(
            resourceShareArn=plain, resourceShareConfiguration={"retainSharingOnAccountLeaveOrganization": True}
        )


# --- an account leaving the organization --------------------------------------------------------


def test_a_leaving_account_is_suspended_where_sharing_is_retained(ram, emulator):
    emulator.set_config(organization_accounts=[MEMBER], associating_reads=1)
    retained = _create(
        ram, principals=[MEMBER], resourceShareConfiguration={"retainSharingOnAccountLeaveOrganization": True}
    )
    plain = _create(ram, name="plain", principals=[MEMBER])
    _principal_statuses(ram, retained), _principal_statuses(ram, plain)  # one read each: ASSOCIATED
    assert _principal_statuses(ram, retained) == {MEMBER: "ASSOCIATED"}
    changed = emulator.leave_organization(MEMBER)
    assert sorted((c["resource_share_arn"], c["status"]) for c in changed) == sorted(
        [(retained, "SUSPENDING"), (plain, "DISASSOCIATED")]
    )
    assert MEMBER not in emulator.config()["organization_accounts"]
    assert _principal_statuses(ram, retained) == {MEMBER: "SUSPENDING"}
    assert _principal_statuses(ram, retained) == {MEMBER: "SUSPENDED"}
    assert _principal_statuses(ram, plain) == {MEMBER: "DISASSOCIATED"}
    # Still associated: associating it again is refused; removing it works.
    with pytest.raises(ClientError) as exc:
        ram.associate_resource_share(resourceShareArn=retained, principals=[MEMBER])
    assert _code(exc) == "InvalidStateTransitionException"
    restored = emulator.join_organization(MEMBER)
    assert [(c["resource_share_arn"], c["status"]) for c in restored] == [(retained, "RESTORING")]
    assert _principal_statuses(ram, retained) == {MEMBER: "RESTORING"}
    assert _principal_statuses(ram, retained) == {MEMBER: "ASSOCIATED"}
    emulator.leave_organization(MEMBER)
    ram.disassociate_resource_share(resourceShareArn=retained, principals=[MEMBER])
    assert _principal_statuses(ram, retained) == {MEMBER: "DISASSOCIATING"}


def test_leaving_an_organization_one_is_not_in_is_refused(emulator):
    with pytest.raises(Exception, match="400"):
        emulator.leave_organization(MEMBER)


# --- shares created from a resource policy ------------------------------------------------------


@pytest.fixture
def policy_share(emulator, ram):
    emulator.set_config(organization_accounts=[MEMBER])
    seeded = emulator.seed(
        resource_shares=[
            {
                "name": "glue-policy-share",
                "resource_arns": [DB_ARN],
                "principals": [MEMBER],
                "feature_set": "CREATED_FROM_POLICY",
            }
        ]
    )
    arn = seeded["resource_shares"][0]["arn"]
    [permission] = ram.list_resource_share_permissions(resourceShareArn=arn)["permissions"]
    return arn, permission


def test_a_policy_share_has_a_policy_created_permission(ram, policy_share):
    arn, permission = policy_share
    assert _share(ram, arn)["featureSet"] == "CREATED_FROM_POLICY"
    assert permission["featureSet"] == "CREATED_FROM_POLICY"
    assert permission["resourceType"] == "glue:Database"
    assert permission["arn"].startswith(f"arn:aws:ram:us-east-1:{OWNER}:permission/")


def test_a_policy_share_refuses_every_change(ram, policy_share):
    arn, permission = policy_share
    for call, kwargs in [
        (ram.update_resource_share, {"name": "renamed"}),
        (ram.associate_resource_share, {"resourceArns": [TABLE_ARN]}),
        (ram.disassociate_resource_share, {"principals": [MEMBER]}),
        (ram.associate_resource_share_permission, {"permissionArn": READ_WRITE, "replace": True}),
        (ram.tag_resource, {"tags": [{"key": "a", "value": "b"}]}),
        (ram.delete_resource_share, {}),
    ]:
        with pytest.raises(ClientError) as exc:
            call(resourceShareArn=arn, **kwargs)
        assert _code(exc) == "OperationNotPermittedException", call
    assert _share(ram, arn)["name"] == "glue-policy-share"


def test_a_policy_share_is_visible_to_its_owner_only(aws, emulator, policy_share):
    emulator.add_account("AKIAMEMBEREXAMPLE001", MEMBER)
    member = aws("ram", access_key="AKIAMEMBEREXAMPLE001")
    assert member.get_resource_shares(resourceOwner="OTHER-ACCOUNTS")["resourceShares"] == []


def test_promoting_the_share_first_fails(ram, policy_share):
    arn, _permission = policy_share
    with pytest.raises(ClientError) as exc:
        ram.promote_resource_share_created_from_policy(resourceShareArn=arn)
    assert _code(exc) == "UnmatchedPolicyPermissionException"
    assert _share(ram, arn)["featureSet"] == "CREATED_FROM_POLICY"


def test_promote_the_permission_then_the_share(ram, emulator, policy_share):
    arn, permission = policy_share
    promoted = ram.promote_permission_created_from_policy(
        permissionArn=permission["arn"], name="glue-policy-share-glueDatabase", clientToken="t1"
    )["permission"]
    assert promoted["arn"] == f"arn:aws:ram:us-east-1:{OWNER}:permission/glue-policy-share-glueDatabase"
    assert (promoted["featureSet"], promoted["permissionType"], promoted["version"]) == (
        "STANDARD",
        "CUSTOMER_MANAGED",
        "1",
    )
    again = ram.promote_permission_created_from_policy(
        permissionArn=permission["arn"], name="glue-policy-share-glueDatabase", clientToken="t1"
    )["permission"]
    assert again["arn"] == promoted["arn"]
    # Promoting a permission does not change the share.
    assert _share(ram, arn)["featureSet"] == "CREATED_FROM_POLICY"
    assert ram.promote_resource_share_created_from_policy(resourceShareArn=arn)["returnValue"] is True
    assert emulator.config()["promoting_reads"] == 2
    assert [_share(ram, arn)["featureSet"] for _read in range(3)] == [
        "PROMOTING_TO_STANDARD",
        "PROMOTING_TO_STANDARD",
        "STANDARD",
    ]
    [now] = ram.list_resource_share_permissions(resourceShareArn=arn)["permissions"]
    assert now["arn"] == promoted["arn"]
    ram.update_resource_share(resourceShareArn=arn, name="adopted")
    assert _share(ram, arn)["name"] == "adopted"
    with pytest.raises(ClientError) as exc:
        ram.promote_resource_share_created_from_policy(resourceShareArn=arn)
    assert _code(exc) == "OperationNotPermittedException"
    promote_ops = {r["operation"] for r in emulator.requests("ram") if r["operation"].startswith("Promote")}
    assert promote_ops <= WRITE_OPERATIONS


def test_a_share_being_promoted_refuses_changes(ram, emulator, policy_share):
    arn, permission = policy_share
    emulator.set_config(promoting_reads=5)
    ram.promote_permission_created_from_policy(permissionArn=permission["arn"], name="promoted")
    ram.promote_resource_share_created_from_policy(resourceShareArn=arn)
    with pytest.raises(ClientError) as exc:
        ram.update_resource_share(resourceShareArn=arn, name="too-early")
    assert _code(exc) == "InvalidStateTransitionException"
    with pytest.raises(ClientError) as exc:
        ram.promote_resource_share_created_from_policy(resourceShareArn=arn)
    assert _code(exc) == "InvalidStateTransitionException"


@pytest.mark.parametrize(
    "kwargs, code",
    [
        ({"permissionArn": READ_WRITE, "name": "x"}, "InvalidParameterException"),  # not from a policy
        ({"permissionArn": f"arn:aws:ram:us-east-1:{OWNER}:permission/none", "name": "x"}, "UnknownResourceException"),
        ({"permissionArn": "garbage", "name": "x"}, "MalformedArnException"),
        ({"permissionArn": "POLICY", "name": "a name with spaces"}, "InvalidParameterException"),
        ({"permissionArn": "POLICY", "name": "x" * 37}, "InvalidParameterException"),
    ],
)
def test_promote_permission_refusals(ram, policy_share, kwargs, code):
    _arn, permission = policy_share
    if kwargs["permissionArn"] == "POLICY":
        kwargs = dict(kwargs, permissionArn=permission["arn"])
    with pytest.raises(ClientError) as exc:
        ram.promote_permission_created_from_policy(**kwargs)
    assert _code(exc) == code


def test_promote_permission_name_taken(ram, policy_share):
    _arn, permission = policy_share
    ram.create_permission(
        name="taken", resourceType="glue:Database", policyTemplate='{"Effect": "Allow", "Action": ["glue:GetDatabase"]}'
    )
    with pytest.raises(ClientError) as exc:
        ram.promote_permission_created_from_policy(permissionArn=permission["arn"], name="taken")
    assert _code(exc) == "InvalidParameterException"


def test_promote_permission_again_with_a_new_token_is_refused(ram, policy_share):
    """AWS documents no answer to a second promotion of one permission: the emulator refuses it (the name is taken),
    so a client cannot depend on its success; the share's promotion still finds the first promotion."""
    arn, permission = policy_share
    name = "glue-policy-share-glueDatabase"
    first = ram.promote_permission_created_from_policy(permissionArn=permission["arn"], name=name, clientToken="t1")
    with pytest.raises(ClientError) as exc:
        ram.promote_permission_created_from_policy(permissionArn=permission["arn"], name=name, clientToken="t2")
    assert _code(exc) == "InvalidParameterException"
    assert "already exists" in str(exc.value)
    customer = ram.list_permissions(permissionType="CUSTOMER_MANAGED")["permissions"]
    assert [p["arn"] for p in customer if p["name"] == name] == [first["permission"]["arn"]]
    assert ram.promote_resource_share_created_from_policy(resourceShareArn=arn)["returnValue"] is True
    [now] = ram.list_resource_share_permissions(resourceShareArn=arn)["permissions"]
    assert now["arn"] == first["permission"]["arn"]


def test_promote_a_standard_share_is_refused(ram):
    arn = _create(ram)
    with pytest.raises(ClientError) as exc:
        ram.promote_resource_share_created_from_policy(resourceShareArn=arn)
    assert _code(exc) == "OperationNotPermittedException"
