# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    # Every module is in the collection's action group.
    DOCUMENTATION = r"""
attributes:
  action_group:
    description: Part of the action group C(partner_onboarding.aws.aws), for convenient setting of C(module_defaults).
    support: full
    membership:
      - partner_onboarding.aws.aws
"""

    # The _info modules only read.
    INFO = r"""
attributes:
  check_mode:
    description: Runs in check mode exactly as without it; the module never changes anything.
    support: full
  diff_mode:
    description: The module never changes anything, so it has no diff to return.
    support: N/A
"""
