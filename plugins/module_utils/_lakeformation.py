# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Lake Formation calls, once for the service: the client (with ConcurrentModificationException retried), the one
read (ListPermissions, every page) and the one normalized grant shape.

Private to the collection: its names may change without notice.
"""

from __future__ import annotations

import random

from ansible_collections.partner_onboarding.aws.plugins.module_utils._calls import normalize, paginate

# botocore's model has no paginator for ListPermissions: its pagination, for botocore's own Paginator.
LIST_PERMISSIONS_PAGINATION = {"input_token": "NextToken", "output_token": "NextToken", "limit_key": "MaxResults"}

# Lake Formation answers ConcurrentModificationException while another change to the catalog's permissions is in
# progress, and documents it as "try again"; botocore's retry modes do not retry it. Bounded: this many attempts in
# all, with a growing, jittered pause (seconds) between them.
CONCURRENT_MODIFICATION = "ConcurrentModificationException"
CONCURRENT_MODIFICATION_ATTEMPTS = 5
CONCURRENT_MODIFICATION_BASE_DELAY = 0.5


def _retry_concurrent_modification(attempts, response=None, **kwargs):
    """botocore's ``needs-retry`` event for Lake Formation: a pause before another attempt, or None.

    botocore asks every handler and retries when one answers a pause, so its own retry mode (throttling, 5xx) is
    untouched, the request is resent as it was, and the answer's ``RetryAttempts`` counts these retries too.
    """
    if response is None or attempts >= CONCURRENT_MODIFICATION_ATTEMPTS:
        return None
    parsed = response[1] if isinstance(response, tuple) and len(response) > 1 else {}
    if (parsed.get("Error") or {}).get("Code") != CONCURRENT_MODIFICATION:
        return None
    return CONCURRENT_MODIFICATION_BASE_DELAY * (2 ** (attempts - 1)) * (0.5 + random.random() / 2)


def lakeformation_client(module):
    """The task's Lake Formation client, retrying ConcurrentModificationException (bounded) through botocore's
    ``needs-retry`` event; registering twice is harmless (botocore drops a repeated unique_id)."""
    client = module.client("lakeformation")
    client.meta.events.register(
        "needs-retry.lakeformation",
        _retry_concurrent_modification,
        unique_id="partner_onboarding.aws.lakeformation-concurrent-modification",
    )
    return client


def normalize_grant(item):
    """One of ListPermissions' PrincipalResourcePermissions as the modules return it."""
    found = normalize(item)
    return {
        "principal": (found.get("principal") or {}).get("data_lake_principal_identifier"),
        "resource": found.get("resource") or {},
        "permissions": sorted(set(found.get("permissions") or [])),
        "permissions_with_grant_option": sorted(set(found.get("permissions_with_grant_option") or [])),
    }


def merge_grants(grants):
    """One grant per principal and resource (Lake Formation may answer a principal's permissions on a resource in
    several entries), in the order first seen."""
    merged = {}
    for grant in grants:
        key = (grant["principal"], repr(sorted(_flat(grant["resource"]))))
        if key not in merged:
            merged[key] = dict(grant)
            continue
        for field in ("permissions", "permissions_with_grant_option"):
            merged[key][field] = sorted(set(merged[key][field]) | set(grant[field]))
    return list(merged.values())


def _flat(value, prefix=""):
    if isinstance(value, dict):
        if not value:
            return [(prefix, "{}")]
        return [pair for key, item in value.items() for pair in _flat(item, f"{prefix}/{key}")]
    return [(prefix, repr(value))]


def list_grants(client, catalog_id=None, principal=None, resource=None, resource_type=None):
    """Every grant ListPermissions answers for the filters (AWS's CamelCase ``resource``), normalized, every page."""
    params = {}
    if catalog_id:
        params["CatalogId"] = catalog_id
    if principal:
        params["Principal"] = {"DataLakePrincipalIdentifier": principal}
    if resource:
        params["Resource"] = resource
    if resource_type:
        params["ResourceType"] = resource_type
    items = paginate(
        client, "ListPermissions", "PrincipalResourcePermissions", pagination=LIST_PERMISSIONS_PAGINATION, **params
    )
    return [normalize_grant(item) for item in items]
