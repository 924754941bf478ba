# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The readable report of an access review: partner_access_info's result as Markdown (a table per partner, a section
per kind of access, then the unexpected and the missing access, and what remediation did), for the filter
partner_access_markdown and the playbook report_partner_access.

Private to the collection: its names may change without notice.
"""

from __future__ import annotations

NOT_DECLARED = "Not in any partner entry"
_EXTERNAL = {True: "yes", False: "no", None: "unknown"}


def _cell(value):
    text = "" if value is None else str(value)
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _lakeformation_resource(row):
    if row.get("data_location_arn"):
        return f"data location {row['data_location_arn']}"
    table = f", table {row['table_name']}" if row.get("table_name") else ""
    return f"database {row.get('database_name')}{table}"


def _where(row):
    if row["kind"] == "redshift":
        return f"cluster {row['cluster_identifier']}, database {row['database_name']}"
    if row["kind"] == "iam_role":
        return f"role {row['role_name'] or row['role_arn']}"
    if row["kind"] == "lakeformation":
        return _lakeformation_resource(row)
    if row["kind"] == "datashare":
        return f"datashare {row.get('datashare_name') or row.get('datashare_arn')}"
    share = row["resource_share_name"] or row["resource_share_arn"]
    return f"share {share}" if share else "no such share"


def _externals(review):
    """``{(share ARN, principal): external}`` from the review's shares."""
    return {
        (share["arn"], principal["principal"]): principal.get("external")
        for share in review.get("resource_shares") or []
        for principal in share.get("principals") or []
    }


def _table(rows, externals, with_partner=False, with_status=True):
    header = (["partner"] if with_partner else []) + ["kind", "grantee", "access to", "outside the organization"]
    header += ["status"] if with_status else []
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in rows:
        external = ""
        if row["kind"] == "ram":
            external = _EXTERNAL.get(externals.get((row["resource_share_arn"], row["grantee"])), "unknown")
        cells = ([row["partner"] or "none"] if with_partner else []) + [
            row["kind"],
            row["grantee"],
            _where(row),
            external,
        ]
        cells += [row["status"]] if with_status else []
        lines.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
    return lines


def _counted(count, word):
    return f"{count} {word}{'' if count == 1 else 's'}"


def _kind_table(header, rows, cells, externals):
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return lines + ["| " + " | ".join(_cell(c) for c in cells(row, externals)) + " |" for row in rows]


def _kind_sections(rows, externals):
    """A section per kind of access: its rows, with the columns that kind has."""
    lines = []
    for kind, title, intro, header, cells in KIND_SECTIONS:
        own = [row for row in rows if row["kind"] == kind]
        lines += ["", f"## {title}", ""] + intro
        lines += _kind_table(header, own, cells, externals) if own else ["None in this review."]
    return lines


def _partner(row):
    return row["partner"] or "none"


# (kind, section title, lines before the table, table header, the cells of a row)
KIND_SECTIONS = (
    (
        "redshift",
        "Redshift partner integrations",
        [],
        ["cluster", "database", "partner name", "status", "partner"],
        lambda r, _x: (r["cluster_identifier"], r["database_name"], r["grantee"], r["status"], _partner(r)),
    ),
    (
        "ram",
        "RAM resource shares",
        [],
        ["share", "principal", "outside the organization", "status", "managed by", "partner"],
        lambda r, x: (
            r["resource_share_name"] or r["resource_share_arn"],
            r["grantee"],
            _EXTERNAL.get(x.get((r["resource_share_arn"], r["grantee"])), "unknown"),
            r["status"],
            r.get("managed_by") or "",
            _partner(r),
        ),
    ),
    (
        "lakeformation",
        "Lake Formation grants",
        [],
        ["principal", "resource", "permissions", "partner"],
        lambda r, _x: (r["grantee"], _lakeformation_resource(r), ", ".join(r.get("permissions") or []), _partner(r)),
    ),
    (
        "datashare",
        "Redshift datashares",
        [],
        ["datashare", "cluster", "consumer", "status", "partner"],
        lambda r, _x: (
            r.get("datashare_name") or r.get("datashare_arn"),
            r.get("cluster_identifier") or "",
            r["grantee"],
            r["status"],
            _partner(r),
        ),
    ),
    (
        "iam_role",
        "IAM roles",
        [
            "Roles whose trust policy lets a principal outside this account assume them.",
            "The review never changes a trust policy: remove a trust by hand (IAM console or your IaC).",
            "",
        ],
        ["role", "trusted principal", "external ID required", "partner"],
        lambda r, _x: (r["role_name"], r["grantee"], "yes" if r["external_id"] else "no", _partner(r)),
    ),
)


def _remediation(plan):
    """The section of the report after remediation: what was removed (or would be, in check mode), what is left for
    a human, and what was kept and why."""
    check_mode = plan.get("check_mode")
    lines = ["", "## Remediation", ""]
    if check_mode:
        lines += ["Check mode: nothing was changed; this is what remediation would do.", ""]
    lines += ["### Would be removed (check mode)" if check_mode else "### Removed", ""]
    lines += [f"- {_cell(e['label'])} ({_cell(e['reason'])}), with {e['module']}" for e in plan.get("remove") or []]
    lines += [] if plan.get("remove") else ["None."]
    lines += ["", "### To remove by hand", ""]
    lines += [f"- {_cell(e['label'])}: {_cell(e['reason'])}" for e in plan.get("by_hand") or []] or ["None."]
    lines += ["", "### Kept", ""]
    lines += [f"- {_cell(e['label'])}: {_cell(e['reason'])}" for e in plan.get("kept") or []] or ["None."]
    return lines


def partner_access_markdown(review, title="Partner access", remediation=None):
    """The review (partner_access_info's result) as a Markdown document; with ``remediation`` (the plan of
    partner_access_remediation_plan and ``check_mode``), a section saying what remediation did."""
    rows = review.get("access") or []
    externals = _externals(review)
    compared = "unexpected" in review or "missing" in review
    unexpected, missing = review.get("unexpected") or [], review.get("missing") or []
    expired = review.get("expired") or []
    clusters = sorted({row["cluster_identifier"] for row in rows if row["kind"] == "redshift"})
    shares = review.get("resource_shares") or []
    lines = [f"# {title}", ""]
    summary = (
        f"{_counted(len(rows), 'grant')}: {_counted(sum(r['kind'] == 'redshift' for r in rows), 'partner integration')}"
        f" on {_counted(len(clusters), 'cluster')}, {_counted(sum(r['kind'] == 'ram' for r in rows), 'principal')}"
        f" of {_counted(len(shares), 'resource share')}"
    )
    roles = [row for row in rows if row["kind"] == "iam_role"]
    for kind, word in (("lakeformation", "Lake Formation grant"), ("datashare", "datashare consumer")):
        count = sum(r["kind"] == kind for r in rows)
        summary += f", {_counted(count, word)}" if count else ""
    summary += f", {_counted(len(roles), 'IAM role trust')}." if roles else "."
    lines.append(summary)
    if compared:
        if unexpected or missing or expired:
            verdict = f"**Drift**: {len(unexpected)} unexpected, {len(missing)} missing"
            verdict += f", {len(expired)} expired." if expired else "."
        else:
            verdict = "**No drift**: every grant is declared by a partner, and every declared grant is there."
        lines += ["", verdict]
        ended = list(dict.fromkeys(row["partner"] for row in expired))
        if ended:
            lines.append("")
        for name in ended:
            count = sum(row["partner"] == name for row in expired)
            lines.append(f"- **Expired**: {_cell(name)}'s access has ended, {_counted(count, 'grant')} to remove.")
    else:
        lines += ["", "No partners were given: every grant is listed, nothing is compared."]

    partners = []
    for row in rows:
        if row["partner"] and row["partner"] not in partners:
            partners.append(row["partner"])
    for name in [p["partner"] for p in missing if p["partner"]]:
        if name not in partners:
            partners.append(name)
    for name in partners:
        own = [row for row in rows if row["partner"] == name]
        lines += ["", f"## {name}", ""]
        lines += _table(own, externals) if own else ["No access."]
    others = [row for row in rows if not row["partner"]]
    if others:
        lines += ["", f"## {NOT_DECLARED if compared else 'Access'}", ""]
        lines += _table(others, externals)

    lines += _kind_sections(rows, externals)
    if compared:
        lines += ["", "## Unexpected access", ""]
        lines += _table(unexpected, externals, with_partner=True) if unexpected else ["None."]
        lines += ["", "## Missing access", ""]
        lines += _table(missing, externals, with_partner=True, with_status=False) if missing else ["None."]
    if remediation is not None:
        lines += _remediation(remediation)
    return "\n".join(lines) + "\n"
