"""The ``OrderCreated`` message the orders API sends to its fulfilment queue.

Pure like :mod:`orders_logic`: no AWS, no Powertools, no I/O. ``app.py`` builds
the message when an order is created; ``worker.py`` parses each message of a
batch and decides its fulfilment lane. A message that does not parse raises
:class:`OrderEventError`, which the worker reports as a failed batch item, so
that SQS retries it alone and, after the queue's ``maxReceiveCount``, moves it
to the dead-letter queue.

Message body (JSON)::

    {"type": "OrderCreated", "order_id": "ord_...", "customer_id": "cust-42",
     "total_cents": 3097, "priority": false}
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from orders_logic import ORDER_ID_PREFIX, Order

ORDER_CREATED = "OrderCreated"
PRIORITY_LANE = "priority"
STANDARD_LANE = "standard"


class OrderEventError(ValueError):
    """Raised for a message that is not a valid ``OrderCreated`` event."""


@dataclass(frozen=True)
class OrderCreated:
    """A parsed ``OrderCreated`` message."""

    order_id: str
    customer_id: str
    total_cents: int
    priority: bool

    @property
    def lane(self) -> str:
        """The fulfilment lane: priority orders skip the standard queue."""
        return PRIORITY_LANE if self.priority else STANDARD_LANE


def order_created_message(order: Order, *, priority: bool) -> str:
    """The JSON body of the message announcing ``order``."""
    return json.dumps(
        {
            "type": ORDER_CREATED,
            "order_id": order.order_id,
            "customer_id": order.customer_id,
            "total_cents": order.total_cents,
            "priority": priority,
        },
        sort_keys=True,
    )


def parse_order_created(body: str) -> OrderCreated:
    """Parse and validate one message body; raise :class:`OrderEventError` if invalid."""
    try:
        message: Any = json.loads(body)
    except (TypeError, ValueError, RecursionError):
        raise OrderEventError("message body is not JSON") from None
    if not isinstance(message, dict):
        raise OrderEventError("message body is not a JSON object")
    if message.get("type") != ORDER_CREATED:
        raise OrderEventError(f"message type {message.get('type')!r} is not {ORDER_CREATED!r}")

    problems = []
    order_id = message.get("order_id")
    if not (isinstance(order_id, str) and order_id.startswith(ORDER_ID_PREFIX)):
        problems.append(f"order_id must be a string starting with {ORDER_ID_PREFIX!r}")
    customer_id = message.get("customer_id")
    if not (isinstance(customer_id, str) and customer_id.strip()):
        problems.append("customer_id must be a non-empty string")
    total = message.get("total_cents")
    if not (isinstance(total, int) and not isinstance(total, bool) and total >= 0):
        problems.append("total_cents must be an integer >= 0")
    priority = message.get("priority")
    if not isinstance(priority, bool):
        problems.append("priority must be true or false")
    if problems:
        raise OrderEventError("; ".join(problems))
    return OrderCreated(order_id=order_id, customer_id=customer_id, total_cents=total, priority=priority)
