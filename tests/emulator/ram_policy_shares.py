"""Resource shares created from a resource policy (AWS_FACTS "RAM, the rest"): ``featureSet:
CREATED_FROM_POLICY``, what a service's PutResourcePolicy makes, and their promotion.

Such a share is seeded through the control API (``"feature_set": "CREATED_FROM_POLICY"`` in a seeded
share): each of its permissions is then a policy-created one (a customer managed permission of the
owner with ``featureSet: CREATED_FROM_POLICY`` and the template of the type's default permission).
The share is visible to its owner only and refuses every change (OperationNotPermittedException)
until it is promoted:

- PromotePermissionCreatedFromPolicy (``permissionArn``, ``name``, ``clientToken``) makes a customer
  managed permission (``STANDARD``, version 1, the same template and resource type) of a
  policy-created one. AWS documents no answer to a second promotion (a new ``clientToken``) of a
  permission: the conservative choice is to refuse it as any name already taken
  (InvalidParameterException, a code the operation's model lists), so that no client can depend
  on it succeeding; the same token and parameters answer the first promotion again;
- PromoteResourceShareCreatedFromPolicy (``resourceShareArn``) then converts the share: each
  policy-created permission is replaced by its promoted one (none promoted:
  UnmatchedPolicyPermissionException); the share is ``PROMOTING_TO_STANDARD`` for
  ``promoting_reads`` GetResourceShares reads that list it (it refuses changes meanwhile:
  InvalidStateTransitionException), then ``STANDARD``.
"""

import uuid

from moto.core.utils import utcnow
from moto.ram.exceptions import InvalidParameterException
from moto.ram.models import ResourceShare

from . import ram_catalogue as catalogue
from . import ram_common, state
from .ram_common import RamError, RamOps, json_response
from .ram_customer_permissions import NAME, _version
from .ram_permissions import permissions

CREATED_FROM_POLICY = "CREATED_FROM_POLICY"
PROMOTING = "PROMOTING_TO_STANDARD"
STANDARD = "STANDARD"


def make_policy_share(share: ResourceShare) -> None:
    """Turn a share just created into one created from a resource policy, with policy-created permissions."""
    share.feature_set = CREATED_FROM_POLICY
    partition = catalogue.partition_of(share.region)
    perms = permissions(share)
    for rtype, perm in list(perms.items()):
        template = catalogue.version_info(perm["name"], perm["version"])["template"]
        name = f"ram-policy-{uuid.uuid4().hex[:12]}"
        arn = f"arn:{partition}:ram:{share.region}:{share.owning_account_id}:permission/{name}"
        catalogue.CUSTOMER[arn] = {
            "name": name,
            "resource_type": rtype,
            "account": share.owning_account_id,
            "region": share.region,
            "versions": [_version(1, template)],
            "default": "1",
            "next": 2,
            "tags": {},
            "feature_set": CREATED_FROM_POLICY,
        }
        perms[rtype] = {"name": arn, "version": "1"}


def read_promotion(share: ResourceShare) -> None:
    """One GetResourceShares read that lists the share: a promotion ends after its reads."""
    if getattr(share, "feature_set", STANDARD) != PROMOTING:
        return
    if share.emulator_promoting_reads > 0:
        share.emulator_promoting_reads -= 1
    else:
        share.feature_set = STANDARD
        share.last_updated_time = utcnow()


def _missing(params: dict, *names) -> None:
    for name in names:
        if not params.get(name):
            raise RamError("MissingRequiredParameterException", f"The parameter {name} must be specified.")


class _Ops(RamOps):
    """The two Promote operations (see ram_common.install)."""

    def promote_permission_created_from_policy(self) -> tuple:
        params = self.request_params
        _missing(params, "permissionArn", "name")
        arn, name = params["permissionArn"], params["name"]
        perm = catalogue.CUSTOMER.get(arn)
        if perm is None or perm["account"] != self.current_account:
            catalogue.lookup(arn)  # MalformedArnException or UnknownResourceException for what RAM does not know
            raise InvalidParameterException(f"Permission {arn} was not created from a resource policy.")
        if perm.get("feature_set") != CREATED_FROM_POLICY:
            raise InvalidParameterException(f"Permission {arn} was not created from a resource policy.")
        if not NAME.match(name):
            raise InvalidParameterException(
                "The permission name can have up to 36 letters, digits, periods, hyphens and underscores."
            )
        partition = catalogue.partition_of(perm["region"])
        promoted = f"arn:{partition}:ram:{perm['region']}:{self.current_account}:permission/{name}"

        def apply() -> dict:
            if promoted in catalogue.CUSTOMER:
                raise InvalidParameterException(f"A permission named {name} already exists.")
            catalogue.CUSTOMER[promoted] = {
                "name": name,
                "resource_type": perm["resource_type"],
                "account": self.current_account,
                "region": perm["region"],
                "versions": [_version(1, perm["versions"][-1]["template"])],
                "default": "1",
                "next": 2,
                "tags": {},
                "promoted_from": arn,
            }
            return {"permission": catalogue.describe(promoted, "1", partition)}

        return self._idempotent("PromotePermissionCreatedFromPolicy", apply)

    def promote_resource_share_created_from_policy(self) -> tuple:
        params = self.request_params
        _missing(params, "resourceShareArn")
        share = self._share(params["resourceShareArn"])
        if share.feature_set == PROMOTING:
            raise ram_common.invalid_state_transition(f"The resource share {share.arn} is already being promoted.")
        if share.feature_set != CREATED_FROM_POLICY:
            raise ram_common.operation_not_permitted(
                f"The resource share {share.arn} was not created from a resource policy: there is nothing to promote."
            )
        perms = permissions(share)
        replaced = {}
        for rtype, perm in perms.items():
            if catalogue.CUSTOMER.get(perm["name"], {}).get("feature_set") != CREATED_FROM_POLICY:
                continue
            promoted = next((k for k, v in catalogue.CUSTOMER.items() if v.get("promoted_from") == perm["name"]), None)
            if promoted is None:
                raise RamError(
                    "UnmatchedPolicyPermissionException",
                    f"The permission {perm['name']} of the resource share was created from a resource policy and has "
                    "no promoted customer managed permission: call PromotePermissionCreatedFromPolicy first.",
                )
            replaced[rtype] = {"name": promoted, "version": catalogue.default_version(promoted)}
        perms.update(replaced)
        share.emulator_promoting_reads = state.CONFIG["promoting_reads"]
        share.feature_set = PROMOTING
        share.last_updated_time = utcnow()
        return json_response({"returnValue": True})


PATHS = ("promotepermissioncreatedfrompolicy", "promoteresourcesharecreatedfrompolicy")


def install() -> None:
    ram_common.install(_Ops, PATHS)
