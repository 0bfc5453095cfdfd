"""Tests for the security headers viewer-response handler."""

from __future__ import annotations

import unittest
from pathlib import Path
from typing import Any

from edge import edge_test_support
from edge.security_headers import app

FUNCTION_DIR = Path(app.__file__).resolve().parent
FIXTURES_DIR = Path(__file__).resolve().parent / "fixtures"

EXPECTED_ENFORCED = {
    "strict-transport-security": (
        "Strict-Transport-Security",
        "max-age=63072000; includeSubDomains; preload",
    ),
    "x-content-type-options": ("X-Content-Type-Options", "nosniff"),
    "x-frame-options": ("X-Frame-Options", "DENY"),
    "referrer-policy": ("Referrer-Policy", "strict-origin-when-cross-origin"),
}

VIEWER_RESPONSE_READ_ONLY = (
    "content-encoding",
    "content-length",
    "transfer-encoding",
    "warning",
    "via",
)


def run_handler(fixture: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """Return (original response, handler result) for a fixture."""
    original = edge_test_support.load_event(FIXTURES_DIR, fixture)["Records"][0]["cf"]["response"]
    result = app.handler(edge_test_support.load_event(FIXTURES_DIR, fixture), None)
    return original, result


class SecurityHeadersTest(unittest.TestCase):
    def assert_header(self, headers: dict[str, Any], name: str, key: str, value: str) -> None:
        self.assertEqual(headers[name], [{"key": key, "value": value}], name)

    def test_adds_enforced_headers_in_cloudfront_format(self) -> None:
        _, result = run_handler("viewer_response_s3.json")

        for name, (key, value) in EXPECTED_ENFORCED.items():
            self.assert_header(result["headers"], name, key, value)

    def test_permissions_policy_disables_powerful_features(self) -> None:
        _, result = run_handler("viewer_response_s3.json")

        [entry] = result["headers"]["permissions-policy"]
        self.assertEqual(entry["key"], "Permissions-Policy")
        for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
            self.assertIn(feature, entry["value"])

    def test_default_csp_is_added_when_origin_sent_none(self) -> None:
        _, result = run_handler("viewer_response_s3.json")

        self.assert_header(
            result["headers"],
            "content-security-policy",
            "Content-Security-Policy",
            app.DEFAULT_CONTENT_SECURITY_POLICY,
        )
        for directive in ("default-src 'self'", "object-src 'none'", "frame-ancestors 'none'"):
            self.assertIn(directive, app.DEFAULT_CONTENT_SECURITY_POLICY)

    def test_origin_csp_is_preserved(self) -> None:
        original, result = run_handler("viewer_response_custom_origin.json")

        self.assertEqual(
            result["headers"]["content-security-policy"],
            original["headers"]["content-security-policy"],
        )

    def test_origin_values_of_enforced_headers_are_overwritten(self) -> None:
        _, result = run_handler("viewer_response_custom_origin.json")

        self.assert_header(result["headers"], "x-frame-options", "X-Frame-Options", "DENY")

    def test_server_identifying_headers_are_removed(self) -> None:
        for fixture in ("viewer_response_s3.json", "viewer_response_custom_origin.json"):
            with self.subTest(fixture=fixture):
                _, result = run_handler(fixture)
                self.assertNotIn("server", result["headers"])
                self.assertNotIn("x-powered-by", result["headers"])

    def test_other_headers_status_and_read_only_headers_are_untouched(self) -> None:
        original, result = run_handler("viewer_response_s3.json")

        self.assertEqual(result["status"], "200")
        self.assertEqual(result["statusDescription"], "OK")
        unrelated = ("content-type", "etag", "last-modified", "date", "x-cache")
        for name in (*unrelated, *VIEWER_RESPONSE_READ_ONLY):
            self.assertEqual(result["headers"].get(name), original["headers"].get(name), name)

    def test_every_header_is_keyed_by_its_lowercase_name(self) -> None:
        _, result = run_handler("viewer_response_custom_origin.json")

        for name, entries in result["headers"].items():
            for entry in entries:
                self.assertEqual(entry["key"].lower(), name)

    def test_response_without_headers_gets_security_headers(self) -> None:
        event = edge_test_support.load_event(FIXTURES_DIR, "viewer_response_s3.json")
        del event["Records"][0]["cf"]["response"]["headers"]

        result = app.handler(event, None)

        self.assertIn("strict-transport-security", result["headers"])
        self.assertIn("content-security-policy", result["headers"])

    def test_secure_headers_does_not_mutate_its_input(self) -> None:
        headers = {"server": [{"key": "Server", "value": "AmazonS3"}]}

        app.secure_headers(headers)

        self.assertEqual(headers, {"server": [{"key": "Server", "value": "AmazonS3"}]})


class EdgeConstraintsTest(unittest.TestCase):
    def test_handler_imports_only_the_standard_library(self) -> None:
        self.assertEqual(edge_test_support.non_stdlib_imports(FUNCTION_DIR / "app.py"), set())

    def test_handler_reads_no_environment_variables(self) -> None:
        self.assertEqual(edge_test_support.environment_accesses(FUNCTION_DIR / "app.py"), set())

    def test_app_imports_from_function_folder(self) -> None:
        completed = edge_test_support.import_from_asset_root(FUNCTION_DIR)

        self.assertEqual(completed.returncode, 0, completed.stderr)


if __name__ == "__main__":
    unittest.main()
