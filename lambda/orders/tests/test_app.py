"""Tests of ``app.handler`` on the real Powertools for AWS Lambda (Python).

They need ``aws_lambda_powertools`` 3.2.0, which ``make test-python`` installs
from a folder of wheels into a virtual environment (see ``lambda/README.md``).
Without it this module is skipped, with the reason; with
``PYLAMBDA_REQUIRE_POWERTOOLS=1`` (set by ``make test-python`` once it has
installed Powertools) a missing Powertools is an error instead.

Tracing is disabled: there is no X-Ray daemon in tests. DynamoDB (the
idempotency table) and SQS (the fulfilment queue) are emulated in-process by
moto; the feature flags come from ``feature_flags.json`` through a local store
(see ``fakes.py``).
"""

from __future__ import annotations

import base64
import contextlib
import importlib
import io
import json
import os
import subprocess
import sys
import time
import unittest
from types import ModuleType, SimpleNamespace
from typing import Any
from unittest import mock

from . import FUNCTION_DIR, fakes

try:
    import aws_lambda_powertools  # noqa: F401
except ImportError as missing:
    if os.environ.get("PYLAMBDA_REQUIRE_POWERTOOLS") == "1":
        raise
    raise unittest.SkipTest(
        f"orders handler tests need aws-lambda-powertools ({missing}); run `make test-python`"
        " with PYLAMBDA_WHEELS set to a folder of wheels"
    ) from None

POWERTOOLS_ENV = {
    "POWERTOOLS_SERVICE_NAME": "orders",
    "POWERTOOLS_METRICS_NAMESPACE": "PylambdaTest",
    "POWERTOOLS_TRACE_DISABLED": "true",
    **fakes.aws_environment(),
}

CONTEXT = {
    "function_name": "orders",
    "memory_limit_in_mb": 256,
    "invoked_function_arn": "arn:aws:lambda:us-east-1:123456789012:function:orders",
    "aws_request_id": "7c1e4a3e-0b9f-4a55-9d57-2f4c1a6b8e01",
}

VALID_ORDER = {
    "customer_id": "cust-42",
    "items": [
        {"sku": "BOOK-1", "quantity": 2, "unit_price_cents": 1250},
        {"sku": "PEN-7", "quantity": 3, "unit_price_cents": 199},
    ],
}

# Invokes the handler once for each event of a JSON list read from stdin, in
# AWS emulated by moto (created before the function's module, as on Lambda the
# resources exist before the function starts).
INVOKE_ALL = """
import json, os, sys, types
from moto import mock_aws
sys.path.insert(0, ".")
mock_aws().start()
import boto3
boto3.client("dynamodb").create_table(TableName=os.environ["IDEMPOTENCY_TABLE_NAME"],
    KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
    AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}], BillingMode="PAY_PER_REQUEST")
os.environ["ORDER_EVENTS_QUEUE_URL"] = boto3.client("sqs").create_queue(QueueName="order-events")["QueueUrl"]
import app
context = types.SimpleNamespace(**json.loads(sys.argv[1]), get_remaining_time_in_millis=lambda: 10000)
for event in json.load(sys.stdin):
    app.handler(event, context)
"""


def http_api_event(
    method: str,
    path: str,
    body: str | None = None,
    *,
    is_base64_encoded: bool = False,
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    """An API Gateway HTTP API (payload format 2.0) event for the ``$default`` route."""
    return {
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": path,
        "rawQueryString": "",
        "headers": {
            "content-type": "application/json",
            "host": "abc123.execute-api.us-east-1.amazonaws.com",
            **(headers or {}),
        },
        "requestContext": {
            "accountId": "123456789012",
            "apiId": "abc123",
            "domainName": "abc123.execute-api.us-east-1.amazonaws.com",
            "http": {
                "method": method,
                "path": path,
                "protocol": "HTTP/1.1",
                "sourceIp": "203.0.113.10",
                "userAgent": "curl/8.5.0",
            },
            "requestId": "JKJaXmPLvHcESHA=",
            "routeKey": "$default",
            "stage": "$default",
            "time": "01/May/2024:12:30:00 +0000",
            "timeEpoch": 1714566600000,
        },
        "body": body,
        "isBase64Encoded": is_base64_encoded,
    }


def run_fresh(
    code: str, environ: dict[str, str], *, stdin: str = "", args: tuple[str, ...] = ()
) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a new interpreter, as on a Lambda cold start.

    The function folder is the working directory; ``-I`` leaves it and PYTHON*
    variables off ``sys.path``, so ``code`` puts it there as Lambda does. The
    environment is exactly ``environ``.
    """
    return subprocess.run(
        [sys.executable, "-I", "-c", code, *args],
        cwd=FUNCTION_DIR,
        env=environ,
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


class JsonOutputTestCase(unittest.TestCase):
    def assert_json_lines(self, text: str) -> list[dict[str, Any]]:
        """Parse every line of ``text`` as a JSON object; fail on the first that is not."""
        records = []
        for line in text.splitlines():
            try:
                record = json.loads(line)
            except ValueError:
                self.fail(f"not a JSON line: {line!r}")
            self.assertIsInstance(record, dict, line)
            records.append(record)
        return records


class HandlerTest(JsonOutputTestCase):
    """Routing, status codes, logs, metrics, idempotency, feature flags and the
    fulfilment queue, in this process."""

    app: ModuleType
    output = io.StringIO()
    queue_url: str

    @classmethod
    def setUpClass(cls) -> None:
        from moto import mock_aws

        cls.enterClassContext(mock.patch.dict(os.environ, POWERTOOLS_ENV))
        cls.enterClassContext(mock_aws())
        cls.queue_url = fakes.create_resources()
        os.environ["ORDER_EVENTS_QUEUE_URL"] = cls.queue_url
        # The Logger keeps the stdout it sees at import: capture it from the start.
        with contextlib.redirect_stdout(cls.output):
            cls.app = importlib.import_module("orders.app")
        cls.app.feature_flags = cls.app.FeatureFlags(store=fakes.local_flags_store())

    def setUp(self) -> None:
        # Every test starts with an empty queue and no idempotency records.
        import boto3

        self.received()
        dynamodb = boto3.client("dynamodb")
        for record in self.idempotency_records():
            dynamodb.delete_item(TableName=fakes.TABLE_NAME, Key={"id": record["id"]})

    def received(self) -> list[dict[str, Any]]:
        """The messages sent to the fulfilment queue since the last call, parsed."""
        import boto3

        sqs = boto3.client("sqs")
        bodies = []
        while True:
            messages = sqs.receive_message(QueueUrl=self.queue_url, MaxNumberOfMessages=10).get(
                "Messages", []
            )
            if not messages:
                return bodies
            for message in messages:
                bodies.append(json.loads(message["Body"]))
                sqs.delete_message(QueueUrl=self.queue_url, ReceiptHandle=message["ReceiptHandle"])

    def idempotency_records(self) -> list[dict[str, Any]]:
        """The items of the idempotency table."""
        import boto3

        return boto3.client("dynamodb").scan(TableName=fakes.TABLE_NAME)["Items"]

    def invoke(self, event: dict[str, Any]) -> tuple[int, Any, dict[str, str]]:
        """Call the handler; return status code, decoded JSON body and headers.

        What the handler writes is left in ``self.output``, for this call only.
        """
        self.output.seek(0)
        self.output.truncate()
        context = SimpleNamespace(**CONTEXT, get_remaining_time_in_millis=lambda: 10_000)
        with contextlib.redirect_stdout(self.output):
            result = self.app.handler(event, context)
        return result["statusCode"], json.loads(result["body"]), result["headers"]

    def records(self) -> list[dict[str, Any]]:
        """Log records and metric documents the last call wrote, all JSON."""
        return self.assert_json_lines(self.output.getvalue())

    def metric_names(self) -> list[str]:
        """Names of the CloudWatch metrics the last call published."""
        return [
            metric["Name"]
            for record in self.records()
            for directive in record.get("_aws", {}).get("CloudWatchMetrics", [])
            for metric in directive["Metrics"]
        ]

    def test_health_returns_200(self) -> None:
        status, body, _ = self.invoke(http_api_event("GET", "/health"))

        self.assertEqual(status, 200)
        self.assertEqual(body, {"status": "ok"})

    def test_create_order_returns_201_with_id_total_and_location(self) -> None:
        status, body, headers = self.invoke(
            http_api_event("POST", "/orders", json.dumps(VALID_ORDER))
        )

        self.assertEqual(status, 201)
        self.assertRegex(body["order_id"], r"^ord_[0-9a-f]{32}$")
        self.assertEqual(body["total_cents"], 3097)
        self.assertEqual(headers["Location"], f"/orders/{body['order_id']}")
        self.assertEqual(headers["Content-Type"], "application/json")

    def test_create_order_logs_with_correlation_id_and_publishes_metric(self) -> None:
        _, body, _ = self.invoke(http_api_event("POST", "/orders", json.dumps(VALID_ORDER)))

        created = [r for r in self.records() if r.get("message") == "Order created"]
        self.assertEqual(len(created), 1)
        self.assertEqual(created[0]["order_id"], body["order_id"])
        self.assertEqual(created[0]["correlation_id"], "JKJaXmPLvHcESHA=")
        self.assertEqual(created[0]["service"], "orders")
        self.assertIn("OrdersCreated", self.metric_names())

    def test_metrics_namespace_comes_from_environment(self) -> None:
        self.invoke(http_api_event("POST", "/orders", json.dumps(VALID_ORDER)))

        namespaces = {
            directive["Namespace"]
            for record in self.records()
            for directive in record.get("_aws", {}).get("CloudWatchMetrics", [])
        }
        self.assertEqual(namespaces, {"PylambdaTest"})

    def test_create_order_accepts_base64_encoded_body(self) -> None:
        encoded = base64.b64encode(json.dumps(VALID_ORDER).encode()).decode()

        status, body, _ = self.invoke(
            http_api_event("POST", "/orders", encoded, is_base64_encoded=True)
        )

        self.assertEqual(status, 201)
        self.assertEqual(body["total_cents"], 3097)

    def test_undecodable_base64_body_returns_400(self) -> None:
        not_utf8 = base64.b64encode(b'{"customer_id": "\xff"}').decode()
        for raw_body in ("!!not base64!!", "YWJ", not_utf8):
            with self.subTest(body=raw_body):
                status, body, _ = self.invoke(
                    http_api_event("POST", "/orders", raw_body, is_base64_encoded=True)
                )
                self.assertEqual(status, 400)
                self.assertEqual(body["errors"], ["request body must be base64-encoded UTF-8 text"])

    def test_invalid_order_returns_400_with_every_error(self) -> None:
        invalid = {"customer_id": "", "items": [{"sku": "A", "quantity": 0, "unit_price_cents": 5}]}

        status, body, _ = self.invoke(http_api_event("POST", "/orders", json.dumps(invalid)))

        self.assertEqual(status, 400)
        self.assertEqual(
            body,
            {
                "message": "Invalid order",
                "errors": [
                    "customer_id must be a non-empty string",
                    "items[0].quantity must be an integer between 1 and 100",
                ],
            },
        )
        rejected = [r for r in self.records() if r.get("message") == "Rejected invalid order"]
        self.assertEqual([r["level"] for r in rejected], ["WARNING"])
        self.assertEqual(rejected[0]["errors"], body["errors"])
        self.assertNotIn("OrdersCreated", self.metric_names())

    def test_malformed_or_missing_body_returns_400(self) -> None:
        cases = (("{oops", "request body must be valid JSON"), (None, "request body is required"))
        for raw_body, error in cases:
            with self.subTest(body=raw_body):
                status, body, _ = self.invoke(http_api_event("POST", "/orders", raw_body))
                self.assertEqual(status, 400)
                self.assertEqual(body["errors"], [error])

    def test_create_order_announces_it_to_fulfilment(self) -> None:
        _, body, _ = self.invoke(http_api_event("POST", "/orders", json.dumps(VALID_ORDER)))

        self.assertEqual(
            self.received(),
            [
                {
                    "type": "OrderCreated",
                    "order_id": body["order_id"],
                    "customer_id": "cust-42",
                    "total_cents": 3097,
                    "priority": False,
                }
            ],
        )
        self.assertIs(body["priority"], False)

    def test_priority_comes_from_the_feature_flag(self) -> None:
        large = {"customer_id": "cust-7", "items": [{"sku": "TV", "quantity": 1, "unit_price_cents": 10000}]}
        pilot = {**VALID_ORDER, "customer_id": "pilot-3"}
        cases = ((VALID_ORDER, False), (large, True), (pilot, True))
        for order, priority in cases:
            with self.subTest(order=order):
                _, body, _ = self.invoke(http_api_event("POST", "/orders", json.dumps(order)))
                self.assertIs(body["priority"], priority)
                self.assertEqual([m["priority"] for m in self.received()], [priority])

    def test_retry_with_idempotency_key_returns_the_first_order(self) -> None:
        headers = {"idempotency-key": "retry-1"}
        first = self.invoke(http_api_event("POST", "/orders", json.dumps(VALID_ORDER), headers=headers))
        # The retry's body differs in spacing and key order only: the same order.
        respaced = json.dumps(dict(reversed(list(VALID_ORDER.items()))), indent=2)
        second = self.invoke(http_api_event("POST", "/orders", respaced, headers=headers))

        self.assertEqual(first[0], 201)
        self.assertEqual(second[:2], first[:2])
        self.assertEqual(len(self.received()), 1, "the retry announced the order again")
        records = self.idempotency_records()
        self.assertEqual(len(records), 1)
        record = records[0]
        self.assertEqual(record["status"]["S"], "COMPLETED")
        self.assertEqual(json.loads(record["data"]["S"])["order_id"], first[1]["order_id"])
        self.assertIn("validation", record)
        expires_in = int(record["expiration"]["N"]) - time.time()
        self.assertAlmostEqual(expires_in, 24 * 60 * 60, delta=120)

    def test_idempotency_key_reused_for_another_order_returns_422(self) -> None:
        headers = {"idempotency-key": "reused-1"}
        self.invoke(http_api_event("POST", "/orders", json.dumps(VALID_ORDER), headers=headers))
        other = {**VALID_ORDER, "customer_id": "cust-43"}

        status, body, _ = self.invoke(http_api_event("POST", "/orders", json.dumps(other), headers=headers))

        self.assertEqual(status, 422)
        self.assertIn("already used", body["message"])
        self.assertEqual(len(self.received()), 1)

    def test_without_idempotency_key_every_post_creates_an_order(self) -> None:
        first = self.invoke(http_api_event("POST", "/orders", json.dumps(VALID_ORDER)))[1]
        second = self.invoke(http_api_event("POST", "/orders", json.dumps(VALID_ORDER)))[1]

        self.assertNotEqual(first["order_id"], second["order_id"])
        self.assertEqual(len(self.received()), 2)

    def test_get_order_returns_404_because_nothing_is_stored(self) -> None:
        status, body, _ = self.invoke(http_api_event("GET", "/orders/ord_123"))

        self.assertEqual(status, 404)
        self.assertIn("does not store orders", body["message"])

    def test_unknown_route_or_method_returns_404(self) -> None:
        for method, path in (("GET", "/nope"), ("DELETE", "/orders"), ("GET", "/orders/a/b")):
            with self.subTest(method=method, path=path):
                status, _, _ = self.invoke(http_api_event(method, path))
                self.assertEqual(status, 404)


class ColdStartTest(JsonOutputTestCase):
    """A new interpreter per test, with the function folder as the import root."""

    def test_every_line_written_is_json(self) -> None:
        # The first invocation publishes no application metric.
        events = [
            http_api_event("GET", "/health"),
            http_api_event("POST", "/orders", "!!", is_base64_encoded=True),
            http_api_event("POST", "/orders", json.dumps(VALID_ORDER)),
            http_api_event("GET", "/nope"),
        ]

        completed = run_fresh(
            INVOKE_ALL, POWERTOOLS_ENV, stdin=json.dumps(events), args=(json.dumps(CONTEXT),)
        )

        self.assertEqual(completed.returncode, 0, completed.stderr)
        self.assert_json_lines(completed.stderr)
        records = self.assert_json_lines(completed.stdout)
        self.assertIn("ColdStart", json.dumps(records[0]["_aws"]))

    def test_sampled_logger_emits_debug_lines(self) -> None:
        code = 'import sys; sys.path.insert(0, "."); import app; app.logger.debug("sampled")'
        for rate, expected in (("1", ["sampled"]), ("0", [])):
            with self.subTest(sample_rate=rate):
                environ = {
                    **POWERTOOLS_ENV,
                    "POWERTOOLS_LOG_LEVEL": "INFO",
                    "POWERTOOLS_LOGGER_SAMPLE_RATE": rate,
                }

                completed = run_fresh(code, environ)

                self.assertEqual(completed.returncode, 0, completed.stderr)
                records = self.assert_json_lines(completed.stdout)
                self.assertEqual([r["message"] for r in records if r["level"] == "DEBUG"], expected)


if __name__ == "__main__":
    unittest.main()
