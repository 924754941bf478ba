# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The readable report of an access review: partner_access_info's result as Markdown (a table per partner, then the
unexpected and the missing access), for the filter partner_access_markdown and the playbook report_partner_access.

Private to the collection: its names may change without notice.
"""

from __future__ import annotations

NOT_DECLARED = "Not in any partner entry"
_EXTERNAL = {True: "yes", False: "no", None: "unknown"}


def _cell(value):
    text = "" if value is None else str(value)
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _where(row):
    if row["kind"] == "redshift":
        return f"cluster {row['cluster_identifier']}, database {row['database_name']}"
    if row["kind"] == "iam_role":
        return f"role {row['role_name'] or row['role_arn']}"
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


def partner_access_markdown(review, title="Partner access"):
    """The review (partner_access_info's result) as a Markdown document."""
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

    if roles:
        lines += ["", "## IAM roles", "", "Roles whose trust policy lets a principal outside this account assume them."]
        lines += ["The review never changes a trust policy: remove a trust by hand (IAM console or your IaC).", ""]
        lines += ["| role | trusted principal | external ID required | partner |", "|---|---|---|---|"]
        lines += [
            "| "
            + " | ".join(
                _cell(c)
                for c in (r["role_name"], r["grantee"], "yes" if r["external_id"] else "no", r["partner"] or "none")
            )
            + " |"
            for r in roles
        ]
    if compared:
        lines += ["", "## Unexpected access", ""]
        lines += _table(unexpected, externals, with_partner=True) if unexpected else ["None."]
        lines += ["", "## Missing access", ""]
        lines += _table(missing, externals, with_partner=True, with_status=False) if missing else ["None."]
    return "\n".join(lines) + "\n"
