"""Redshift partner integrations (AddPartner, DeletePartner, DescribePartners, UpdatePartnerStatus).

moto 5.2.5 does not implement them. Following moto's guidance they are added as methods of
``RedshiftResponse``; moto's query parser and model-driven XML serializer then shape requests,
responses and errors exactly as the botocore redshift model says (error HTTP statuses included).
"""

import re
from datetime import datetime, timezone

from moto.core.exceptions import ServiceException
from moto.core.responses import ActionResult
from moto.redshift.responses import RedshiftResponse

from . import state

# Partners documented by AWS; the match is exact (case-sensitive), as on AWS.
KNOWN_PARTNERS = ("Datacoral", "Etleap", "Fivetran", "SnapLogic", "Stitch", "Upsolver", "Matillion", "Sisense")
STATUSES = ("Active", "Inactive", "RuntimeFailure", "ConnectionFailure")
# AddPartner authorizes the partner; the partner then pushes its status. The console shows
# "Active" right after a successful AddPartner, so new integrations start Active.
INITIAL_STATUS = "Active"

# Patterns and lengths from the botocore model (PartnerIntegrationInputMessage).
PATTERNS = {
    "AccountId": (re.compile(r"^[0-9]{12}$"), 12),
    "ClusterIdentifier": (re.compile(r"^[a-zA-Z0-9-]+$"), 63),
    # \p{L} / \p{N}: Python's \w minus "_" covers letters and digits of every script.
    "DatabaseName": (re.compile(r"^(?:[^\W\d]|_)[\w@$#]+$"), 127),
    "PartnerName": (re.compile(r"^[a-zA-Z0-9_-]+$"), 255),
}


class PartnerError(ServiceException):
    """A modelled Redshift error; moto's serializer takes the HTTP status from the model."""


def _integrations(backend) -> dict:
    # Stored on moto's backend instance so that a moto reset (which re-initialises
    # backends) also drops the integrations.
    if not hasattr(backend, "emulator_partners"):
        backend.emulator_partners = {}
    return backend.emulator_partners


def _validate(params: dict, required: tuple) -> None:
    for name in required:
        if not params.get(name):
            raise PartnerError("InvalidParameterValue", f"The parameter {name} must be specified.")
    for name, (pattern, max_len) in PATTERNS.items():
        value = params.get(name)
        if value is not None and (len(value) > max_len or not pattern.match(value)):
            raise PartnerError("InvalidParameterValue", f"The value '{value}' of parameter {name} is not valid.")


def _key(params: dict) -> tuple:
    return (params["ClusterIdentifier"].lower(), params["DatabaseName"], params["PartnerName"])


def _existing(params: dict, store: dict) -> dict:
    try:
        return store[_key(params)]
    except KeyError:
        raise PartnerError(
            "PartnerNotFound",
            f"No integration of partner {params['PartnerName']} with database {params['DatabaseName']} "
            f"of cluster {params['ClusterIdentifier']}.",
        ) from None


def _summary(params: dict) -> ActionResult:
    return ActionResult({"DatabaseName": params["DatabaseName"], "PartnerName": params["PartnerName"]})


class _PartnerOps(RedshiftResponse):
    """Holder of the operations; install() copies them onto RedshiftResponse itself,
    so that moto's own dispatch (which instantiates that class) finds them."""

    def _checked_request(self, with_integration: bool) -> tuple:
        """Validate in AWS's order: input, caller's account, cluster, partner name."""
        names = ("AccountId", "ClusterIdentifier", "DatabaseName", "PartnerName")
        params = {name: self._get_param(name) for name in names}
        _validate(params, names if with_integration else names[:2])
        if params["AccountId"] != self.current_account:
            raise PartnerError(
                "UnauthorizedPartnerIntegration",
                f"The account {params['AccountId']} is not authorized to manage partner integrations of this cluster.",
            )
        backend = self.redshift_backend
        cluster = params["ClusterIdentifier"]
        if cluster not in backend.clusters and cluster.lower() not in backend.clusters:
            raise PartnerError("ClusterNotFound", f"Cluster {cluster} not found.")
        partner = params["PartnerName"]
        if with_integration and partner not in KNOWN_PARTNERS + tuple(state.CONFIG["extra_partners"]):
            raise PartnerError("PartnerNotFound", f"The partner {partner} was not found.")
        return params, _integrations(backend)

    def add_partner(self) -> ActionResult:
        params, store = self._checked_request(with_integration=True)
        if _key(params) in store:
            # AWS does not document this case; failing is the conservative choice (see README).
            raise PartnerError(
                "UnsupportedOperation",
                f"The integration of partner {params['PartnerName']} with database {params['DatabaseName']} "
                "already exists.",
            )
        now = datetime.now(timezone.utc)
        store[_key(params)] = {
            "DatabaseName": params["DatabaseName"],
            "PartnerName": params["PartnerName"],
            "Status": INITIAL_STATUS,
            "StatusMessage": "",
            "CreatedAt": now,
            "UpdatedAt": now,
        }
        return _summary(params)

    def delete_partner(self) -> ActionResult:
        params, store = self._checked_request(with_integration=True)
        _existing(params, store)
        del store[_key(params)]
        return _summary(params)

    def update_partner_status(self) -> ActionResult:
        params, store = self._checked_request(with_integration=True)
        status = self._get_param("Status")
        if status not in STATUSES:
            raise PartnerError("InvalidParameterValue", f"Status must be one of {', '.join(STATUSES)}.")
        integration = _existing(params, store)
        integration["Status"] = status
        integration["StatusMessage"] = self._get_param("StatusMessage") or ""
        integration["UpdatedAt"] = datetime.now(timezone.utc)
        return _summary(params)

    def describe_partners(self) -> ActionResult:
        params, store = self._checked_request(with_integration=False)
        cluster = params["ClusterIdentifier"].lower()
        found = [
            dict(info)
            for (cluster_id, database, partner), info in sorted(store.items())
            if cluster_id == cluster
            and params["DatabaseName"] in (None, database)
            and params["PartnerName"] in (None, partner)
        ]
        return ActionResult({"PartnerIntegrationInfoList": found})


def install() -> None:
    """Add the operations to moto's RedshiftResponse (dispatch is by snake_case action name)."""
    for name in ("_checked_request", "add_partner", "delete_partner", "update_partner_status", "describe_partners"):
        setattr(RedshiftResponse, name, getattr(_PartnerOps, name))
