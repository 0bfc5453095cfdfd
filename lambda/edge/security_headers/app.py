"""Lambda@Edge viewer-response handler that adds security headers.

Lambda handler: ``app.handler``, attached to a CloudFront distribution as a
*viewer-response* trigger. Lambda@Edge forbids environment variables, so the
policy below is constant; the module uses only the standard library.

Header policy:

* ``Strict-Transport-Security``, ``X-Content-Type-Options``,
  ``X-Frame-Options``, ``Referrer-Policy`` and ``Permissions-Policy`` are
  always set, replacing any value from the origin: they are site-wide policy
  owned by this function.
* ``Content-Security-Policy`` is set to :data:`DEFAULT_CONTENT_SECURITY_POLICY`
  only when the origin did not send one. A page with its own, tailored policy
  keeps it; everything else gets a strict default for a static site that serves
  all of its scripts, styles, fonts and images from its own origin.
* ``Server`` and ``X-Powered-By`` are removed so responses do not advertise
  server software.

None of these are read-only headers for viewer-response events (those are
Content-Encoding, Content-Length, Transfer-Encoding, Warning and Via).
"""

from __future__ import annotations

from typing import Any

CloudFrontHeaders = dict[str, list[dict[str, str]]]

DEFAULT_CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "upgrade-insecure-requests",
    ]
)

ENFORCED_HEADERS: dict[str, str] = {
    "Strict-Transport-Security": "max-age=63072000; includeSubDomains; preload",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": (
        "accelerometer=(), camera=(), geolocation=(), gyroscope=(), "
        "magnetometer=(), microphone=(), payment=(), usb=()"
    ),
}

DEFAULT_HEADERS: dict[str, str] = {
    "Content-Security-Policy": DEFAULT_CONTENT_SECURITY_POLICY,
}

REMOVED_HEADERS: tuple[str, ...] = ("server", "x-powered-by")


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Return the CloudFront response from ``event`` with security headers applied."""
    response = event["Records"][0]["cf"]["response"]
    response["headers"] = secure_headers(response.get("headers", {}))
    return response


def secure_headers(headers: CloudFrontHeaders) -> CloudFrontHeaders:
    """Return a copy of CloudFront-format ``headers`` with the policy applied.

    CloudFront keys headers by lowercase name; each value is a list of
    ``{"key": <canonical name>, "value": <value>}`` entries.
    """
    result = {name: entries for name, entries in headers.items() if name not in REMOVED_HEADERS}
    for name, value in DEFAULT_HEADERS.items():
        result.setdefault(name.lower(), _header(name, value))
    for name, value in ENFORCED_HEADERS.items():
        result[name.lower()] = _header(name, value)
    return result


def _header(name: str, value: str) -> list[dict[str, str]]:
    """Build one header in CloudFront's event format."""
    return [{"key": name, "value": value}]
