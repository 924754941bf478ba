# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""AWS RAM resource shares: the pure plan of a share, and ram_resource_share's resource.

Private to the collection: its names may change without notice.
"""

from __future__ import annotations

from ansible_collections.partner_onboarding.aws.plugins.module_utils._calls import Write, client_tokens, unique
from ansible_collections.partner_onboarding.aws.plugins.module_utils._module import Failure, Plan, Resource
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram import (
    list_live_shares,
    read_share,
    share_hints,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram_associations import (
    entities_written,
    read_share_state,
    sorted_entities,
    wait_for_associations,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram_permissions import (
    list_resource_share_permissions,
    permission_arns_for,
    read_permission,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram_promote import (
    CREATED_FROM_POLICY,
    PROMOTING,
    plan_promotion,
    promote_needed,
    read_promoted,
    wait_for_standard,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram_rules import partition_of
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram_share_permissions import (
    find_associated,
    needs_permission_details,
    plan_share_permission,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram_share_sources import (
    add_sources_to_create,
    list_sources,
    plan_sources,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._tagging import plan_tags, tag_list, tag_values
from ansible_collections.partner_onboarding.aws.plugins.module_utils._waiters import wait_until


def share_view(state, permissions=None):
    """What the diff shows of a share: its settings, associations, permissions by type, tags."""
    if not state:
        return {}
    view = {
        "name": state.get("name"),
        "allow_external_principals": state.get("allow_external_principals"),
        "resource_arns": sorted_entities(state.get("resource_arns", [])),
        "principals": sorted_entities(state.get("principals", [])),
        "tags": state.get("tags", {}),
    }
    if permissions is not None:
        view["permissions"] = {p["resource_type"]: p["arn"] for p in permissions}
    if "sources" in state:
        view["sources"] = sorted_entities(state["sources"])
    return view


def check_one_per_type(wanted):
    """Two wanted permissions for one resource type fail before any write."""
    by_type = {}
    for permission in wanted:
        by_type.setdefault(permission["resource_type"].lower(), []).append(permission["arn"])
    clashes = {rtype: arns for rtype, arns in by_type.items() if len(arns) > 1}
    if clashes:
        text = "; ".join(f"{rtype}: {', '.join(arns)}" for rtype, arns in sorted(clashes.items()))
        raise Failure(f"permissions: a share holds one permission per resource type, but several are given for {text}")


def plan_share(current, params, wanted_permissions=None, current_permissions=None, token=None):  # pylint: disable=too-many-locals
    """The exact writes, in order, that make the share as ``params`` want it, and the predicted share. No AWS call.

    ``current``: the share with its associations (``{}`` when there is none). ``wanted_permissions``: the wanted
    permissions as GetPermission describes them (or as the share has them), with their ``arn``; only when
    ``permissions`` is set. ``current_permissions``: the share's permissions (ListResourceSharePermissions).

    Returns the Plan; its ``predicted`` carries ``permissions`` when they are managed.
    """
    token = token or client_tokens()
    state = params.get("state", "present")
    if state == "absent":
        if not current:
            return Plan([], {})
        arn = current["arn"]
        return Plan(
            [
                Write(
                    "DeleteResourceShare",
                    {"resourceShareArn": arn, "clientToken": token("DeleteResourceShare")},
                    f"resource share {arn}",
                )
            ],
            {},
        )

    resource_arns, principals, tags = params.get("resource_arns"), params.get("principals"), params.get("tags")
    if wanted_permissions is not None:
        check_one_per_type(wanted_permissions)
    if not current:
        return _plan_create(params, wanted_permissions, token)

    arn = current["arn"]
    target = f"resource share {arn}"
    writes = []
    predicted = dict(current)
    if wanted_permissions is not None:
        after_permissions = list(current_permissions or [])
        for permission in wanted_permissions:
            planned = plan_share_permission(
                after_permissions, arn, permission["arn"], "present", None, True, permission, token
            )
            writes.extend(planned.writes)
            after_permissions = planned.predicted
        predicted["permissions"] = after_permissions

    update = {}
    if params.get("name") and params.get("arn") and params["name"] != current["name"]:
        update["name"] = params["name"]
    allow = params.get("allow_external_principals")
    if allow is not None and allow != current["allow_external_principals"]:
        update["allowExternalPrincipals"] = allow
    if update:
        # Both settings, the unchanged one as it is: an endpoint that takes a missing field for its default (the
        # stock moto server: no name, allowExternalPrincipals true) then changes nothing the user did not ask for.
        settings = dict(
            {"name": current["name"], "allowExternalPrincipals": current["allow_external_principals"]}, **update
        )
        writes.append(
            Write(
                "UpdateResourceShare",
                dict(settings, resourceShareArn=arn, clientToken=token("UpdateResourceShare")),
                target,
            )
        )
        predicted.update(name=settings["name"], allow_external_principals=settings["allowExternalPrincipals"])

    for option, purge, key in (
        ("resource_arns", "purge_resources", "resourceArns"),
        ("principals", "purge_principals", "principals"),
    ):
        listed = resource_arns if option == "resource_arns" else principals
        if listed is None:
            continue
        have = current[option]
        add = [entity for entity in unique(listed) if entity not in have]
        remove = [entity for entity in have if entity not in listed] if params.get(purge) else []
        for operation, entities in (("AssociateResourceShare", add), ("DisassociateResourceShare", remove)):
            if entities:
                request = {"resourceShareArn": arn, key: entities, "clientToken": token(operation)}
                writes.append(Write(operation, request, target))
        predicted[option] = [entity for entity in have if entity not in remove] + add
        if option == "principals":
            predicted["pending_principals"] = [p for p in current["pending_principals"] if p not in remove]

    tag_writes, predicted["tags"] = plan_tags(
        current["tags"], tags, params.get("purge_tags", True), {"resourceShareArn": arn}, target
    )
    writes.extend(tag_writes)
    return Plan(writes, predicted)


def check_retain(current, params):
    """retain_sharing_on_account_leave_organization is set when a share is created, never after: a different value
    on an existing share fails before any write."""
    wanted = params.get("retain_sharing_on_account_leave_organization")
    have = current.get("retain_sharing_on_account_leave_organization")
    if wanted is not None and bool(wanted) != bool(have):
        raise Failure(
            f"retain_sharing_on_account_leave_organization is {bool(wanted)} but resource share {current['arn']} has "
            f"{bool(have)}: AWS RAM sets it only when a share is created (UpdateResourceShare cannot change it); leave "
            "the option unset, or delete the share and create it again"
        )


def plan_resource_share(  # pylint: disable=too-many-arguments
    current, params, wanted_permissions=None, current_permissions=None, token=None, *, promoted=None
):
    """``plan_share`` with what RAM added since 2023: the promotion of a share created from a resource policy
    (first), sources, retained sharing (set at creation only) and suspended principals. No AWS call.

    ``current`` carries ``sources`` when they were read (``sources`` set); ``current_permissions`` are the share's
    permissions (read when managed, and for a share created from a resource policy); ``promoted``: its
    policy-created permissions an earlier run already promoted (``read_promoted``).
    """
    token = token or client_tokens()
    promotion = None
    if current and current.get("feature_set") == CREATED_FROM_POLICY and params.get("promote"):
        promotion = plan_promotion(current, current_permissions or [], token, promoted)
        current, current_permissions = promotion.predicted
    present = params.get("state", "present") == "present"
    if current and present:
        check_retain(current, params)
    writes, predicted = plan_share(current, params, wanted_permissions, current_permissions, token)
    sources = params.get("sources")
    if present:
        predicted = dict(predicted)
        if not current:
            writes = [_with_create_only(writes[0], params)]
            predicted["retain_sharing_on_account_leave_organization"] = bool(
                params.get("retain_sharing_on_account_leave_organization")
            )
            if sources is not None:
                predicted["sources"] = unique(sources)
        elif sources is not None:
            writes, predicted["sources"] = plan_sources(
                writes, current.get("sources", []), sources, params.get("purge_sources"), current["arn"], token
            )
        predicted["suspended_principals"] = [
            p for p in (current or {}).get("suspended_principals", []) if p in predicted["principals"]
        ]
    if promotion:
        return Plan(promotion.writes + writes, predicted)
    promote_needed(current, writes)
    return Plan(writes, predicted)


def _with_create_only(write, params):
    """CreateResourceShare with the sources and the settings RAM takes only at creation."""
    write = add_sources_to_create(write, params.get("sources"))
    retain = params.get("retain_sharing_on_account_leave_organization")
    if retain is None:
        return write
    configuration = {"retainSharingOnAccountLeaveOrganization": retain}
    return write._replace(params=dict(write.params, resourceShareConfiguration=configuration))


def _plan_create(params, wanted_permissions, token):
    """Everything in one CreateResourceShare, so that no principal ever sees RAM's default permission."""
    request = {"name": params["name"], "allowExternalPrincipals": bool(params.get("allow_external_principals"))}
    if params.get("resource_arns"):
        request["resourceArns"] = unique(params["resource_arns"])
    if params.get("principals"):
        request["principals"] = unique(params["principals"])
    if wanted_permissions:
        request["permissionArns"] = [permission["arn"] for permission in wanted_permissions]
    if params.get("tags"):
        request["tags"] = tag_list(params["tags"])
    request["clientToken"] = token("CreateResourceShare")
    predicted = {
        "arn": None,
        "name": params["name"],
        "status": "ACTIVE",
        "owning_account_id": None,
        "allow_external_principals": request["allowExternalPrincipals"],
        "feature_set": "STANDARD",
        "tags": tag_values(params.get("tags")),
        "creation_time": None,
        "last_updated_time": None,
        "resource_arns": request.get("resourceArns", []),
        "principals": request.get("principals", []),
        "pending_principals": [],
    }
    if wanted_permissions is not None:
        # Types without a listed permission get RAM's default for the type: only RAM knows which.
        predicted["permissions"] = [dict(permission, status="ASSOCIATED") for permission in wanted_permissions]
    return Plan([Write("CreateResourceShare", request, f"resource share {params['name']!r}")], predicted)


def _wanted_permissions(client, params, partition, current_permissions):
    """The wanted permissions with their resource types: from the share when associated, else GetPermission."""
    wanted = []
    for arn in unique(permission_arns_for(client, params["permissions"], partition)):
        if needs_permission_details(current_permissions, arn, "present"):
            wanted.append(dict(read_permission(client, arn), arn=arn))
        else:
            wanted.append(find_associated(current_permissions, arn))
    return wanted


def wait_for_share(client, share_arn, timeout):
    """Wait until the share is ACTIVE (it may be PENDING just after its creation); FAILED fails."""

    def settled(shares):
        if any(share["status"] == "FAILED" for share in shares):
            raise Failure(f"resource share {share_arn} is FAILED")
        # A share RAM does not list yet is not ACTIVE yet.
        return bool(shares) and all(share["status"] == "ACTIVE" for share in shares)

    def timed_out(shares):
        statuses = [share["status"] for share in shares]
        return Failure(f"resource share {share_arn} did not become ACTIVE within {timeout} s (status: {statuses})")

    wait_until(lambda: list_live_shares(client, arn=share_arn), settled, timeout, timed_out)


class Share(Resource):
    """ram_resource_share: one share, with its resources, principals, permissions and tags."""

    def __init__(self, module):
        super().__init__(module)
        self.params = module.params
        self.managed_permissions = self.params["permissions"] is not None and self.params["state"] == "present"
        self.wanted = None
        self.current_permissions = []
        self.promoted = {}
        self.share_name = None

    def read(self):
        params = self.params
        self.client = client = self.module.client("ram")
        share = read_share(client, params["name"], params["arn"])
        if not share and params["arn"] and params["state"] == "present":
            raise Failure(f"arn {params['arn']!r} names no resource share of yours in this region (or it is deleted)")
        if share and share["feature_set"] == PROMOTING:
            # Being promoted (by an earlier run): reads only until it is STANDARD.
            share = wait_for_standard(client, share["arn"], params["wait_timeout"])
        current = read_share_state(client, share) if share and params["state"] == "present" else share
        if share and params["state"] == "present" and params["sources"] is not None:
            current["sources"] = list_sources(client, share["arn"])
        if share and (self.managed_permissions or share["feature_set"] == CREATED_FROM_POLICY):
            self.current_permissions = list_resource_share_permissions(client, share["arn"])
        if share and share["feature_set"] == CREATED_FROM_POLICY and params["promote"]:
            # A run stopped after promoting a permission left it promoted: it is not promoted twice.
            self.share_name = share["name"]
            self.promoted = read_promoted(client, self.share_name, self.current_permissions)
        if self.managed_permissions:
            partition = partition_of(share["arn"]) if share else client.meta.partition
            self.wanted = _wanted_permissions(client, params, partition, self.current_permissions)
        return current

    def plan(self, current):
        token = client_tokens(self.params["client_token"])
        return plan_resource_share(
            current, self.params, self.wanted, self.current_permissions, token, promoted=self.promoted
        )

    def already_done(self, write):
        """A permission promotion refused because it was made meanwhile (its answer lost, or a concurrent run): the
        promoted permission is there. Every other write is reported as it failed."""
        if write.operation != "PromotePermissionCreatedFromPolicy":
            return False
        permission = [p for p in self.current_permissions if p["arn"] == write.params["permissionArn"]]
        found = read_promoted(self.client, self.share_name, permission).get(write.params["permissionArn"])
        return bool(found and found["is_promotion"])

    def after_write(self, write, answer):
        """The share's promotion takes a while: the next writes wait until it is STANDARD."""
        if write.operation == "PromoteResourceShareCreatedFromPolicy":
            wait_for_standard(self.client, write.params["resourceShareArn"], self.params["wait_timeout"])

    def settle(self, current, writes, answers):
        """The share as AWS reports it after the writes (once they settled, with ``wait``)."""
        params = self.params
        if params["state"] == "absent":
            return {}
        created = answers[0]["resourceShare"] if writes[0].operation == "CreateResourceShare" else None
        share_arn = created["resourceShareArn"] if created else current["arn"]
        if params["wait"]:
            if created and created.get("status") != "ACTIVE":
                wait_for_share(self.client, share_arn, params["wait_timeout"])
            wait_for_associations(self.client, share_arn, entities_written(writes), params["wait_timeout"])
        share = read_share(self.client, arn=share_arn)
        if not share:
            raise Failure(
                f"resource share {share_arn} is not listed by AWS RAM after the task's writes: run the task again "
                "(with wait: true it waits until the share is ACTIVE)"
            )
        state = read_share_state(self.client, share)
        if self.params["sources"] is not None:
            state["sources"] = list_sources(self.client, share_arn)
        if self.managed_permissions:
            state["permissions"] = list_resource_share_permissions(self.client, share_arn)
        return state

    def hints_for(self, error, write):
        return share_hints(error)

    def report(self, before, after, failed=False):
        if before and self.managed_permissions:
            before = dict(before, permissions=self.current_permissions)
        if failed:
            return {"resource_share": before} if before is not None else {}
        diff = {
            "before": share_view(before, before.get("permissions") if before else None),
            "after": share_view(after, after.get("permissions") if after else None),
        }
        if before and after and before.get("feature_set") != after.get("feature_set"):
            diff["before"]["feature_set"], diff["after"]["feature_set"] = before["feature_set"], after["feature_set"]
        return {"resource_share": after, "diff": diff}
