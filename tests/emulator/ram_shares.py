"""RAM resource shares end to end: shares (create, update, delete, list, tags), their principal,
resource and source associations, and the invitations of the accounts they are shared with.

moto 5.2.5 has Create/Update/Delete/GetResourceShares and GetResourceShareAssociations, but
without tags, idempotency, filters, pagination, asynchronous associations, organizations or
invitations (and its UpdateResourceShare resets allowExternalPrincipals to true when it is not
given). These methods replace moto's and add the operations it lacks, with the rules of the AWS API
reference; README.md lists the choices made where AWS documents nothing.
"""

from moto.core.utils import utcnow
from moto.ram.exceptions import InvalidParameterException, MalformedArnException
from moto.ram.models import ResourceShare, ram_backends

from . import ram_associations as assoc
from . import ram_catalogue as catalogue
from . import ram_common, ram_policy_shares, ram_sources, state
from .ram_common import (
    LOCK,
    RamError,
    RamOps,
    invalid_state_transition,
    json_response,
    operation_not_permitted,
    paginate,
    refuse_reserved_tag_keys,
    require,
)
from .ram_customer_permissions import tag_permission, untag_permission
from .ram_permissions import attach_defaults, chosen_permissions, permissions

SHARE_STATUSES = ("PENDING", "ACTIVE", "FAILED", "DELETING", "DELETED")
ASSOCIATION_TYPES = ("PRINCIPAL", "RESOURCE", "SOURCE")
ASSOCIATION_STATUSES = (
    "ASSOCIATING",
    "ASSOCIATED",
    "FAILED",
    "DISASSOCIATING",
    "DISASSOCIATED",
    "SUSPENDED",
    "SUSPENDING",
    "RESTORING",
)
MAX_TAGS = 50


def _tags(share: ResourceShare) -> dict:
    if not hasattr(share, "emulator_tags"):
        share.emulator_tags = {}
    return share.emulator_tags


def _validated_tags(tags: list, by_aws: bool = False) -> dict:
    """The tags of a request; ``by_aws``: set by AWS itself (a CloudFormation stack, the seed), so ``aws:`` keys
    pass."""
    result = {}
    for tag in tags or []:
        key, value = tag.get("key"), tag.get("value")
        if not key or len(key) > 128 or value is None or len(value) > 256:
            raise InvalidParameterException(
                "A tag needs a key of 1 to 128 characters and a value of 0 to 256 characters."
            )
        result[key] = value
    if not by_aws:
        refuse_reserved_tag_keys(result)
    return result


def _set_tags(share: ResourceShare, tags: dict) -> None:
    merged = dict(_tags(share), **tags)
    if len(merged) > MAX_TAGS:
        raise RamError(
            "TagLimitExceededException", f"A resource share can have at most {MAX_TAGS} tags ({len(merged)} requested)."
        )
    share.emulator_tags = merged


def describe_share(share: ResourceShare) -> dict:
    item = share.describe()
    item["resourceShareConfiguration"] = {"retainSharingOnAccountLeaveOrganization": retains(share)}
    tags = _tags(share)
    if tags:
        item["tags"] = [{"key": k, "value": v} for k, v in tags.items()]
    return item


def _validate_entities(share: ResourceShare, params: dict, allow_external: bool, adding: bool = True) -> list:
    """(type, entity) pairs of a request's resourceArns, principals and sources, all validated first
    so that an invalid entity fails the call before anything changes."""
    pairs = []
    for arn in params.get("resourceArns") or []:
        catalogue.resource_type_of_arn(arn)
        pairs.append(("RESOURCE", arn))
    principals = params.get("principals") or []
    assoc.check_principals(share, principals, allow_external)
    pairs += [("PRINCIPAL", p) for p in principals]
    pairs += [("SOURCE", source) for source in ram_sources.check_sources(share, params, adding)]
    return pairs


def _associate(share: ResourceShare, pairs: list) -> list:
    """Start the associations; the records as the answer shows them (ASSOCIATING)."""
    assoc.sync(share)
    records = assoc.associations(share)
    for key in pairs:
        record = records.get(key)
        if record is not None and record["status"] == "DISASSOCIATING":
            raise invalid_state_transition(
                f"{key[1]} is being disassociated from the resource share; wait until it is DISASSOCIATED."
            )
        if record is not None and record["status"] in assoc.SUSPENDED:
            raise invalid_state_transition(
                f"{key[1]} is {record['status']} (its account left the organization): it is still associated."
            )
    started = []
    for key in dict.fromkeys(pairs):
        record = records.get(key)
        if record is not None and record["status"] in assoc.LIVE:
            continue  # already (being) associated
        started.append(assoc.describe(share, assoc.associate(share, *key)))
    attach_defaults(share, [entity for kind, entity in pairs if kind == "RESOURCE"])
    if started:
        share.last_updated_time = utcnow()
    assoc.sync(share)
    return started


def create_share(backend, account: str, region: str, params: dict, by_aws: bool = False) -> ResourceShare:
    """CreateResourceShare: everything is validated before the share exists. ``by_aws``: created by AWS itself (a
    CloudFormation stack, the seed), whose tags may have ``aws:`` keys."""
    name = require(params, "name")
    allow_external = params.get("allowExternalPrincipals", True)
    chosen = chosen_permissions(params.get("permissionArns") or [])
    tags = _validated_tags(params.get("tags"), by_aws)
    share = ResourceShare(account, region, name=name, allowExternalPrincipals=allow_external)
    configuration = params.get("resourceShareConfiguration") or {}
    share.emulator_retain = bool(configuration.get("retainSharingOnAccountLeaveOrganization"))
    pairs = _validate_entities(share, params, allow_external)
    _set_tags(share, tags)
    permissions(share).update(chosen)
    backend.resource_shares.append(share)
    _associate(share, pairs)
    return share


def retains(share: ResourceShare) -> bool:
    """resourceShareConfiguration.retainSharingOnAccountLeaveOrganization, set at creation only."""
    return getattr(share, "emulator_retain", False)


def _every_share():
    for _account, per_account in list(ram_backends.items()):
        for backend in list(dict.values(per_account)):
            yield from backend.resource_shares


def leave_organization(account: str) -> list:
    """Control API: ``account`` leaves the owner's organization. Its ASSOCIATED principals (the account, or an IAM
    role or user of it) become SUSPENDING, then SUSPENDED, in shares that retain sharing; DISASSOCIATED elsewhere."""
    with LOCK:
        if account not in state.CONFIG["organization_accounts"]:
            raise ValueError(f"{account} is not in organization_accounts")
        state.CONFIG["organization_accounts"] = [a for a in state.CONFIG["organization_accounts"] if a != account]
        changed = []
        for share in _every_share():
            if share.status == "DELETED":
                continue
            assoc.sync(share)
            for record in assoc.associations(share).values():
                if record["type"] != "PRINCIPAL" or record["status"] != "ASSOCIATED":
                    continue
                if assoc.principal_account(record["entity"]) != account:
                    continue
                if retains(share):
                    assoc.move(record, "SUSPENDING")
                else:
                    assoc.finish(record, "DISASSOCIATED", f"The account {account} left the organization.")
                changed.append({"resource_share_arn": share.arn, "principal": record["entity"]})
            assoc.sync(share)
        return [dict(item, status=_status_of(item)) for item in changed]


def join_organization(account: str) -> list:
    """Control API: ``account`` joins the owner's organization again; its suspended principals become RESTORING,
    then ASSOCIATED."""
    with LOCK:
        if account not in state.CONFIG["organization_accounts"]:
            state.CONFIG["organization_accounts"] = [*state.CONFIG["organization_accounts"], account]
        changed = []
        for share in _every_share():
            for record in assoc.associations(share).values():
                if record["type"] == "PRINCIPAL" and record["status"] in ("SUSPENDED", "SUSPENDING"):
                    if assoc.principal_account(record["entity"]) == account:
                        assoc.move(record, "RESTORING")
                        changed.append({"resource_share_arn": share.arn, "principal": record["entity"]})
            assoc.sync(share)
        return [dict(item, status=_status_of(item)) for item in changed]


def _status_of(item: dict) -> str:
    share = next(s for s in _every_share() if s.arn == item["resource_share_arn"])
    return assoc.associations(share)[("PRINCIPAL", item["principal"])]["status"]


def _all_shares(region: str):
    """Every account's shares in a region (invitations and OTHER-ACCOUNTS cross accounts)."""
    for _account, per_account in list(ram_backends.items()):
        backend = dict.get(per_account, region)
        if backend is not None:
            yield from backend.resource_shares


def _check_arns(arns: list, pattern, what: str) -> None:
    for arn in arns or []:
        if not pattern.match(arn or ""):
            raise MalformedArnException(f"The {what} ARN {arn} is not valid. Verify the ARN and try again.")


def expire_invitations(share_arn: str | None = None) -> list:
    """Control API: pending invitations (of one share, or all) become EXPIRED; their principals DISASSOCIATED."""
    expired = []
    with LOCK:
        for _account, per_account in list(ram_backends.items()):
            for backend in list(dict.values(per_account)):
                for share in backend.resource_shares:
                    if share_arn not in (None, share.arn):
                        continue
                    for invitation in assoc.invitations(share):
                        if invitation["status"] == "PENDING":
                            assoc.answer_invitation(invitation, "EXPIRED")
                            expired.append(invitation["arn"])
    return expired


class _Ops(RamOps):
    """The share, association, invitation and tag operations (see ram_common.install)."""

    # --- shares ---------------------------------------------------------------------------------

    def create_resource_share(self) -> tuple:
        params = self.request_params

        def apply() -> dict:
            share = create_share(self.ram_backend, self.current_account, self.region, params)
            return {"resourceShare": describe_share(share)}

        return self._idempotent("CreateResourceShare", apply)

    def update_resource_share(self) -> tuple:
        params = self.request_params

        def apply() -> dict:
            share = self._modifiable_share(require(params, "resourceShareArn"))
            assoc.sync(share)
            if params.get("allowExternalPrincipals") is False:
                external = [
                    r["entity"]
                    for r in assoc.associations(share).values()
                    if r["type"] == "PRINCIPAL" and r["external"] and r["status"] in assoc.LIVE
                ]
                if external:
                    raise operation_not_permitted(
                        "The resource share is shared with principals outside your organization "
                        f"({', '.join(external)}); remove them before setting allowExternalPrincipals to false."
                    )
                share.allow_external_principals = False
            elif params.get("allowExternalPrincipals") is True:
                share.allow_external_principals = True
            if params.get("name"):
                share.name = params["name"]
            share.last_updated_time = utcnow()
            return {"resourceShare": describe_share(share)}

        return self._idempotent("UpdateResourceShare", apply)

    def delete_resource_share(self) -> tuple:
        params = self.request_params

        def apply() -> dict:
            share = self._modifiable_share(require(params, "resourceShareArn"))
            assoc.sync(share)
            # The shared resources are untouched; the share stops sharing them with anyone.
            for record in assoc.associations(share).values():
                if record["status"] in assoc.LIVE + assoc.SUSPENDED or record["status"] == "DISASSOCIATING":
                    assoc.disassociate(record, share)
                    assoc.finish(record, "DISASSOCIATED")
            share.delete()
            assoc.sync(share)
            return {"returnValue": True}

        return self._idempotent("DeleteResourceShare", apply)

    def get_resource_shares(self) -> tuple:
        params = self.request_params
        owner = params.get("resourceOwner")
        if owner not in ("SELF", "OTHER-ACCOUNTS"):
            raise InvalidParameterException(f"{owner} is not a valid resource owner. Specify SELF or OTHER-ACCOUNTS.")
        status = params.get("resourceShareStatus")
        if status is not None and status not in SHARE_STATUSES:
            raise InvalidParameterException(f"{status} is not a valid resource share status.")
        wanted_arns = params.get("resourceShareArns")
        _check_arns(wanted_arns, catalogue.SHARE_ARN, "resource share")
        permission = params.get("permissionArn")
        permission_name = catalogue.lookup(permission) if permission else None
        version = params.get("permissionVersion")
        if owner == "SELF":
            shares = list(self.ram_backend.resource_shares)
        else:
            # A share created from a resource policy is visible to its owner only.
            shares = [
                s
                for s in _all_shares(self.region)
                if s.feature_set != ram_policy_shares.CREATED_FROM_POLICY and assoc.shared_with(s, self.current_account)
            ]
        found = []
        for share in shares:
            assoc.sync(share)
            perms = [p for p in permissions(share).values() if p["name"] == permission_name]
            if (
                (not wanted_arns or share.arn in wanted_arns)
                and params.get("name") in (None, share.name)
                and status in (None, share.status)
                and (permission_name is None or any(version in (None, int(p["version"])) for p in perms))
                and _tags_match(share, params.get("tagFilters") or [])
            ):
                if owner == "SELF":
                    ram_policy_shares.read_promotion(share)
                found.append(describe_share(share))
        return json_response(paginate(found, params, "resourceShares"))

    # --- associations ---------------------------------------------------------------------------

    def associate_resource_share(self) -> tuple:
        params = self.request_params

        def apply() -> dict:
            share = self._modifiable_share(require(params, "resourceShareArn"))
            pairs = _validate_entities(share, params, share.allow_external_principals)
            return {"resourceShareAssociations": _associate(share, pairs)}

        return self._idempotent("AssociateResourceShare", apply)

    def disassociate_resource_share(self) -> tuple:
        params = self.request_params

        def apply() -> dict:
            share = self._modifiable_share(require(params, "resourceShareArn"))
            pairs = _validate_entities(share, params, allow_external=True, adding=False)
            assoc.sync(share)
            records = assoc.associations(share)
            chosen = []
            for key in dict.fromkeys(pairs):
                record = records.get(key)
                # Entities that are not associated (or already leaving) are ignored.
                if record is None or record["status"] not in assoc.LIVE + assoc.SUSPENDED:
                    continue
                if record["status"] == "ASSOCIATING" and not assoc.awaiting_invitation(record):
                    raise invalid_state_transition(
                        f"{key[1]} is still being associated with the resource share; wait until it is ASSOCIATED."
                    )
                chosen.append(record)
            started = []
            for record in chosen:
                assoc.disassociate(record, share)
                started.append(assoc.describe(share, record))
            assoc.sync(share)
            return {"resourceShareAssociations": started}

        return self._idempotent("DisassociateResourceShare", apply)

    def get_resource_share_associations(self) -> tuple:
        params = self.request_params
        kind = params.get("associationType")
        if kind not in ASSOCIATION_TYPES:
            raise InvalidParameterException(
                f"{kind} is not a valid association type. Specify PRINCIPAL, RESOURCE or SOURCE and try again."
            )
        status = params.get("associationStatus")
        if status is not None and status not in ASSOCIATION_STATUSES:
            raise InvalidParameterException(f"{status} is not a valid association status.")
        principal, resource_arn = params.get("principal"), params.get("resourceArn")
        if principal and kind != "PRINCIPAL":
            raise InvalidParameterException(f"You cannot specify a principal when the association type is {kind}.")
        if resource_arn and kind != "RESOURCE":
            raise InvalidParameterException(f"You cannot specify a resource ARN when the association type is {kind}.")
        wanted_arns = params.get("resourceShareArns")
        _check_arns(wanted_arns, catalogue.SHARE_ARN, "resource share")
        # An empty page injected by the empty_pages setting does not count as a read of the associations.
        counts = not ram_common.is_injected_empty_page(params)
        items = []
        # Only the owner sees a share's associations: the caller's own shares, deleted ones included.
        for share in self.ram_backend.resource_shares:
            if wanted_arns and share.arn not in wanted_arns:
                continue
            assoc.sync(share)
            for (record_kind, entity), record in assoc.associations(share).items():
                if record_kind != kind or principal not in (None, entity) or resource_arn not in (None, entity):
                    continue
                if counts:
                    assoc.read(record)
                items.append(assoc.describe(share, record))
            assoc.sync(share)
        items = [item for item in items if status in (None, item["status"])]
        return json_response(paginate(items, params, "resourceShareAssociations"))

    # --- invitations (the receiver's side) ------------------------------------------------------

    def _received(self) -> list:
        """The invitations the caller's account received in this region, oldest first."""
        found = [
            invitation
            for share in _all_shares(self.region)
            for invitation in assoc.invitations(share)
            if invitation["receiver_account"] == self.current_account
        ]
        return sorted(found, key=lambda i: i["timestamp"])

    def get_resource_share_invitations(self) -> tuple:
        params = self.request_params
        wanted = params.get("resourceShareInvitationArns")
        _check_arns(wanted, assoc.INVITATION_ARN, "resource share invitation")
        share_arns = params.get("resourceShareArns")
        _check_arns(share_arns, catalogue.SHARE_ARN, "resource share")
        received = self._received()
        known = {i["arn"] for i in received}
        for arn in wanted or []:
            if arn not in known:
                raise RamError("ResourceShareInvitationArnNotFoundException", f"Invitation {arn} could not be found.")
        items = [
            assoc.describe_invitation(i)
            for i in received
            if (not wanted or i["arn"] in wanted) and (not share_arns or i["share"].arn in share_arns)
        ]
        return json_response(
            paginate(items, params, "resourceShareInvitations", max_results_error="InvalidMaxResultsException")
        )

    def _answer(self, operation: str, status: str) -> tuple:
        params = self.request_params

        def apply() -> dict:
            arn = require(params, "resourceShareInvitationArn")
            _check_arns([arn], assoc.INVITATION_ARN, "resource share invitation")
            invitation = next((i for i in self._received() if i["arn"] == arn), None)
            if invitation is None:
                raise RamError("ResourceShareInvitationArnNotFoundException", f"Invitation {arn} could not be found.")
            errors = {
                "ACCEPTED": ("ResourceShareInvitationAlreadyAcceptedException", "has already been accepted"),
                "REJECTED": ("ResourceShareInvitationAlreadyRejectedException", "has already been rejected"),
                "EXPIRED": ("ResourceShareInvitationExpiredException", "has expired"),
            }
            if invitation["status"] in errors:
                code, what = errors[invitation["status"]]
                raise RamError(code, f"The invitation {arn} {what}.")
            assoc.answer_invitation(invitation, status)
            return {"resourceShareInvitation": assoc.describe_invitation(invitation)}

        return self._idempotent(operation, apply)

    def accept_resource_share_invitation(self) -> tuple:
        return self._answer("AcceptResourceShareInvitation", "ACCEPTED")

    def reject_resource_share_invitation(self) -> tuple:
        return self._answer("RejectResourceShareInvitation", "REJECTED")

    # --- tags -----------------------------------------------------------------------------------

    def _tagged_share(self, params: dict) -> ResourceShare:
        if params.get("resourceArn"):
            if params.get("resourceShareArn"):
                raise InvalidParameterException("Specify either resourceShareArn or resourceArn, but not both.")
            # Tags of managed permissions: not something the collection uses.
            raise NotImplementedError("tags of permissions (resourceArn)")
        return self._modifiable_share(require(params, "resourceShareArn"))

    def tag_resource(self) -> tuple:
        params = self.request_params
        if params.get("resourceArn") and not params.get("resourceShareArn"):
            tag_permission(self.current_account, params["resourceArn"], require(params, "tags"))
            return json_response({})
        share = self._tagged_share(params)
        _set_tags(share, _validated_tags(require(params, "tags")))
        return json_response({})

    def untag_resource(self) -> tuple:
        params = self.request_params
        if params.get("resourceArn") and not params.get("resourceShareArn"):
            untag_permission(self.current_account, params["resourceArn"], require(params, "tagKeys"))
            return json_response({})
        share = self._tagged_share(params)
        refuse_reserved_tag_keys(require(params, "tagKeys"))
        for key in params["tagKeys"]:
            _tags(share).pop(key, None)
        return json_response({})


def _tags_match(share: ResourceShare, tag_filters: list) -> bool:
    tags = _tags(share)
    return all(
        f.get("tagKey") in tags and (not f.get("tagValues") or tags[f["tagKey"]] in f["tagValues"]) for f in tag_filters
    )


PATHS = (
    "associateresourceshare",
    "disassociateresourceshare",
    "getresourceshareinvitations",
    "acceptresourceshareinvitation",
    "rejectresourceshareinvitation",
    "tagresource",
    "untagresource",
)


def install() -> None:
    ram_common.install(_Ops, PATHS)


def seed_share(account: str, region: str, spec: dict) -> ResourceShare:
    """Create a share as CreateResourceShare does (the control API's seed), or as a CloudFormation stack does: its
    ``tags`` may have ``aws:`` keys (``aws:cloudformation:stack-name``)."""
    params = {
        "name": spec["name"],
        "resourceArns": spec.get("resource_arns", []),
        "principals": spec.get("principals", []),
        "permissionArns": spec.get("permission_arns", []),
        "tags": [{"key": k, "value": v} for k, v in (spec.get("tags") or {}).items()],
        "allowExternalPrincipals": spec.get("allow_external_principals", True),
    }
    if spec.get("retain_sharing_on_account_leave_organization") is not None:
        params["resourceShareConfiguration"] = {
            "retainSharingOnAccountLeaveOrganization": spec["retain_sharing_on_account_leave_organization"]
        }
    if spec.get("feature_set") not in (None, "STANDARD", ram_policy_shares.CREATED_FROM_POLICY):
        raise ValueError(f"feature_set {spec['feature_set']!r}: STANDARD or CREATED_FROM_POLICY")
    with LOCK:
        share = create_share(ram_backends[account][region], account, region, params, by_aws=True)
        if spec.get("feature_set") == ram_policy_shares.CREATED_FROM_POLICY:
            ram_policy_shares.make_policy_share(share)
        return share
