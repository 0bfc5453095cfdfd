"""Lambda@Edge viewer-request handler that normalises URLs for an S3 static site.

Lambda handler: ``app.handler``, attached to a CloudFront distribution as a
*viewer-request* trigger. Standard library only; no environment variables
(Lambda@Edge forbids them).

Every request path has one canonical form:

* runs of slashes collapse to one: ``/docs//guide.html`` -> ``/docs/guide.html``;
* a path whose last segment has no dot ("no file extension") is a directory
  and gets a trailing slash: ``/about`` -> ``/about/``.

A request for a non-canonical path is answered with a 301 redirect to the
canonical path in a single hop, keeping the query string. A canonical path is
forwarded to the origin, with ``index.html`` appended to directory paths so S3
can serve the object:

* ``/`` -> ``/index.html``; ``/about/`` -> ``/about/index.html``;
* ``/assets/app.js`` is forwarded unchanged.

Paths are case-sensitive, like S3 object keys, so they are never lowercased:
``/About/`` and ``/about/`` are different objects. The "no dot means directory"
rule means an extensionless file (for example ``/.well-known/security``) is
treated as a directory. The URI is used exactly as CloudFront supplies it (still
percent-encoded); nothing is decoded.
"""

from __future__ import annotations

import re
from typing import Any

REDIRECT_CACHE_CONTROL = "max-age=3600"
INDEX_DOCUMENT = "index.html"
_REPEATED_SLASHES = re.compile(r"/{2,}")


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Return a 301 response for a non-canonical URI, else the request to forward."""
    request = event["Records"][0]["cf"]["request"]
    canonical = canonical_path(request["uri"])
    if canonical != request["uri"]:
        return redirect_response(canonical, request.get("querystring", ""))
    request["uri"] = origin_path(canonical)
    return request


def canonical_path(uri: str) -> str:
    """Collapse repeated slashes and add a trailing slash to extensionless paths."""
    path = _REPEATED_SLASHES.sub("/", uri)
    last_segment = path.rsplit("/", 1)[-1]
    if last_segment and "." not in last_segment:
        path += "/"
    return path


def origin_path(canonical: str) -> str:
    """Map a canonical path to the S3 object path: directories serve ``index.html``."""
    return canonical + INDEX_DOCUMENT if canonical.endswith("/") else canonical


def redirect_response(path: str, querystring: str) -> dict[str, Any]:
    """Build a CloudFront 301 response redirecting to ``path`` plus ``querystring``.

    ``path`` has no repeated slashes, so the relative ``Location`` can never be a
    protocol-relative (``//host``) URL. Backslashes are percent-encoded because
    browsers treat ``/\\host`` like ``//host``.
    """
    location = path.replace("\\", "%5C")
    if querystring:
        location += "?" + querystring
    return {
        "status": "301",
        "statusDescription": "Moved Permanently",
        "headers": {
            "location": [{"key": "Location", "value": location}],
            "cache-control": [{"key": "Cache-Control", "value": REDIRECT_CACHE_CONTROL}],
        },
    }
