"""IAM ListRoles with AWS's paging limits, and roles seeded with their trust policies.

moto 5.2.5 implements ListRoles (``Marker``, ``MaxItems``, ``IsTruncated``) but takes any ``MaxItems``; AWS takes 1 to
1000 (default 100) and refuses others with ``ValidationError``. The emulator's ``page_size`` setting caps the page
below that, so that tests see several pages with a few roles.
"""

import json

from moto.core.responses import ActionResult
from moto.iam.exceptions import IAMException, ValidationError
from moto.iam.models import iam_backends
from moto.iam.responses import IamResponse

from . import state

DEFAULT_ITEMS, MIN_ITEMS, MAX_ITEMS = 100, 1, 1000


class _RoleOps(IamResponse):
    """Holder of the operation; install() copies it onto IamResponse."""

    def list_roles(self):
        items = self._get_int_param("MaxItems")
        if items is not None and not MIN_ITEMS <= items <= MAX_ITEMS:
            raise ValidationError(
                f"1 validation error detected: Value '{items}' at 'maxItems' failed to satisfy constraint: "
                f"Member must have value {'greater' if items < MIN_ITEMS else 'less'} than or equal to "
                f"{MIN_ITEMS if items < MIN_ITEMS else MAX_ITEMS}"
            )
        # moto's ListRoles, with the page size capped.
        roles, marker = self.backend.list_roles(
            self._get_param("PathPrefix", "/"), self._get_param("Marker", "0"), state.page_size(items, DEFAULT_ITEMS)
        )
        return ActionResult({"Roles": roles, "IsTruncated": bool(marker), "Marker": marker})


def install() -> None:
    """Replace moto's ListRoles (dispatch is by snake_case action name)."""
    IamResponse.list_roles = _RoleOps.list_roles


def seed_role(account: str, spec: dict) -> dict:
    """A role of ``account`` as CreateRole makes it: ``{"name", "trust_policy" (a dict or its JSON), "path"}``."""
    document = spec["trust_policy"]
    try:
        role = iam_backends[account]["aws"].create_role(
            role_name=spec["name"],
            assume_role_policy_document=document if isinstance(document, str) else json.dumps(document),
            path=spec.get("path", "/"),
            permissions_boundary=None,
            description=spec.get("description", ""),
            tags=[],
            max_session_duration=None,
        )
    except IAMException as exc:  # a role of that name already exists: IAM's own error, as a 400 of the control API
        raise ValueError(f"{exc.code}: {exc.message}") from exc
    return {"name": role.name, "arn": role.arn}
