# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The RAM shares of the access review: the caller's ACTIVE shares (those asked for), each with its resources,
principals and permissions, read with a number of calls that grows with the shares only.

Private to the collection: its names may change without notice.
"""

from __future__ import annotations

from ansible_collections.partner_onboarding.aws.plugins.module_utils._calls import unique
from ansible_collections.partner_onboarding.aws.plugins.module_utils._module import Failure
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram import normalize_share, read_shares
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram_associations import (
    LIVE,
    SUSPENDED,
    latest,
    list_associations,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram_permissions import (
    list_resource_share_permissions,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram_rules import is_resource_share_arn

# --- the shares asked for -----------------------------------------------------------------------------------------


def share_matches(share, reference):
    """Whether a share (normalized) is the one ``reference`` (a name or an ARN) names."""
    return share["arn"] == reference if is_resource_share_arn(reference) else share["name"] == reference


def select_shares(shares, references):
    """The shares that ``references`` name (all when None); Failure naming the references that match none."""
    if references is None:
        return shares
    unmatched = [ref for ref in unique(references) if not any(share_matches(share, ref) for share in shares)]
    if unmatched:
        names = sorted({share["name"] for share in shares})
        raise Failure(
            f"resource_shares: {', '.join(repr(ref) for ref in unmatched)} names none of your ACTIVE resource shares "
            f"in this region; they are: {', '.join(names) if names else 'none'}"
        )
    return [share for share in shares if any(share_matches(share, ref) for ref in references)]


def principal_rows(associations):
    """A share's principals as the review returns them: ``{principal, status, external}``, live ones only (and the
    suspended ones of accounts that left the organization, with their status)."""
    return [
        {"principal": item["associated_entity"], "status": item["status"], "external": item.get("external")}
        for item in latest(associations)
        if item["status"] in LIVE + SUSPENDED
    ]


def permission_view(permissions):
    """``{resource_type: {arn, name, version}}``: the permissions of a share, one per resource type."""
    return {
        p["resource_type"]: {"arn": p["arn"], "name": p.get("name"), "version": p.get("version")} for p in permissions
    }


def read_share_access(client, references=None):
    """The caller's ACTIVE shares (those ``references`` name, else all), each with its resources, principals and
    permissions: GetResourceShares (all pages), GetResourceShareAssociations once per association type for up to 100
    shares at a time, and one ListResourceSharePermissions per share."""
    listed = [normalize_share(share) for share in read_shares(client, "SELF", resourceShareStatus="ACTIVE")]
    # An endpoint that ignores the status filter must not bring deleted shares back.
    shares = select_shares([share for share in listed if share["status"] == "ACTIVE"], references)
    arns = [share["arn"] for share in shares]
    principals = list_associations(client, "PRINCIPAL", arns) if arns else []
    resources = list_associations(client, "RESOURCE", arns) if arns else []
    for share in shares:
        share["resource_arns"] = [
            item["associated_entity"]
            for item in latest(a for a in resources if a["resource_share_arn"] == share["arn"])
            if item["status"] in LIVE
        ]
        share["principals"] = principal_rows(a for a in principals if a["resource_share_arn"] == share["arn"])
        share["permissions"] = permission_view(list_resource_share_permissions(client, share["arn"]))
    return shares
