"""Tests for the container example's handler, with real Powertools when present."""

from __future__ import annotations

import importlib.util
import os
import unittest
from pathlib import Path

FUNCTION_DIR = Path(__file__).resolve().parent.parent
HAS_POWERTOOLS = importlib.util.find_spec("aws_lambda_powertools") is not None
if os.environ.get("PYLAMBDA_REQUIRE_POWERTOOLS") and not HAS_POWERTOOLS:
    raise RuntimeError("aws-lambda-powertools is required here (PYLAMBDA_REQUIRE_POWERTOOLS)")


class Context:
    function_name = "reports"
    memory_limit_in_mb = 512
    invoked_function_arn = "arn:aws:lambda:eu-west-1:123456789012:function:reports"
    aws_request_id = "req-1"


@unittest.skipUnless(HAS_POWERTOOLS, "needs aws-lambda-powertools (make test-python installs it from PYLAMBDA_WHEELS)")
class HandlerTest(unittest.TestCase):
    def setUp(self) -> None:
        os.environ.update(POWERTOOLS_TRACE_DISABLED="true", POWERTOOLS_SERVICE_NAME="reports",
                          POWERTOOLS_METRICS_NAMESPACE="PylambdaExample")

    def test_reports_the_sdk_it_runs(self) -> None:
        import boto3

        # Loaded under a name of its own: other examples have an app module too.
        spec = importlib.util.spec_from_file_location("container_app", FUNCTION_DIR / "app.py")
        app = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(app)
        result = app.handler({"report": "weekly"}, Context())
        self.assertEqual(result, {"report": "weekly", "boto3": boto3.__version__})


if __name__ == "__main__":
    unittest.main()
