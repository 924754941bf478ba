"""The associations of a resource share (principals, resources, sources), their asynchronous
life, the owner's organization, and the invitations sent to accounts outside it.

Kept on moto's ``ResourceShare`` objects (so a moto reset drops them):

- ``share.emulator_associations``: (association type, entity) -> association record, one per
  entity (a new association of the same entity replaces a DISASSOCIATED or FAILED record);
- ``share.emulator_invitations``: the invitations sent for the share, oldest first.

An association is created ASSOCIATING (or turned DISASSOCIATING) with ``reads_left`` set to the
``associating_reads`` setting. It reaches its final status (ASSOCIATED, DISASSOCIATED, or FAILED
for entities in ``fail_associations``) once no reads are left, except that a principal waiting for
its invitation stays ASSOCIATING until the invitation is accepted, rejected or expires. Only
GetResourceShareAssociations consumes reads; every other look at a share (``sync``) merely applies
the transitions that are due, so with ``associating_reads: 0`` the first look sees the final status.
"""

import re
import uuid

from moto.ram.exceptions import InvalidParameterException, MalformedArnException
from moto.ram.models import ResourceShare

from . import accounts, state
from .ram_catalogue import _PARTITION_RE, partition_of
from .ram_common import now

# An account leaving the owner's organization (control API) makes its principals SUSPENDING, then SUSPENDED, in a
# share that retains sharing; joining again makes them RESTORING, then ASSOCIATED.
FINAL = {
    "ASSOCIATING": "ASSOCIATED",
    "DISASSOCIATING": "DISASSOCIATED",
    "SUSPENDING": "SUSPENDED",
    "RESTORING": "ASSOCIATED",
}
LIVE = ("ASSOCIATING", "ASSOCIATED")  # the entity is (being) shared
SUSPENDED = ("SUSPENDED", "SUSPENDING", "RESTORING")  # its account left the organization; the share retains it

ACCOUNT_ID = re.compile(r"^\d{12}$")
ORGANIZATION_ARN = re.compile(rf"^arn:({_PARTITION_RE}):organizations::\d{{12}}:organization/o-[a-z0-9]{{10,32}}$")
OU_ARN = re.compile(
    rf"^arn:({_PARTITION_RE}):organizations::\d{{12}}:ou/o-[a-z0-9]{{10,32}}/ou-[0-9a-z]{{4,32}}-[a-z0-9]{{8,32}}$"
)
IAM_PRINCIPAL_ARN = re.compile(rf"^arn:({_PARTITION_RE}):iam::(\d{{12}}):(role|user)/[\w+=,.@/-]+$")
SERVICE_PRINCIPAL = re.compile(r"^[a-z0-9][a-z0-9.-]*\.amazonaws\.com(\.cn)?$")
INVITATION_ARN = re.compile(rf"^arn:({_PARTITION_RE}):ram:[a-z0-9-]+:\d{{12}}:resource-share-invitation/[0-9a-f-]+$")


def associations(share: ResourceShare) -> dict:
    if not hasattr(share, "emulator_associations"):
        share.emulator_associations = {}
    return share.emulator_associations


def invitations(share: ResourceShare) -> list:
    if not hasattr(share, "emulator_invitations"):
        share.emulator_invitations = []
    return share.emulator_invitations


def organization() -> set:
    """The owner's organization (sharing with it enabled): the owner and the configured accounts."""
    return {accounts.owner()} | set(state.CONFIG["organization_accounts"])


def principal_account(principal: str) -> str | None:
    """The account of an account ID or IAM role/user principal; None for organizations, OUs and services.
    MalformedArnException / InvalidParameterException for other shapes, as RAM answers."""
    if ACCOUNT_ID.match(principal):
        return principal
    match = IAM_PRINCIPAL_ARN.match(principal)
    if match:
        return match.group(2)
    if ORGANIZATION_ARN.match(principal) or OU_ARN.match(principal) or SERVICE_PRINCIPAL.match(principal):
        return None
    if principal.startswith("arn:"):
        raise MalformedArnException(f"The principal ARN {principal} is not valid. Verify the ARN and try again.")
    raise InvalidParameterException(f"Principal ID {principal} is malformed. Verify the ID and try again.")


def is_external(share: ResourceShare, account: str | None) -> bool:
    """An account outside the share owner's organization (any other account if the owner is in none)."""
    if account is None:
        return False
    members = organization() if share.owning_account_id in organization() else {share.owning_account_id}
    return account not in members


def check_principals(share: ResourceShare, principals: list, allow_external: bool) -> None:
    for principal in principals:
        account = principal_account(principal)
        if not allow_external and is_external(share, account):
            # The message and code of the RAM user guide's troubleshooting page ("Errors when
            # trying to share with accounts outside of my organization").
            raise InvalidParameterException(
                f"Principal {principal} is not in your AWS organization. "
                "You do not have permission to add external AWS accounts to a resource share."
            )


def describe(share: ResourceShare, record: dict) -> dict:
    item = {
        "resourceShareArn": share.arn,
        "resourceShareName": share.name,
        "associatedEntity": record["entity"],
        "associationType": record["type"],
        "status": record["status"],
        "creationTime": record["created"],
        "lastUpdatedTime": record["updated"],
        "external": record["external"],
    }
    if record["message"]:
        item["statusMessage"] = record["message"]
    return item


def awaiting_invitation(record: dict) -> bool:
    invitation = record["invitation"]
    return record["status"] == "ASSOCIATING" and invitation is not None and invitation["status"] == "PENDING"


def finish(record: dict, status: str, message: str | None = None) -> None:
    record.update(status=status, message=message, updated=now(), reads_left=0)


def settle(record: dict) -> None:
    """Apply the record's transition if it is due (no reads left, no invitation pending)."""
    if record["status"] not in FINAL or awaiting_invitation(record) or record["reads_left"] > 0:
        return
    if record["status"] == "ASSOCIATING" and record["fail"]:
        finish(
            record,
            "FAILED",
            f"{record['entity']} could not be associated with the resource share (fail_associations).",
        )
    else:
        finish(record, FINAL[record["status"]])


def read(record: dict) -> None:
    """One GetResourceShareAssociations read that lists the record."""
    if record["status"] in FINAL and not awaiting_invitation(record) and record["reads_left"] > 0:
        record["reads_left"] -= 1
    else:
        settle(record)


def sync(share: ResourceShare) -> None:
    """Apply due transitions and keep moto's own lists (principals, resource_arns) to the live entities."""
    records = associations(share).values()
    for record in records:
        settle(record)
    share.principals[:] = [r["entity"] for r in records if r["type"] == "PRINCIPAL" and r["status"] in LIVE]
    share.resource_arns[:] = [r["entity"] for r in records if r["type"] == "RESOURCE" and r["status"] in LIVE]


def associate(share: ResourceShare, kind: str, entity: str) -> dict:
    """A new ASSOCIATING record (with an invitation for an account outside the organization)."""
    timestamp = now()
    account = principal_account(entity) if kind == "PRINCIPAL" else None
    external = kind == "PRINCIPAL" and is_external(share, account)
    fail = entity in state.CONFIG["fail_associations"]
    record = {
        "type": kind,
        "entity": entity,
        "status": "ASSOCIATING",
        "message": None,
        "external": external,
        "created": timestamp,
        "updated": timestamp,
        "reads_left": state.CONFIG["associating_reads"],
        "fail": fail,
        "invitation": None,
    }
    if external and not fail:
        record["invitation"] = _invite(share, entity, account, timestamp)
    associations(share)[(kind, entity)] = record
    return record


def move(record: dict, status: str) -> None:
    """Start a transition (SUSPENDING, RESTORING) that ends after the associating_reads setting's reads."""
    record.update(status=status, message=None, updated=now(), reads_left=state.CONFIG["associating_reads"])


def disassociate(record: dict, share: ResourceShare) -> None:
    invitation = record["invitation"]
    if invitation is not None and invitation["status"] == "PENDING":
        # Removing the principal withdraws the invitation: the receiver no longer sees it.
        invitations(share).remove(invitation)
    record.update(
        status="DISASSOCIATING",
        message=None,
        updated=now(),
        reads_left=state.CONFIG["associating_reads"],
        fail=False,
        invitation=None,
    )


def _invite(share: ResourceShare, principal: str, account: str, timestamp: float) -> dict:
    partition = partition_of(share.region)
    invitation = {
        "arn": f"arn:{partition}:ram:{share.region}:{share.owning_account_id}:resource-share-invitation/{uuid.uuid4()}",
        "share": share,
        "principal": principal,
        "receiver_account": account,
        "status": "PENDING",
        "timestamp": timestamp,
    }
    invitations(share).append(invitation)
    return invitation


def describe_invitation(invitation: dict) -> dict:
    share = invitation["share"]
    item = {
        "resourceShareInvitationArn": invitation["arn"],
        "resourceShareName": share.name,
        "resourceShareArn": share.arn,
        "senderAccountId": share.owning_account_id,
        "receiverAccountId": invitation["receiver_account"],
        "invitationTimestamp": invitation["timestamp"],
        "status": invitation["status"],
    }
    if invitation["principal"] != invitation["receiver_account"]:
        item["receiverArn"] = invitation["principal"]  # an IAM role or user
    return item


def answer_invitation(invitation: dict, status: str) -> None:
    """ACCEPTED: the principal's association becomes ASSOCIATED; REJECTED / EXPIRED: DISASSOCIATED."""
    invitation["status"] = status
    share = invitation["share"]
    record = associations(share).get(("PRINCIPAL", invitation["principal"]))
    if record is None or record["invitation"] is not invitation:
        return
    if status == "ACCEPTED":
        finish(record, "ASSOCIATED")
    else:
        what = {"REJECTED": "was rejected", "EXPIRED": "expired"}[status]
        finish(record, "DISASSOCIATED", f"The invitation to the resource share {what}.")
    sync(share)


def shared_with(share: ResourceShare, account: str) -> bool:
    """Whether ``account`` can use the share: an ASSOCIATED principal association names the account,
    an IAM role or user of it, or (for an organization member) the organization or one of its OUs."""
    if share.status == "DELETED" or share.owning_account_id == account:
        return False
    sync(share)
    for record in associations(share).values():
        if record["type"] != "PRINCIPAL" or record["status"] != "ASSOCIATED":
            continue
        entity = record["entity"]
        if ORGANIZATION_ARN.match(entity) or OU_ARN.match(entity):
            # OU membership is not modelled: every organization account is in every OU.
            if account in organization() and share.owning_account_id in organization():
                return True
        elif not SERVICE_PRINCIPAL.match(entity) and principal_account(entity) == account:
            return True
    return False
