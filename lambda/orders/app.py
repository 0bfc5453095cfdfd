"""Orders HTTP API handler (API Gateway HTTP API, payload format 2.0).

Lambda handler: ``app.handler``. This is a thin adapter: routing, logging,
tracing and metrics come from Powertools for AWS Lambda (Python) v3, which is
supplied at runtime by the Powertools Lambda layer (it is not bundled). All
business rules live in :mod:`orders_logic`, which does not depend on Powertools.

Routes:

* ``GET /health`` -> 200 ``{"status": "ok"}``.
* ``POST /orders`` -> 201 with the created order (id, lines, ``total_cents``)
  and a ``Location`` header, or 400 ``{"message": ..., "errors": [...]}``.
* ``GET /orders/<order_id>`` -> always 404. This example has no database, so a
  created order is never stored and cannot be fetched afterwards.

Unknown routes get Powertools' default 404.

Configuration comes from the standard Powertools environment variables, which
the pylambda construct sets: ``POWERTOOLS_SERVICE_NAME``,
``POWERTOOLS_METRICS_NAMESPACE``, ``POWERTOOLS_LOG_LEVEL``, ...

The function folder is the Lambda asset root, so the sibling module is imported
as the top-level module ``orders_logic``.
"""

from __future__ import annotations

import warnings
from http import HTTPStatus
from typing import Any

from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response, content_types
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext

import orders_logic

# Most requests publish no application metric. Powertools then warns on stderr
# with a plain-text line; every line this function writes stays JSON instead.
warnings.filterwarnings("ignore", "No application metrics to publish")

logger = Logger()
tracer = Tracer()
metrics = Metrics()
app = APIGatewayHttpResolver()


@app.get("/health")
@tracer.capture_method
def health() -> dict[str, str]:
    """Liveness check; touches no dependencies."""
    return {"status": "ok"}


@app.post("/orders")
@tracer.capture_method
def create_order() -> Response:
    """Validate the JSON body and return the priced order (nothing is stored)."""
    event = app.current_event
    request = orders_logic.parse_order_request(
        event.body, base64_encoded=bool(event.is_base64_encoded)
    )
    order = orders_logic.create_order(request)
    logger.info(
        "Order created", extra={"order_id": order.order_id, "total_cents": order.total_cents}
    )
    metrics.add_metric(name="OrdersCreated", unit=MetricUnit.Count, value=1)
    return Response(
        status_code=HTTPStatus.CREATED.value,
        content_type=content_types.APPLICATION_JSON,
        body=order.to_dict(),
        headers={"Location": f"/orders/{order.order_id}"},
    )


@app.get("/orders/<order_id>")
@tracer.capture_method
def get_order(order_id: str) -> tuple[dict[str, str], int]:
    """Always 404: this example has no storage to look ``order_id`` up in."""
    return (
        {"message": "Order not found: this example API does not store orders"},
        HTTPStatus.NOT_FOUND.value,
    )


@app.exception_handler(orders_logic.OrderValidationError)
def invalid_order(error: orders_logic.OrderValidationError) -> Response:
    """Answer 400 with every validation problem found."""
    logger.warning("Rejected invalid order", extra={"errors": error.errors})
    return Response(
        status_code=HTTPStatus.BAD_REQUEST.value,
        content_type=content_types.APPLICATION_JSON,
        body={"message": "Invalid order", "errors": error.errors},
    )


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP)
@tracer.capture_lambda_handler
@metrics.log_metrics(capture_cold_start_metric=True)
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    """Lambda entry point: dispatch the HTTP API event to the matching route."""
    return app.resolve(event, context)
