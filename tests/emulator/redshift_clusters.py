"""Redshift DescribeClusters with AWS's pagination (``MaxRecords``, ``Marker``).

moto 5.2.5 answers every cluster in one page and ignores ``MaxRecords`` and ``Marker`` (its own TODO). AWS pages
them: ``MaxRecords`` 20 to 100 (default 100), and a ``Marker`` in the answer while more remain. The emulator's
``page_size`` setting caps the page below that (any size from 1), so that tests see several pages with a few
clusters.
"""

import base64
import binascii
import json

from moto.core.responses import ActionResult
from moto.redshift.responses import RedshiftResponse

from . import state
from .redshift_partners import PartnerError

DEFAULT_RECORDS, MIN_RECORDS, MAX_RECORDS = 100, 20, 100


def _marker(offset: int) -> str:
    return base64.urlsafe_b64encode(json.dumps({"offset": offset}).encode()).decode()


def _offset(marker: str | None) -> int:
    if not marker:
        return 0
    try:
        offset = json.loads(base64.urlsafe_b64decode(marker.encode()))["offset"]
    except (ValueError, TypeError, KeyError, binascii.Error):
        offset = None
    if not isinstance(offset, int) or offset < 0:
        raise PartnerError("InvalidParameterValue", f"The marker {marker} is not valid.")
    return offset


class _ClusterOps(RedshiftResponse):
    """Holder of the operation; install() copies it onto RedshiftResponse."""

    def describe_clusters(self) -> ActionResult:
        records = self._get_int_param("MaxRecords")
        if records is not None and not MIN_RECORDS <= records <= MAX_RECORDS:
            raise PartnerError(
                "InvalidParameterValue", f"MaxRecords must be between {MIN_RECORDS} and {MAX_RECORDS}, got {records}."
            )
        offset = _offset(self._get_param("Marker"))
        clusters = self.redshift_backend.describe_clusters(
            self._get_param("ClusterIdentifier"), self._get_param("TagKeys")
        )
        size = state.page_size(records, DEFAULT_RECORDS)
        result = {"Clusters": clusters[offset:][:size]}
        if offset + size < len(clusters):
            result["Marker"] = _marker(offset + size)
        return ActionResult(result)


def install() -> None:
    """Replace moto's DescribeClusters (dispatch is by snake_case action name)."""
    RedshiftResponse.describe_clusters = _ClusterOps.describe_clusters
