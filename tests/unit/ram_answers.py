# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""RAM answers as AWS gives them (resource shares, associations, invitations, permissions), for the Stubber, and the
names the RAM share tests use (the plans' writes checked against RAM's model, ram_resource_share's options); shared by
the module_utils tests and the module tests."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

import botocore.session
from botocore.validate import ParamValidator

from ansible_collections.partner_onboarding.aws.plugins.module_utils import _waiters

OWNER = "123456789012"
PARTNER = "210987654321"
SHARE = f"arn:aws:ram:us-east-1:{OWNER}:resource-share/7ab63972-b505-4e2a-9d1e-8a3f1b0c2d4e"
OTHER_SHARE = f"arn:aws:ram:us-east-1:{OWNER}:resource-share/0c1d2e3f-4a5b-6c7d-8e9f-0a1b2c3d4e5f"
INVITATION = f"arn:aws:ram:us-east-1:{OWNER}:resource-share-invitation/1e3477ab-b4d8-4fa5-9b1a-0d4e0c2b7a11"

DB = f"arn:aws:glue:us-east-1:{OWNER}:database/sales"
TABLE = f"arn:aws:glue:us-east-1:{OWNER}:table/sales/orders"
CATALOG = f"arn:aws:glue:us-east-1:{OWNER}:catalog"

ORG = f"arn:aws:organizations::{OWNER}:organization/o-exampleorg1"
OU = f"arn:aws:organizations::{OWNER}:ou/o-exampleorg1/ou-ab12-cdefgh34"
ROLE = f"arn:aws:iam::{PARTNER}:role/partner/etl-loader"
USER = f"arn:aws:iam::{PARTNER}:user/loader"
SERVICE = "glue.amazonaws.com"

DB_DEFAULT = "arn:aws:ram::aws:permission/AWSRAMDefaultPermissionGlueDatabase"
DB_RW = "arn:aws:ram::aws:permission/AWSRAMPermissionGlueDatabaseReadWrite"
TABLE_DEFAULT = "arn:aws:ram::aws:permission/AWSRAMDefaultPermissionGlueTable"
TABLE_RW = "arn:aws:ram::aws:permission/AWSRAMPermissionGlueTableReadWrite"

CREATED = datetime(2024, 6, 1, 9, 41, 7, tzinfo=timezone.utc)
CONNECTION = {"region": "us-east-1", "access_key": "AKIAUNITTEST", "secret_key": "unit-test-secret-key"}


def at(minutes):
    """A time ``minutes`` after CREATED."""
    return CREATED + timedelta(minutes=minutes)


def resource_share(arn=SHARE, name="partner-share", status="ACTIVE", allow=False, tags=None, owner=OWNER):
    """A ResourceShare as GetResourceShares and CreateResourceShare return it."""
    return {
        "resourceShareArn": arn,
        "name": name,
        "owningAccountId": owner,
        "allowExternalPrincipals": allow,
        "status": status,
        "tags": [{"key": key, "value": value} for key, value in (tags or {}).items()],
        "creationTime": CREATED,
        "lastUpdatedTime": CREATED,
        "featureSet": "STANDARD",
    }


def association(entity, kind, status="ASSOCIATED", share=SHARE, external=False, message=None, updated=CREATED):
    """A ResourceShareAssociation as GetResourceShareAssociations returns it."""
    item = {
        "resourceShareArn": share,
        "resourceShareName": "partner-share",
        "associatedEntity": entity,
        "associationType": kind,
        "status": status,
        "creationTime": CREATED,
        "lastUpdatedTime": updated,
        "external": external,
    }
    if message:
        item["statusMessage"] = message
    return item


def principal(entity, status="ASSOCIATED", **kwargs):
    return association(entity, "PRINCIPAL", status, **kwargs)


def resource(entity, status="ASSOCIATED", **kwargs):
    return association(entity, "RESOURCE", status, **kwargs)


def invitation(status="PENDING", share=SHARE, name="partner-share", sent=CREATED, arn=INVITATION):
    """A ResourceShareInvitation as the partner's GetResourceShareInvitations returns it."""
    return {
        "resourceShareInvitationArn": arn,
        "resourceShareName": name,
        "resourceShareArn": share,
        "senderAccountId": OWNER,
        "receiverAccountId": PARTNER,
        "invitationTimestamp": sent,
        "status": status,
    }


def summary(arn, resource_type, version="1"):
    """A ResourceSharePermissionSummary as ListResourceSharePermissions returns it."""
    return {
        "arn": arn,
        "version": version,
        "defaultVersion": True,
        "name": arn.rsplit("/", 1)[1],
        "resourceType": resource_type,
        "status": "ASSOCIATED",
        "creationTime": CREATED,
        "lastUpdatedTime": CREATED,
        "isResourceTypeDefault": "Default" in arn,
        "permissionType": "AWS_MANAGED",
        "featureSet": "STANDARD",
    }


def permission_detail(arn, resource_type, version="1"):
    """GetPermission's answer."""
    item = dict(summary(arn, resource_type, version), permission='{"Effect": "Allow"}', status="ATTACHABLE")
    return {"permission": item}


# --- queueing the reads -------------------------------------------------------------------------------------------


def shares_read(ram, *shares, owner="SELF", next_token=None, token=None, **filters):
    """Queue one GetResourceShares page."""
    response = {"resourceShares": list(shares)}
    if next_token:
        response["nextToken"] = next_token
    expected = {"resourceOwner": owner, **filters}
    if token:
        expected["nextToken"] = token
    ram.add_response("get_resource_shares", response, expected)


def associations_read(ram, kind, *items, shares=(SHARE,), next_token=None, token=None):
    """Queue one GetResourceShareAssociations page."""
    response = {"resourceShareAssociations": list(items)}
    if next_token:
        response["nextToken"] = next_token
    expected = {"associationType": kind, "resourceShareArns": list(shares)}
    if token:
        expected["nextToken"] = token
    ram.add_response("get_resource_share_associations", response, expected)


def permissions_read(ram, *items, share=SHARE):
    """Queue one ListResourceSharePermissions page."""
    ram.add_response("list_resource_share_permissions", {"permissions": list(items)}, {"resourceShareArn": share})


def run_task(run_module, module, check_mode=False, **args):
    """Run ``module`` with the test connection options (and check mode) and return its result."""
    args = dict(CONNECTION, **args)
    if check_mode:
        args["_ansible_check_mode"] = True
    return run_module(module, **args)


def skip_waiter_sleep(monkeypatch):
    """Make the wait loop poll without sleeping; returns the list of the delays it asked for."""
    delays = []
    monkeypatch.setattr(_waiters, "time", SimpleNamespace(sleep=delays.append))
    return delays


# --- the plans' writes and the share module's options ----------------------------------------------------------

RAM_MODEL = botocore.session.get_session().get_service_model("ram")


class Tokens:
    """A deterministic client-token function: the n-th token asked for is ``token-<n>-<operation>``."""

    def __init__(self):
        self.count = 0

    def __call__(self, operation):
        self.count += 1
        return f"token-{self.count}-{operation}"


def sent(writes):
    """The writes as (operation, params), after checking each request against RAM's real model."""
    for write in writes:
        report = ParamValidator().validate(write.params, RAM_MODEL.operation_model(write.operation).input_shape)
        assert not report.has_errors(), report.generate_report()
    return [(write.operation, write.params) for write in writes]


def params(**options):
    """ram_resource_share's options, with the defaults AnsibleModule gives."""
    defaults = {
        "name": "partner-share",
        "arn": None,
        "state": "present",
        "resource_arns": None,
        "purge_resources": False,
        "principals": None,
        "purge_principals": False,
        "allow_external_principals": None,
        "permissions": None,
        "sources": None,
        "purge_sources": False,
        "retain_sharing_on_account_leave_organization": None,
        "promote": False,
        "tags": None,
        "purge_tags": True,
        "wait": True,
        "wait_timeout": 300,
        "client_token": None,
    }
    return dict(defaults, **options)
