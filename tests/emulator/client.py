"""Tiny helper for tests to drive the emulator's control API (standard library only)."""

import json
import urllib.request

# The emulator's port when none is given: the one fixed port of the project (everything else picks a free port).
DEFAULT_PORT = 5555
DEFAULT_ENDPOINT = f"http://127.0.0.1:{DEFAULT_PORT}"

# Loopback only: never go through a proxy from the environment.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


# The operations that change AWS state, for tests that count writes.
WRITE_OPERATIONS = frozenset(
    {
        "AddPartner",
        "DeletePartner",
        "UpdatePartnerStatus",
        "AssociateResourceSharePermission",
        "DisassociateResourceSharePermission",
        "CreateResourceShare",
        "UpdateResourceShare",
        "DeleteResourceShare",
        "AssociateResourceShare",
        "DisassociateResourceShare",
        "TagResource",
        "UntagResource",
        "AcceptResourceShareInvitation",
        "RejectResourceShareInvitation",
        "CreatePermission",
        "CreatePermissionVersion",
        "SetDefaultPermissionVersion",
        "DeletePermissionVersion",
        "DeletePermission",
        "ReplacePermissionAssociations",
        "GrantPermissions",
        "RevokePermissions",
        "AuthorizeDataShare",
        "DeauthorizeDataShare",
        "AssociateDataShareConsumer",
        "DisassociateDataShareConsumer",
        "RejectDataShare",
        "ExecuteStatement",
        "PromotePermissionCreatedFromPolicy",
        "PromoteResourceShareCreatedFromPolicy",
    }
)


class EmulatorClient:
    def __init__(self, endpoint: str = DEFAULT_ENDPOINT):
        self.endpoint = endpoint.rstrip("/")

    def _call(self, method: str, path: str, body: dict | None = None) -> dict:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            f"{self.endpoint}/_emulator/{path}",
            data=data,
            method=method,
            headers={"Content-Type": "application/json"},
        )
        with _OPENER.open(request, timeout=30) as response:
            return json.load(response)

    def reset(self) -> None:
        self._call("POST", "reset", {})

    def requests(self, service: str | None = None, operation: str | None = None) -> list:
        """The logged AWS requests, optionally only those of one service / operation."""
        return [
            r
            for r in self._call("GET", "requests")["requests"]
            if service in (None, r["service"]) and operation in (None, r["operation"])
        ]

    def writes(self) -> list:
        """The operations of the logged requests that change state, in order (whatever their answer)."""
        return [r["operation"] for r in self.requests() if r["write"]]

    def clear_requests(self) -> None:
        self._call("DELETE", "requests")

    def fault(self, service: str, operation: str, fault: str, count: int = 1) -> None:
        self._call("POST", "faults", {"service": service, "operation": operation, "fault": fault, "count": count})

    def clear_faults(self) -> None:
        self._call("DELETE", "faults")

    def set_page_size(self, size: int | None) -> None:
        self._call("POST", "config", {"page_size": size})

    def set_config(self, **config) -> dict:
        """Set emulator settings (``page_size``, ``extra_partners``, ``associating_reads``,
        ``fail_associations``, ``organization_accounts``, ``accounts``, ``empty_pages``); returns them all."""
        return self._call("POST", "config", config)["config"]

    def config(self) -> dict:
        return self._call("GET", "config")["config"]

    def add_account(self, access_key: str, account_id: str) -> None:
        """Requests signed with ``access_key`` act as ``account_id`` (e.g. the partner's account)."""
        self.set_config(accounts=dict(self.config()["accounts"], **{access_key: account_id}))

    def expire_invitations(self, resource_share_arn: str | None = None) -> list:
        """Pending RAM invitations (of one share, or all) expire; returns the expired invitation ARNs."""
        body = {"resource_share_arn": resource_share_arn} if resource_share_arn else {}
        return self._call("POST", "ram/expire-invitations", body)["expired"]

    def seed(
        self, region: str = "us-east-1", redshift_clusters=(), resource_shares=(), permissions=(), iam_roles=()
    ) -> dict:
        """Create clusters, shares, customer managed permissions and IAM roles as AWS itself would (a CloudFormation
        stack: tags may have ``aws:`` keys); a share is ``{"name", "resource_arns", "principals", "permission_arns",
        "tags": {key: value}, "allow_external_principals"}`` (only ``name`` required), a permission ``{"name",
        "resource_type", "policy_template", "tags"}``, a role ``{"name", "trust_policy", "path"}`` (``trust_policy`` a
        dict)."""
        return self._call(
            "POST",
            "seed",
            {
                "region": region,
                "redshift_clusters": list(redshift_clusters),
                "resource_shares": list(resource_shares),
                "permissions": list(permissions),
                "iam_roles": list(iam_roles),
            },
        )

    def redshift_cluster(self, cluster_identifier: str, account: str | None = None, region: str = "us-east-1") -> str:
        """A cluster in ``account`` (default: the owner), e.g. the partner's; returns its namespace ARN."""
        body = {"cluster_identifier": cluster_identifier, "account": account, "region": region}
        return self._call("POST", "redshift/clusters", body)["namespace_arn"]

    def datashare(self, cluster_identifier: str, name: str, grants=(), account=None, region="us-east-1") -> str:
        """A datashare made as CREATE DATASHARE (and GRANT USAGE for each of ``grants``) would; returns its ARN."""
        body = {"cluster_identifier": cluster_identifier, "name": name, "grants": list(grants), "region": region}
        return self._call("POST", "redshift/datashares", dict(body, account=account))["arn"]

    def leave_organization(self, account: str) -> list:
        """``account`` leaves the owner's organization: its principal associations become SUSPENDING, then
        SUSPENDED, in shares that retain sharing (else DISASSOCIATED); returns ``[{resource_share_arn, principal,
        status}]``."""
        return self._call("POST", "ram/leave-organization", {"account": account})["principals"]

    def join_organization(self, account: str) -> list:
        """``account`` joins the owner's organization again: its suspended principals become RESTORING, then
        ASSOCIATED."""
        return self._call("POST", "ram/join-organization", {"account": account})["principals"]

    def new_permission_version(self, name: str) -> str:
        return self._call("POST", "ram/permission-version", {"name": name})["version"]

    def seed_catalog(self, region: str = "us-east-1", databases=None, data_locations=()) -> dict:
        """Glue databases and tables (``{"sales": ["orders"]}``) and registered Lake Formation data locations."""
        body = {"region": region, "databases": dict(databases or {}), "data_locations": list(data_locations)}
        return self._call("POST", "lakeformation/catalog", body)
