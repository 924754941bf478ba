"""RAM resource shares end to end through boto3: shares, tags, asynchronous associations,
organizations, invitations as the partner account, pagination with empty pages."""

import pytest
from botocore.exceptions import ClientError

from tests.emulator.client import WRITE_OPERATIONS

OWNER = "123456789012"
PARTNER = "111122223333"  # outside the owner's organization
PARTNER_KEY = "AKIAPARTNEREXAMPLE01"
MEMBER = "444455556666"  # inside it (when organization_accounts says so)
MEMBER_KEY = "AKIAMEMBEREXAMPLE001"
DB_ARN = f"arn:aws:glue:us-east-1:{OWNER}:database/sales"
TABLE_ARN = f"arn:aws:glue:us-east-1:{OWNER}:table/sales/orders"
PERM = "arn:aws:ram::aws:permission/"
READ_WRITE = PERM + "AWSRAMPermissionGlueDatabaseReadWrite"
ORG_ARN = f"arn:aws:organizations::{OWNER}:organization/o-exampleorgid"
OU_ARN = f"arn:aws:organizations::{OWNER}:ou/o-exampleorgid/ou-examplerootid-exampleouid123"
UNKNOWN_SHARE = f"arn:aws:ram:us-east-1:{OWNER}:resource-share/00000000-0000-0000-0000-000000000000"


def _error(exc_info) -> tuple:
    response = exc_info.value.response
    return response["Error"]["Code"], response["ResponseMetadata"]["HTTPStatusCode"]


@pytest.fixture
def ram(aws):
    return aws("ram")


@pytest.fixture
def partner(aws, emulator):
    """A RAM client signed with the partner's keys: its requests act as the partner's account."""
    emulator.add_account(PARTNER_KEY, PARTNER)
    return aws("ram", access_key=PARTNER_KEY)


def _create(ram, **kwargs) -> str:
    return ram.create_resource_share(**{"name": "share", **kwargs})["resourceShare"]["resourceShareArn"]


def _associations(ram, kind="PRINCIPAL", **filters) -> dict:
    found = ram.get_resource_share_associations(associationType=kind, **filters)["resourceShareAssociations"]
    return {a["associatedEntity"]: a for a in found}


def _statuses(ram, kind="PRINCIPAL", **filters) -> dict:
    return {entity: a["status"] for entity, a in _associations(ram, kind, **filters).items()}


def _invitations(client, **filters) -> list:
    return client.get_resource_share_invitations(**filters)["resourceShareInvitations"]


# --- shares ---------------------------------------------------------------------------------------


def test_create_share_with_everything(ram, emulator):
    emulator.set_config(organization_accounts=[MEMBER])
    answer = ram.create_resource_share(
        name="partner-share",
        resourceArns=[DB_ARN],
        principals=[MEMBER],
        permissionArns=[READ_WRITE],
        tags=[{"key": "team", "value": "data"}, {"key": "empty", "value": ""}],
    )["resourceShare"]
    assert answer["name"] == "partner-share" and answer["status"] == "ACTIVE"
    assert answer["owningAccountId"] == OWNER and answer["allowExternalPrincipals"] is True  # AWS's default
    assert answer["tags"] == [{"key": "team", "value": "data"}, {"key": "empty", "value": ""}]
    [share] = ram.get_resource_shares(resourceOwner="SELF")["resourceShares"]
    assert share["resourceShareArn"] == answer["resourceShareArn"]
    assert (share["featureSet"], share["owningAccountId"], share["allowExternalPrincipals"]) == (
        "STANDARD",
        OWNER,
        True,
    )
    assert share["tags"] == answer["tags"] and share["creationTime"] and share["lastUpdatedTime"]
    arn = share["resourceShareArn"]
    assert _statuses(ram) == {MEMBER: "ASSOCIATED"} and _statuses(ram, "RESOURCE") == {DB_ARN: "ASSOCIATED"}
    [perm] = ram.list_resource_share_permissions(resourceShareArn=arn)["permissions"]
    assert perm["arn"] == READ_WRITE


def test_share_names_are_not_unique_and_untagged_shares_have_no_tags(ram):
    _create(ram, name="same")
    _create(ram, name="same", allowExternalPrincipals=False)
    shares = ram.get_resource_shares(resourceOwner="SELF", name="same")["resourceShares"]
    assert sorted(s["allowExternalPrincipals"] for s in shares) == [False, True]
    assert all("tags" not in s for s in shares)


def test_create_is_idempotent_with_client_token_through_a_lost_response(ram, emulator):
    emulator.fault("ram", "CreateResourceShare", "lost_response")
    answer = ram.create_resource_share(name="once", principals=[PARTNER], clientToken="create-1")
    assert answer["ResponseMetadata"]["RetryAttempts"] == 1 and answer["clientToken"] == "create-1"
    assert len(ram.get_resource_shares(resourceOwner="SELF")["resourceShares"]) == 1
    calls = emulator.requests(operation="CreateResourceShare")
    assert [(c["status"], c["params"]["clientToken"]) for c in calls] == [(500, "create-1"), (200, "create-1")]
    assert len(_statuses(ram)) == 1  # and one association, one invitation
    with pytest.raises(ClientError) as exc:
        ram.create_resource_share(name="other", clientToken="create-1")
    assert _error(exc) == ("IdempotentParameterMismatchException", 400)


def test_create_validates_everything_before_creating(ram):
    for kwargs, code in [
        ({"principals": ["12345"]}, "InvalidParameterException"),
        ({"resourceArns": ["arn:aws:glue:us-east-1:1:database/x"]}, "MalformedArnException"),
        ({"permissionArns": [READ_WRITE, PERM + "AWSRAMPermissionGlueAllTablesReadWriteForDatabase"]}, None),
        ({"tags": [{"key": "aws:reserved", "value": "x"}]}, "InvalidParameterException"),
        ({"tags": [{"key": f"k{i}", "value": ""} for i in range(51)]}, "TagLimitExceededException"),
    ]:
        with pytest.raises(ClientError) as exc:
            ram.create_resource_share(name="bad", **kwargs)
        assert _error(exc) == (code or "InvalidParameterException", 400)
    assert ram.get_resource_shares(resourceOwner="SELF")["resourceShares"] == []


def test_update_share(ram, emulator):
    emulator.set_config(organization_accounts=[MEMBER])
    arn = _create(ram, principals=[MEMBER], allowExternalPrincipals=False, tags=[{"key": "a", "value": "1"}])
    renamed = ram.update_resource_share(resourceShareArn=arn, name="renamed", clientToken="u1")["resourceShare"]
    # Only what is given changes (moto alone would reset allowExternalPrincipals to true).
    assert (renamed["name"], renamed["allowExternalPrincipals"]) == ("renamed", False)
    assert renamed["tags"] == [{"key": "a", "value": "1"}]
    assert ram.update_resource_share(resourceShareArn=arn, name="renamed", clientToken="u1")["clientToken"] == "u1"
    with pytest.raises(ClientError) as exc:
        ram.update_resource_share(resourceShareArn=arn, name="other", clientToken="u1")
    assert _error(exc) == ("IdempotentParameterMismatchException", 400)
    opened = ram.update_resource_share(resourceShareArn=arn, allowExternalPrincipals=True)["resourceShare"]
    assert (opened["name"], opened["allowExternalPrincipals"]) == ("renamed", True)
    # Closing a share that is shared outside the organization is refused (see README's choices).
    ram.associate_resource_share(resourceShareArn=arn, principals=[PARTNER])
    with pytest.raises(ClientError) as exc:
        ram.update_resource_share(resourceShareArn=arn, allowExternalPrincipals=False)
    assert _error(exc) == ("OperationNotPermittedException", 400) and PARTNER in str(exc.value)
    with pytest.raises(ClientError) as exc:
        ram.update_resource_share(resourceShareArn=UNKNOWN_SHARE, name="x")
    assert _error(exc) == ("UnknownResourceException", 400)


def test_delete_share(ram, partner, emulator):
    arn = _create(ram, resourceArns=[DB_ARN], principals=[PARTNER])
    assert len(_invitations(partner)) == 1
    emulator.fault("ram", "DeleteResourceShare", "lost_response")
    answer = ram.delete_resource_share(resourceShareArn=arn, clientToken="del-1")
    assert answer["returnValue"] is True and answer["ResponseMetadata"]["RetryAttempts"] == 1
    [share] = ram.get_resource_shares(resourceOwner="SELF")["resourceShares"]
    assert share["status"] == "DELETED"
    assert ram.get_resource_shares(resourceOwner="SELF", resourceShareStatus="ACTIVE")["resourceShares"] == []
    # Nothing is shared any more; the pending invitation is withdrawn; the resource ARN is untouched.
    assert _statuses(ram) == {PARTNER: "DISASSOCIATED"} and _statuses(ram, "RESOURCE") == {DB_ARN: "DISASSOCIATED"}
    assert _invitations(partner) == []
    with pytest.raises(ClientError) as exc:
        ram.delete_resource_share(resourceShareArn=arn)
    assert _error(exc) == ("UnknownResourceException", 400)
    with pytest.raises(ClientError) as exc:
        ram.delete_resource_share(resourceShareArn="arn:aws:ram:us-east-1:1:resource-share/x")
    assert _error(exc) == ("MalformedArnException", 400)


def test_get_resource_shares_filters(ram):
    first = _create(ram, name="a", tags=[{"key": "env", "value": "prod"}])
    _create(ram, name="b", tags=[{"key": "env", "value": "dev"}])
    _create(ram, name="c")

    def names(**filters):
        return sorted(s["name"] for s in ram.get_resource_shares(resourceOwner="SELF", **filters)["resourceShares"])

    assert names(tagFilters=[{"tagKey": "env"}]) == ["a", "b"]
    assert names(tagFilters=[{"tagKey": "env", "tagValues": ["prod", "test"]}]) == ["a"]
    assert names(resourceShareArns=[first]) == ["a"]
    with pytest.raises(ClientError) as exc:
        ram.get_resource_shares(resourceOwner="SELF", resourceShareArns=["nope"])
    assert _error(exc) == ("MalformedArnException", 400)
    with pytest.raises(ClientError) as exc:
        ram.get_resource_shares(resourceOwner="SELF", resourceShareStatus="GONE")
    assert _error(exc) == ("InvalidParameterException", 400)


# --- tags -----------------------------------------------------------------------------------------


def test_tag_and_untag(ram, emulator):
    arn = _create(ram, tags=[{"key": "a", "value": "1"}])
    ram.tag_resource(resourceShareArn=arn, tags=[{"key": "a", "value": "2"}, {"key": "b", "value": ""}])
    ram.untag_resource(resourceShareArn=arn, tagKeys=["b", "never-there"])
    [share] = ram.get_resource_shares(resourceOwner="SELF")["resourceShares"]
    assert share["tags"] == [{"key": "a", "value": "2"}]
    assert emulator.writes() == ["CreateResourceShare", "TagResource", "UntagResource"]
    cases = [
        ({"resourceShareArn": arn, "tags": [{"key": "aws:x", "value": "y"}]}, "InvalidParameterException", 400),
        ({"resourceShareArn": arn, "tags": [{"key": "AWS:x", "value": "y"}]}, "InvalidParameterException", 400),
        ({"resourceShareArn": arn, "tags": [{"key": f"k{i}", "value": ""} for i in range(50)]}, None, None),
        ({"resourceShareArn": UNKNOWN_SHARE, "tags": [{"key": "a", "value": "b"}]}, "UnknownResourceException", 400),
        ({"resourceShareArn": arn, "resourceArn": READ_WRITE, "tags": []}, "InvalidParameterException", 400),
        # Only the caller's customer managed permissions take tags (1.2.0, ram_customer_permissions).
        ({"resourceArn": READ_WRITE, "tags": [{"key": "a", "value": "b"}]}, "UnknownResourceException", 400),
    ]
    for kwargs, code, status in cases:
        with pytest.raises(ClientError) as exc:
            ram.tag_resource(**kwargs)
        assert _error(exc) == (code or "TagLimitExceededException", status or 400)


def test_aws_tags_only_from_aws(ram, emulator):
    """A share a CloudFormation stack made carries aws: tags; no request may set or remove them (AWS_FACTS.md)."""
    [seeded] = emulator.seed(
        resource_shares=[{"name": "stack-share", "tags": {"aws:cloudformation:stack-name": "partners", "a": "1"}}]
    )["resource_shares"]
    arn = seeded["arn"]
    with pytest.raises(ClientError) as exc:
        ram.untag_resource(resourceShareArn=arn, tagKeys=["a", "aws:cloudformation:stack-name"])
    assert _error(exc) == ("InvalidParameterException", 400)
    [share] = ram.get_resource_shares(resourceOwner="SELF", name="stack-share")["resourceShares"]
    assert {t["key"]: t["value"] for t in share["tags"]} == {"aws:cloudformation:stack-name": "partners", "a": "1"}
    ram.untag_resource(resourceShareArn=arn, tagKeys=["a"])
    [share] = ram.get_resource_shares(resourceOwner="SELF", name="stack-share")["resourceShares"]
    assert share["tags"] == [{"key": "aws:cloudformation:stack-name", "value": "partners"}]


# --- associations ---------------------------------------------------------------------------------


def test_associations_are_final_on_the_first_read_by_default(ram):
    arn = _create(ram)
    answer = ram.associate_resource_share(resourceShareArn=arn, resourceArns=[DB_ARN], principals=["ec2.amazonaws.com"])
    assert {(a["associatedEntity"], a["status"]) for a in answer["resourceShareAssociations"]} == {
        (DB_ARN, "ASSOCIATING"),
        ("ec2.amazonaws.com", "ASSOCIATING"),
    }
    [principal] = [a for a in answer["resourceShareAssociations"] if a["associationType"] == "PRINCIPAL"]
    assert principal["external"] is False and principal["resourceShareName"] == "share"
    assert _statuses(ram, "RESOURCE") == {DB_ARN: "ASSOCIATED"}
    assert _statuses(ram) == {"ec2.amazonaws.com": "ASSOCIATED"}
    # Associating what is already associated starts nothing.
    again = ram.associate_resource_share(resourceShareArn=arn, resourceArns=[DB_ARN])
    assert again["resourceShareAssociations"] == []


def test_associating_reads(ram, emulator):
    emulator.set_config(associating_reads=2, organization_accounts=[MEMBER])
    arn = _create(ram, principals=[MEMBER])
    assert [_statuses(ram)[MEMBER] for _read in range(3)] == ["ASSOCIATING", "ASSOCIATING", "ASSOCIATED"]

    ram.associate_resource_share(resourceShareArn=arn, resourceArns=[DB_ARN])
    # Changing an association that is still ASSOCIATING fails (see README's choices).
    with pytest.raises(ClientError) as exc:
        ram.disassociate_resource_share(resourceShareArn=arn, resourceArns=[DB_ARN])
    assert _error(exc) == ("InvalidStateTransitionException", 400)
    assert [_statuses(ram, "RESOURCE")[DB_ARN] for _read in range(3)] == ["ASSOCIATING", "ASSOCIATING", "ASSOCIATED"]

    answer = ram.disassociate_resource_share(resourceShareArn=arn, principals=[MEMBER], resourceArns=[DB_ARN])
    assert {a["status"] for a in answer["resourceShareAssociations"]} == {"DISASSOCIATING"}
    with pytest.raises(ClientError) as exc:
        ram.associate_resource_share(resourceShareArn=arn, principals=[MEMBER])
    assert _error(exc) == ("InvalidStateTransitionException", 400)
    # A read filtered on another status still counts, so a client polling for DISASSOCIATED gets there.
    polls = [_statuses(ram, associationStatus="DISASSOCIATED") for _read in range(3)]
    assert polls == [{}, {}, {MEMBER: "DISASSOCIATED"}]
    # Disassociated entries stay listed, and can be associated again.
    assert [_statuses(ram, "RESOURCE")[DB_ARN] for _read in range(3)] == [
        "DISASSOCIATING",
        "DISASSOCIATING",
        "DISASSOCIATED",
    ]
    ram.associate_resource_share(resourceShareArn=arn, principals=[MEMBER])
    assert _statuses(ram) == {MEMBER: "ASSOCIATING"}


def test_failed_associations(ram, partner, emulator):
    emulator.set_config(fail_associations=[PARTNER, TABLE_ARN])
    arn = _create(ram, principals=[PARTNER, "ec2.amazonaws.com"], resourceArns=[DB_ARN, TABLE_ARN])
    principals = _associations(ram)
    assert principals[PARTNER]["status"] == "FAILED" and PARTNER in principals[PARTNER]["statusMessage"]
    assert principals["ec2.amazonaws.com"]["status"] == "ASSOCIATED"
    assert "statusMessage" not in principals["ec2.amazonaws.com"]
    assert _statuses(ram, "RESOURCE") == {DB_ARN: "ASSOCIATED", TABLE_ARN: "FAILED"}
    # No invitation for a principal whose association failed, and nothing shared with it.
    assert _invitations(partner) == []
    assert partner.get_resource_shares(resourceOwner="OTHER-ACCOUNTS")["resourceShares"] == []
    # A failed entity may be associated again (it fails again while it stays in fail_associations).
    emulator.set_config(fail_associations=[])
    ram.associate_resource_share(resourceShareArn=arn, resourceArns=[TABLE_ARN])
    assert _statuses(ram, "RESOURCE")[TABLE_ARN] == "ASSOCIATED"


def test_get_associations_filters(ram, emulator):
    emulator.set_config(organization_accounts=[MEMBER])
    first = _create(ram, name="one", principals=[MEMBER], resourceArns=[DB_ARN])
    second = _create(ram, name="two", principals=[MEMBER, ORG_ARN], resourceArns=[TABLE_ARN])
    _create(ram, name="three", principals=["ec2.amazonaws.com"], sources=[OWNER])
    both = ram.get_resource_share_associations(associationType="PRINCIPAL", resourceShareArns=[first, second])
    assert sorted((a["resourceShareName"], a["associatedEntity"]) for a in both["resourceShareAssociations"]) == [
        ("one", MEMBER),
        ("two", MEMBER),
        ("two", ORG_ARN),
    ]
    by_principal = ram.get_resource_share_associations(associationType="PRINCIPAL", principal=MEMBER)
    assert sorted(a["resourceShareName"] for a in by_principal["resourceShareAssociations"]) == ["one", "two"]
    assert _statuses(ram, "RESOURCE", resourceArn=TABLE_ARN) == {TABLE_ARN: "ASSOCIATED"}
    assert _statuses(ram, "SOURCE") == {OWNER: "ASSOCIATED"}
    assert _statuses(ram, associationStatus="FAILED") == {}
    for kwargs, code in [
        ({"associationType": "EVERYTHING"}, "InvalidParameterException"),
        ({"associationType": "PRINCIPAL", "resourceArn": DB_ARN}, "InvalidParameterException"),
        ({"associationType": "RESOURCE", "principal": MEMBER}, "InvalidParameterException"),
        ({"associationType": "PRINCIPAL", "associationStatus": "DONE"}, "InvalidParameterException"),
        ({"associationType": "PRINCIPAL", "resourceShareArns": ["share"]}, "MalformedArnException"),
        ({"associationType": "PRINCIPAL", "maxResults": 501}, "InvalidParameterException"),
        ({"associationType": "PRINCIPAL", "nextToken": "garbage"}, "InvalidNextTokenException"),
    ]:
        with pytest.raises(ClientError) as exc:
            ram.get_resource_share_associations(**kwargs)
        assert _error(exc) == (code, 400), kwargs


def test_only_the_owner_sees_associations(ram, partner):
    arn = _create(ram, principals=[PARTNER], resourceArns=[DB_ARN])
    found = partner.get_resource_share_associations(associationType="RESOURCE", resourceShareArns=[arn])
    assert found["resourceShareAssociations"] == []
    with pytest.raises(ClientError) as exc:
        partner.associate_resource_share(resourceShareArn=arn, principals=[OWNER])
    assert _error(exc) == ("UnknownResourceException", 400)


def test_pagination_with_empty_pages(ram, emulator):
    emulator.set_config(organization_accounts=[MEMBER])
    accounts = [f"44445555{n:04d}" for n in range(5)]
    emulator.set_config(organization_accounts=accounts)
    arn = _create(ram, principals=accounts)
    emulator.set_config(page_size=2, empty_pages=True)
    raw = ram.get_resource_share_associations(associationType="PRINCIPAL", resourceShareArns=[arn])
    assert raw["resourceShareAssociations"] == [] and raw["nextToken"]
    paginator = ram.get_paginator("get_resource_share_associations")
    pages = list(paginator.paginate(associationType="PRINCIPAL", resourceShareArns=[arn]))
    assert [len(p["resourceShareAssociations"]) for p in pages] == [0, 2, 0, 2, 0, 1]
    assert sorted(a["associatedEntity"] for p in pages for a in p["resourceShareAssociations"]) == accounts
    # Empty pages do not count as reads of the associations.
    emulator.set_config(associating_reads=1)
    ram.associate_resource_share(resourceShareArn=arn, resourceArns=[DB_ARN])
    assert [
        [a["status"] for a in p["resourceShareAssociations"]]
        for p in paginator.paginate(associationType="RESOURCE", resourceShareArns=[arn])
    ] == [[], ["ASSOCIATING"]]
    assert _statuses(ram, "RESOURCE") == {}  # the first page of the next read is empty again
    shares = list(ram.get_paginator("get_resource_shares").paginate(resourceOwner="SELF"))
    assert [len(p["resourceShares"]) for p in shares] == [0, 1]
    # An empty list gets no empty page before it: no nextToken.
    assert "nextToken" not in ram.get_resource_share_associations(associationType="SOURCE")


# --- organization, external principals and invitations --------------------------------------------


def test_principal_shapes(ram, emulator):
    emulator.set_config(organization_accounts=[MEMBER])
    valid = [
        MEMBER,
        ORG_ARN,
        OU_ARN,
        f"arn:aws:iam::{OWNER}:role/path/partner-role",
        f"arn:aws:iam::{OWNER}:user/alice",
        "glue.amazonaws.com",
    ]
    arn = _create(ram, principals=valid)
    assert sorted(_statuses(ram)) == sorted(valid)
    assert not any(a["external"] for a in _associations(ram).values())
    for principal, code in [
        ("12345", "InvalidParameterException"),
        ("partner", "InvalidParameterException"),
        ("arn:aws:iam::12345:role/x", "MalformedArnException"),
        (f"arn:aws:organizations::{OWNER}:organization/bad", "MalformedArnException"),
        (f"arn:aws:iam::{OWNER}:group/admins", "MalformedArnException"),
    ]:
        with pytest.raises(ClientError) as exc:
            ram.associate_resource_share(resourceShareArn=arn, principals=[principal])
        assert _error(exc) == (code, 400), principal


def test_allow_external_principals_false_refuses_outside_accounts(ram, emulator):
    emulator.set_config(organization_accounts=[MEMBER])
    with pytest.raises(ClientError) as exc:
        ram.create_resource_share(name="closed", principals=[MEMBER, PARTNER], allowExternalPrincipals=False)
    assert _error(exc) == ("InvalidParameterException", 400)
    assert "not in your AWS organization" in exc.value.response["Error"]["Message"]
    assert ram.get_resource_shares(resourceOwner="SELF")["resourceShares"] == []
    arn = _create(ram, name="closed", principals=[MEMBER], allowExternalPrincipals=False)
    for outside in (PARTNER, f"arn:aws:iam::{PARTNER}:role/reader"):
        with pytest.raises(ClientError) as exc:
            ram.associate_resource_share(resourceShareArn=arn, principals=[outside])
        assert _error(exc) == ("InvalidParameterException", 400)
    ram.associate_resource_share(resourceShareArn=arn, principals=[f"arn:aws:iam::{MEMBER}:role/reader", ORG_ARN])
    assert len(_statuses(ram)) == 3


def test_invitation_accepted_by_the_partner(ram, partner, emulator):
    arn = _create(ram, name="for-partner", principals=[PARTNER], resourceArns=[DB_ARN])
    association = _associations(ram)[PARTNER]
    assert (association["status"], association["external"]) == ("ASSOCIATING", True)
    assert _statuses(ram) == {PARTNER: "ASSOCIATING"}  # waits for the partner, whatever the reads
    assert _invitations(ram) == []  # the owner received nothing
    [invitation] = _invitations(partner)
    assert invitation["resourceShareInvitationArn"].startswith(
        f"arn:aws:ram:us-east-1:{OWNER}:resource-share-invitation/"
    )
    assert (invitation["resourceShareArn"], invitation["resourceShareName"]) == (arn, "for-partner")
    assert (invitation["senderAccountId"], invitation["receiverAccountId"]) == (OWNER, PARTNER)
    assert invitation["status"] == "PENDING" and invitation["invitationTimestamp"]
    assert "receiverArn" not in invitation
    assert partner.get_resource_shares(resourceOwner="OTHER-ACCOUNTS")["resourceShares"] == []
    with pytest.raises(ClientError) as exc:
        partner.list_resource_share_permissions(resourceShareArn=arn)
    assert _error(exc) == ("UnknownResourceException", 400)

    accepted = partner.accept_resource_share_invitation(
        resourceShareInvitationArn=invitation["resourceShareInvitationArn"], clientToken="acc-1"
    )
    assert accepted["resourceShareInvitation"]["status"] == "ACCEPTED" and accepted["clientToken"] == "acc-1"
    assert _statuses(ram) == {PARTNER: "ASSOCIATED"}
    [visible] = partner.get_resource_shares(resourceOwner="OTHER-ACCOUNTS")["resourceShares"]
    assert (visible["resourceShareArn"], visible["owningAccountId"], visible["status"]) == (arn, OWNER, "ACTIVE")
    assert partner.get_resource_shares(resourceOwner="SELF")["resourceShares"] == []
    assert ram.get_resource_shares(resourceOwner="OTHER-ACCOUNTS")["resourceShares"] == []
    # The receiver sees the share's permissions (see README's choices); before accepting it could not.
    owner_view = ram.list_resource_share_permissions(resourceShareArn=arn)["permissions"]
    assert partner.list_resource_share_permissions(resourceShareArn=arn)["permissions"] == owner_view
    for call in (partner.accept_resource_share_invitation, partner.reject_resource_share_invitation):
        with pytest.raises(ClientError) as exc:
            call(resourceShareInvitationArn=invitation["resourceShareInvitationArn"])
        assert _error(exc) == ("ResourceShareInvitationAlreadyAcceptedException", 400)
    # Removing the partner hides the share from it; the invitation stays ACCEPTED.
    ram.disassociate_resource_share(resourceShareArn=arn, principals=[PARTNER])
    assert partner.get_resource_shares(resourceOwner="OTHER-ACCOUNTS")["resourceShares"] == []
    assert _invitations(partner)[0]["status"] == "ACCEPTED"
    assert [(r["operation"], r["account"]) for r in emulator.requests(operation="AcceptResourceShareInvitation")] == [
        ("AcceptResourceShareInvitation", PARTNER)
    ] * 2


def test_invitation_rejected_then_invited_again(ram, partner):
    arn = _create(ram, principals=[PARTNER])
    [invitation] = _invitations(partner)
    rejected = partner.reject_resource_share_invitation(
        resourceShareInvitationArn=invitation["resourceShareInvitationArn"]
    )
    assert rejected["resourceShareInvitation"]["status"] == "REJECTED"
    association = _associations(ram)[PARTNER]
    assert association["status"] == "DISASSOCIATED" and "rejected" in association["statusMessage"]
    for call in (partner.accept_resource_share_invitation, partner.reject_resource_share_invitation):
        with pytest.raises(ClientError) as exc:
            call(resourceShareInvitationArn=invitation["resourceShareInvitationArn"])
        assert _error(exc) == ("ResourceShareInvitationAlreadyRejectedException", 400)
    assert partner.get_resource_shares(resourceOwner="OTHER-ACCOUNTS")["resourceShares"] == []
    ram.associate_resource_share(resourceShareArn=arn, principals=[PARTNER])
    assert [i["status"] for i in _invitations(partner)] == ["REJECTED", "PENDING"]


def test_invitations_expire(ram, partner, emulator):
    expiring = _create(ram, name="expiring", principals=[PARTNER])
    kept = _create(ram, name="kept", principals=[PARTNER])
    [expired_arn] = emulator.expire_invitations(expiring)
    by_share = {i["resourceShareArn"]: i for i in _invitations(partner)}
    assert by_share[expiring]["status"] == "EXPIRED" and by_share[expiring]["resourceShareInvitationArn"] == expired_arn
    assert by_share[kept]["status"] == "PENDING"
    association = _associations(ram, resourceShareArns=[expiring])[PARTNER]
    assert association["status"] == "DISASSOCIATED" and "expired" in association["statusMessage"]
    with pytest.raises(ClientError) as exc:
        partner.accept_resource_share_invitation(resourceShareInvitationArn=expired_arn)
    assert _error(exc) == ("ResourceShareInvitationExpiredException", 400)
    assert len(emulator.expire_invitations()) == 1  # all the others: the one of "kept"
    assert emulator.expire_invitations() == []


def test_invitation_errors_and_filters(ram, partner, aws, emulator):
    first = _create(ram, name="first", principals=[PARTNER])
    _create(ram, name="second", principals=[PARTNER])
    [invitation] = _invitations(partner, resourceShareArns=[first])
    assert _invitations(partner, resourceShareInvitationArns=[invitation["resourceShareInvitationArn"]]) == [invitation]
    unknown = invitation["resourceShareInvitationArn"][:-12] + "000000000000"
    with pytest.raises(ClientError) as exc:
        _invitations(partner, resourceShareInvitationArns=[unknown])
    assert _error(exc) == ("ResourceShareInvitationArnNotFoundException", 400)
    for client, arn, code in [
        (partner, unknown, "ResourceShareInvitationArnNotFoundException"),
        (ram, invitation["resourceShareInvitationArn"], "ResourceShareInvitationArnNotFoundException"),
        (partner, "arn:aws:ram:us-east-1:1:resource-share-invitation/x", "MalformedArnException"),
    ]:
        with pytest.raises(ClientError) as exc:
            client.accept_resource_share_invitation(resourceShareInvitationArn=arn)
        assert _error(exc) == (code, 400)
    emulator.set_config(page_size=1)
    pages = list(partner.get_paginator("get_resource_share_invitations").paginate())
    assert [len(p["resourceShareInvitations"]) for p in pages] == [1, 1]
    with pytest.raises(ClientError) as exc:
        partner.get_resource_share_invitations(maxResults=1000)
    assert _error(exc) == ("InvalidMaxResultsException", 400)
    emulator.set_config(page_size=None)
    # An IAM role of an outside account gets its invitation too, named in receiverArn.
    role = f"arn:aws:iam::{PARTNER}:role/reader"
    _create(ram, name="role", principals=[role])
    [for_role] = [i for i in _invitations(partner) if i["resourceShareName"] == "role"]
    assert (for_role["receiverAccountId"], for_role["receiverArn"]) == (PARTNER, role)
    assert (
        aws("ram", access_key="AKIASOMEONEELSE00001").get_resource_share_invitations()["resourceShareInvitations"] == []
    )  # unmapped keys are the owner, who received nothing


def test_accept_is_idempotent_with_client_token_through_a_lost_response(ram, partner, emulator):
    _create(ram, principals=[PARTNER])
    [invitation] = _invitations(partner)
    emulator.fault("ram", "AcceptResourceShareInvitation", "lost_response")
    accepted = partner.accept_resource_share_invitation(
        resourceShareInvitationArn=invitation["resourceShareInvitationArn"], clientToken="accept-once"
    )
    assert accepted["resourceShareInvitation"]["status"] == "ACCEPTED"
    assert accepted["ResponseMetadata"]["RetryAttempts"] == 1


def test_disassociating_a_pending_principal_withdraws_its_invitation(ram, partner):
    arn = _create(ram, principals=[PARTNER])
    answer = ram.disassociate_resource_share(resourceShareArn=arn, principals=[PARTNER])
    assert [a["status"] for a in answer["resourceShareAssociations"]] == ["DISASSOCIATING"]
    assert _invitations(partner) == []
    assert _statuses(ram) == {PARTNER: "DISASSOCIATED"}


def test_organization_members_need_no_invitation(ram, emulator, aws):
    emulator.set_config(organization_accounts=[MEMBER])
    emulator.add_account(MEMBER_KEY, MEMBER)
    member = aws("ram", access_key=MEMBER_KEY)
    direct = _create(ram, name="direct", principals=[MEMBER])
    _create(ram, name="whole-org", principals=[ORG_ARN])
    _create(ram, name="nobody")
    association = _associations(ram, resourceShareArns=[direct])[MEMBER]
    assert (association["status"], association["external"]) == ("ASSOCIATED", False)
    assert _invitations(member) == []
    visible = member.get_resource_shares(resourceOwner="OTHER-ACCOUNTS")["resourceShares"]
    assert sorted(s["name"] for s in visible) == ["direct", "whole-org"]
    assert [r["account"] for r in emulator.requests(operation="GetResourceShares")] == [MEMBER]


def test_request_log_and_writes(ram, partner, emulator):
    _create(ram, principals=[PARTNER])
    [invitation] = _invitations(partner)
    partner.reject_resource_share_invitation(resourceShareInvitationArn=invitation["resourceShareInvitationArn"])
    log = emulator.requests(service="ram")
    assert [(r["operation"], r["access_key"], r["account"]) for r in log] == [
        ("CreateResourceShare", "testing", OWNER),
        ("GetResourceShareInvitations", PARTNER_KEY, PARTNER),
        ("RejectResourceShareInvitation", PARTNER_KEY, PARTNER),
    ]
    assert emulator.writes() == ["CreateResourceShare", "RejectResourceShareInvitation"]
    assert WRITE_OPERATIONS >= {
        "UpdateResourceShare",
        "DeleteResourceShare",
        "AssociateResourceShare",
        "DisassociateResourceShare",
        "AcceptResourceShareInvitation",
        "TagResource",
        "UntagResource",
    }


def test_sts_answers_as_the_mapped_account(aws, emulator):
    emulator.add_account(PARTNER_KEY, PARTNER)
    assert aws("sts", access_key=PARTNER_KEY).get_caller_identity()["Account"] == PARTNER
    assert aws("sts").get_caller_identity()["Account"] == OWNER


def test_seed_and_reset(ram, partner, emulator):
    emulator.set_config(organization_accounts=[MEMBER], associating_reads=3, empty_pages=True)
    seeded = emulator.seed(
        resource_shares=[
            {
                "name": "seeded",
                "resource_arns": [DB_ARN],
                "principals": [PARTNER],
                "permission_arns": [READ_WRITE],
                "tags": {"team": "data"},
                "allow_external_principals": True,
            }
        ]
    )
    [share] = seeded["resource_shares"]
    emulator.set_config(empty_pages=False)
    [listed] = ram.get_resource_shares(resourceOwner="SELF")["resourceShares"]
    assert (listed["resourceShareArn"], listed["tags"]) == (share["arn"], [{"key": "team", "value": "data"}])
    assert [p["name"] for p in ram.list_resource_share_permissions(resourceShareArn=share["arn"])["permissions"]] == [
        "AWSRAMPermissionGlueDatabaseReadWrite"
    ]
    assert len(_invitations(partner)) == 1
    with pytest.raises(Exception) as exc:  # urllib's HTTPError: the control API answers 400
        emulator.seed(resource_shares=[{"name": "closed", "principals": [PARTNER], "allow_external_principals": False}])
    assert getattr(exc.value, "code", None) == 400

    emulator.reset()
    assert emulator.config() == {
        "page_size": None,
        "extra_partners": [],
        "associating_reads": 0,
        "fail_associations": [],
        "organization_accounts": [],
        "accounts": {},
        "empty_pages": False,
        "replace_work_reads": 0,
        "replace_work_fail": "",
        "statement_reads": 2,
        "fail_statements": {},
        "promoting_reads": 2,
    }
    assert ram.get_resource_shares(resourceOwner="SELF")["resourceShares"] == []
    assert partner.get_resource_share_invitations()["resourceShareInvitations"] == []


def test_config_is_validated(emulator):
    for bad in (
        {"associating_reads": -1},
        {"accounts": {"KEY": "not-an-account"}},
        {"organization_accounts": ["123"]},
        {"empty_pages": "yes"},
        {"no_such_setting": 1},
    ):
        with pytest.raises(Exception) as exc:
            emulator.set_config(**bad)
        assert getattr(exc.value, "code", None) == 400, bad
    assert emulator.config()["associating_reads"] == 0


def test_other_ram_operations_are_still_not_implemented(ram):
    with pytest.raises(ClientError) as exc:
        ram.list_pending_invitation_resources(resourceShareInvitationArn="arn:aws:ram:us-east-1:1:x/y")
    assert _error(exc) == ("NotImplemented", 501)
