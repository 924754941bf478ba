# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""AWS RAM sources of a resource share: the accounts (or organization / OU ARNs) whose resources a service principal
of the share may use. Their read (``ListSourceAssociations``, the only read that returns them), their pure plan, and
their input rule.

Private to the collection: its names may change without notice.
"""

from __future__ import annotations

from ansible_collections.partner_onboarding.aws.plugins.module_utils._calls import Write, normalize, paginate, unique
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram_associations import ASSOCIATION_BATCH
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram_rules import (
    ValidationError,
    collect,
    invalid_share_params,
    principal_form,
)

# A source association that counts: there, or on its way.
LIVE_SOURCE = ("ASSOCIATED", "ASSOCIATING")
SERVICE_PRINCIPAL = "a service principal"
# The principal forms a source takes (_ram_rules.PRINCIPAL_FORMS names them).
SOURCE_FORMS = {"an AWS account ID", "an organization ARN", "an organizational unit ARN"}
SOURCE_RULE = "a 12-digit account ID, an organization ARN or an OU ARN"


def sources_by_share(client, share_arns):
    """``{share ARN: its sources}`` (associated or being associated) of the shares: one ListSourceAssociations read
    (all pages) per ``ASSOCIATION_BATCH`` shares."""
    share_arns = list(share_arns)
    found = {arn: [] for arn in share_arns}
    for start in range(0, len(share_arns), ASSOCIATION_BATCH):
        batch = share_arns[start:][:ASSOCIATION_BATCH]
        for item in paginate(client, "ListSourceAssociations", "sourceAssociations", resourceShareArns=batch):
            item = normalize(item)
            if item.get("status") in LIVE_SOURCE and item.get("resource_share_arn") in found:
                found[item["resource_share_arn"]].append(item["source_id"])
    return {arn: unique(sources) for arn, sources in found.items()}


def list_sources(client, share_arn):
    """The share's sources (associated or being associated): one ListSourceAssociations read, all pages."""
    return sources_by_share(client, [share_arn])[share_arn]


def validate_sources(params):
    """``sources`` (and ``purge_sources``): each an account, organization or OU; only with service principals, at
    least one of them in the same task's ``principals``. Raises ValidationError naming the option."""
    sources = params.get("sources")
    if sources is None:
        if params.get("purge_sources"):
            raise ValidationError("purge_sources needs sources: without the list, nothing says what to keep")
        return
    bad = [source for source in sources if principal_form(source) not in SOURCE_FORMS]
    if bad:
        raise ValidationError(f"sources: {', '.join(repr(s) for s in bad)} not valid: each must be {SOURCE_RULE}")
    principals = params.get("principals") or []
    others = [p for p in principals if principal_form(p) not in (SERVICE_PRINCIPAL, None)]
    if others:
        raise ValidationError(
            f"sources restrict service principals only, but principals also lists {', '.join(repr(p) for p in others)}"
            ": share with those in another resource share"
        )
    if not any(principal_form(p) == SERVICE_PRINCIPAL for p in principals):
        raise ValidationError(
            "sources needs at least one service principal (<service>.amazonaws.com) in principals, in the same task"
        )


def add_sources_to_create(write, sources):
    """The CreateResourceShare ``write`` with ``sources`` too (the share is never shared unrestricted)."""
    if not sources:
        return write
    return write._replace(params=dict(write.params, sources=unique(sources)))


def plan_sources(writes, have, sources, purge, share_arn, token):
    """The writes with the sources' changes added, and the predicted sources. No AWS call.

    New sources go in the AssociateResourceShare that adds principals, if there is one, so that a new service
    principal is never shared without them; else in their own AssociateResourceShare, after the principals' writes
    and before the tags'. Removed sources follow (``purge``).
    """
    add = [source for source in unique(sources) if source not in have]
    remove = [source for source in have if source not in sources] if purge else []
    writes = list(writes)
    target = f"resource share {share_arn}"
    joined = False
    for index, write in enumerate(writes):
        if add and write.operation == "AssociateResourceShare" and write.params.get("principals"):
            writes[index] = write._replace(params=dict(write.params, sources=add))
            joined = True
    position = next(
        (index for index, write in enumerate(writes) if write.operation in ("TagResource", "UntagResource")),
        len(writes),
    )
    extra = []
    for operation, entities in (
        ("AssociateResourceShare", [] if joined else add),
        ("DisassociateResourceShare", remove),
    ):
        if entities:
            request = {"resourceShareArn": share_arn, "sources": entities, "clientToken": token(operation)}
            extra.append(Write(operation, request, target))
    writes[position:position] = extra
    return writes, [source for source in have if source not in remove] + add


def invalid_share_params_with_sources(params):
    """Every broken rule of ram_resource_share's options, ``sources`` and ``purge_sources`` included."""
    return invalid_share_params(params) + collect(params, validate_sources)
