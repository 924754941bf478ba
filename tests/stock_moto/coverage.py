# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""What the stock moto server (5.2.5, pinned in tests/requirements.txt) lacks of what the collection calls: the one
list. A test that needs one of these skips saying so; test_coverage.py checks the list against moto itself, so it
cannot go stale when moto is upgraded."""

from __future__ import annotations

STOCK_MOTO_LACKS = (
    # Redshift: clusters, but no partner integrations.
    "redshift:AddPartner",
    "redshift:DeletePartner",
    "redshift:DescribePartners",
    "redshift:UpdatePartnerStatus",
    # RAM: shares are created with their resources and principals, but not changed afterwards.
    "ram:AssociateResourceShare",
    "ram:DisassociateResourceShare",
    "ram:TagResource",
    "ram:UntagResource",
    # RAM: a share's permissions.
    "ram:AssociateResourceSharePermission",
    "ram:DisassociateResourceSharePermission",
    "ram:ListResourceSharePermissions",
    "ram:GetPermission",
    # RAM: customer managed permissions (1.2.0).
    "ram:CreatePermission",
    "ram:CreatePermissionVersion",
    "ram:SetDefaultPermissionVersion",
    "ram:DeletePermissionVersion",
    "ram:DeletePermission",
    "ram:ListPermissionVersions",
    "ram:ListPermissionAssociations",
    "ram:ReplacePermissionAssociations",
    "ram:ListReplacePermissionAssociationsWork",
    # RAM: the receiver's side.
    "ram:GetResourceShareInvitations",
    "ram:AcceptResourceShareInvitation",
    "ram:RejectResourceShareInvitation",
    # RAM since 2023 (1.3.0): sources (moto's CreateResourceShare ignores them), and shares created from a resource
    # policy (moto's shares are always STANDARD). Not operations, so not in this list: moto's GetResourceShares has no
    # resourceShareConfiguration (a share never says it retains sharing), and its associations are never SUSPENDED.
    "ram:ListSourceAssociations",
    "ram:PromotePermissionCreatedFromPolicy",
    "ram:PromoteResourceShareCreatedFromPolicy",
)

# What stock moto does implement and this suite runs the modules against.
STOCK_MOTO_HAS = (
    "sts:GetCallerIdentity",
    "ram:CreateResourceShare",
    "ram:GetResourceShares",
    "ram:UpdateResourceShare",
    "ram:DeleteResourceShare",
    "ram:GetResourceShareAssociations",
    # Only AWS-managed permissions, and permissionType ALL: moto 5.2.5 takes AWS / LOCAL where the RAM API (and
    # botocore's model) says AWS_MANAGED / CUSTOMER_MANAGED, and refuses the latter with InvalidParameterException.
    "ram:ListPermissions",
    # Lake Formation (1.3.0): grants stored as sent, read back without pagination.
    "lakeformation:GrantPermissions",
    "lakeformation:RevokePermissions",
    "lakeformation:ListPermissions",
)
