# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""AWS RAM resource shares as ram_resource_share_info reads them: the shares with their associations, sources and
permissions, read for many shares at once.

Private to the collection: its names may change without notice.
"""

from __future__ import annotations

from ansible_collections.partner_onboarding.aws.plugins.module_utils._module import Resource
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram import list_live_shares, share_hints
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram_associations import (
    association_view,
    list_associations,
    principal_statuses,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram_permissions import (
    list_resource_share_permissions,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram_share_sources import sources_by_share


class SharesInfo(Resource):
    """ram_resource_share_info: the shares named (or all live ones), each with its permissions and, for shares the
    caller owns, its associations (read for many shares at once)."""

    def read(self):
        params = self.module.params
        client = self.module.client("ram")
        owner = params["resource_owner"]
        shares = list_live_shares(client, owner, name=params["name"], arn=params["arn"])
        if owner == "SELF":
            arns = [share["arn"] for share in shares]
            principals = list_associations(client, "PRINCIPAL", arns)
            resources = list_associations(client, "RESOURCE", arns)
            for share in shares:
                share.update(
                    association_view(
                        [a for a in principals if a["resource_share_arn"] == share["arn"]],
                        [a for a in resources if a["resource_share_arn"] == share["arn"]],
                    )
                )
                share["principal_statuses"] = principal_statuses(
                    [a for a in principals if a["resource_share_arn"] == share["arn"]]
                )
            if params.get("sources"):
                for share_arn, sources in sources_by_share(client, arns).items():
                    next(share for share in shares if share["arn"] == share_arn)["sources"] = sources
        for share in shares:
            share["permissions"] = list_resource_share_permissions(client, share["arn"])
        return shares

    def hints_for(self, error, write):
        return share_hints(error)

    def report(self, before, after, failed=False):
        return {} if failed else {"resource_shares": after}
