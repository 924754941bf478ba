# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""AWS RAM invitations, on the receiver's side: the read, the pure plan, and ram_resource_share_invitation's resource.

Private to the collection: its names may change without notice.
"""

from __future__ import annotations

from ansible_collections.partner_onboarding.aws.plugins.module_utils._calls import (
    Write,
    caller_account_id,
    client_tokens,
    normalize,
    paginate,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._module import Failure, Plan, Resource
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram import list_live_shares, share_hints
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram_rules import invalid_share_reference

WANTED_STATUS = {"accepted": "ACCEPTED", "rejected": "REJECTED"}


def normalize_invitation(item):
    found = normalize(item, keep=("resourceShareAssociations",))
    return {
        "arn": found.get("resource_share_invitation_arn"),
        "resource_share_arn": found.get("resource_share_arn"),
        "resource_share_name": found.get("resource_share_name"),
        "sender_account_id": found.get("sender_account_id"),
        "receiver_account_id": found.get("receiver_account_id"),
        "status": found.get("status"),
        "invitation_timestamp": found.get("invitation_timestamp"),
    }


def read_invitation(client, params):
    """The caller's latest invitation to the share named by the options, or ``{}``."""
    filters = {"resourceShareArns": [params["resource_share_arn"]]} if params.get("resource_share_arn") else {}
    invitations = [
        normalize_invitation(item)
        for item in paginate(client, "GetResourceShareInvitations", "resourceShareInvitations", **filters)
    ]
    matching = [
        invitation
        for invitation in invitations
        if names_share(params, invitation["resource_share_arn"], invitation["resource_share_name"])
    ]
    if params.get("resource_share_name"):
        shares = {invitation["resource_share_arn"] for invitation in matching}
        if len(shares) > 1:
            raise Failure(
                f"resource_share_name {params['resource_share_name']!r} matches invitations to {len(shares)} "
                f"resource shares: {', '.join(sorted(shares))}; give resource_share_arn instead"
            )
    return max(matching, key=lambda invitation: invitation["invitation_timestamp"] or "") if matching else {}


def names_share(params, arn, name):
    """Whether the share ``arn`` / ``name`` (of an invitation or a share) is the one the options name."""
    if params.get("resource_share_arn"):
        return arn == params["resource_share_arn"]
    return name == params.get("resource_share_name")


def share_visible(client, params):
    """Whether the share is already shared with the caller (inside an organization, without invitation)."""
    return any(names_share(params, share["arn"], share["name"]) for share in list_live_shares(client, "OTHER-ACCOUNTS"))


def plan_invitation(invitation, state, token=None):
    """The write (or none) that takes the invitation to ``state``, and the predicted invitation. No AWS call.

    Raises Failure for an invitation that can no longer get there (expired, or already in the other state).
    """
    token = token or client_tokens()
    wanted = WANTED_STATUS[state]
    status = invitation["status"]
    if status == wanted:
        return Plan([], invitation)
    if status == "PENDING":
        operation = "AcceptResourceShareInvitation" if state == "accepted" else "RejectResourceShareInvitation"
        params = {"resourceShareInvitationArn": invitation["arn"], "clientToken": token(operation)}
        return Plan([Write(operation, params, f"invitation {invitation['arn']}")], dict(invitation, status=wanted))
    if status == "EXPIRED":
        raise Failure(
            f"the invitation to resource share {invitation['resource_share_arn']} from account "
            f"{invitation['sender_account_id']} expired: the owner must remove this account from the share and add "
            "it again to send a new invitation",
            invitation=invitation,
        )
    raise Failure(
        f"the invitation to resource share {invitation['resource_share_arn']} is already {status}, and AWS RAM cannot "
        f"make it {wanted}: the owner must remove this account from the share and add it again",
        invitation=invitation,
    )


class Invitation(Resource):
    """ram_resource_share_invitation: the caller's invitation to one share, accepted or rejected."""

    def __init__(self, module):
        super().__init__(module)
        self.params = module.params

    def read(self):
        """The invitation, or ``{}`` when the share is shared with the caller without one (inside an organization)."""
        params = self.params
        self.client = self.module.client("ram")
        invitation = read_invitation(self.client, params)
        if invitation:
            return invitation
        if share_visible(self.client, params):
            if params["state"] == "accepted":
                return {}
            raise Failure(
                f"{_share_words(params)} is shared with this account without an invitation (inside the "
                "organization): there is none to reject"
            )
        account = caller_account_id(self.module.client("sts"))
        raise Failure(
            f"no invitation to {_share_words(params)} for account {account}, and no such share is shared with it: the "
            f"share's owner must add this account ({account}) as a principal of the share"
        )

    def plan(self, current):
        if not current:
            return Plan([], {})
        return plan_invitation(current, self.params["state"], client_tokens(self.params["client_token"]))

    def already_done(self, write):
        return read_invitation(self.client, self.params).get("status") == WANTED_STATUS[self.params["state"]]

    def settle(self, current, writes, answers):
        if answers[0] is None:
            # Answered meanwhile (by another run): no change of this task's.
            return read_invitation(self.client, self.params)
        return normalize_invitation(answers[0]["resourceShareInvitation"])

    def hints_for(self, error, write):
        return share_hints(error)

    def report(self, before, after, failed=False):
        if failed:
            return {"invitation": before} if before else {}
        if not before:
            return {"invitation": {}}
        return {"invitation": after, "diff": {"before": before, "after": after}}


class PendingInvitations(Resource):
    """ram_resource_share_invitation with ``sender_account_id`` alone: every PENDING invitation from that account
    (Lake Formation names its shares itself), each accepted or rejected."""

    def __init__(self, module):
        super().__init__(module)
        self.params = module.params

    def read(self):
        self.client = self.module.client("ram")
        return read_pending(self.client, self.params["sender_account_id"])

    def plan(self, current):
        token = client_tokens(self.params["client_token"])
        writes, predicted = [], []
        for invitation in current:
            plan = plan_invitation(invitation, self.params["state"], token)
            writes.extend(plan.writes)
            predicted.append(plan.predicted)
        return Plan(writes, predicted)

    def _reread(self, arn):
        return next(
            (item for item in read_from_sender(self.client, self.params["sender_account_id"]) if item["arn"] == arn),
            {},
        )

    def already_done(self, write):
        # Answered as this task wants it meanwhile (by another run); an invitation that expired is not done.
        wanted = WANTED_STATUS[self.params["state"]]
        return self._reread(write.params["resourceShareInvitationArn"]).get("status") == wanted

    def settle(self, current, writes, answers):
        return [
            normalize_invitation(answer["resourceShareInvitation"])
            if answer is not None
            else self._reread(write.params["resourceShareInvitationArn"])
            for answer, write in zip(answers, writes)
        ]

    def hints_for(self, error, write):
        return share_hints(error)

    def report(self, before, after, failed=False):
        if failed:
            return {"invitations": before or []}
        return {"invitations": after, "diff": {"before": before, "after": after}}


def read_from_sender(client, sender_account_id):
    """Every invitation the caller received from ``sender_account_id``, whatever its status, oldest first."""
    invitations = [
        normalize_invitation(item)
        for item in paginate(client, "GetResourceShareInvitations", "resourceShareInvitations")
    ]
    received = [i for i in invitations if i["sender_account_id"] == sender_account_id]
    return sorted(received, key=lambda invitation: invitation["invitation_timestamp"] or "")


def read_pending(client, sender_account_id):
    """Every PENDING invitation the caller received from ``sender_account_id``, oldest first."""
    return [i for i in read_from_sender(client, sender_account_id) if i["status"] == "PENDING"]


def invalid_invitation_params(params):
    """The share reference's rules, and sender_account_id's."""
    errors = invalid_share_reference(params)
    sender = params.get("sender_account_id")
    if sender is not None and not (len(sender) == 12 and sender.isdigit()):
        errors.append(f"sender_account_id {sender!r} is not valid: it must be exactly 12 digits")
    return errors


def _share_words(params):
    if params.get("resource_share_arn"):
        return f"resource share {params['resource_share_arn']}"
    return f"resource share {params['resource_share_name']!r}"
