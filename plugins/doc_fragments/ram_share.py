# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    # How the modules that work on one existing resource share name it.
    DOCUMENTATION = r"""
options:
  resource_share_arn:
    description:
      - The ARN of the resource share, C(arn:<partition>:ram:<region>:<account>:resource-share/<id>).
      - Exactly one of O(resource_share_arn) and O(resource_share_name) is required.
    type: str
  resource_share_name:
    description:
      - The name of the resource share, looked up among the resource shares that the caller's account owns in the
        region (C(GetResourceShares) with C(resourceOwner=SELF)). Shares being deleted or deleted are ignored.
      - The task fails when no share or several shares have this name, listing the candidates; use
        O(resource_share_arn) to pick one of several.
      - Exactly one of O(resource_share_arn) and O(resource_share_name) is required.
    type: str
"""
