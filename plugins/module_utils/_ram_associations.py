# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""AWS RAM principal and resource associations: reads, the wait until they settle, and ram_resource_share_principal.

Private to the collection: its names may change without notice.
"""

from __future__ import annotations

from ansible_collections.partner_onboarding.aws.plugins.module_utils._calls import (
    Write,
    client_tokens,
    normalize,
    paginate,
    unique,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._module import Failure, Plan, Resource
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram import read_share_arn, share_hints
from ansible_collections.partner_onboarding.aws.plugins.module_utils._waiters import wait_until

LIVE = ("ASSOCIATED", "ASSOCIATING")
SETTLING = ("ASSOCIATING", "DISASSOCIATING")
# A principal whose account left the organization while the share retains sharing: still shared, never associated
# again.
SUSPENDED = ("SUSPENDED", "SUSPENDING", "RESTORING")
# GetResourceShareAssociations takes several shares per call: this many at a time.
ASSOCIATION_BATCH = 100


# --- read -------------------------------------------------------------------------------------------------------------


def list_associations(client, association_type, share_arns):
    """Every association of ``association_type`` (PRINCIPAL or RESOURCE) of the shares, normalized, all pages,
    ``ASSOCIATION_BATCH`` shares per call."""
    share_arns = list(share_arns)
    found = []
    for start in range(0, len(share_arns), ASSOCIATION_BATCH):
        batch = share_arns[start:][:ASSOCIATION_BATCH]
        found += [
            normalize(item)
            for item in paginate(
                client,
                "GetResourceShareAssociations",
                "resourceShareAssociations",
                associationType=association_type,
                resourceShareArns=batch,
            )
        ]
    return found


def latest(associations):
    """One association per entity and type: the most recent, as RAM may still list an older DISASSOCIATED one."""
    found = {}
    for item in associations:
        key = (item["associated_entity"], item["association_type"])
        if key not in found or str(item.get("last_updated_time", "")) >= str(found[key].get("last_updated_time", "")):
            found[key] = item
    return list(found.values())


def association_view(principals, resources):
    """``resource_arns``, ``principals``, ``pending_principals`` and ``suspended_principals`` from the share's
    associations.

    An association still ASSOCIATING counts (it is on its way); an external principal in that state waits for its
    invitation. A SUSPENDED, SUSPENDING or RESTORING principal counts (its account left the organization while the
    share retains sharing). FAILED, DISASSOCIATING and DISASSOCIATED ones do not count.
    """
    return {
        "resource_arns": [a["associated_entity"] for a in resources if a["status"] in LIVE],
        "principals": [a["associated_entity"] for a in principals if a["status"] in LIVE + SUSPENDED],
        "pending_principals": [
            a["associated_entity"] for a in principals if a["status"] == "ASSOCIATING" and a.get("external")
        ],
        "suspended_principals": [a["associated_entity"] for a in principals if a["status"] in SUSPENDED],
    }


def principal_statuses(principals):
    """``{principal: status}`` of the share's principal associations that count (as ``association_view`` counts)."""
    return {a["associated_entity"]: a["status"] for a in latest(principals) if a["status"] in LIVE + SUSPENDED}


def read_share_state(client, share):
    """The share with its associations: two GetResourceShareAssociations reads (one per type)."""
    principals = list_associations(client, "PRINCIPAL", [share["arn"]])
    resources = list_associations(client, "RESOURCE", [share["arn"]])
    return dict(share, **association_view(principals, resources))


def read_principals(client, share_arn):
    """The share's ``principals`` and ``pending_principals``: one read."""
    view = association_view(list_associations(client, "PRINCIPAL", [share_arn]), [])
    return {key: view[key] for key in ("principals", "pending_principals", "suspended_principals")}


# --- wait -------------------------------------------------------------------------------------------------------------


def sorted_entities(values):
    """Principals or resource ARNs as a diff shows them: each once, sorted (RAM keeps no order)."""
    return sorted(set(values))


def entities_written(writes):
    """``{(entity, PRINCIPAL/RESOURCE): associated?}`` for what the writes associate or disassociate, for the wait."""
    entities = {}
    for write in writes:
        if write.operation in ("CreateResourceShare", "AssociateResourceShare", "DisassociateResourceShare"):
            associated = write.operation != "DisassociateResourceShare"
            entities.update(((p, "PRINCIPAL"), associated) for p in write.params.get("principals", []))
            entities.update(((r, "RESOURCE"), associated) for r in write.params.get("resourceArns", []))
    return entities


def wait_for_associations(client, share_arn, entities, timeout):
    """Wait until every association of ``entities`` (what the task changed) is settled; a FAILED one fails.

    ``entities``: ``{(entity, PRINCIPAL/RESOURCE): True when associated, False when disassociated}``. An association
    RAM does not list yet is still on its way. An external principal whose association stays ASSOCIATING waits for
    the partner to accept its invitation: that is not waited for.
    """
    if not entities:
        return

    def statuses():
        listed = []
        for kind in sorted({kind for _entity, kind in entities}):
            listed += list_associations(client, kind, [share_arn])
        found = {
            (item["associated_entity"], item["association_type"]): item
            for item in latest(
                item for item in listed if (item["associated_entity"], item["association_type"]) in entities
            )
        }
        return {
            key: found.get(key, {"status": "ASSOCIATING"})
            for key, associated in entities.items()
            if associated or key in found
        }

    def waiting(item):
        # An external principal ASSOCIATING waits for its invitation, not for RAM: not waited for.
        return item["status"] in SETTLING and not (item["status"] == "ASSOCIATING" and item.get("external"))

    def settled(watched):
        failed = {key: item for key, item in watched.items() if item["status"] == "FAILED"}
        if failed:
            details = "; ".join(
                f"{entity}: {item.get('status_message') or 'no reason given'}"
                for (entity, _kind), item in failed.items()
            )
            raise Failure(f"AWS RAM could not associate with resource share {share_arn}: {details}")
        return not any(waiting(item) for item in watched.values())

    def timed_out(watched):
        busy = ", ".join(
            sorted(f"{entity} ({item['status']})" for (entity, _kind), item in watched.items() if waiting(item))
        )
        return Failure(
            f"timed out after {timeout} s (wait_timeout) waiting for the associations of {share_arn}: {busy}; "
            "run the task again, or raise wait_timeout"
        )

    wait_until(statuses, settled, timeout, timed_out)


# --- ram_resource_share_principal -------------------------------------------------------------------------------------


def plan_principals(current, share_arn, principals, state, token=None):
    """The one write (or none) that adds or removes ``principals``, and the predicted principals. No AWS call.

    ``current``: ``read_principals()`` of the share.
    """
    token = token or client_tokens()
    wanted = unique(principals)
    have = current["principals"]
    target = f"resource share {share_arn}"
    if state == "absent":
        remove = [p for p in wanted if p in have]
        after = {
            "principals": [p for p in have if p not in remove],
            "pending_principals": [p for p in current["pending_principals"] if p not in remove],
            "suspended_principals": [p for p in current.get("suspended_principals", []) if p not in remove],
        }
        params = {
            "resourceShareArn": share_arn,
            "principals": remove,
            "clientToken": token("DisassociateResourceShare"),
        }
        return Plan([Write("DisassociateResourceShare", params, target)] if remove else [], after)
    add = [p for p in wanted if p not in have]
    after = {
        "principals": have + add,
        "pending_principals": list(current["pending_principals"]),
        "suspended_principals": list(current.get("suspended_principals", [])),
    }
    params = {"resourceShareArn": share_arn, "principals": add, "clientToken": token("AssociateResourceShare")}
    return Plan([Write("AssociateResourceShare", params, target)] if add else [], after)


class Principals(Resource):
    """ram_resource_share_principal: the given principals of one share, leaving its others alone."""

    share_arn = None

    def __init__(self, module):
        super().__init__(module)
        self.params = module.params
        self.token = client_tokens(self.params["client_token"])

    def read(self):
        self.client = self.module.client("ram")
        self.share_arn = read_share_arn(self.client, self.params)
        return read_principals(self.client, self.share_arn)

    def plan(self, current):
        return plan_principals(current, self.share_arn, self.params["principals"], self.params["state"], self.token)

    def settle(self, current, writes, answers):
        if self.params["wait"]:
            wait_for_associations(self.client, self.share_arn, entities_written(writes), self.params["wait_timeout"])
        return read_principals(self.client, self.share_arn)

    def hints_for(self, error, write):
        return share_hints(error)

    def report(self, before, after, failed=False):
        result = {"resource_share_arn": self.share_arn} if self.share_arn else {}
        if failed:
            return dict(result, **(before or {}))
        diff = {
            "before": {"principals": sorted_entities(before["principals"])},
            "after": {"principals": sorted_entities(after["principals"])},
        }
        return dict(result, **after, diff=diff)
