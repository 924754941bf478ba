# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""AWS RAM input rules: the ARN and principal forms RAM takes, and one validator per rule, checked before any call.

The modules' ``validate`` functions and the role's filter plugin use these, so that both refuse the same values.
Private to the collection: its names may change without notice.
"""

from __future__ import annotations

import re

from ansible_collections.partner_onboarding.aws.plugins.module_utils._module import Failure
from ansible_collections.partner_onboarding.aws.plugins.module_utils._tagging import tag_errors

# The partitions RAM runs in: commercial, China, GovCloud and the isolated ones.
PARTITIONS = ("aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc")

PARTITION_PATTERN = "|".join(re.escape(partition) for partition in sorted(PARTITIONS, key=len, reverse=True))
REGION_PATTERN = r"[a-z]{2}(?:-[a-z]+)+-\d+"
ACCOUNT_PATTERN = r"\d{12}"
# A customer managed permission's name, as CreatePermission takes it (botocore's PermissionName: 1 to 36 of [\w.-]).
CUSTOMER_NAME_PATTERN = r"[A-Za-z0-9_.-]{1,36}"
# An AWS-managed permission's name is AWS's (AWSRAM..., often longer than 36): its own characters, up to 255.
AWS_MANAGED_NAME_PATTERN = r"AWSRAM[A-Za-z0-9_.-]{0,249}"
# The name of any permission: the one rule for permission names.
NAME_PATTERN = rf"(?:{AWS_MANAGED_NAME_PATTERN}|{CUSTOMER_NAME_PATTERN})"
RESOURCE_TYPE_RE = re.compile(r"^[a-z0-9-]+:[A-Za-z0-9]+$")

RESOURCE_SHARE_ARN_RE = re.compile(
    rf"^arn:(?P<partition>{PARTITION_PATTERN}):ram:{REGION_PATTERN}:{ACCOUNT_PATTERN}:resource-share/[A-Za-z0-9-]+$"
)
MANAGED_PERMISSION_ARN_RE = re.compile(
    rf"^arn:(?P<partition>{PARTITION_PATTERN}):ram::aws:permission/(?P<name>{NAME_PATTERN})$"
)
CUSTOMER_PERMISSION_ARN_RE = re.compile(
    rf"^arn:(?P<partition>{PARTITION_PATTERN}):ram:{REGION_PATTERN}:{ACCOUNT_PATTERN}:permission/(?P<name>{NAME_PATTERN})$"
)
PERMISSION_NAME_RE = re.compile(rf"^{NAME_PATTERN}$")
CUSTOMER_PERMISSION_NAME_RE = re.compile(rf"^{CUSTOMER_NAME_PATTERN}$")
RESOURCE_ARN_RE = re.compile(rf"^arn:(?:{PARTITION_PATTERN}):[a-z0-9-]+:[a-z0-9-]*:(?:{ACCOUNT_PATTERN})?:\S+$")

RESOURCE_SHARE_ARN_RULE = "arn:<partition>:ram:<region>:<12-digit account>:resource-share/<id>"
PERMISSION_ARN_RULE = (
    "arn:<partition>:ram::aws:permission/<Name> (AWS managed) or "
    "arn:<partition>:ram:<region>:<12-digit account>:permission/<Name> (customer managed)"
)
RESOURCE_ARN_RULE = "an ARN (arn:<partition>:<service>:<region>:<account>:<resource>)"

PRINCIPAL_FORMS = (
    ("an AWS account ID", re.compile(rf"^{ACCOUNT_PATTERN}$")),
    (
        "an organization ARN",
        re.compile(rf"^arn:(?:{PARTITION_PATTERN}):organizations::{ACCOUNT_PATTERN}:organization/o-[a-z0-9]{{10,32}}$"),
    ),
    (
        "an organizational unit ARN",
        re.compile(
            rf"^arn:(?:{PARTITION_PATTERN}):organizations::{ACCOUNT_PATTERN}:"
            r"ou/o-[a-z0-9]{10,32}/ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}$"
        ),
    ),
    (
        "an IAM role or user ARN",
        re.compile(rf"^arn:(?:{PARTITION_PATTERN}):iam::{ACCOUNT_PATTERN}:(?:role|user)/[\w+=,.@/-]{{1,512}}$"),
    ),
    ("a service principal", re.compile(r"^[a-z0-9-]+(?:\.[a-z0-9-]+)*\.amazonaws\.com(?:\.cn)?$")),
)
PRINCIPAL_RULE = (
    "a 12-digit account ID, an organization ARN (arn:aws:organizations::<account>:organization/o-...), an OU ARN "
    "(arn:aws:organizations::<account>:ou/o-.../ou-...), an IAM role or user ARN, or a service principal "
    "(<service>.amazonaws.com)"
)
CUSTOMER_PERMISSION_NAME_RULE = "1 to 36 letters, digits, periods, hyphens or underscores"
PERMISSION_NAME_RULE = (
    f"an AWS-managed permission's name (AWSRAM..., for example AWSRAMPermissionGlueDatabaseReadWrite) or a customer "
    f"managed permission's ({CUSTOMER_PERMISSION_NAME_RULE})"
)

# The options naming one existing share, and their rules, as the modules working on one share take them.
SHARE_REFERENCE_SPEC = dict(resource_share_arn=dict(type="str"), resource_share_name=dict(type="str"))
SHARE_REFERENCE_RULES = dict(
    required_one_of=[["resource_share_arn", "resource_share_name"]],
    mutually_exclusive=[["resource_share_arn", "resource_share_name"]],
)


class ValidationError(Failure):
    """Invalid module input: detected before any AWS call where the input alone shows it."""


# --- one test per form ------------------------------------------------------------------------------------------------


def partition_of(arn):
    """The partition of an ARN (``aws``, ``aws-cn``, ...), or None."""
    parts = (arn or "").split(":")
    return parts[1] if len(parts) > 2 and parts[0] == "arn" and parts[1] in PARTITIONS else None


def principal_form(principal):
    """The name of ``principal``'s form, or None when RAM takes no such principal."""
    return next((name for name, pattern in PRINCIPAL_FORMS if pattern.match(principal or "")), None)


def is_resource_share_arn(value):
    return bool(RESOURCE_SHARE_ARN_RE.match(value or ""))


def is_permission_arn(value):
    return bool(MANAGED_PERMISSION_ARN_RE.match(value or "") or CUSTOMER_PERMISSION_ARN_RE.match(value or ""))


def is_permission(value):
    """A RAM permission ARN, or a permission's name (AWS managed or customer managed)."""
    return is_permission_arn(value) if (value or "").startswith("arn:") else bool(PERMISSION_NAME_RE.match(value or ""))


def is_resource_arn(value):
    return bool(RESOURCE_ARN_RE.match(value or ""))


# --- validators: each raises ValidationError naming the option and the rule -----------------------------------------


def validate_resource_share_arn(arn, option="resource_share_arn"):
    if not is_resource_share_arn(arn):
        raise ValidationError(f"{option} {arn!r} is not a RAM resource share ARN: expected {RESOURCE_SHARE_ARN_RULE}")
    return arn


def validate_permission_arn(arn, option="permission_arn"):
    if not is_permission_arn(arn):
        raise ValidationError(f"{option} {arn!r} is not a RAM permission ARN: expected {PERMISSION_ARN_RULE}")
    return arn


def validate_permission_name(name, option="permission_name"):
    if not PERMISSION_NAME_RE.match(name):
        raise ValidationError(f"{option} {name!r} is not a permission name: use {PERMISSION_NAME_RULE}")
    return name


def validate_customer_permission_name(name, option="name"):
    """A customer managed permission's name, as CreatePermission takes it."""
    if not CUSTOMER_PERMISSION_NAME_RE.match(name or ""):
        raise ValidationError(f"{option} {name!r} is not a permission name: use {CUSTOMER_PERMISSION_NAME_RULE}")
    return name


def validate_resource_type(resource_type, option="resource_type"):
    """A RAM resource type (``<service>:<type>``), when given."""
    if resource_type is not None and not RESOURCE_TYPE_RE.match(resource_type):
        raise ValidationError(
            f"{option} {resource_type!r} is not a RAM resource type: use <service>:<type>, for example glue:Table"
        )


def validate_wait_timeout(wait_timeout, option="wait_timeout"):
    """Every module that waits takes at least one second."""
    if wait_timeout is not None and wait_timeout < 1:
        raise ValidationError(f"{option} must be 1 or more seconds, got {wait_timeout}")


def validate_principals(principals, option="principals"):
    bad = [principal for principal in principals or [] if principal_form(principal) is None]
    if bad:
        raise ValidationError(f"{option}: {', '.join(repr(p) for p in bad)} not valid: each must be {PRINCIPAL_RULE}")


def validate_resource_arns(resource_arns, option="resource_arns"):
    bad = [arn for arn in resource_arns or [] if not is_resource_arn(arn)]
    if bad:
        raise ValidationError(
            f"{option}: {', '.join(repr(a) for a in bad)} not valid: each must be {RESOURCE_ARN_RULE}"
        )


def validate_permissions(permissions, option="permissions"):
    """Each a RAM permission ARN or a permission name."""
    for value in permissions or []:
        if value.startswith("arn:"):
            if not is_permission_arn(value):
                raise ValidationError(f"{option}: {value!r} is neither a RAM permission ARN nor a permission name")
        else:
            validate_permission_name(value, option=option)


def validate_not_blank(value, option):
    """A name given (not None) must say something."""
    if value is not None and not str(value).strip():
        raise ValidationError(f"{option} must not be empty")


def validate_permission_version(version, option="permission_version"):
    if version is not None and version < 1:
        raise ValidationError(f"{option} must be 1 or more, got {version}")


def validate_tags(tags, option="tags"):
    """The tag rule of every module with ``tags`` (``_tagging.tag_errors``), as a validator."""
    errors = tag_errors(tags, option)
    if errors:
        raise ValidationError("; ".join(errors))


def check_same_partition(resource_share_arn, permission_arn):
    share_partition, permission_partition = partition_of(resource_share_arn), partition_of(permission_arn)
    if share_partition != permission_partition:
        raise ValidationError(
            f"permission_arn is in partition {permission_partition} but the resource share is in partition "
            f"{share_partition}: a permission must be in the share's partition"
        )


# --- the options of each module ---------------------------------------------------------------------------------------


def _share_reference(params):
    """resource_share_arn / resource_share_name, as every module naming an existing share takes them."""
    if params.get("resource_share_arn") is not None:
        validate_resource_share_arn(params["resource_share_arn"])
    validate_not_blank(params.get("resource_share_name"), "resource_share_name")


def _permission_options(params):
    if params.get("permission_arn") is not None:
        validate_permission_arn(params["permission_arn"])
    if params.get("permission_name") is not None:
        validate_permission_name(params["permission_name"])
    validate_permission_version(params.get("permission_version"))
    if params.get("resource_share_arn") and params.get("permission_arn"):
        check_same_partition(params["resource_share_arn"], params["permission_arn"])


def _share_identity(params):
    if params.get("arn") is not None:
        validate_resource_share_arn(params["arn"], option="arn")
    validate_not_blank(params.get("name"), "name")
    if not params.get("name") and not params.get("arn"):
        raise ValidationError("name or arn is required: name identifies (or creates) the share, arn identifies it")


def _purges(params):
    missing = [
        f"{purge} needs {listed}"
        for purge, listed in (("purge_resources", "resource_arns"), ("purge_principals", "principals"))
        if params.get(purge) and params.get(listed) is None
    ]
    if missing:
        raise ValidationError(f"{' and '.join(missing)}: without the list, nothing says what to keep")


def _wait_timeout(params):
    validate_wait_timeout(params.get("wait_timeout"))


def _tags(params):
    validate_tags(params.get("tags"))


def _arn_filter(params):
    if params.get("arn") is not None:
        validate_resource_share_arn(params["arn"], option="arn")


def collect(params, *checks):
    """The messages of every check that ``params`` fails (each check raises ValidationError), for ``validate``."""
    errors = []
    for check in checks:
        try:
            check(params)
        except ValidationError as exc:
            errors.append(str(exc))
    return errors


def invalid_share_reference(params):
    """Every broken rule of the options of a module that names one existing share (and nothing else to check)."""
    return collect(params, _share_reference)


def invalid_share_permission_params(params):
    """Every broken rule of ram_resource_share_permission's options."""
    return collect(params, _share_reference, _permission_options)


def invalid_share_params(params):
    """Every broken rule of ram_resource_share's options."""
    return collect(
        params,
        _share_identity,
        _purges,
        _wait_timeout,
        _tags,
        lambda values: validate_resource_arns(values.get("resource_arns")),
        lambda values: validate_principals(values.get("principals")),
        lambda values: validate_permissions(values.get("permissions")),
    )


def invalid_principal_params(params):
    """Every broken rule of ram_resource_share_principal's options."""
    errors = collect(
        params, _share_reference, lambda values: validate_principals(values.get("principals")), _wait_timeout
    )
    if not params.get("principals"):
        errors.append("principals must list at least one principal")
    return errors


def invalid_share_info_params(params):
    """Every broken rule of ram_resource_share_info's options."""
    return collect(params, _arn_filter)
