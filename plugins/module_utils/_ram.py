# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""AWS RAM basics every RAM module shares: what to do about each error code (every RAM hint), and the share reads
(GetResourceShares), finding a share by name or ARN.

Private to the collection: its names may change without notice.
"""

from __future__ import annotations

from ansible_collections.partner_onboarding.aws.plugins.module_utils._calls import AWSError, normalize, paginate
from ansible_collections.partner_onboarding.aws.plugins.module_utils._module import Failure

# Shares on their way out cannot take anything any more, so a name never resolves to one of them.
GONE_SHARE_STATUSES = ("DELETING", "DELETED")

_RETRY_LATER = "AWS RAM could not answer; run the task again later (botocore already retried the call)"
_HINTS = {
    "MalformedArnException": "check resource_share_arn and permission_arn (or permission_name): one is not a valid ARN",
    "UnknownResourceException": (
        "the resource share or the permission (or that permission version) does not exist in this account and "
        "region: check the names, the ARNs, permission_version and the region"
    ),
    "InvalidParameterException": (
        "AWS RAM rejected a parameter; permission_version can only be the permission's current default version, "
        "and a share holds one permission per resource type (use replace: true to change it)"
    ),
    "InvalidClientTokenException": "client_token is not valid: leave it unset or give a string of at most 64 characters",
    "IdempotentParameterMismatchException": (
        "client_token was already used for a different request: leave client_token unset (a fresh token is made "
        "per task) or give a new one"
    ),
    "OperationNotPermittedException": "AWS RAM does not allow this operation on this resource share",
    "ServerInternalException": _RETRY_LATER,
    "ServiceUnavailableException": _RETRY_LATER,
    "InvalidStateTransitionException": (
        "the resource share is changing state (for example being deleted); wait until it is ACTIVE and run the "
        "task again"
    ),
    "InvalidNextTokenException": "the listing changed while it was read; run the task again",
}

# The share modules' own words for some codes.
_SHARE_HINTS = {
    "MalformedArnException": (
        "an ARN the task sent is not valid: check arn or resource_share_arn, resource_arns, principals and permissions"
    ),
    "InvalidParameterException": (
        "AWS RAM rejected a parameter: an account outside your organization can be added only to a share with "
        "allow_external_principals: true (the role sets it unless a share says false), and a share holds one "
        "permission per resource type"
    ),
    "OperationNotPermittedException": (
        "AWS RAM does not allow this change: a share with external principals cannot be set to "
        "allow_external_principals: false, some resource types can be shared only inside the organization, and a "
        "permission cannot be removed while the share holds resources of its type"
    ),
    "InvalidStateTransitionException": (
        "an association of the share is still changing (ASSOCIATING or DISASSOCIATING): run the task again once "
        "it has settled (wait: true waits for the associations a task makes)"
    ),
    "ResourceShareLimitExceededException": "the account reached a RAM quota (shares, or associations per share)",
    "ResourceShareInvitationArnNotFoundException": "the invitation does not exist (any more): run the task again",
    "ResourceShareInvitationExpiredException": (
        "the invitation expired: the share's owner must remove this account from the share and add it again"
    ),
}


# ram_permission(_info)'s own words for some codes.
_CUSTOMER_PERMISSION_HINTS = {
    "PermissionAlreadyExistsException": (
        "a customer managed permission of that name already exists in this account and region (perhaps for another "
        "resource type): choose another name"
    ),
    "MalformedPolicyTemplateException": (
        "RAM cannot read policy_template: give one statement's Effect (Allow), Action or NotAction, and optional "
        "Condition, with actions of the resource type's service"
    ),
    "InvalidPolicyException": "RAM refused policy_template: check its actions against resource_type",
    "PermissionVersionsLimitExceededException": (
        "the permission already has five versions: move the shares off an older version (upgrade_shares: true) "
        "so that the task can delete it"
    ),
    "PermissionLimitExceededException": "the account reached RAM's quota of customer managed permissions",
    "OperationNotPermittedException": (
        "AWS RAM does not allow this: a permission (or a version) that a share uses, or the default version, cannot "
        "be deleted; an AWS-managed permission cannot be changed"
    ),
}


def ram_hints(operation=None, resource_type=None):
    """What the user can do about each documented RAM error code: the base of every RAM module's hints (for the
    share permission modules, as they are)."""
    result = dict(_HINTS)
    if operation == "DisassociateResourceSharePermission":
        kind = f"{resource_type} resources" if resource_type else "resources of the permission's resource type"
        result["OperationNotPermittedException"] = (
            f"the resource share still holds {kind}, and a permission cannot be removed while it applies to "
            "resources of the share: remove those resources from the share first, or associate a different "
            "permission for that resource type with replace: true"
        )
    elif operation == "AssociateResourceSharePermission":
        result["OperationNotPermittedException"] = (
            "AWS RAM does not allow this permission on this share: check that the permission is ATTACHABLE and "
            "matches the share's feature set"
        )
    return result


def tag_hints(resource):
    """What the user can do about RAM's tag error codes, for a module whose ``tags`` are a ``resource``'s."""
    return {
        "TagLimitExceededException": f"{resource} takes at most 50 tags: check tags",
        "TagPolicyViolationException": "the tags break a tag policy of your organization: check tags",
    }


def share_hints(error=None):
    """What the user can do about each RAM error code of the share modules."""
    return dict(ram_hints(getattr(error, "operation", None)), **_SHARE_HINTS, **tag_hints("a resource share"))


def customer_permission_hints():
    """What the user can do about each RAM error code of ram_permission(_info)."""
    return dict(ram_hints(), **_CUSTOMER_PERMISSION_HINTS, **tag_hints("a permission"))


class LookupFailed(Failure):
    """A resource share name that matches no share, or several."""

    def __init__(self, message, candidates):
        super().__init__(message, candidates=candidates)
        self.candidates = candidates


# --- reading shares ---------------------------------------------------------------------------------------------------


def normalize_share(share):
    """A RAM ResourceShare as the modules return it (without its associations)."""
    found = normalize(share)
    return {
        "arn": found.get("resource_share_arn"),
        "name": found.get("name"),
        "status": found.get("status"),
        "owning_account_id": found.get("owning_account_id"),
        "allow_external_principals": found.get("allow_external_principals"),
        "feature_set": found.get("feature_set"),
        # Set only at creation; RAM's default (and a share that does not say) is false.
        "retain_sharing_on_account_leave_organization": bool(
            (found.get("resource_share_configuration") or {}).get("retain_sharing_on_account_leave_organization")
        ),
        "tags": found.get("tags") or {},
        "creation_time": found.get("creation_time"),
        "last_updated_time": found.get("last_updated_time"),
    }


def _matches(share, filters):
    """Whether ``share`` (as RAM lists it) passes the ARN and name filters: an endpoint that ignores a filter (the
    stock moto server ignores both) must not make another share look like the one asked for."""
    arns, name = filters.get("resourceShareArns"), filters.get("name")
    return (not arns or share.get("resourceShareArn") in arns) and (name is None or share.get("name") == name)


def read_shares(client, owner="SELF", **filters):
    """GetResourceShares, all pages, as RAM lists them, keeping only what ``filters`` ask for."""
    pages = paginate(client, "GetResourceShares", "resourceShares", resourceOwner=owner, **filters)
    return [share for share in pages if _matches(share, filters)]


def list_shares(client, owner="SELF", **filters):
    """The caller's shares (``owner`` SELF) or those others share with it (OTHER-ACCOUNTS), normalized."""
    return [normalize_share(share) for share in read_shares(client, owner, **filters)]


def list_live_shares(client, owner="SELF", name=None, arn=None):
    """The shares named by ``arn`` or ``name`` (all when neither) that are not DELETING or DELETED.

    An ARN RAM does not know (UnknownResourceException) is no share.
    """
    filters = {"resourceShareArns": [arn]} if arn else {}
    if name:
        filters["name"] = name
    try:
        found = list_shares(client, owner, **filters)
    except AWSError as error:
        if error.code != "UnknownResourceException":
            raise
        found = []
    return [share for share in found if share["status"] not in GONE_SHARE_STATUSES]


def read_share(client, name=None, arn=None, options=("name", "arn")):
    """The caller's one live share named by ``arn`` or ``name``, or ``{}``; LookupFailed when a name matches several.

    ``options``: the module's names for the name and the ARN, for the message.
    """
    live = list_live_shares(client, name=None if arn else name, arn=arn)
    if len(live) > 1:
        arns = sorted(share["arn"] for share in live)
        raise LookupFailed(
            f"{options[0]} {name!r} matches {len(live)} resource shares: {', '.join(arns)}; give {options[1]} instead",
            arns,
        )
    return live[0] if live else {}


def read_share_arn(client, params):
    """resource_share_arn as given, or the ARN of the one live share called resource_share_name.

    LookupFailed when the name matches none (listing the caller's shares) or several.
    """
    if params.get("resource_share_arn"):
        return params["resource_share_arn"]
    name = params["resource_share_name"]
    share = read_share(client, name, options=("resource_share_name", "resource_share_arn"))
    if share:
        return share["arn"]
    candidates = sorted({share["name"] for share in list_live_shares(client)})
    raise LookupFailed(
        f"resource_share_name {name!r} matches none of your resource shares in this region; "
        f"your resource shares are: {', '.join(candidates) if candidates else 'none'}",
        candidates,
    )
