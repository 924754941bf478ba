# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import pytest

from ansible_collections.partner_onboarding.aws.plugins.module_utils._partner_access_datashares import (
    declaring_partner,
    invalid_references,
    missing_grants,
    outside_grants,
    resolve,
)

OWN = "123456789012"
PARTNER = "210987654321"
NAMESPACE = f"arn:aws:redshift:us-east-1:{OWN}:namespace:aaaa"
ARN = f"arn:aws:redshift:us-east-1:{OWN}:datashare:aaaa/sales_share"
OTHER_ARN = "arn:aws:redshift:us-east-1:444455556666:datashare:bbbb/vendor_share"


def datashare(arn, *associations, producer=NAMESPACE):
    return {
        "arn": arn,
        "producer_arn": producer,
        "name": arn.rpartition("/")[2],
        "associations": [{"consumer_identifier": c, "status": s} for c, s in associations],
    }


@pytest.mark.parametrize(
    "status, listed",
    [
        (s, s in ("AUTHORIZED", "AVAILABLE", "ACTIVE"))
        for s in ("ACTIVE", "PENDING_AUTHORIZATION", "AUTHORIZED", "DEAUTHORIZED", "REJECTED", "AVAILABLE")
    ],
)
def test_only_associations_that_give_access(status, listed):
    found = outside_grants([datashare(ARN, (PARTNER, status))], OWN)
    assert [g["grantee"] for g in found] == ([PARTNER] if listed else [])


def test_only_the_callers_datashares_and_outside_consumers():
    datashares = [
        datashare(
            ARN,
            (PARTNER, "ACTIVE"),
            (f"arn:aws:redshift:us-east-1:{OWN}:namespace:cccc", "ACTIVE"),
            ("ADX", "AUTHORIZED"),
        ),
        datashare(OTHER_ARN, (OWN, "ACTIVE"), producer="arn:aws:redshift:us-east-1:444455556666:namespace:bbbb"),
        # No producer ARN: the datashare's ARN names the producer account.
        datashare(ARN.replace("sales_share", "a_share"), ("999988887777", "AUTHORIZED"), producer=None),
    ]
    found = outside_grants(datashares, OWN, {"analytics": NAMESPACE, "reporting": None})
    assert [(g["datashare_name"], g["grantee"], g["cluster_identifier"]) for g in found] == [
        ("a_share", "999988887777", None),
        ("sales_share", PARTNER, "analytics"),
        ("sales_share", "ADX", "analytics"),
    ]


@pytest.mark.parametrize(
    "reference, namespaces, resolved",
    [
        (ARN, None, (ARN, None, "sales_share", True)),
        (ARN, {"analytics": NAMESPACE}, (ARN, "analytics", "sales_share", True)),
        ({"datashare_arn": ARN}, {}, (ARN, None, "sales_share", True)),
        (
            {"cluster_identifier": "Analytics", "datashare_name": "Sales_Share"},
            {"analytics": NAMESPACE},
            (ARN, "Analytics", "Sales_Share", True),
        ),
        (
            {"cluster_identifier": "gone", "datashare_name": "sales_share"},
            {"analytics": NAMESPACE},
            (None, "gone", "sales_share", True),
        ),
        (
            {"cluster_identifier": "analytics", "datashare_name": "sales_share"},
            None,
            (None, "analytics", "sales_share", False),
        ),
    ],
)
def test_resolve(reference, namespaces, resolved):
    found = resolve(reference, namespaces)
    assert (found["datashare_arn"], found["cluster_identifier"], found["datashare_name"], found["known"]) == resolved


def grant(grantee, arn=ARN, cluster=None):
    return {
        "grantee": grantee,
        "datashare_arn": arn,
        "datashare_name": arn.rpartition("/")[2],
        "cluster_identifier": cluster,
    }


def partner(*references, namespaces=None, principals=(PARTNER,)):
    return {
        "name": "Fivetran",
        "principals": list(principals),
        "datashares": [resolve(r, namespaces) for r in references],
    }


@pytest.mark.parametrize(
    "item, partners, declared",
    [
        (grant(PARTNER), [partner(ARN)], "Fivetran"),
        (grant(PARTNER), [partner(ARN.replace("sales_share", "Sales_Share"))], "Fivetran"),
        (grant("999988887777"), [partner(ARN)], None),
        (grant(PARTNER, OTHER_ARN), [partner(ARN)], None),
        (grant(PARTNER), [partner(ARN, principals=[f"arn:aws:iam::{PARTNER}:role/x"])], None),
        (
            grant(PARTNER),
            [
                partner(
                    {"cluster_identifier": "analytics", "datashare_name": "sales_share"},
                    namespaces={"analytics": NAMESPACE},
                )
            ],
            "Fivetran",
        ),
        # The clusters not listed: told by name (and cluster, when the row knows it).
        (grant(PARTNER), [partner({"cluster_identifier": "analytics", "datashare_name": "SALES_SHARE"})], "Fivetran"),
        (
            grant(PARTNER, cluster="reporting"),
            [partner({"cluster_identifier": "analytics", "datashare_name": "sales_share"})],
            None,
        ),
        # Listed, and the cluster does not exist: nothing is it.
        (
            grant(PARTNER),
            [
                partner(
                    {"cluster_identifier": "gone", "datashare_name": "sales_share"}, namespaces={"analytics": NAMESPACE}
                )
            ],
            None,
        ),
    ],
)
def test_declaring_partner(item, partners, declared):
    assert declaring_partner(item, partners) == declared


def test_missing_grants_per_datashare_and_outside_account():
    partners = [
        partner(
            ARN,
            OTHER_ARN,
            {"cluster_identifier": "gone", "datashare_name": "x"},
            namespaces={},
            principals=[PARTNER, "999988887777", OWN, f"arn:aws:iam::{PARTNER}:role/r"],
        )
    ]
    found = missing_grants([grant(PARTNER)], partners, OWN)
    # Another producer's datashare is not reviewed; the caller's account is not a partner.
    assert [(m["grantee"], m["datashare_arn"], m["datashare_name"]) for m in found] == [
        ("999988887777", ARN, "sales_share"),
        (PARTNER, None, "x"),
        ("999988887777", None, "x"),
    ]


@pytest.mark.parametrize(
    "references, principals, messages",
    [
        ([ARN, {"cluster_identifier": "analytics", "datashare_name": "s"}], [PARTNER], []),
        ([{"datashare_arn": ARN, "allow_writes": True, "grant_usage": None}], [PARTNER], []),
        ([ARN], [f"arn:aws:iam::{PARTNER}:root"], []),
        ([ARN], [], ["d needs a 12-digit AWS account ID in p"]),
        (["nope"], [PARTNER], ["d[0]: datashare_arn 'nope' is not valid"]),
        (
            [{"datashare_arn": ARN, "datashare_name": "s", "cluster_identifier": "c"}],
            [PARTNER],
            ["d[0]: datashare_arn and datashare_name are mutually exclusive"],
        ),
        ([{"datashare_name": "s"}], [PARTNER], ["d[0]: datashare_name needs cluster_identifier"]),
        (
            [{"cluster_identifier": "bad_cluster!", "datashare_name": "s"}],
            [PARTNER],
            ["d[0]: cluster_identifier 'bad_cluster!' is not valid"],
        ),
        ([{"datashare_arn": ARN, "consumer": "x"}], [PARTNER], ["d[0]: unknown key(s) consumer"]),
        ([3], [PARTNER], ["d[0] must be a datashare ARN"]),
    ],
)
def test_invalid_references(references, principals, messages):
    found = invalid_references(references, principals, "d", "p")
    assert len(found) == len(messages), found
    assert all(text.startswith(message) for text, message in zip(found, messages))


def test_a_namespace_consumer_is_its_account_once():
    """A consumer namespace's association is its account's access: the row names the account (which a partner's
    principals and remediation's consumer_account_ids take), once per datashare however many of its namespaces."""
    datashares = [
        datashare(
            ARN,
            (f"arn:aws:redshift:us-east-1:{PARTNER}:namespace:dddd", "ACTIVE"),
            (f"arn:aws:redshift:us-east-1:{PARTNER}:namespace:eeee", "ACTIVE"),
        )
    ]
    assert [g["grantee"] for g in outside_grants(datashares, OWN)] == [PARTNER]
