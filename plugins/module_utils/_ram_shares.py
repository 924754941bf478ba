# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""AWS RAM resource shares, their principal and resource associations, and invitations.

For each of ram_resource_share, ram_resource_share_principal, ram_resource_share_info and
ram_resource_share_invitation: the read, the pure plan and the apply. Permissions come from ``_ram``.
Private to the collection: its names may change without notice.
"""

from __future__ import annotations

import math
import re

try:
    from botocore.waiter import Waiter, WaiterError, WaiterModel
except ImportError:
    pass  # AWSModule reports the missing botocore

from ansible_collections.partner_onboarding.aws.plugins.module_utils._aws import (
    AWSError,
    Failure,
    Write,
    apply_writes,
    caller_account_id,
    client_tokens,
    normalize,
    paginate,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram import (
    _PARTITION,
    CUSTOMER_PERMISSION_ARN_RE,
    GONE_SHARE_STATUSES,
    MANAGED_PERMISSION_ARN_RE,
    ValidationError,
    collect,
    find_associated,
    get_permission,
    hints,
    list_resource_share_permissions,
    managed_permission_arn,
    needs_permission_details,
    plan_permission,
    resolve_resource_share_arn,
    validate_permission_name,
    validate_resource_share_arn,
    validate_share_reference,
)

# --- input rules ------------------------------------------------------------------------------------------------------

_ACCOUNT = r"\d{12}"
PRINCIPAL_FORMS = (
    ("an AWS account ID", re.compile(rf"^{_ACCOUNT}$")),
    (
        "an organization ARN",
        re.compile(rf"^arn:(?:{_PARTITION}):organizations::{_ACCOUNT}:organization/o-[a-z0-9]{{10,32}}$"),
    ),
    (
        "an organizational unit ARN",
        re.compile(
            rf"^arn:(?:{_PARTITION}):organizations::{_ACCOUNT}:"
            r"ou/o-[a-z0-9]{10,32}/ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}$"
        ),
    ),
    (
        "an IAM role or user ARN",
        re.compile(rf"^arn:(?:{_PARTITION}):iam::{_ACCOUNT}:(?:role|user)/[\w+=,.@/-]{{1,512}}$"),
    ),
    ("a service principal", re.compile(r"^[a-z0-9-]+(?:\.[a-z0-9-]+)*\.amazonaws\.com(?:\.cn)?$")),
)
PRINCIPAL_RULE = (
    "a 12-digit account ID, an organization ARN (arn:aws:organizations::<account>:organization/o-...), an OU ARN "
    "(arn:aws:organizations::<account>:ou/o-.../ou-...), an IAM role or user ARN, or a service principal "
    "(<service>.amazonaws.com)"
)
RESOURCE_ARN_RE = re.compile(rf"^arn:(?:{_PARTITION}):[a-z0-9-]+:[a-z0-9-]*:(?:{_ACCOUNT})?:\S+$")
TAG_KEY_RE = re.compile(r"^[\w\s.:/=+@-]{1,128}$", re.UNICODE)

SHARE_HINTS_EXTRA = {
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
    "TagPolicyViolationException": "the tags break a tag policy of your organization: check tags",
    "TagLimitExceededException": "a resource share takes at most 50 tags: check tags",
    "ResourceShareLimitExceededException": "the account reached a RAM quota (shares, or associations per share)",
    "ResourceShareInvitationArnNotFoundException": "the invitation does not exist (any more): run the task again",
    "ResourceShareInvitationExpiredException": (
        "the invitation expired: the share's owner must remove this account from the share and add it again"
    ),
}


def share_hints(error=None):
    """What the user can do about each RAM error code of the share modules."""
    result = hints(getattr(error, "operation", None))
    result.update(SHARE_HINTS_EXTRA)
    return result


def principal_form(principal):
    """The name of ``principal``'s form, or None when RAM takes no such principal."""
    return next((name for name, pattern in PRINCIPAL_FORMS if pattern.match(principal or "")), None)


def _validate_principals(params, option="principals"):
    bad = [principal for principal in params.get(option) or [] if principal_form(principal) is None]
    if bad:
        raise ValidationError(f"{option}: {', '.join(repr(p) for p in bad)} not valid: each must be {PRINCIPAL_RULE}")


def _validate_resource_arns(params):
    bad = [arn for arn in params.get("resource_arns") or [] if not RESOURCE_ARN_RE.match(arn)]
    if bad:
        raise ValidationError(
            f"resource_arns: {', '.join(repr(a) for a in bad)} not valid: each must be an ARN "
            "(arn:<partition>:<service>:<region>:<account>:<resource>)"
        )


def _validate_permissions(params):
    for value in params.get("permissions") or []:
        if value.startswith("arn:"):
            if not (MANAGED_PERMISSION_ARN_RE.match(value) or CUSTOMER_PERMISSION_ARN_RE.match(value)):
                raise ValidationError(f"permissions: {value!r} is neither a RAM permission ARN nor a permission name")
        else:
            validate_permission_name(value, option="permissions")


def _validate_share_identity(params):
    if params.get("arn") is not None:
        validate_resource_share_arn(params["arn"], option="arn")
    if params.get("name") is not None and not params["name"].strip():
        raise ValidationError("name must not be empty")
    if not params.get("name") and not params.get("arn"):
        raise ValidationError("name or arn is required: name identifies (or creates) the share, arn identifies it")


def _validate_purges(params):
    missing = [
        f"{purge} needs {listed}"
        for purge, listed in (("purge_resources", "resource_arns"), ("purge_principals", "principals"))
        if params.get(purge) and params.get(listed) is None
    ]
    if missing:
        raise ValidationError(f"{' and '.join(missing)}: without the list, nothing says what to keep")


def _validate_wait_timeout(params):
    if params.get("wait_timeout") is not None and params["wait_timeout"] < 1:
        raise ValidationError(f"wait_timeout must be 1 or more seconds, got {params['wait_timeout']}")


def _validate_tags(params):
    bad_tags = [
        key for key in params.get("tags") or {} if not TAG_KEY_RE.match(str(key)) or str(key).startswith("aws:")
    ]
    if bad_tags:
        raise ValidationError(
            f"tags: key(s) {', '.join(repr(k) for k in bad_tags)} not valid: 1 to 128 letters, digits, spaces or "
            "_ . : / = + - @, not starting with aws:"
        )


def invalid_share_params(params):
    """Every broken rule of ram_resource_share's options, for AWSModule's ``validate``."""
    return collect(
        params,
        _validate_share_identity,
        _validate_purges,
        _validate_wait_timeout,
        _validate_tags,
        _validate_resource_arns,
        _validate_principals,
        _validate_permissions,
    )


def invalid_principal_params(params):
    """Every broken rule of ram_resource_share_principal's options."""
    errors = collect(params, validate_share_reference, _validate_principals, _validate_wait_timeout)
    if not params.get("principals"):
        errors.append("principals must list at least one principal")
    return errors


def invalid_info_params(params):
    """Every broken rule of ram_resource_share_info's options."""

    def check(values):
        if values.get("arn") is not None:
            validate_resource_share_arn(values["arn"], option="arn")

    return collect(params, check)


def invalid_invitation_params(params):
    """Every broken rule of ram_resource_share_invitation's options."""
    return collect(params, validate_share_reference)


# --- read -------------------------------------------------------------------------------------------------------------

LIVE = ("ASSOCIATED", "ASSOCIATING")


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


def get_shares(client, owner="SELF", **filters):
    """The caller's shares (``owner`` SELF) or those others share with it (OTHER-ACCOUNTS), normalized."""
    return [normalize_share(share) for share in read_shares(client, owner, **filters)]


def find_share(client, name=None, arn=None):
    """The caller's live share named by ``arn`` or ``name``, or ``{}``; Failure when a name matches several."""
    if arn:
        try:
            found = get_shares(client, resourceShareArns=[arn])
        except AWSError as error:
            if error.code != "UnknownResourceException":
                raise
            found = []
    else:
        found = get_shares(client, name=name)
    live = [share for share in found if share["status"] not in GONE_SHARE_STATUSES]
    if len(live) > 1:
        arns = ", ".join(sorted(share["arn"] for share in live))
        raise Failure(f"name {name!r} matches {len(live)} resource shares: {arns}; give arn to say which one")
    return live[0] if live else {}


def get_associations(client, association_type, share_arns):
    """Every association of ``association_type`` (PRINCIPAL or RESOURCE) of the shares, normalized, all pages."""
    return [
        normalize(item)
        for item in paginate(
            client,
            "GetResourceShareAssociations",
            "resourceShareAssociations",
            associationType=association_type,
            resourceShareArns=list(share_arns),
        )
    ]


def association_view(principals, resources):
    """``resource_arns``, ``principals`` and ``pending_principals`` from the share's associations.

    An association still ASSOCIATING counts (it is on its way); an external principal in that state waits for its
    invitation. FAILED, DISASSOCIATING and DISASSOCIATED ones do not count.
    """
    return {
        "resource_arns": [a["associated_entity"] for a in resources if a["status"] in LIVE],
        "principals": [a["associated_entity"] for a in principals if a["status"] in LIVE],
        "pending_principals": [
            a["associated_entity"] for a in principals if a["status"] == "ASSOCIATING" and a.get("external")
        ],
    }


def read_share_state(client, share):
    """The share with its associations: two GetResourceShareAssociations reads (one per type)."""
    principals = get_associations(client, "PRINCIPAL", [share["arn"]])
    resources = get_associations(client, "RESOURCE", [share["arn"]])
    return dict(share, **association_view(principals, resources))


# --- waiting (botocore's waiter machinery: RAM ships no waiter, so the model is ours) ---------------------------------

WAIT_DELAY = 2

_WAITER_MODEL = {
    "version": 2,
    "waiters": {
        "AssociationsSettled": {
            "operation": "GetResourceShareAssociations",
            "delay": WAIT_DELAY,
            "maxAttempts": 150,
            "acceptors": [
                {
                    "matcher": "pathAny",
                    "argument": "resourceShareAssociations[].status",
                    "expected": "FAILED",
                    "state": "failure",
                },
                {
                    "matcher": "path",
                    "argument": (
                        "length(resourceShareAssociations[?status=='ASSOCIATING' || status=='DISASSOCIATING']) == `0`"
                    ),
                    "expected": True,
                    "state": "success",
                },
            ],
        },
        "ShareActive": {
            "operation": "GetResourceShares",
            "delay": WAIT_DELAY,
            "maxAttempts": 150,
            "acceptors": [
                {"matcher": "pathAll", "argument": "resourceShares[].status", "expected": "ACTIVE", "state": "success"},
                {"matcher": "pathAny", "argument": "resourceShares[].status", "expected": "FAILED", "state": "failure"},
            ],
        },
    },
}


def _waiter(name, operation_method):
    return Waiter(name, WaiterModel(_WAITER_MODEL).get_waiter(name), operation_method)


def _attempts(timeout):
    return max(1, math.ceil(timeout / WAIT_DELAY) + 1)


def wait_for_share(client, share_arn, timeout):
    """Wait until the share is ACTIVE (it may be PENDING just after its creation)."""

    def read(**_kwargs):
        return {"resourceShares": read_shares(client, resourceShareArns=[share_arn])}

    try:
        _waiter("ShareActive", read).wait(WaiterConfig={"Delay": WAIT_DELAY, "MaxAttempts": _attempts(timeout)})
    except WaiterError as exc:
        statuses = [share.get("status") for share in (exc.last_response or {}).get("resourceShares", [])]
        raise Failure(
            f"resource share {share_arn} did not become ACTIVE within {timeout} s (status: {statuses})"
        ) from None


def wait_for_associations(client, share_arn, entities, timeout):
    """Wait until every association of ``entities`` (what the task changed) is settled; a FAILED one fails.

    ``entities``: ``{(entity, PRINCIPAL/RESOURCE): True when associated, False when disassociated}``. An association
    RAM does not list yet is still on its way. An external principal whose association stays ASSOCIATING waits for
    the partner to accept its invitation: that is not waited for.
    """
    if not entities:
        return

    def read(**_kwargs):
        listed = []
        for kind in sorted({entity_kind for _entity, entity_kind in entities}):
            listed += paginate(
                client,
                "GetResourceShareAssociations",
                "resourceShareAssociations",
                associationType=kind,
                resourceShareArns=[share_arn],
            )
        latest = {
            (item["associatedEntity"], item["associationType"]): item
            for item in _latest(
                item for item in listed if (item["associatedEntity"], item["associationType"]) in entities
            )
        }
        watched = [
            latest.get((entity, kind), {"associatedEntity": entity, "associationType": kind, "status": "ASSOCIATING"})
            for (entity, kind), associated in entities.items()
            if associated or (entity, kind) in latest
        ]
        return {
            "resourceShareAssociations": [
                item for item in watched if not (item["status"] == "ASSOCIATING" and item.get("external"))
            ]
        }

    try:
        _waiter("AssociationsSettled", read).wait(WaiterConfig={"Delay": WAIT_DELAY, "MaxAttempts": _attempts(timeout)})
    except WaiterError as exc:
        items = (exc.last_response or {}).get("resourceShareAssociations", [])
        failed = [item for item in items if item.get("status") == "FAILED"]
        if failed:
            details = "; ".join(
                f"{item['associatedEntity']}: {item.get('statusMessage') or 'no reason given'}" for item in failed
            )
            raise Failure(f"AWS RAM could not associate with resource share {share_arn}: {details}") from None
        busy = ", ".join(sorted(f"{item['associatedEntity']} ({item['status']})" for item in items))
        raise Failure(
            f"timed out after {timeout} s (wait_timeout) waiting for the associations of {share_arn}: {busy}; "
            "run the task again, or raise wait_timeout"
        ) from None


def _latest(items):
    """One association per entity: the most recent, as RAM may still list an older DISASSOCIATED one."""
    latest = {}
    for item in items:
        key = (item["associatedEntity"], item["associationType"])
        if key not in latest or str(item.get("lastUpdatedTime", "")) >= str(latest[key].get("lastUpdatedTime", "")):
            latest[key] = item
    return list(latest.values())


# --- ram_resource_share: plan -----------------------------------------------------------------------------------------


def permission_arns(values, partition):
    """The ARNs of ``permissions`` (ARNs as given, AWS-managed names in ``partition``)."""
    return [value if value.startswith("arn:") else managed_permission_arn(value, partition) for value in values]


def _sorted(values):
    return sorted(set(values))


def share_view(state, permissions=None):
    """What the diff shows of a share: its settings, associations, permissions by type, tags."""
    if not state:
        return {}
    view = {
        "name": state.get("name"),
        "allow_external_principals": state.get("allow_external_principals"),
        "resource_arns": _sorted(state.get("resource_arns", [])),
        "principals": _sorted(state.get("principals", [])),
        "tags": state.get("tags", {}),
    }
    if permissions is not None:
        view["permissions"] = {p["resource_type"]: p["arn"] for p in permissions}
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


def _tag_list(tags):
    return [{"key": key, "value": str(value)} for key, value in sorted(tags.items())]


def plan_share(
    current, params, wanted_permissions=None, current_permissions=None, token=None, share_arn=None
):  # pylint: disable=too-many-locals
    """The exact writes, in order, that make the share as ``params`` want it, and the predicted share. No AWS call.

    ``current``: the share with its associations (``{}`` when there is none). ``wanted_permissions``: the wanted
    permissions as GetPermission describes them (or as the share has them), with their ``arn``; only when
    ``permissions`` is set. ``current_permissions``: the share's permissions (ListResourceSharePermissions).

    Returns ``(writes, predicted)``; ``predicted`` carries ``permissions`` when they are managed.
    """
    token = token or client_tokens()
    state = params.get("state", "present")
    if state == "absent":
        if not current:
            return [], {}
        arn = current["arn"]
        return [
            Write(
                "DeleteResourceShare",
                {"resourceShareArn": arn, "clientToken": token("DeleteResourceShare")},
                f"resource share {arn}",
            )
        ], {}

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
            planned = plan_permission(
                after_permissions, arn, permission["arn"], "present", None, True, permission, token
            )
            writes.extend(planned["writes"])
            after_permissions = planned["after"]
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
        add = [entity for entity in dict.fromkeys(listed) if entity not in have]
        remove = [entity for entity in have if entity not in listed] if params.get(purge) else []
        for operation, entities in (("AssociateResourceShare", add), ("DisassociateResourceShare", remove)):
            if entities:
                request = {"resourceShareArn": arn, key: entities, "clientToken": token(operation)}
                writes.append(Write(operation, request, target))
        predicted[option] = [entity for entity in have if entity not in remove] + add
        if option == "principals":
            predicted["pending_principals"] = [p for p in current["pending_principals"] if p not in remove]

    if tags is not None:
        wanted_tags = {key: str(value) for key, value in tags.items()}
        changed_tags = {key: value for key, value in wanted_tags.items() if current["tags"].get(key) != value}
        removed = (
            sorted(key for key in current["tags"] if key not in wanted_tags) if params.get("purge_tags", True) else []
        )
        if removed:
            writes.append(Write("UntagResource", {"resourceShareArn": arn, "tagKeys": removed}, target))
        if changed_tags:
            writes.append(Write("TagResource", {"resourceShareArn": arn, "tags": _tag_list(changed_tags)}, target))
        predicted["tags"] = dict({k: v for k, v in current["tags"].items() if k not in removed}, **changed_tags)
    return writes, predicted


def _plan_create(params, wanted_permissions, token):
    """Everything in one CreateResourceShare, so that no principal ever sees RAM's default permission."""
    request = {"name": params["name"], "allowExternalPrincipals": bool(params.get("allow_external_principals"))}
    if params.get("resource_arns"):
        request["resourceArns"] = list(dict.fromkeys(params["resource_arns"]))
    if params.get("principals"):
        request["principals"] = list(dict.fromkeys(params["principals"]))
    if wanted_permissions:
        request["permissionArns"] = [permission["arn"] for permission in wanted_permissions]
    if params.get("tags"):
        request["tags"] = _tag_list(params["tags"])
    request["clientToken"] = token("CreateResourceShare")
    predicted = {
        "arn": None,
        "name": params["name"],
        "status": "ACTIVE",
        "owning_account_id": None,
        "allow_external_principals": request["allowExternalPrincipals"],
        "feature_set": "STANDARD",
        "tags": {key: str(value) for key, value in (params.get("tags") or {}).items()},
        "creation_time": None,
        "last_updated_time": None,
        "resource_arns": request.get("resourceArns", []),
        "principals": request.get("principals", []),
        "pending_principals": [],
    }
    if wanted_permissions is not None:
        # Types without a listed permission get RAM's default for the type: only RAM knows which.
        predicted["permissions"] = [dict(permission, status="ASSOCIATED") for permission in wanted_permissions]
    return [Write("CreateResourceShare", request, f"resource share {params['name']!r}")], predicted


def entities_written(writes):
    """``{(entity, PRINCIPAL/RESOURCE): associated?}`` for what the writes associate or disassociate, for the wait."""
    entities = {}
    for write in writes:
        if write.operation in ("CreateResourceShare", "AssociateResourceShare", "DisassociateResourceShare"):
            associated = write.operation != "DisassociateResourceShare"
            entities.update(((p, "PRINCIPAL"), associated) for p in write.params.get("principals", []))
            entities.update(((r, "RESOURCE"), associated) for r in write.params.get("resourceArns", []))
    return entities


# --- ram_resource_share: ensure ---------------------------------------------------------------------------------------


def _wanted_permissions(client, params, partition, current_permissions):
    """The wanted permissions with their resource types: from the share when associated, else GetPermission."""
    wanted = []
    for arn in dict.fromkeys(permission_arns(params["permissions"], partition)):
        if needs_permission_details(current_permissions, arn, "present"):
            wanted.append(dict(get_permission(client, arn), arn=arn))
        else:
            wanted.append(find_associated(current_permissions, arn))
    return wanted


def ensure_share(module):
    """ram_resource_share: read, plan, apply unless in check mode, wait, read again; the module's result."""
    params = module.params
    client = module.client("ram")
    share = find_share(client, params["name"], params["arn"])
    if not share and params["arn"] and params["state"] == "present":
        raise Failure(f"arn {params['arn']!r} names no resource share of yours in this region (or it is deleted)")
    current = read_share_state(client, share) if share and params["state"] == "present" else share
    managed_permissions = params["permissions"] is not None and params["state"] == "present"
    current_permissions = list_resource_share_permissions(client, share["arn"]) if share and managed_permissions else []
    wanted = None
    if managed_permissions:
        partition = share["arn"].split(":")[1] if share else client.meta.partition
        wanted = _wanted_permissions(client, params, partition, current_permissions)
    writes, predicted = plan_share(current, params, wanted, current_permissions, client_tokens(params["client_token"]))
    before = dict(current, permissions=current_permissions) if current and managed_permissions else current
    after = predicted
    if writes and not module.check_mode:
        try:
            answers = apply_writes(client, writes)
        except AWSError as error:
            error.result = {"resource_share": before}
            raise
        try:
            after = _after_writes(client, params, current, writes, answers, managed_permissions)
        except Failure as exc:
            # The writes were made: a FAILED association or a wait that timed out still changed the share.
            exc.result = dict(exc.result, changed=True, resource_share=before)
            raise
    return dict(
        changed=bool(writes),
        resource_share=after,
        diff={
            "before": share_view(before, before.get("permissions") if before else None),
            "after": share_view(after, after.get("permissions") if after else None),
        },
    )


def _after_writes(client, params, current, writes, answers, managed_permissions):  # pylint: disable=too-many-arguments
    """The share as AWS reports it after the writes (once they settled, with ``wait``)."""
    if params["state"] == "absent":
        return {}
    created = answers[0]["resourceShare"] if writes[0].operation == "CreateResourceShare" else None
    share_arn = created["resourceShareArn"] if created else current["arn"]
    if params["wait"]:
        if created and created.get("status") != "ACTIVE":
            wait_for_share(client, share_arn, params["wait_timeout"])
        wait_for_associations(client, share_arn, entities_written(writes), params["wait_timeout"])
    state = read_share_state(client, find_share(client, arn=share_arn))
    if managed_permissions:
        state["permissions"] = list_resource_share_permissions(client, share_arn)
    return state


# --- ram_resource_share_principal -------------------------------------------------------------------------------------


def plan_principals(current, share_arn, principals, state, token=None):
    """The one write (or none) that adds or removes ``principals``, and the predicted principals. No AWS call.

    ``current``: association_view() of the share's principal associations.
    """
    token = token or client_tokens()
    wanted = list(dict.fromkeys(principals))
    have = current["principals"]
    target = f"resource share {share_arn}"
    if state == "absent":
        remove = [p for p in wanted if p in have]
        after = {
            "principals": [p for p in have if p not in remove],
            "pending_principals": [p for p in current["pending_principals"] if p not in remove],
        }
        params = {
            "resourceShareArn": share_arn,
            "principals": remove,
            "clientToken": token("DisassociateResourceShare"),
        }
        return ([Write("DisassociateResourceShare", params, target)] if remove else []), after
    add = [p for p in wanted if p not in have]
    after = {"principals": have + add, "pending_principals": list(current["pending_principals"])}
    params = {"resourceShareArn": share_arn, "principals": add, "clientToken": token("AssociateResourceShare")}
    return ([Write("AssociateResourceShare", params, target)] if add else []), after


def _principal_state(client, share_arn):
    view = association_view(get_associations(client, "PRINCIPAL", [share_arn]), [])
    return {"principals": view["principals"], "pending_principals": view["pending_principals"]}


def ensure_principals(module):
    """ram_resource_share_principal: one read, the plan, the write unless in check mode, the wait, a read again."""
    params = module.params
    client = module.client("ram")
    share_arn = resolve_resource_share_arn(client, params)
    before = _principal_state(client, share_arn)
    writes, after = plan_principals(
        before, share_arn, params["principals"], params["state"], client_tokens(params["client_token"])
    )
    if writes and not module.check_mode:
        try:
            apply_writes(client, writes)
        except AWSError as error:
            error.result = dict(before, resource_share_arn=share_arn)
            raise
        if params["wait"]:
            try:
                wait_for_associations(client, share_arn, entities_written(writes), params["wait_timeout"])
            except Failure as exc:
                exc.result = dict(exc.result, changed=True, resource_share_arn=share_arn, **before)
                raise
        after = _principal_state(client, share_arn)
    return dict(
        changed=bool(writes),
        resource_share_arn=share_arn,
        **after,
        diff={
            "before": {"principals": _sorted(before["principals"])},
            "after": {"principals": _sorted(after["principals"])},
        },
    )


# --- ram_resource_share_info ------------------------------------------------------------------------------------------

# GetResourceShareAssociations takes several shares per call: this many at a time.
ASSOCIATION_BATCH = 100


def list_shares(module):
    """ram_resource_share_info: the shares named (or all live ones), each with its permissions and, for shares the
    caller owns, its associations (read for many shares at once)."""
    params = module.params
    client = module.client("ram")
    owner = params["resource_owner"]
    filters = {}
    if params["arn"]:
        filters["resourceShareArns"] = [params["arn"]]
    if params["name"]:
        filters["name"] = params["name"]
    try:
        found = get_shares(client, owner, **filters)
    except AWSError as error:
        if error.code != "UnknownResourceException":
            raise
        found = []
    shares = [
        share
        for share in found
        if share["status"] not in GONE_SHARE_STATUSES and (not params["name"] or share["name"] == params["name"])
    ]
    if owner == "SELF":
        arns = [share["arn"] for share in shares]
        principals, resources = [], []
        for start in range(0, len(arns), ASSOCIATION_BATCH):
            end = start + ASSOCIATION_BATCH
            batch = arns[start:end]
            principals += get_associations(client, "PRINCIPAL", batch)
            resources += get_associations(client, "RESOURCE", batch)
        for share in shares:
            share.update(
                association_view(
                    [a for a in principals if a["resource_share_arn"] == share["arn"]],
                    [a for a in resources if a["resource_share_arn"] == share["arn"]],
                )
            )
    for share in shares:
        share["permissions"] = list_resource_share_permissions(client, share["arn"])
    return dict(changed=False, resource_shares=shares)


# --- ram_resource_share_invitation ------------------------------------------------------------------------------------

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


def find_invitation(client, params):
    """The caller's latest invitation to the share named by the options, or ``{}``."""
    filters = {"resourceShareArns": [params["resource_share_arn"]]} if params.get("resource_share_arn") else {}
    invitations = [
        normalize_invitation(item)
        for item in paginate(client, "GetResourceShareInvitations", "resourceShareInvitations", **filters)
    ]
    matching = [invitation for invitation in invitations if _names_share(invitation, params)]
    if params.get("resource_share_name"):
        shares = {invitation["resource_share_arn"] for invitation in matching}
        if len(shares) > 1:
            raise Failure(
                f"resource_share_name {params['resource_share_name']!r} matches invitations to {len(shares)} "
                f"resource shares: {', '.join(sorted(shares))}; give resource_share_arn instead"
            )
    return max(matching, key=lambda invitation: invitation["invitation_timestamp"] or "") if matching else {}


def _names_share(item, params):
    """Whether an invitation or a share (``resource_share_arn``/``_name`` or ``arn``/``name``) is the one named."""
    arn = item.get("resource_share_arn", item.get("arn"))
    name = item.get("resource_share_name", item.get("name"))
    if params.get("resource_share_arn"):
        return arn == params["resource_share_arn"]
    return name == params.get("resource_share_name")


def share_visible(client, params):
    """Whether the share is already shared with the caller (inside an organization, without invitation)."""
    shares = get_shares(client, "OTHER-ACCOUNTS")
    return any(share["status"] not in GONE_SHARE_STATUSES and _names_share(share, params) for share in shares)


def plan_invitation(invitation, state, token=None):
    """The write (or none) that takes the invitation to ``state``, and the predicted invitation. No AWS call.

    Raises Failure for an invitation that can no longer get there (expired, or already in the other state).
    """
    token = token or client_tokens()
    wanted = WANTED_STATUS[state]
    status = invitation["status"]
    if status == wanted:
        return [], invitation
    if status == "PENDING":
        operation = "AcceptResourceShareInvitation" if state == "accepted" else "RejectResourceShareInvitation"
        params = {"resourceShareInvitationArn": invitation["arn"], "clientToken": token(operation)}
        return [Write(operation, params, f"invitation {invitation['arn']}")], dict(invitation, status=wanted)
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


def invitation_settled(client, params, write):
    """After a failed accept or reject, whether the invitation (read again) is already as wanted."""
    return find_invitation(client, params).get("status") == WANTED_STATUS[params["state"]]


def ensure_invitation(module):
    """ram_resource_share_invitation: read the caller's invitations, plan, accept or reject unless in check mode."""
    params = module.params
    client = module.client("ram")
    invitation = find_invitation(client, params)
    if not invitation:
        if share_visible(client, params):
            if params["state"] == "accepted":
                return dict(changed=False, invitation={})
            raise Failure(
                f"{_share_words(params)} is shared with this account without an invitation (inside the "
                "organization): there is none to reject"
            )
        account = caller_account_id(module.client("sts"))
        raise Failure(
            f"no invitation to {_share_words(params)} for account {account}, and no such share is shared with it: the "
            f"share's owner must add this account ({account}) as a principal of the share"
        )
    writes, after = plan_invitation(invitation, params["state"], client_tokens(params["client_token"]))
    if writes and not module.check_mode:
        try:
            answers = apply_writes(client, writes, already_done=lambda write: invitation_settled(client, params, write))
        except AWSError as error:
            error.result = {"invitation": invitation}
            raise
        answer = answers[0]
        if answer is None:
            # Answered meanwhile (by another run): no change of this task's.
            return dict(changed=False, invitation=find_invitation(client, params))
        after = normalize_invitation(answer["resourceShareInvitation"])
    return dict(changed=bool(writes), invitation=after, diff={"before": invitation, "after": after})


def _share_words(params):
    if params.get("resource_share_arn"):
        return f"resource share {params['resource_share_arn']}"
    return f"resource share {params['resource_share_name']!r}"
