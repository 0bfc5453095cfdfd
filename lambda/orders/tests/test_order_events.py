"""Unit tests for the OrderCreated message (no Powertools involved)."""

from __future__ import annotations

import json
import unittest
import uuid
from datetime import datetime, timezone

import order_events
import orders_logic
from order_events import OrderCreated, OrderEventError

ORDER = orders_logic.create_order(
    orders_logic.validate_order_payload(
        {"customer_id": "cust-42", "items": [{"sku": "BOOK-1", "quantity": 2, "unit_price_cents": 1250}]}
    ),
    clock=lambda: datetime(2024, 5, 1, tzinfo=timezone.utc),
    id_factory=lambda: uuid.UUID("12345678-1234-5678-1234-567812345678"),
)


class OrderEventsTest(unittest.TestCase):
    def test_message_round_trips(self) -> None:
        for priority, lane in ((False, "standard"), (True, "priority")):
            with self.subTest(priority=priority):
                event = order_events.parse_order_created(
                    order_events.order_created_message(ORDER, priority=priority)
                )
                self.assertEqual(
                    event,
                    OrderCreated(
                        order_id="ord_12345678123456781234567812345678",
                        customer_id="cust-42",
                        total_cents=2500,
                        priority=priority,
                    ),
                )
                self.assertEqual(event.lane, lane)

    def test_message_is_stable_json(self) -> None:
        body = order_events.order_created_message(ORDER, priority=False)
        self.assertEqual(list(json.loads(body)), sorted(json.loads(body)))
        self.assertEqual(json.loads(body)["type"], "OrderCreated")

    def test_invalid_messages_are_rejected_with_the_reason(self) -> None:
        good = json.loads(order_events.order_created_message(ORDER, priority=False))
        cases = {
            "not json": "message body is not JSON",
            "[]": "message body is not a JSON object",
            json.dumps({**good, "type": "OrderShipped"}): "message type 'OrderShipped' is not 'OrderCreated'",
            json.dumps({**good, "order_id": "123"}): "order_id must be a string starting with 'ord_'",
            json.dumps({**good, "customer_id": " "}): "customer_id must be a non-empty string",
            json.dumps({**good, "total_cents": True}): "total_cents must be an integer >= 0",
            json.dumps({**good, "total_cents": -5}): "total_cents must be an integer >= 0",
            json.dumps({**good, "priority": "yes"}): "priority must be true or false",
        }
        for body, reason in cases.items():
            with self.subTest(body=body):
                with self.assertRaises(OrderEventError) as raised:
                    order_events.parse_order_created(body)
                self.assertIn(reason, str(raised.exception))


class RequestToDictTest(unittest.TestCase):
    def test_canonical_form_ignores_spacing_order_and_unknown_fields(self) -> None:
        one = orders_logic.parse_order_request(
            '{"items": [{"quantity": 2, "sku": "A", "unit_price_cents": 5, "note": "x"}], "customer_id": "c"}'
        )
        two = orders_logic.parse_order_request(
            '{ "customer_id" : "c", "items" : [ {"sku": "A", "quantity": 2, "unit_price_cents": 5} ] }'
        )
        self.assertEqual(orders_logic.request_to_dict(one), orders_logic.request_to_dict(two))
        self.assertEqual(
            orders_logic.validate_order_payload(orders_logic.request_to_dict(one)), one
        )


if __name__ == "__main__":
    unittest.main()
