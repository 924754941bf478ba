# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""What the datashare tests answer with: Redshift DataShare answers and their normalized forms."""

from __future__ import annotations

from datetime import datetime, timezone

OWNER = "123456789012"
PARTNER = "111122223333"
OTHER = "444455556666"
NAMESPACE_ID = "3072dae5-022b-4d45-9cd3-01f010aae4b2"
NAMESPACE = f"arn:aws:redshift:us-east-1:{OWNER}:namespace:{NAMESPACE_ID}"
ARN = f"arn:aws:redshift:us-east-1:{OWNER}:datashare:{NAMESPACE_ID}/sales_share"
PARTNER_NAMESPACE = f"arn:aws:redshift:us-east-1:{PARTNER}:namespace:a1b2c3d4-5678-90ab-cdef-111122223333"
CREATED = datetime(2026, 5, 2, 9, 41, 7, tzinfo=timezone.utc)
CHANGED = datetime(2026, 5, 2, 9, 45, 0, tzinfo=timezone.utc)


def entry(consumer, status, allow_writes=False):
    """A DataShareAssociation as Redshift answers it."""
    return {
        "ConsumerIdentifier": consumer,
        "Status": status,
        "CreatedDate": CREATED,
        "StatusChangeDate": CHANGED,
        "ProducerAllowedWrites": allow_writes,
        "ConsumerAcceptedWrites": False,
    }


def datashare(*entries, arn=ARN):
    """A DataShare as Redshift answers it."""
    return {
        "DataShareArn": arn,
        "ProducerArn": NAMESPACE,
        "AllowPubliclyAccessibleConsumers": False,
        "DataShareAssociations": list(entries),
    }


def association(consumer, status, allow_writes=False):
    """An association as the modules return it."""
    return {
        "consumer_identifier": consumer,
        "status": status,
        "allow_writes": allow_writes,
        "consumer_region": None,
        "created_date": CREATED.isoformat(),
        "status_change_date": CHANGED.isoformat(),
    }


def normalized(*associations, arn=ARN):
    """A datashare as the modules return it."""
    return {
        "arn": arn,
        "producer_arn": NAMESPACE,
        "name": arn.rpartition("/")[2],
        "allow_publicly_accessible_consumers": False,
        "associations": list(associations),
    }


def datashares_read(redshift, *items, arn=ARN):
    """Queue one DescribeDataShares page for ``arn``."""
    redshift.add_response("describe_data_shares", {"DataShares": list(items)}, {"DataShareArn": arn})


def cluster_read(redshift, cluster="analytics", namespace=NAMESPACE):
    redshift.add_response(
        "describe_clusters",
        {"Clusters": [{"ClusterIdentifier": cluster, "ClusterNamespaceArn": namespace}]},
        {"ClusterIdentifier": cluster},
    )
