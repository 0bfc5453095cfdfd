"""Fulfilment worker: consumes the ``OrderCreated`` messages of the orders queue.

Lambda handler: ``worker.handler``, invoked by an SQS event source mapping that
reports batch item failures. Each message is processed on its own with the
Powertools batch utility (``BatchProcessor``): a message that fails is reported
in ``batchItemFailures``, so SQS retries it alone while the others are deleted;
after the queue's ``maxReceiveCount`` it moves to the dead-letter queue. When
every message of a batch fails, Powertools raises ``BatchProcessingError`` and
the whole batch is retried.

The message rules live in :mod:`order_events`, which does not import Powertools.
"""

from __future__ import annotations

import warnings
from typing import Any

from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.batch import (
    BatchProcessor,
    EventType,
    process_partial_response,
)
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

import order_events

# A batch whose messages all fail publishes no metric: keep stderr JSON only.
warnings.filterwarnings("ignore", "No application metrics to publish")

logger = Logger()
tracer = Tracer()
metrics = Metrics()
processor = BatchProcessor(event_type=EventType.SQS)


@tracer.capture_method
def record_handler(record: SQSRecord) -> None:
    """Route one order to its fulfilment lane; raise to report it as failed."""
    try:
        event = order_events.parse_order_created(record.body)
    except order_events.OrderEventError as error:
        logger.warning(
            "Rejected order message", extra={"message_id": record.message_id, "reason": str(error)}
        )
        raise
    logger.info(
        "Order routed to fulfilment",
        extra={"order_id": event.order_id, "lane": event.lane, "message_id": record.message_id},
    )
    metrics.add_metric(name="OrdersRouted", unit=MetricUnit.Count, value=1)
    if event.priority:
        metrics.add_metric(name="PriorityOrdersRouted", unit=MetricUnit.Count, value=1)


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    """Lambda entry point: process the batch, return the failed message ids."""
    return process_partial_response(
        event=event, record_handler=record_handler, processor=processor, context=context
    )
