# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""_partner_access_drift: ignore, expiry and the RAM shares Lake Formation manages (tables of rows)."""

from __future__ import annotations

from datetime import date

import pytest

from ansible_collections.partner_onboarding.aws.plugins.module_utils._partner_access_drift import (
    invalid_expires_on,
    invalid_ignore,
    is_expired,
    is_ignored,
    lakeformation_row_for,
    managed_by,
    settle_drift,
)

TODAY = date(2026, 6, 15)
PARTNER = "210987654321"
LF_SHARE = "LakeFormation-V3-ABCDEFGHIJ-123456789012"


def row(kind, grantee, partner=None, **extra):
    return dict({"kind": kind, "grantee": grantee, "partner": partner, "managed_by": None}, **extra)


@pytest.mark.parametrize(
    "expires_on, expired",
    [(None, False), ("2026-06-14", True), ("2026-06-15", True), ("2026-06-16", False), ("1999-01-01", True)],
)
def test_is_expired_on_the_day_and_after(expires_on, expired):
    assert is_expired(expires_on, TODAY) is expired


@pytest.mark.parametrize(
    "value, ok",
    [
        (None, True),
        ("2026-12-31", True),
        ("2028-02-29", True),
        ("2026-02-29", False),
        ("2026-12-1", False),
        ("31/12/2026", False),
        ("2026-12-31T00:00:00", False),
        ("", False),
        ("tomorrow", False),
    ],
)
def test_invalid_expires_on(value, ok):
    errors = invalid_expires_on(value, "partners[2].expires_on")
    assert errors == ([] if ok else [f"partners[2].expires_on: {value!r} is not a date in the form YYYY-MM-DD"])


def test_invalid_ignore():
    assert invalid_ignore(["111122223333", "Fivetran"]) == []
    assert invalid_ignore(["111122223333", "  "]) == ["ignore entries must not be empty"]


@pytest.mark.parametrize(
    "grantee, ignore, ignored",
    [
        (PARTNER, [PARTNER], True),
        (PARTNER, [f"arn:aws:iam::{PARTNER}:root"], True),
        (f"arn:aws:iam::{PARTNER}:root", [PARTNER], True),
        (f"arn:aws:iam::{PARTNER}:role/etl", [f"arn:aws:iam::{PARTNER}:role/etl"], True),
        # An ignored account does not ignore the roles of that account named on their own.
        (f"arn:aws:iam::{PARTNER}:role/etl", [PARTNER], False),
        ("Fivetran", ["Fivetran"], True),
        ("Fivetran", ["fivetran"], False),
        (PARTNER, [], False),
    ],
)
def test_is_ignored_matches_an_account_in_either_form(grantee, ignore, ignored):
    assert is_ignored(row("ram", grantee), ignore) is ignored


@pytest.mark.parametrize(
    "name, expected",
    [(LF_SHARE, "lakeformation"), ("LakeFormation", "lakeformation"), ("lakeformation-x", None), ("share", None)],
)
def test_managed_by(name, expected):
    assert managed_by(name) == expected


def test_a_lakeformation_share_row_is_covered_by_an_expected_lakeformation_row_of_its_principal():
    managed = row("ram", PARTNER, managed_by="lakeformation")
    grant = row("lakeformation", f"arn:aws:iam::{PARTNER}:root", "Fivetran")
    assert lakeformation_row_for(managed, [grant]) is grant
    assert lakeformation_row_for(managed, [row("lakeformation", "333344445555", "Stitch")]) is None
    assert lakeformation_row_for(managed, [row("ram", PARTNER, "Fivetran")]) is None
    assert lakeformation_row_for(row("ram", PARTNER), [grant]) is None


def test_settle_drift():
    rows = [
        row("redshift", "Fivetran", "Fivetran"),  # declared
        row("ram", PARTNER, "Fivetran", managed_by="lakeformation"),  # covered by the lakeformation row
        row("lakeformation", PARTNER, "Fivetran"),  # declared
        row("ram", "444455556666", None, managed_by="lakeformation"),  # no lakeformation row: unexpected
        row("iam_role", "111122223333"),  # ignored
        row("ram", "333344445555", "Stitch"),  # Stitch has expired
        row("iam_role", "*"),  # unexpected
    ]
    unexpected = [rows[1], rows[3], rows[4], rows[5], rows[6]]
    missing = [row("ram", "333344445555", "Stitch"), row("redshift", "Fivetran", "Fivetran")]
    partners = [{"name": "Fivetran", "expires_on": "2026-06-16"}, {"name": "Stitch", "expires_on": "2026-06-15"}]
    found, still_missing, expired = settle_drift(
        rows, unexpected, missing, partners, ignore=["arn:aws:iam::111122223333:root"], today=TODAY
    )
    assert found == [rows[3], rows[6]]
    assert still_missing == [missing[1]]
    assert expired == [rows[5]]


def test_a_covered_share_row_takes_its_grants_partner_and_expiry():
    rows = [row("ram", PARTNER, None, managed_by="lakeformation"), row("lakeformation", PARTNER, "Fivetran")]
    found, missing, expired = settle_drift(
        rows, [rows[0]], [], [{"name": "Fivetran", "expires_on": "2026-01-01"}], (), TODAY
    )
    assert rows[0]["partner"] == "Fivetran"
    assert (found, missing, expired) == ([], [], rows)


def test_an_unexpected_lakeformation_row_covers_nothing():
    rows = [row("ram", PARTNER, None, managed_by="lakeformation"), row("lakeformation", PARTNER)]
    found, missing, expired = settle_drift(rows, list(rows), [], [], (), TODAY)
    assert (found, missing, expired) == (rows, [], [])
