"""TEST DOUBLE - a minimal stand-in for Powertools for AWS Lambda (Python) v3.

This is NOT Powertools and must never be deployed. It implements only the
slice of the Powertools API that ``app.py`` uses, just enough to import the
handler and exercise its routing and status codes offline, where the real
library (supplied by the Lambda layer at runtime) is not installed:

* ``Logger``, ``Tracer`` and ``Metrics`` whose decorators pass calls through
  and which record what they were asked to log or publish;
* ``APIGatewayHttpResolver`` with ``get``/``post`` route registration,
  ``<param>`` path segments, ``current_event.decoded_body`` and ``resolve``
  producing an HTTP API (payload 2.0) proxy result, 404 for unmatched routes;
* ``Response``, ``content_types``, ``correlation_paths``, ``MetricUnit`` and
  ``LambdaContext``.

Use :func:`build_modules` to get the module objects to place in ``sys.modules``
(e.g. with ``unittest.mock.patch.dict``) before importing ``app``. This file
imports only the standard library so it can also be loaded by path.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable
from enum import Enum
from types import ModuleType
from typing import Any

Handler = Callable[..., Any]

APPLICATION_JSON = "application/json"
API_GATEWAY_HTTP = "requestContext.requestId"


def _passthrough(func: Handler) -> Handler:
    """Decorator that returns ``func`` unchanged."""
    return func


class Logger:
    """Records log calls as ``(level, message, extra)`` tuples in ``records``."""

    def __init__(self, **_: Any) -> None:
        self.records: list[tuple[str, str, dict[str, Any]]] = []
        self.correlation_id_path: str | None = None

    def inject_lambda_context(
        self, correlation_id_path: str | None = None, **_: Any
    ) -> Callable[[Handler], Handler]:
        self.correlation_id_path = correlation_id_path
        return _passthrough

    def info(self, message: str, extra: dict[str, Any] | None = None) -> None:
        self.records.append(("INFO", message, extra or {}))

    def warning(self, message: str, extra: dict[str, Any] | None = None) -> None:
        self.records.append(("WARNING", message, extra or {}))


class Tracer:
    """Tracing is a no-op here."""

    def __init__(self, **_: Any) -> None:
        pass

    def capture_lambda_handler(self, func: Handler) -> Handler:
        return func


class MetricUnit(Enum):
    Count = "Count"


class Metrics:
    """Records metrics as ``(name, unit, value)`` tuples in ``added``."""

    def __init__(self, namespace: str | None = None, **_: Any) -> None:
        self.namespace = namespace
        self.added: list[tuple[str, MetricUnit, float]] = []
        self.capture_cold_start_metric = False

    def log_metrics(
        self, capture_cold_start_metric: bool = False, **_: Any
    ) -> Callable[[Handler], Handler]:
        self.capture_cold_start_metric = capture_cold_start_metric
        return _passthrough

    def add_metric(self, name: str, unit: MetricUnit, value: float) -> None:
        self.added.append((name, unit, value))


class Response:
    """Route result with an explicit status code."""

    def __init__(
        self,
        status_code: int,
        content_type: str | None = None,
        body: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.status_code = status_code
        self.content_type = content_type
        self.body = body
        self.headers = headers or {}


class LambdaContext:
    """Type-only stand-in."""


class _HttpApiEvent:
    """The ``current_event`` view of an HTTP API (payload 2.0) event."""

    def __init__(self, event: dict[str, Any]) -> None:
        self.raw_event = event

    @property
    def decoded_body(self) -> str | None:
        body = self.raw_event.get("body")
        if body and self.raw_event.get("isBase64Encoded"):
            return base64.b64decode(body).decode()
        return body


class APIGatewayHttpResolver:
    """Exact-match router over ``rawPath`` and the request method."""

    def __init__(self) -> None:
        self._routes: list[tuple[str, re.Pattern[str], Handler]] = []
        self.current_event: _HttpApiEvent | None = None

    def get(self, rule: str) -> Callable[[Handler], Handler]:
        return self._register("GET", rule)

    def post(self, rule: str) -> Callable[[Handler], Handler]:
        return self._register("POST", rule)

    def resolve(self, event: dict[str, Any], context: Any) -> dict[str, Any]:
        self.current_event = _HttpApiEvent(event)
        method = event["requestContext"]["http"]["method"]
        for route_method, pattern, func in self._routes:
            match = pattern.fullmatch(event["rawPath"])
            if match and route_method == method:
                return _to_proxy_result(func(**match.groupdict()))
        not_found = {"statusCode": 404, "message": "Not found"}
        return _to_proxy_result(Response(404, APPLICATION_JSON, json.dumps(not_found)))

    def _register(self, method: str, rule: str) -> Callable[[Handler], Handler]:
        pattern = re.compile(re.sub(r"<(\w+)>", r"(?P<\1>[^/]+)", rule))

        def decorator(func: Handler) -> Handler:
            self._routes.append((method, pattern, func))
            return func

        return decorator


def _to_proxy_result(result: Response | dict[str, Any]) -> dict[str, Any]:
    """Convert a route result into an HTTP API proxy integration result."""
    if isinstance(result, dict):
        result = Response(200, APPLICATION_JSON, json.dumps(result))
    headers = dict(result.headers)
    if result.content_type:
        headers["Content-Type"] = result.content_type
    return {
        "statusCode": result.status_code,
        "headers": headers,
        "body": result.body,
        "isBase64Encoded": False,
    }


def _module(name: str, **attributes: Any) -> ModuleType:
    module = ModuleType(name, "Test double; see fake_powertools.")
    module.__dict__.update(attributes)
    return module


def build_modules() -> dict[str, ModuleType]:
    """Return the fake ``aws_lambda_powertools`` module tree, keyed by module name."""
    content_types = _module(
        "aws_lambda_powertools.event_handler.content_types", APPLICATION_JSON=APPLICATION_JSON
    )
    correlation_paths = _module(
        "aws_lambda_powertools.logging.correlation_paths", API_GATEWAY_HTTP=API_GATEWAY_HTTP
    )
    typing_module = _module("aws_lambda_powertools.utilities.typing", LambdaContext=LambdaContext)
    modules = [
        _module("aws_lambda_powertools", Logger=Logger, Tracer=Tracer, Metrics=Metrics),
        _module(
            "aws_lambda_powertools.event_handler",
            APIGatewayHttpResolver=APIGatewayHttpResolver,
            Response=Response,
            content_types=content_types,
        ),
        content_types,
        _module("aws_lambda_powertools.logging", correlation_paths=correlation_paths),
        correlation_paths,
        _module("aws_lambda_powertools.metrics", MetricUnit=MetricUnit),
        _module("aws_lambda_powertools.utilities", typing=typing_module),
        typing_module,
    ]
    return {module.__name__: module for module in modules}
