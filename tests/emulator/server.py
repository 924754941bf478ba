"""The emulator's WSGI app: moto's server app with the extensions, a request log, fault injection,
and a small JSON control API under /_emulator/ (see README.md)."""

import contextlib
import io
import json
import re
import threading
from http import HTTPStatus

from moto import backends
from moto.core import DEFAULT_ACCOUNT_ID
from moto.core.base_backend import BackendDict
from moto.core.exceptions import JsonRESTError
from moto.core.utils import camelcase_to_underscores
from moto.moto_api._internal.models import moto_api_backend
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
from moto.redshift.models import redshift_backends
from werkzeug.serving import make_server as werkzeug_make_server
from werkzeug.wrappers import Request, Response

from . import (
    accounts,
    aws_request,
    iam_roles,
    lakeformation,
    ram_catalogue,
    ram_customer_permissions,
    ram_permissions,
    ram_policy_shares,
    ram_shares,
    ram_sources,
    redshift_clusters,
    redshift_datashares,
    redshift_partners,
    state,
)
from .client import WRITE_OPERATIONS

FAULT_KINDS = ("throttle", "unavailable", "lost_response", "html_page", "bad_gateway_html", "concurrent_modification")


ACCOUNT_ID = re.compile(r"^\d{12}$")


def account_id() -> str:
    return accounts.owner()


class EmulatorApp:
    """WSGI middleware in front of moto's DomainDispatcherApplication."""

    def __init__(self) -> None:
        # Must happen before moto creates the per-service Flask apps (they read url_paths once).
        accounts.install()
        redshift_partners.install()
        redshift_clusters.install()
        redshift_datashares.install()  # after redshift_clusters: DescribeClusters' clusters get their namespace
        ram_permissions.install()
        ram_shares.install()  # after ram_permissions: replaces moto's share operations
        ram_customer_permissions.install()
        lakeformation.install()

        ram_sources.install()
        ram_policy_shares.install()

        iam_roles.install()
        self.moto = DomainDispatcherApplication(create_backend_app)

    def __call__(self, environ: dict, start_response):
        path = environ.get("PATH_INFO", "")
        if path.startswith("/_emulator/"):
            return self.control(environ, start_response)
        if path.startswith("/moto-api"):
            return self.moto(environ, start_response)
        return self.aws(environ, start_response)

    # --- AWS requests -------------------------------------------------------------------------

    def aws(self, environ: dict, start_response):
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        environ["wsgi.input"] = io.BytesIO(body)  # moto reads the body again
        req = aws_request.identify(environ, body)
        req["account"] = accounts.for_request(req["access_key"], environ)
        fault = self._take_fault(req)
        if fault in ("throttle", "unavailable", "html_page", "bad_gateway_html", "concurrent_modification"):
            # Not applied: the error (or a proxy's HTML page) comes before AWS sees the request.
            status, headers, out = aws_request.fault_error(req["protocol"], fault)
        elif not self._implemented(environ, req):
            status, headers, out = aws_request.error_response(
                req["protocol"],
                "NotImplemented",
                f"the emulator does not implement {req['service']}:{req['operation'] or environ.get('PATH_INFO')}",
                501,
            )
        else:
            status, headers, out = self._call_moto(environ, req)
            if fault == "lost_response" and status < 400:
                # The write happened; the client only sees a server error and will retry.
                status, headers, out = aws_request.fault_error(req["protocol"], fault)
        with state.LOCK:
            state.REQUESTS.append(
                {
                    k: req[k]
                    for k in ("service", "operation", "params", "region", "access_key", "session_token", "account")
                }
                | {"status": status, "write": req["operation"] in WRITE_OPERATIONS}
            )
        start_response(f"{status} {_reason(status)}", headers)
        return [out]

    def _call_moto(self, environ: dict, req: dict) -> tuple:
        captured = {}

        def capture(status_line, headers, exc_info=None):  # pylint: disable=unused-argument
            captured["status"], captured["headers"] = int(status_line.split()[0]), headers

        try:
            chunks = self.moto(environ, capture)
            out = b"".join(chunks)
            getattr(chunks, "close", lambda: None)()
        except NotImplementedError as exc:
            # moto's own "not implemented" (e.g. an unsupported parameter value): fail loudly.
            msg = f"the emulator does not implement {req['service']}:{req['operation']} ({exc})"
            return aws_request.error_response(req["protocol"], "NotImplemented", msg, 501)
        return captured["status"], captured["headers"], out

    def _implemented(self, environ: dict, req: dict) -> bool:
        """False when the operation is known to AWS but moto has no method for it."""
        if req["operation"] is None:
            # Unrecognised REST path of a known service: no operation of the API matches.
            return req["protocol"] not in ("rest-json", "rest-xml") or aws_request.service_model(req["service"]) is None
        host = self.moto.infer_service_region_host(environ, environ.get("PATH_INFO", ""))
        name = self.moto.get_backend_for_host(host)
        if not name or name not in backends.list_of_moto_modules():
            return False
        # The same backend instance moto's create_backend_app uses to build its URL map.
        backend_dict = backends.get_backend(name)
        if isinstance(backend_dict, BackendDict):
            per_account = backend_dict[DEFAULT_ACCOUNT_ID]
            backend = per_account["us-east-1"] if "us-east-1" in per_account else per_account["aws"]
        else:
            backend = backend_dict["global"]
        handlers = backend.url_paths.values()
        classes = {h.__self__ for h in handlers if getattr(h, "__name__", "") == "dispatch"}
        if not classes:
            return True  # custom handlers: let moto decide
        method = camelcase_to_underscores(req["operation"])
        return any(hasattr(cls, method) for cls in classes)

    @staticmethod
    def _take_fault(req: dict) -> str | None:
        with state.LOCK:
            for fault in state.FAULTS:
                if fault["service"] == req["service"] and fault["operation"] in ("*", req["operation"]):
                    fault["count"] -= 1
                    if fault["count"] <= 0:
                        state.FAULTS.remove(fault)
                    return fault["fault"]
        return None

    # --- control API --------------------------------------------------------------------------

    def control(self, environ: dict, start_response):
        request = Request(environ)
        try:
            payload = request.get_json(force=True, silent=True) or {}
            route = (request.method, request.path.rstrip("/"))
            handler = CONTROL_ROUTES.get(route)
            if handler is None:
                result, status = {"error": f"no such control endpoint: {request.method} {request.path}"}, 404
            else:
                result, status = handler(payload), 200
        except (ValueError, KeyError, TypeError) as exc:
            result, status = {"error": f"{type(exc).__name__}: {exc}"}, 400
        except JsonRESTError as exc:  # e.g. a seeded share with a malformed ARN: RAM's own error
            result, status = {"error": f"{exc.error_type}: {exc.message}"}, 400
        response = Response(json.dumps(result, default=str), status=status, mimetype="application/json")
        return response(environ, start_response)


def _requests(_payload: dict) -> dict:
    with state.LOCK:
        return {"requests": list(state.REQUESTS)}


def _clear_requests(_payload: dict) -> dict:
    with state.LOCK:
        state.REQUESTS.clear()
    return {"requests": []}


def _add_fault(payload: dict) -> dict:
    fault = {
        "service": str(payload["service"]),
        "operation": str(payload.get("operation", "*")),
        "fault": payload["fault"],
        "count": int(payload.get("count", 1)),
    }
    if fault["fault"] not in FAULT_KINDS or fault["count"] < 1:
        raise ValueError(f"fault must be one of {', '.join(FAULT_KINDS)} and count >= 1")
    with state.LOCK:
        state.FAULTS.append(fault)
        return {"faults": list(state.FAULTS)}


def _list_faults(_payload: dict) -> dict:
    with state.LOCK:
        return {"faults": list(state.FAULTS)}


def _clear_faults(_payload: dict) -> dict:
    with state.LOCK:
        state.FAULTS.clear()
    return {"faults": []}


def _config(payload: dict) -> dict:
    """Validate every given setting first, then apply them all (a bad value changes nothing)."""
    updates = {}
    for key, value in payload.items():
        if key not in state.CONFIG:
            raise KeyError(f"unknown setting {key}; known: {', '.join(sorted(state.CONFIG))}")
        updates[key] = _CONFIG_CHECKS[key](value)
    with state.LOCK:
        state.CONFIG.update(updates)
        return {"config": json.loads(json.dumps(state.CONFIG))}


def _get_config(_payload: dict) -> dict:
    with state.LOCK:
        return {"config": json.loads(json.dumps(state.CONFIG))}


def _page_size(value) -> int | None:
    if value is not None and (isinstance(value, bool) or int(value) < 1):
        raise ValueError("page_size must be >= 1 or null")
    return None if value is None else int(value)


def _count(value) -> int:
    if isinstance(value, bool) or int(value) < 0:
        raise ValueError("associating_reads must be an integer >= 0")
    return int(value)


def _strings(value) -> list:
    if not isinstance(value or [], list) or not all(isinstance(v, str) and v for v in value or []):
        raise ValueError("expected a list of non-empty strings")
    return list(value or [])


def _account_ids(value) -> list:
    ids = _strings(value)
    if not all(ACCOUNT_ID.match(v) for v in ids):
        raise ValueError("organization_accounts must be 12-digit account IDs")
    return ids


def _account_map(value) -> dict:
    value = value or {}
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and k and isinstance(v, str) and ACCOUNT_ID.match(v) for k, v in value.items()
    ):
        raise ValueError('accounts must map access key ids to 12-digit account IDs: {"AKIA...": "111122223333"}')
    return dict(value)


def _flag(value) -> bool:
    if not isinstance(value, bool):
        raise ValueError("empty_pages must be true or false")
    return value


_CONFIG_CHECKS = {
    "page_size": _page_size,
    "extra_partners": lambda value: [str(name) for name in value or []],
    "associating_reads": _count,
    "fail_associations": _strings,
    "organization_accounts": _account_ids,
    "accounts": _account_map,
    "empty_pages": _flag,
    "replace_work_reads": _count,
    "promoting_reads": _count,
    "replace_work_fail": lambda value: str(value or ""),
    "statement_reads": _count,
    "fail_statements": lambda value: _fail_statements(value),  # pylint: disable=unnecessary-lambda  # defined below
}


def _fail_statements(value) -> dict:
    value = value or {}
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and k and isinstance(v, str) for k, v in value.items()
    ):
        raise ValueError('fail_statements must map SQL fragments to errors: {"GRANT USAGE": "ERROR: ..."}')
    return dict(value)


def _expire_invitations(payload: dict) -> dict:
    return {"expired": ram_shares.expire_invitations(payload.get("resource_share_arn"))}


def _leave_organization(payload: dict) -> dict:
    return {"principals": ram_shares.leave_organization(payload["account"])}


def _join_organization(payload: dict) -> dict:
    return {"principals": ram_shares.join_organization(payload["account"])}


def _permission_version(payload: dict) -> dict:
    name = payload["name"]
    version = ram_catalogue.publish_version(name)
    return {"name": name, "version": version, "default_version": version}


def _seed(payload: dict) -> dict:
    region = payload.get("region", "us-east-1")
    account = account_id()
    clusters = []
    for cluster_id in payload.get("redshift_clusters", []):
        redshift_backends[account][region].create_cluster(**_cluster_kwargs(cluster_id, region))
        clusters.append(cluster_id)
    shares = []
    for spec in payload.get("resource_shares", []):
        share = ram_shares.seed_share(account, region, spec)
        shares.append({"name": share.name, "arn": share.arn})
    permissions = [
        {"name": spec.get("name"), "arn": ram_customer_permissions.seed_permission(account, region, spec)}
        for spec in payload.get("permissions", [])
    ]

    roles = [iam_roles.seed_role(account, spec) for spec in payload.get("iam_roles", [])]
    return {
        "region": region,
        "account_id": account,
        "redshift_clusters": clusters,
        "resource_shares": shares,
        "permissions": permissions,
        "iam_roles": roles,
    }


def _cluster_kwargs(cluster_id: str, region: str) -> dict:
    # What RedshiftResponse.create_cluster passes for a minimal CreateCluster call.
    return {
        "cluster_identifier": cluster_id,
        "node_type": "ra3.xlplus",
        "master_username": "admin",
        "master_user_password": "Password1",
        "db_name": "dev",
        "cluster_type": "single-node",
        "cluster_security_groups": [],
        "vpc_security_group_ids": [],
        "cluster_subnet_group_name": None,
        "availability_zone": None,
        "preferred_maintenance_window": None,
        "cluster_parameter_group_name": None,
        "automated_snapshot_retention_period": None,
        "port": None,
        "cluster_version": None,
        "allow_version_upgrade": True,
        "number_of_nodes": 1,
        "publicly_accessible": False,
        "encrypted": False,
        "region_name": region,
        "tags": [],
        "iam_roles_arn": [],
        "enhanced_vpc_routing": False,
        "kms_key_id": None,
    }


def _reset(_payload: dict) -> dict:
    moto_api_backend.reset()
    ram_catalogue.reset()
    ram_customer_permissions.reset()
    redshift_datashares.reset()
    state.reset()
    return {"reset": True}


CONTROL_ROUTES = {
    ("GET", "/_emulator/health"): lambda _: {"ok": True},
    ("GET", "/_emulator/requests"): _requests,
    ("DELETE", "/_emulator/requests"): _clear_requests,
    ("GET", "/_emulator/faults"): _list_faults,
    ("POST", "/_emulator/faults"): _add_fault,
    ("DELETE", "/_emulator/faults"): _clear_faults,
    ("GET", "/_emulator/config"): _get_config,
    ("POST", "/_emulator/config"): _config,
    ("POST", "/_emulator/ram/expire-invitations"): _expire_invitations,
    ("POST", "/_emulator/ram/permission-version"): _permission_version,
    ("POST", "/_emulator/ram/leave-organization"): _leave_organization,
    ("POST", "/_emulator/ram/join-organization"): _join_organization,
    ("POST", "/_emulator/seed"): _seed,
    ("POST", "/_emulator/lakeformation/catalog"): lambda payload: lakeformation.seed_catalog(account_id(), payload),
    ("POST", "/_emulator/reset"): _reset,
    **redshift_datashares.CONTROL_ROUTES,
}


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


def make_server(port: int, host: str = "127.0.0.1"):
    """A threaded werkzeug server bound to loopback (moto's request handler keeps header spelling)."""
    return werkzeug_make_server(host, port, EmulatorApp(), threaded=True, request_handler=MotoRequestHandler)


@contextlib.contextmanager
def serving(port: int = 0):
    """An emulator in a thread of this process, on ``port`` (0: a free one); yields its URL."""
    server = make_server(port)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join()
