"""Tests for the URL rewrite viewer-request handler."""

from __future__ import annotations

import json
import unittest
from pathlib import Path
from typing import Any

from edge import edge_test_support
from edge.url_rewrite import app

FUNCTION_DIR = Path(app.__file__).resolve().parent
FIXTURES_DIR = Path(__file__).resolve().parent / "fixtures"

# Lambda@Edge's limit on a response generated for a viewer event (CloudFront
# developer guide, "Quotas on Lambda@Edge").
VIEWER_RESPONSE_LIMIT = 40 * 1024


def request_event(uri: str, querystring: str = "") -> dict[str, Any]:
    """The root viewer-request fixture with ``uri`` and ``querystring`` replaced."""
    event = edge_test_support.load_event(FIXTURES_DIR, "viewer_request_root.json")
    request = event["Records"][0]["cf"]["request"]
    request["uri"] = uri
    request["querystring"] = querystring
    return event


class UrlRewriteTestCase(unittest.TestCase):
    def assert_forwarded(self, event: dict[str, Any], expected_uri: str) -> None:
        original = event["Records"][0]["cf"]["request"].copy()

        result = app.handler(event, None)

        self.assertNotIn("status", result, "expected the request, got a response")
        self.assertEqual(result["uri"], expected_uri)
        self.assertEqual({**original, "uri": expected_uri}, result)

    def assert_redirected(self, event: dict[str, Any], expected_location: str) -> None:
        result = app.handler(event, None)

        self.assertEqual(
            result,
            {
                "status": "301",
                "statusDescription": "Moved Permanently",
                "headers": {
                    "location": [{"key": "Location", "value": expected_location}],
                    "cache-control": [{"key": "Cache-Control", "value": "max-age=3600"}],
                },
            },
        )


class FixtureTest(UrlRewriteTestCase):
    def load(self, name: str) -> dict[str, Any]:
        return edge_test_support.load_event(FIXTURES_DIR, name)

    def test_root_serves_index_document(self) -> None:
        self.assert_forwarded(self.load("viewer_request_root.json"), "/index.html")

    def test_directory_serves_its_index_document(self) -> None:
        self.assert_forwarded(self.load("viewer_request_directory.json"), "/about/index.html")

    def test_extensionless_path_redirects_to_directory_keeping_query(self) -> None:
        self.assert_redirected(
            self.load("viewer_request_extensionless.json"),
            "/about/?utm_source=newsletter&lang=en",
        )

    def test_asset_is_forwarded_unchanged(self) -> None:
        self.assert_forwarded(self.load("viewer_request_asset.json"), "/assets/app.js")


class NormalisationTest(UrlRewriteTestCase):
    def test_nested_directory(self) -> None:
        self.assert_forwarded(request_event("/docs/guide/"), "/docs/guide/index.html")

    def test_extensionless_path_without_query_has_no_question_mark(self) -> None:
        self.assert_redirected(request_event("/about"), "/about/")

    def test_duplicate_slashes_collapse_with_redirect(self) -> None:
        cases = {
            "//": "/",
            "/docs//guide.html": "/docs/guide.html",
            "/about//": "/about/",
            "/assets///css//site.css": "/assets/css/site.css",
        }
        for uri, location in cases.items():
            with self.subTest(uri=uri):
                self.assert_redirected(request_event(uri), location)

    def test_duplicate_slashes_and_missing_slash_fixed_in_one_redirect(self) -> None:
        self.assert_redirected(request_event("//docs///guide", "page=2"), "/docs/guide/?page=2")

    def test_protocol_relative_looking_path_redirects_on_site(self) -> None:
        self.assert_redirected(request_event("//evil.example/path"), "/evil.example/path/")

    def test_backslashes_are_encoded_in_location(self) -> None:
        self.assert_redirected(request_event("/\\evil.example/path"), "/%5Cevil.example/path/")

    def test_paths_are_case_sensitive(self) -> None:
        self.assert_forwarded(request_event("/About/"), "/About/index.html")
        self.assert_redirected(request_event("/About"), "/About/")

    def test_files_with_extensions_in_any_folder_are_untouched(self) -> None:
        files = ("/favicon.ico", "/robots.txt", "/v1.2/notes.md", "/.well-known/assetlinks.json")
        for uri in files:
            with self.subTest(uri=uri):
                self.assert_forwarded(request_event(uri, "x=1"), uri)

    def test_dot_in_parent_folder_does_not_make_a_file(self) -> None:
        self.assert_redirected(request_event("/v1.2/docs"), "/v1.2/docs/")

    def test_percent_encoded_paths_are_not_decoded(self) -> None:
        self.assert_forwarded(request_event("/caf%C3%A9/"), "/caf%C3%A9/index.html")


class CanonicalPathTest(unittest.TestCase):
    def test_canonical_paths(self) -> None:
        cases = {
            "/": "/",
            "/about": "/about/",
            "/about/": "/about/",
            "/a//b//": "/a/b/",
            "/app.js": "/app.js",
        }
        for uri, expected in cases.items():
            with self.subTest(uri=uri):
                self.assertEqual(app.canonical_path(uri), expected)

    def test_origin_path(self) -> None:
        self.assertEqual(app.origin_path("/"), "/index.html")
        self.assertEqual(app.origin_path("/img/logo.svg"), "/img/logo.svg")


class EdgeConstraintsTest(unittest.TestCase):
    def test_generated_responses_fit_the_viewer_limit(self) -> None:
        # Lambda@Edge limits a response generated on a viewer event to 40 KB,
        # headers and body included. The redirect is the only response this
        # function generates; its Location echoes the request's path and
        # query string, which CloudFront caps (URL 8,192 bytes), so even the
        # longest request keeps it far below the limit.
        longest = "/" + "a" * 4000
        result = app.handler(request_event(longest, "q=" + "b" * 4000), None)
        self.assertEqual(result["status"], "301")
        self.assertLess(len(json.dumps(result).encode()), VIEWER_RESPONSE_LIMIT)

    def test_handler_imports_only_the_standard_library(self) -> None:
        self.assertEqual(edge_test_support.non_stdlib_imports(FUNCTION_DIR / "app.py"), set())

    def test_handler_reads_no_environment_variables(self) -> None:
        self.assertEqual(edge_test_support.environment_accesses(FUNCTION_DIR / "app.py"), set())

    def test_app_imports_from_function_folder(self) -> None:
        completed = edge_test_support.import_from_asset_root(FUNCTION_DIR)

        self.assertEqual(completed.returncode, 0, completed.stderr)


if __name__ == "__main__":
    unittest.main()
