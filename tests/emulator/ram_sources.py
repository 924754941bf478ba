"""RAM sources of a resource share (AWS_FACTS "RAM, the rest"): the accounts, organizations or OUs
whose resources a service principal of the share may use.

Given as ``sources`` to CreateResourceShare, AssociateResourceShare and DisassociateResourceShare,
kept as SOURCE associations of the share (with the same asynchronous life as the others), and read
back only with ListSourceAssociations (GetResourceShares does not return them). A request with
``sources`` and a principal that is not a service principal, or ``sources`` for a share with no
service principal, is refused (Terraform refuses sources with non-service principals; RAM restricts
only service principals with them).
"""

from moto.ram.exceptions import InvalidParameterException, MalformedArnException
from moto.ram.models import ResourceShare

from . import ram_associations as assoc
from . import ram_catalogue as catalogue
from . import ram_common
from .ram_common import RamOps, json_response, paginate

SOURCE_STATUSES = ("ASSOCIATING", "ASSOCIATED", "FAILED", "DISASSOCIATING", "DISASSOCIATED")


def source_type(source: str) -> str:
    """ACCOUNT, ORGANIZATION or ORGANIZATIONAL_UNIT (the emulator's names: AWS documents no list);
    MalformedArnException / InvalidParameterException for anything else, as for principals."""
    if assoc.ACCOUNT_ID.match(source or ""):
        return "ACCOUNT"
    if assoc.ORGANIZATION_ARN.match(source or ""):
        return "ORGANIZATION"
    if assoc.OU_ARN.match(source or ""):
        return "ORGANIZATIONAL_UNIT"
    if (source or "").startswith("arn:"):
        raise MalformedArnException(f"The source ARN {source} is not valid. Verify the ARN and try again.")
    raise InvalidParameterException(
        f"Source {source} is not valid: a source is an AWS account ID, an organization ARN or an OU ARN."
    )


def check_sources(share: ResourceShare, params: dict, adding: bool = True) -> list:
    """The request's sources, validated before anything changes (removing sources needs no service principal)."""
    sources = params.get("sources") or []
    for source in sources:
        source_type(source)
    if not sources or not adding:
        return sources
    principals = params.get("principals") or []
    others = [p for p in principals if not assoc.SERVICE_PRINCIPAL.match(p)]
    if others:
        raise InvalidParameterException(
            f"Sources can be specified only with service principals, not with {', '.join(others)}."
        )
    if not principals:
        assoc.sync(share)
        services = [
            record["entity"]
            for record in assoc.associations(share).values()
            if record["type"] == "PRINCIPAL"
            and record["status"] in assoc.LIVE
            and assoc.SERVICE_PRINCIPAL.match(record["entity"])
        ]
        if not services:
            raise InvalidParameterException(
                "Sources can be specified only for a resource share with a service principal."
            )
    return sources


def describe_source(share: ResourceShare, record: dict) -> dict:
    item = {
        "resourceShareArn": share.arn,
        "sourceId": record["entity"],
        "sourceType": source_type(record["entity"]),
        "status": record["status"],
        "creationTime": record["created"],
        "lastUpdatedTime": record["updated"],
    }
    if record["message"]:
        item["statusMessage"] = record["message"]
    return item


class _Ops(RamOps):
    """ListSourceAssociations (see ram_common.install)."""

    def list_source_associations(self) -> tuple:
        params = self.request_params
        status = params.get("associationStatus")
        if status is not None and status not in SOURCE_STATUSES:
            raise InvalidParameterException(f"{status} is not a valid association status.")
        wanted_arns = params.get("resourceShareArns")
        for arn in wanted_arns or []:
            if not catalogue.SHARE_ARN.match(arn or ""):
                raise MalformedArnException(f"The resource share ARN {arn} is not valid. Verify the ARN and try again.")
        source_id, kind = params.get("sourceId"), params.get("sourceType")
        items = []
        # Only the owner sees a share's sources, as its other associations.
        for share in self.ram_backend.resource_shares:
            if wanted_arns and share.arn not in wanted_arns:
                continue
            assoc.sync(share)
            for (record_kind, entity), record in assoc.associations(share).items():
                if record_kind != "SOURCE" or source_id not in (None, entity):
                    continue
                item = describe_source(share, record)
                if kind in (None, item["sourceType"]) and status in (None, item["status"]):
                    items.append(item)
        return json_response(paginate(items, params, "sourceAssociations"))


PATHS = ("listsourceassociations",)


def install() -> None:
    ram_common.install(_Ops, PATHS)
