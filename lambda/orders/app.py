"""Orders HTTP API handler (API Gateway HTTP API, payload format 2.0).

Lambda handler: ``app.handler``. This is a thin adapter: routing, logging,
tracing and metrics come from Powertools for AWS Lambda (Python) v3, which is
supplied at runtime by the Powertools Lambda layer (it is not bundled). All
business rules live in :mod:`orders_logic`, which does not depend on Powertools.

Routes:

* ``GET /health`` -> 200 ``{"status": "ok"}``.
* ``POST /orders`` -> 201 with the created order (id, lines, ``total_cents``,
  ``priority``) and a ``Location`` header, or 400 ``{"message": ..., "errors":
  [...]}``. The order is announced to the fulfilment queue (an ``OrderCreated``
  message, see :mod:`order_events`). With an ``Idempotency-Key`` header the
  create is idempotent (Powertools idempotency, records in DynamoDB): a retry
  with the same key gets the first response back and announces nothing again;
  the same key with another body gets 422.
* ``GET /orders/<order_id>`` -> always 404. This example has no database, so a
  created order is never stored and cannot be fetched afterwards.

Unknown routes get Powertools' default 404.

Configuration comes from the environment, which the pylambda construct sets:
the standard Powertools variables (``POWERTOOLS_SERVICE_NAME``,
``POWERTOOLS_METRICS_NAMESPACE``, ``POWERTOOLS_LOG_LEVEL``, ...), the
idempotency table (``IDEMPOTENCY_TABLE_NAME``), the AppConfig names of the
feature flags (``FEATURE_FLAGS_APPLICATION``, ``FEATURE_FLAGS_ENVIRONMENT``,
``FEATURE_FLAGS_PROFILE``), and the fulfilment queue (``ORDER_EVENTS_QUEUE_URL``).
The ``priority_processing`` flag (``feature_flags.json``) decides whether an
order goes to the priority fulfilment lane.

The function folder is the Lambda asset root, so the sibling modules are
imported as the top-level modules ``orders_logic`` and ``order_events``.
"""

from __future__ import annotations

import os
import warnings
from http import HTTPStatus
from typing import Any

import boto3
from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response, content_types
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.feature_flags import AppConfigStore, FeatureFlags
from aws_lambda_powertools.utilities.idempotency import (
    DynamoDBPersistenceLayer,
    IdempotencyConfig,
    idempotent_function,
)
from aws_lambda_powertools.utilities.idempotency.exceptions import IdempotencyValidationError
from aws_lambda_powertools.utilities.typing import LambdaContext

import order_events
import orders_logic

# Most requests publish no application metric. Powertools then warns on stderr
# with a plain-text line; every line this function writes stays JSON instead.
warnings.filterwarnings("ignore", "No application metrics to publish")

logger = Logger()
tracer = Tracer()
metrics = Metrics()
app = APIGatewayHttpResolver()

IDEMPOTENCY_KEY_HEADER = "idempotency-key"
PRIORITY_FLAG = "priority_processing"

# Idempotency records: a key is remembered for a day.
persistence = DynamoDBPersistenceLayer(table_name=os.environ["IDEMPOTENCY_TABLE_NAME"])
idempotency = IdempotencyConfig(
    event_key_jmespath="idempotency_key",
    payload_validation_jmespath="order",
    expires_after_seconds=24 * 60 * 60,
)
feature_flags = FeatureFlags(
    store=AppConfigStore(
        application=os.environ["FEATURE_FLAGS_APPLICATION"],
        environment=os.environ["FEATURE_FLAGS_ENVIRONMENT"],
        name=os.environ["FEATURE_FLAGS_PROFILE"],
    )
)
sqs = boto3.client("sqs")
QUEUE_URL = os.environ["ORDER_EVENTS_QUEUE_URL"]


@app.get("/health")
@tracer.capture_method
def health() -> dict[str, str]:
    """Liveness check; touches no dependencies."""
    return {"status": "ok"}


@app.post("/orders")
@tracer.capture_method
def create_order() -> Response:
    """Validate the JSON body, price the order and announce it to fulfilment.

    With an ``Idempotency-Key`` header, the first response for that key is
    returned again and nothing is announced twice.
    """
    event = app.current_event
    request = orders_logic.parse_order_request(
        event.body, base64_encoded=bool(event.is_base64_encoded)
    )
    key = (event.headers or {}).get(IDEMPOTENCY_KEY_HEADER, "").strip()
    if key:
        created = create_order_once(
            request={"idempotency_key": key, "order": orders_logic.request_to_dict(request)}
        )
    else:
        created = place_order(request)
    return Response(
        status_code=HTTPStatus.CREATED.value,
        content_type=content_types.APPLICATION_JSON,
        body=created,
        headers={"Location": f"/orders/{created['order_id']}"},
    )


@idempotent_function(
    data_keyword_argument="request", config=idempotency, persistence_store=persistence
)
def create_order_once(request: dict[str, Any]) -> dict[str, Any]:
    """:func:`place_order`, once per idempotency key (the result is remembered)."""
    return place_order(orders_logic.validate_order_payload(request["order"]))


def place_order(request: orders_logic.OrderRequest) -> dict[str, Any]:
    """Create the order, decide its lane with the feature flag, announce it."""
    order = orders_logic.create_order(request)
    priority = feature_flags.evaluate(
        name=PRIORITY_FLAG,
        context={"customer_id": order.customer_id, "total_cents": order.total_cents},
        default=False,
    )
    sqs.send_message(
        QueueUrl=QUEUE_URL,
        MessageBody=order_events.order_created_message(order, priority=priority),
    )
    logger.info(
        "Order created",
        extra={"order_id": order.order_id, "total_cents": order.total_cents, "priority": priority},
    )
    metrics.add_metric(name="OrdersCreated", unit=MetricUnit.Count, value=1)
    return {**order.to_dict(), "priority": priority}


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


@app.exception_handler(IdempotencyValidationError)
def idempotency_key_reused(error: IdempotencyValidationError) -> Response:
    """Answer 422 when an idempotency key comes back with another order."""
    logger.warning("Idempotency key reused with another order")
    return Response(
        status_code=HTTPStatus.UNPROCESSABLE_ENTITY.value,
        content_type=content_types.APPLICATION_JSON,
        body={"message": "Idempotency-Key was already used for another order"},
    )


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP)
@tracer.capture_lambda_handler
@metrics.log_metrics(capture_cold_start_metric=True)
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    """Lambda entry point: dispatch the HTTP API event to the matching route."""
    idempotency.register_lambda_context(context)
    return app.resolve(event, context)
