"""AWS-managed RAM permissions and ARN helpers.

moto ships a list of managed permissions but without versions or policy templates, and with
ARNs that do not match AWS's (``arn:aws:ram::aws:permission/<Name>``). This small catalogue
is what the emulator's permission operations use. AWS-managed permissions are global, so the
catalogue is process-wide; ``reset()`` restores the initial versions.
"""

import json
import re
import threading
from datetime import datetime, timezone

from moto.ram.exceptions import MalformedArnException, UnknownResourceException

PARTITIONS = ("aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b")
_PARTITION_RE = "|".join(re.escape(p) for p in PARTITIONS)
MANAGED_PERMISSION_ARN = re.compile(rf"^arn:({_PARTITION_RE}):ram::aws:permission/([A-Za-z0-9_-]+)$")
CUSTOMER_PERMISSION_ARN = re.compile(rf"^arn:({_PARTITION_RE}):ram:[a-z0-9-]+:\d{{12}}:permission/[A-Za-z0-9_-]+$")
SHARE_ARN = re.compile(rf"^arn:({_PARTITION_RE}):ram:[a-z0-9-]+:\d{{12}}:resource-share/[0-9a-f-]+$")
RESOURCE_ARN = re.compile(rf"^arn:({_PARTITION_RE}):([a-z0-9-]+):[a-z0-9-]*:\d{{12}}:([a-z-]+)([/:].*)?$")

# (service, first element of the ARN's resource part) -> RAM resource type
RESOURCE_TYPES = {
    ("glue", "database"): "glue:Database",
    ("glue", "table"): "glue:Table",
    ("glue", "catalog"): "glue:Catalog",
    ("ec2", "subnet"): "ec2:Subnet",
    ("ec2", "transit-gateway"): "ec2:TransitGateway",
    ("ec2", "prefix-list"): "ec2:PrefixList",
    ("license-manager", "license-configuration"): "license-manager:LicenseConfiguration",
}

# name -> (resource type, is the resource type's default, actions of the policy template)
_GLUE_READ = ["glue:GetDatabase", "glue:GetTables", "glue:GetTable", "glue:GetPartitions", "glue:SearchTables"]
_GLUE_WRITE = ["glue:CreateTable", "glue:UpdateTable", "glue:DeleteTable", "glue:BatchCreatePartition"]
_DEFINITIONS = {
    "AWSRAMDefaultPermissionGlueDatabase": ("glue:Database", True, _GLUE_READ),
    "AWSRAMPermissionGlueDatabaseReadWrite": ("glue:Database", False, _GLUE_READ + _GLUE_WRITE),
    "AWSRAMPermissionGlueAllTablesReadWriteForDatabase": ("glue:Database", False, _GLUE_READ + _GLUE_WRITE),
    "AWSRAMDefaultPermissionGlueTable": ("glue:Table", True, ["glue:GetTable", "glue:GetPartitions"]),
    "AWSRAMPermissionGlueTableReadWrite": ("glue:Table", False, ["glue:GetTable", "glue:UpdateTable"]),
    "AWSRAMDefaultPermissionGlueCatalog": ("glue:Catalog", True, ["glue:GetCatalog", "glue:GetDatabases"]),
    "AWSRAMDefaultPermissionSubnet": ("ec2:Subnet", True, ["ec2:RunInstances", "ec2:CreateNetworkInterface"]),
    "AWSRAMDefaultPermissionTransitGateway": ("ec2:TransitGateway", True, ["ec2:CreateTransitGatewayVpcAttachment"]),
    "AWSRAMDefaultPermissionPrefixList": ("ec2:PrefixList", True, ["ec2:GetManagedPrefixListEntries"]),
    "AWSRAMDefaultPermissionLicenseConfiguration": (
        "license-manager:LicenseConfiguration",
        True,
        ["license-manager:ListLicenseConfigurations", "license-manager:UpdateLicenseConsumption"],
    ),
}
_EPOCH = datetime(2023, 1, 1, tzinfo=timezone.utc)

_LOCK = threading.RLock()
_VERSIONS: dict[str, list[dict]] = {}  # name -> versions, oldest first; the last one is the default
# Customer managed permissions (ram_customer_permissions), keyed by ARN: {"name", "resource_type", "account",
# "region", "versions" (oldest first), "default" (a version string), "next" (the next version number), "tags",
# "created"}. Their key in the functions below is their ARN, an AWS-managed permission's key its name.
CUSTOMER: dict[str, dict] = {}


def reset() -> None:
    with _LOCK:
        _VERSIONS.clear()
        CUSTOMER.clear()
        for name, (_rtype, _is_default, actions) in _DEFINITIONS.items():
            _VERSIONS[name] = [_version(1, actions, _EPOCH)]


def _version(number: int, actions: list, created: datetime) -> dict:
    template = json.dumps({"Effect": "Allow", "Action": actions})
    return {"version": str(number), "template": template, "created": created}


def partition_of(region: str) -> str:
    if region.startswith("cn-"):
        return "aws-cn"
    if region.startswith("us-gov-"):
        return "aws-us-gov"
    if region.startswith("us-isob-"):
        return "aws-iso-b"
    if region.startswith("us-iso-"):
        return "aws-iso"
    return "aws"


def permission_arn(name: str, partition: str) -> str:
    return f"arn:{partition}:ram::aws:permission/{name}"


def lookup(arn: str) -> str:
    """The managed permission name of an ARN; MalformedArnException / UnknownResourceException as AWS."""
    match = MANAGED_PERMISSION_ARN.match(arn or "")
    if match and match.group(2) in _DEFINITIONS:
        return match.group(2)
    if arn in CUSTOMER:
        return arn
    if match or CUSTOMER_PERMISSION_ARN.match(arn or ""):
        raise UnknownResourceException(f"Permission {arn} could not be found.")
    raise MalformedArnException(f"The permission ARN {arn} is not valid. Verify the ARN and try again.")


def is_customer(key: str) -> bool:
    return key in CUSTOMER


def resource_type(name: str) -> str:
    if is_customer(name):
        return CUSTOMER[name]["resource_type"]
    return _DEFINITIONS[name][0]


def default_for(rtype: str) -> str | None:
    return next((n for n, (t, is_default, _actions) in _DEFINITIONS.items() if t == rtype and is_default), None)


def default_version(name: str) -> str:
    with _LOCK:
        if is_customer(name):
            return CUSTOMER[name]["default"]
        return _VERSIONS[name][-1]["version"]


def version_info(name: str, version: str | None = None) -> dict | None:
    with _LOCK:
        versions = CUSTOMER[name]["versions"] if is_customer(name) else _VERSIONS[name]
        if version is None:
            version = default_version(name)
        return next((v for v in versions if v["version"] == str(version)), None)


def publish_version(name: str) -> str:
    """Publish a new version of a managed permission and make it the default (control API only)."""
    if name not in _DEFINITIONS:
        raise KeyError(name)
    with _LOCK:
        versions = _VERSIONS[name]
        actions = json.loads(versions[-1]["template"])["Action"]
        versions.append(_version(len(versions) + 1, actions, datetime.now(timezone.utc)))
        return versions[-1]["version"]


def describe(name: str, version: str, partition: str, detail: bool = False) -> dict:
    """A ResourceSharePermissionSummary (or, with detail, a ResourceSharePermissionDetail)."""
    info = version_info(name, version)
    if is_customer(name):
        return _describe_customer(name, info, detail)
    item = {
        "arn": permission_arn(name, partition),
        "version": info["version"],
        "defaultVersion": info["version"] == default_version(name),
        "name": name,
        "resourceType": resource_type(name),
        "creationTime": info["created"].timestamp(),
        "lastUpdatedTime": info["created"].timestamp(),
        "isResourceTypeDefault": _DEFINITIONS[name][1],
        "permissionType": "AWS_MANAGED",
        "featureSet": "STANDARD",
        "status": "ATTACHABLE",
    }
    if detail:
        item["permission"] = info["template"]
    return item


def _describe_customer(arn: str, info: dict, detail: bool) -> dict:
    perm = CUSTOMER[arn]
    item = {
        "arn": arn,
        "version": info["version"],
        "defaultVersion": info["version"] == perm["default"],
        "name": perm["name"],
        "resourceType": perm["resource_type"],
        "creationTime": info["created"].timestamp(),
        "lastUpdatedTime": info["created"].timestamp(),
        "isResourceTypeDefault": False,
        "permissionType": "CUSTOMER_MANAGED",
        "featureSet": perm.get("feature_set", "STANDARD"),
        "status": "ATTACHABLE",
        "tags": [{"key": k, "value": v} for k, v in sorted(perm["tags"].items())],
    }
    if detail:
        item["permission"] = info["template"]
    return item


def managed_names() -> list:
    return sorted(_DEFINITIONS)


def resource_type_of_arn(arn: str) -> str:
    """The RAM resource type of a resource ARN, e.g. glue database -> glue:Database."""
    match = RESOURCE_ARN.match(arn or "")
    if not match:
        raise MalformedArnException(f"The specified resource ARN {arn} is not valid. Verify the ARN and try again.")
    rtype = RESOURCE_TYPES.get((match.group(2), match.group(3)))
    if rtype is None:
        raise MalformedArnException("You cannot share the selected resource type.")
    return rtype


reset()
