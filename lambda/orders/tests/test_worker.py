"""Tests of ``worker.handler`` on the real Powertools batch utility.

Like ``test_app.py`` they need ``aws_lambda_powertools`` 3.2.0 (``make
test-python``) and are skipped without it. The events are SQS batches as an
event source mapping delivers them; the handler's answer is what the mapping
reads with ``ReportBatchItemFailures``.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import json
import os
import unittest
from types import ModuleType, SimpleNamespace
from typing import Any
from unittest import mock

try:
    import aws_lambda_powertools  # noqa: F401
except ImportError as missing:
    if os.environ.get("PYLAMBDA_REQUIRE_POWERTOOLS") == "1":
        raise
    raise unittest.SkipTest(
        f"worker tests need aws-lambda-powertools ({missing}); run `make test-python`"
        " with PYLAMBDA_WHEELS set to a folder of wheels"
    ) from None

WORKER_ENV = {
    "POWERTOOLS_SERVICE_NAME": "orders-worker",
    "POWERTOOLS_METRICS_NAMESPACE": "PylambdaTest",
    "POWERTOOLS_TRACE_DISABLED": "true",
}

CONTEXT = SimpleNamespace(
    function_name="orders-worker",
    memory_limit_in_mb=256,
    invoked_function_arn="arn:aws:lambda:eu-west-1:123456789012:function:orders-worker",
    aws_request_id="0f6c3d1e-5b9a-4e7c-8d2f-1a3b5c7d9e0f",
)

QUEUE_ARN = "arn:aws:sqs:eu-west-1:123456789012:order-events"


def order_message(order_id: str = "ord_" + "a" * 32, **fields: Any) -> str:
    """An OrderCreated body, as the orders API sends it, with fields replaced."""
    message = {
        "type": "OrderCreated",
        "order_id": order_id,
        "customer_id": "cust-42",
        "total_cents": 3097,
        "priority": False,
    }
    message.update(fields)
    return json.dumps(message)


def sqs_event(*bodies: str) -> dict[str, Any]:
    """An SQS batch as an event source mapping delivers it, one record per body."""
    return {
        "Records": [
            {
                "messageId": f"msg-{index}",
                "receiptHandle": f"handle-{index}",
                "body": body,
                "attributes": {
                    "ApproximateReceiveCount": "1",
                    "SentTimestamp": "1714566600000",
                    "SenderId": "AIDAEXAMPLE",
                    "ApproximateFirstReceiveTimestamp": "1714566600001",
                },
                "messageAttributes": {},
                "md5OfBody": "0" * 32,
                "eventSource": "aws:sqs",
                "eventSourceARN": QUEUE_ARN,
                "awsRegion": "eu-west-1",
            }
            for index, body in enumerate(bodies)
        ]
    }


class WorkerTest(unittest.TestCase):
    worker: ModuleType
    output = io.StringIO()

    @classmethod
    def setUpClass(cls) -> None:
        cls.enterClassContext(mock.patch.dict(os.environ, WORKER_ENV))
        with contextlib.redirect_stdout(cls.output):
            cls.worker = importlib.import_module("orders.worker")

    def invoke(self, event: dict[str, Any]) -> dict[str, Any]:
        """Call the handler; what it writes is left in ``self.output``."""
        self.output.seek(0)
        self.output.truncate()
        with contextlib.redirect_stdout(self.output):
            return self.worker.handler(event, CONTEXT)

    def records(self) -> list[dict[str, Any]]:
        """The JSON lines the last call wrote: logs and metric documents."""
        return [json.loads(line) for line in self.output.getvalue().splitlines()]

    def metrics(self) -> dict[str, float]:
        """The metrics the last call published, by name."""
        out = {}
        for record in self.records():
            for directive in record.get("_aws", {}).get("CloudWatchMetrics", []):
                for metric in directive["Metrics"]:
                    out[metric["Name"]] = sum(record[metric["Name"]])
        return out

    def test_a_good_batch_reports_no_failure(self) -> None:
        result = self.invoke(sqs_event(order_message(), order_message("ord_" + "b" * 32, priority=True)))

        self.assertEqual(result, {"batchItemFailures": []})
        routed = [r for r in self.records() if r.get("message") == "Order routed to fulfilment"]
        self.assertEqual([r["lane"] for r in routed], ["standard", "priority"])
        self.assertEqual(self.metrics(), {"OrdersRouted": 2.0, "PriorityOrdersRouted": 1.0})

    def test_failed_messages_are_reported_alone(self) -> None:
        result = self.invoke(
            sqs_event(order_message(), "not json", order_message(total_cents=-1), order_message())
        )

        self.assertEqual(
            result, {"batchItemFailures": [{"itemIdentifier": "msg-1"}, {"itemIdentifier": "msg-2"}]}
        )
        rejected = [r for r in self.records() if r.get("message") == "Rejected order message"]
        self.assertEqual([r["message_id"] for r in rejected], ["msg-1", "msg-2"])
        self.assertEqual([r["level"] for r in rejected], ["WARNING", "WARNING"])
        self.assertEqual(self.metrics(), {"OrdersRouted": 2.0})

    def test_a_batch_that_fails_entirely_is_retried_entirely(self) -> None:
        from aws_lambda_powertools.utilities.batch.exceptions import BatchProcessingError

        with self.assertRaises(BatchProcessingError):
            self.invoke(sqs_event("{}", "[]"))

    def test_the_api_message_round_trips(self) -> None:
        import order_events
        import orders_logic

        request = orders_logic.validate_order_payload(
            {"customer_id": "pilot-1", "items": [{"sku": "A", "quantity": 1, "unit_price_cents": 5}]}
        )
        order = orders_logic.create_order(request)

        result = self.invoke(sqs_event(order_events.order_created_message(order, priority=True)))

        self.assertEqual(result, {"batchItemFailures": []})
        routed = [r for r in self.records() if r.get("message") == "Order routed to fulfilment"]
        self.assertEqual([(r["order_id"], r["lane"]) for r in routed], [(order.order_id, "priority")])


if __name__ == "__main__":
    unittest.main()
