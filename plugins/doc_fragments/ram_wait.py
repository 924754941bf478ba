# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    # Waiting for RAM's asynchronous associations.
    DOCUMENTATION = r"""
options:
  wait:
    description:
      - Wait until every association the task made is C(ASSOCIATED) (or C(DISASSOCIATED)), and a new share is
        C(ACTIVE), polling C(GetResourceShareAssociations) every 2 seconds (reads only).
      - An association that ends C(FAILED) fails the task with RAM's status message.
      - An account outside the organization stays C(ASSOCIATING) until it accepts its invitation; it is not waited
        for.
    type: bool
    default: true
  wait_timeout:
    description:
      - How long to wait, in seconds.
    type: int
    default: 300
"""
