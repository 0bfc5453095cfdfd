"""Wiring tests for ``app.handler``: routing, status codes and response bodies.

Powertools is not installed offline, so ``app`` is imported with the test
double from :mod:`fake_powertools` in ``sys.modules``. These tests therefore
check this project's wiring, not Powertools' own behaviour.
"""

from __future__ import annotations

import base64
import importlib
import json
import os
import subprocess
import sys
import unittest
from types import ModuleType
from typing import Any
from unittest import mock

from . import FUNCTION_DIR, fake_powertools

VALID_ORDER = {
    "customer_id": "cust-42",
    "items": [
        {"sku": "BOOK-1", "quantity": 2, "unit_price_cents": 1250},
        {"sku": "PEN-7", "quantity": 3, "unit_price_cents": 199},
    ],
}


def import_app_with_fake_powertools(environ: dict[str, str] | None = None) -> ModuleType:
    """Import a fresh ``orders.app`` with the Powertools test double installed.

    ``environ`` replaces the process environment during the import.
    """
    with (
        mock.patch.dict(sys.modules, fake_powertools.build_modules()),
        mock.patch.dict(os.environ, environ or {}, clear=True),
    ):
        sys.modules.pop("orders.app", None)
        return importlib.import_module("orders.app")


def http_api_event(
    method: str, path: str, body: str | None = None, *, is_base64_encoded: bool = False
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


class HandlerRoutingTest(unittest.TestCase):
    app: ModuleType

    @classmethod
    def setUpClass(cls) -> None:
        cls.app = import_app_with_fake_powertools()

    def setUp(self) -> None:
        self.app.metrics.added.clear()
        self.app.logger.records.clear()

    def invoke(self, event: dict[str, Any]) -> tuple[int, Any, dict[str, str]]:
        """Call the handler; return status code, decoded JSON body and headers."""
        result = self.app.handler(event, fake_powertools.LambdaContext())
        return result["statusCode"], json.loads(result["body"]), result["headers"]

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

    def test_create_order_records_metric_and_log(self) -> None:
        _, body, _ = self.invoke(http_api_event("POST", "/orders", json.dumps(VALID_ORDER)))

        self.assertEqual(
            self.app.metrics.added, [("OrdersCreated", fake_powertools.MetricUnit.Count, 1)]
        )
        self.assertIn(
            ("INFO", "Order created", {"order_id": body["order_id"], "total_cents": 3097}),
            self.app.logger.records,
        )

    def test_create_order_accepts_base64_encoded_body(self) -> None:
        encoded = base64.b64encode(json.dumps(VALID_ORDER).encode()).decode()

        status, body, _ = self.invoke(
            http_api_event("POST", "/orders", encoded, is_base64_encoded=True)
        )

        self.assertEqual(status, 201)
        self.assertEqual(body["total_cents"], 3097)

    def test_invalid_order_returns_400_with_errors(self) -> None:
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
        self.assertEqual(self.app.metrics.added, [])

    def test_malformed_or_missing_body_returns_400(self) -> None:
        cases = (("{oops", "request body must be valid JSON"), (None, "request body is required"))
        for raw_body, error in cases:
            with self.subTest(body=raw_body):
                status, body, _ = self.invoke(http_api_event("POST", "/orders", raw_body))
                self.assertEqual(status, 400)
                self.assertEqual(body["errors"], [error])

    def test_get_order_returns_404_because_nothing_is_stored(self) -> None:
        status, body, _ = self.invoke(http_api_event("GET", "/orders/ord_123"))

        self.assertEqual(status, 404)
        self.assertIn("does not store orders", body["message"])

    def test_unknown_route_or_method_returns_404(self) -> None:
        for method, path in (("GET", "/nope"), ("DELETE", "/orders"), ("GET", "/orders/a/b")):
            with self.subTest(method=method, path=path):
                status, _, _ = self.invoke(http_api_event(method, path))
                self.assertEqual(status, 404)

    def test_powertools_decorators_are_configured(self) -> None:
        self.assertEqual(self.app.logger.correlation_id_path, "requestContext.requestId")
        self.assertTrue(self.app.metrics.capture_cold_start_metric)


class MetricsNamespaceTest(unittest.TestCase):
    def test_namespace_defaults_when_not_configured(self) -> None:
        app = import_app_with_fake_powertools()

        self.assertEqual(app.metrics.namespace, "PyLambda/Orders")

    def test_namespace_comes_from_environment(self) -> None:
        app = import_app_with_fake_powertools({"POWERTOOLS_METRICS_NAMESPACE": "Shop"})

        self.assertEqual(app.metrics.namespace, "Shop")


class AssetRootImportTest(unittest.TestCase):
    """Lambda imports ``app`` with the function folder as the root; check that works."""

    def test_app_imports_from_function_folder(self) -> None:
        code = (
            "import sys; sys.path[:0] = ['.', 'tests'];"
            "import fake_powertools; sys.modules.update(fake_powertools.build_modules());"
            "import app; assert callable(app.handler)"
        )
        # -I -S: ignore PYTHONPATH and site-packages, so only the stdlib, the
        # function folder and the test double are importable.
        completed = subprocess.run(
            [sys.executable, "-I", "-S", "-c", code],
            cwd=FUNCTION_DIR,
            capture_output=True,
            text=True,
            check=False,
        )

        self.assertEqual(completed.returncode, 0, completed.stderr)


if __name__ == "__main__":
    unittest.main()
