"""Business logic for the orders API: validation, pricing and order creation.

This module is deliberately pure: it imports nothing from AWS or Powertools and
performs no I/O, so every rule here is unit-testable offline. ``app.py`` is the
thin HTTP adapter around it.

Validation rules for a create-order request body (a JSON object):

* ``customer_id``: a string that is not empty or whitespace-only (kept as sent).
* ``items``: a non-empty list of objects, each with

  * ``sku``: a string that is not empty or whitespace-only,
  * ``quantity``: a JSON integer from 1 to 100 inclusive,
  * ``unit_price_cents``: a JSON integer >= 0.

Integers must be JSON integers: ``2.0``, ``"2"`` and ``true`` are rejected.
Unknown fields are ignored. Every problem found is reported, not just the first.
"""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

MIN_QUANTITY = 1
MAX_QUANTITY = 100
ORDER_ID_PREFIX = "ord_"


class OrderValidationError(ValueError):
    """Raised when a create-order request is invalid.

    ``errors`` holds one human-readable message per problem, each naming the
    offending field (for example ``items[1].quantity``).
    """

    def __init__(self, errors: Sequence[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors: list[str] = list(errors)


@dataclass(frozen=True)
class OrderItem:
    """One validated order line."""

    sku: str
    quantity: int
    unit_price_cents: int

    @property
    def line_total_cents(self) -> int:
        """Price of this line: quantity times unit price."""
        return self.quantity * self.unit_price_cents


@dataclass(frozen=True)
class OrderRequest:
    """A validated create-order request."""

    customer_id: str
    items: tuple[OrderItem, ...]


@dataclass(frozen=True)
class Order:
    """A created order, ready to be returned to the caller."""

    order_id: str
    customer_id: str
    items: tuple[OrderItem, ...]
    total_cents: int
    created_at: datetime

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-serialisable representation used in API responses."""
        return {
            "order_id": self.order_id,
            "customer_id": self.customer_id,
            "items": [
                {
                    "sku": item.sku,
                    "quantity": item.quantity,
                    "unit_price_cents": item.unit_price_cents,
                    "line_total_cents": item.line_total_cents,
                }
                for item in self.items
            ],
            "total_cents": self.total_cents,
            "created_at": self.created_at.isoformat(),
        }


def parse_order_request(body: str | None, *, base64_encoded: bool = False) -> OrderRequest:
    """Decode a raw JSON request body and validate it into an :class:`OrderRequest`.

    ``base64_encoded`` is the event's ``isBase64Encoded`` flag: the body is then
    base64 of UTF-8 text. Raises :class:`OrderValidationError` if the body is
    missing, cannot be decoded, is not valid JSON, or breaks any validation rule.
    """
    if base64_encoded and body is not None:
        body = _decode_base64_text(body)
    if body is None or not body.strip():
        raise OrderValidationError(["request body is required"])
    try:
        payload = json.loads(body)
    except (ValueError, RecursionError):
        # ValueError covers malformed JSON and over-long integer literals;
        # RecursionError covers absurdly deep nesting.
        raise OrderValidationError(["request body must be valid JSON"]) from None
    return validate_order_payload(payload)


def validate_order_payload(payload: Any) -> OrderRequest:
    """Validate an already-decoded JSON value into an :class:`OrderRequest`.

    Raises :class:`OrderValidationError` listing every problem found.
    """
    if not isinstance(payload, dict):
        raise OrderValidationError(["request body must be a JSON object"])

    errors: list[str] = []
    customer_id = payload.get("customer_id")
    if not _is_non_blank_string(customer_id):
        errors.append("customer_id must be a non-empty string")

    raw_items = payload.get("items")
    items: list[OrderItem] = []
    if not isinstance(raw_items, list) or not raw_items:
        errors.append("items must be a non-empty list")
    else:
        for index, raw_item in enumerate(raw_items):
            item, item_errors = _validate_item(raw_item, f"items[{index}]")
            errors.extend(item_errors)
            if item is not None:
                items.append(item)

    if errors:
        raise OrderValidationError(errors)
    return OrderRequest(customer_id=customer_id, items=tuple(items))


def request_to_dict(request: OrderRequest) -> dict[str, Any]:
    """The JSON form of a validated request: what :func:`validate_order_payload`
    accepts, without unknown fields. Two bodies that differ only in spacing,
    key order or ignored fields give the same dict."""
    return {
        "customer_id": request.customer_id,
        "items": [
            {"sku": item.sku, "quantity": item.quantity, "unit_price_cents": item.unit_price_cents}
            for item in request.items
        ],
    }


def calculate_total_cents(items: Sequence[OrderItem]) -> int:
    """Sum the line totals of ``items``, in cents."""
    return sum(item.line_total_cents for item in items)


def new_order_id(id_factory: Callable[[], uuid.UUID] = uuid.uuid4) -> str:
    """Return a new order id such as ``ord_3f2b...`` (prefix plus 32 hex digits)."""
    return ORDER_ID_PREFIX + id_factory().hex


def utc_now() -> datetime:
    """Return the current time as a timezone-aware UTC datetime."""
    return datetime.now(timezone.utc)


def create_order(
    request: OrderRequest,
    *,
    clock: Callable[[], datetime] = utc_now,
    id_factory: Callable[[], uuid.UUID] = uuid.uuid4,
) -> Order:
    """Price a validated request and assign it an id and creation time.

    ``clock`` and ``id_factory`` are injectable so tests get deterministic output.
    Nothing is persisted: this example has no database.
    """
    return Order(
        order_id=new_order_id(id_factory),
        customer_id=request.customer_id,
        items=request.items,
        total_cents=calculate_total_cents(request.items),
        created_at=clock(),
    )


def _decode_base64_text(body: str) -> str:
    """Decode a base64 body into UTF-8 text, rejecting anything else."""
    try:
        return base64.b64decode(body, validate=True).decode("utf-8")
    except ValueError:
        # binascii.Error (bad base64) and UnicodeDecodeError are both ValueErrors.
        raise OrderValidationError(["request body must be base64-encoded UTF-8 text"]) from None


def _validate_item(raw_item: Any, path: str) -> tuple[OrderItem | None, list[str]]:
    """Validate one entry of ``items``; return the item (or None) and its errors."""
    if not isinstance(raw_item, dict):
        return None, [f"{path} must be an object"]

    errors: list[str] = []
    sku = raw_item.get("sku")
    quantity = raw_item.get("quantity")
    unit_price_cents = raw_item.get("unit_price_cents")

    if not _is_non_blank_string(sku):
        errors.append(f"{path}.sku must be a non-empty string")
    if not (_is_integer(quantity) and MIN_QUANTITY <= quantity <= MAX_QUANTITY):
        errors.append(
            f"{path}.quantity must be an integer between {MIN_QUANTITY} and {MAX_QUANTITY}"
        )
    if not (_is_integer(unit_price_cents) and unit_price_cents >= 0):
        errors.append(f"{path}.unit_price_cents must be an integer >= 0")

    if errors:
        return None, errors
    return OrderItem(sku=sku, quantity=quantity, unit_price_cents=unit_price_cents), []


def _is_non_blank_string(value: Any) -> bool:
    """True for a string containing at least one non-whitespace character."""
    return isinstance(value, str) and bool(value.strip())


def _is_integer(value: Any) -> bool:
    """True for an int that is not a bool (JSON ``true`` decodes to ``True``)."""
    return isinstance(value, int) and not isinstance(value, bool)
