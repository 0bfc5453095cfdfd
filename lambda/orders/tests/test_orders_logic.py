"""Unit tests for the pure order logic (no Powertools involved)."""

from __future__ import annotations

import base64
import json
import unittest
import uuid
from datetime import datetime, timezone
from typing import Any

import orders_logic
from orders_logic import Order, OrderItem, OrderRequest, OrderValidationError

FIXED_TIME = datetime(2024, 5, 1, 12, 30, tzinfo=timezone.utc)
FIXED_UUID = uuid.UUID("12345678-1234-5678-1234-567812345678")


def valid_payload(**overrides: Any) -> dict[str, Any]:
    """A valid create-order payload, with top-level fields optionally replaced."""
    payload: dict[str, Any] = {
        "customer_id": "cust-42",
        "items": [
            {"sku": "BOOK-1", "quantity": 2, "unit_price_cents": 1250},
            {"sku": "PEN-7", "quantity": 3, "unit_price_cents": 199},
        ],
    }
    payload.update(overrides)
    return payload


def payload_with_item(**item_fields: Any) -> dict[str, Any]:
    """A payload whose single item is a valid item with some fields replaced."""
    item: dict[str, Any] = {"sku": "SKU-1", "quantity": 1, "unit_price_cents": 100}
    item.update(item_fields)
    return valid_payload(items=[item])


class ValidOrderTest(unittest.TestCase):
    def test_valid_payload_becomes_typed_request(self) -> None:
        request = orders_logic.validate_order_payload(valid_payload())

        self.assertEqual(
            request,
            OrderRequest(
                customer_id="cust-42",
                items=(
                    OrderItem(sku="BOOK-1", quantity=2, unit_price_cents=1250),
                    OrderItem(sku="PEN-7", quantity=3, unit_price_cents=199),
                ),
            ),
        )

    def test_parse_decodes_json_body(self) -> None:
        request = orders_logic.parse_order_request(json.dumps(valid_payload()))

        self.assertEqual(request.customer_id, "cust-42")
        self.assertEqual(len(request.items), 2)

    def test_unknown_fields_are_ignored(self) -> None:
        payload = valid_payload(note="leave at door")
        payload["items"][0]["colour"] = "red"

        request = orders_logic.validate_order_payload(payload)

        self.assertEqual(request.items[0], OrderItem("BOOK-1", 2, 1250))

    def test_customer_id_is_kept_as_sent(self) -> None:
        request = orders_logic.validate_order_payload(valid_payload(customer_id=" c 1 "))

        self.assertEqual(request.customer_id, " c 1 ")


class BoundaryTest(unittest.TestCase):
    def test_quantity_bounds_are_inclusive(self) -> None:
        for quantity in (1, 100):
            with self.subTest(quantity=quantity):
                request = orders_logic.validate_order_payload(payload_with_item(quantity=quantity))
                self.assertEqual(request.items[0].quantity, quantity)

    def test_quantity_just_outside_bounds_is_rejected(self) -> None:
        for quantity in (0, 101, -1):
            with self.subTest(quantity=quantity):
                with self.assertRaises(OrderValidationError) as caught:
                    orders_logic.validate_order_payload(payload_with_item(quantity=quantity))
                self.assertEqual(
                    caught.exception.errors,
                    ["items[0].quantity must be an integer between 1 and 100"],
                )

    def test_zero_unit_price_is_allowed(self) -> None:
        request = orders_logic.validate_order_payload(payload_with_item(unit_price_cents=0))

        self.assertEqual(request.items[0].unit_price_cents, 0)

    def test_negative_unit_price_is_rejected(self) -> None:
        with self.assertRaises(OrderValidationError) as caught:
            orders_logic.validate_order_payload(payload_with_item(unit_price_cents=-1))

        self.assertEqual(
            caught.exception.errors, ["items[0].unit_price_cents must be an integer >= 0"]
        )


class InvalidFieldTest(unittest.TestCase):
    def assert_rejected(self, payload: Any, expected_errors: list[str]) -> None:
        with self.assertRaises(OrderValidationError) as caught:
            orders_logic.validate_order_payload(payload)
        self.assertEqual(caught.exception.errors, expected_errors)

    def test_payload_must_be_an_object(self) -> None:
        for payload in ([], "order", 3, None):
            with self.subTest(payload=payload):
                self.assert_rejected(payload, ["request body must be a JSON object"])

    def test_customer_id_must_be_non_empty_string(self) -> None:
        for customer_id in ("", "   ", 42, None, ["cust"]):
            with self.subTest(customer_id=customer_id):
                self.assert_rejected(
                    valid_payload(customer_id=customer_id),
                    ["customer_id must be a non-empty string"],
                )

    def test_missing_customer_id(self) -> None:
        payload = valid_payload()
        del payload["customer_id"]

        self.assert_rejected(payload, ["customer_id must be a non-empty string"])

    def test_items_must_be_non_empty_list(self) -> None:
        for items in ([], None, {"sku": "A"}, "A"):
            with self.subTest(items=items):
                self.assert_rejected(valid_payload(items=items), ["items must be a non-empty list"])

    def test_item_must_be_an_object(self) -> None:
        self.assert_rejected(valid_payload(items=["SKU-1"]), ["items[0] must be an object"])

    def test_sku_must_be_non_empty_string(self) -> None:
        for sku in ("", " ", 7, None):
            with self.subTest(sku=sku):
                self.assert_rejected(
                    payload_with_item(sku=sku), ["items[0].sku must be a non-empty string"]
                )

    def test_quantity_must_be_a_json_integer(self) -> None:
        for quantity in (2.0, 2.5, "2", True, None):
            with self.subTest(quantity=quantity):
                self.assert_rejected(
                    payload_with_item(quantity=quantity),
                    ["items[0].quantity must be an integer between 1 and 100"],
                )

    def test_unit_price_must_be_a_json_integer(self) -> None:
        for price in (1.5, 100.0, "100", False, None):
            with self.subTest(price=price):
                self.assert_rejected(
                    payload_with_item(unit_price_cents=price),
                    ["items[0].unit_price_cents must be an integer >= 0"],
                )

    def test_all_problems_are_reported_with_their_paths(self) -> None:
        payload = {
            "customer_id": "",
            "items": [
                {"sku": "OK", "quantity": 1, "unit_price_cents": 1},
                {"sku": "", "quantity": 0, "unit_price_cents": -5},
                "not-an-item",
            ],
        }

        self.assert_rejected(
            payload,
            [
                "customer_id must be a non-empty string",
                "items[1].sku must be a non-empty string",
                "items[1].quantity must be an integer between 1 and 100",
                "items[1].unit_price_cents must be an integer >= 0",
                "items[2] must be an object",
            ],
        )

    def test_error_message_joins_all_errors(self) -> None:
        error = OrderValidationError(["a is wrong", "b is wrong"])

        self.assertEqual(str(error), "a is wrong; b is wrong")


class ParseBodyTest(unittest.TestCase):
    def assert_body_rejected(self, body: str | None, expected_error: str) -> None:
        with self.assertRaises(OrderValidationError) as caught:
            orders_logic.parse_order_request(body)
        self.assertEqual(caught.exception.errors, [expected_error])

    def test_missing_or_blank_body_is_rejected(self) -> None:
        for body in (None, "", "  \n"):
            with self.subTest(body=body):
                self.assert_body_rejected(body, "request body is required")

    def test_malformed_json_is_rejected(self) -> None:
        for body in ("{", "{'customer_id': 'x'}", "not json"):
            with self.subTest(body=body):
                self.assert_body_rejected(body, "request body must be valid JSON")

    def test_integer_literal_too_long_to_parse_is_rejected(self) -> None:
        huge_price = "9" * 5000  # beyond Python's default int-parsing digit limit
        item = '{"sku": "A", "quantity": 1, "unit_price_cents": %s}' % huge_price
        body = '{"customer_id": "c", "items": [%s]}' % item

        self.assert_body_rejected(body, "request body must be valid JSON")

    def test_pathologically_nested_json_is_rejected(self) -> None:
        self.assert_body_rejected("[" * 100_000, "request body must be valid JSON")

    def test_json_that_is_not_an_object_is_rejected(self) -> None:
        self.assert_body_rejected("[1, 2]", "request body must be a JSON object")


class Base64BodyTest(unittest.TestCase):
    def test_base64_body_is_decoded(self) -> None:
        body = base64.b64encode(json.dumps(valid_payload()).encode()).decode()

        request = orders_logic.parse_order_request(body, base64_encoded=True)

        self.assertEqual(request.customer_id, "cust-42")

    def test_body_that_is_not_base64_of_utf8_is_rejected(self) -> None:
        not_utf8 = base64.b64encode('{"customer_id": "é"}'.encode("latin-1")).decode()
        for body in ("!!", "YWJ", "eyJ9 ?", not_utf8):
            with self.subTest(body=body):
                with self.assertRaises(OrderValidationError) as caught:
                    orders_logic.parse_order_request(body, base64_encoded=True)
                self.assertEqual(
                    caught.exception.errors, ["request body must be base64-encoded UTF-8 text"]
                )

    def test_missing_or_empty_base64_body_is_rejected_as_missing(self) -> None:
        for body in (None, ""):
            with self.subTest(body=body):
                with self.assertRaises(OrderValidationError) as caught:
                    orders_logic.parse_order_request(body, base64_encoded=True)
                self.assertEqual(caught.exception.errors, ["request body is required"])


class TotalTest(unittest.TestCase):
    def test_total_sums_quantity_times_unit_price(self) -> None:
        items = [OrderItem("A", 2, 1250), OrderItem("B", 3, 199)]

        self.assertEqual(orders_logic.calculate_total_cents(items), 2 * 1250 + 3 * 199)

    def test_total_of_free_items_is_zero(self) -> None:
        self.assertEqual(orders_logic.calculate_total_cents([OrderItem("FREE", 5, 0)]), 0)

    def test_total_at_maximum_quantity(self) -> None:
        items = [OrderItem("BULK", 100, 999_999)]

        self.assertEqual(orders_logic.calculate_total_cents(items), 99_999_900)

    def test_line_total(self) -> None:
        self.assertEqual(OrderItem("A", 4, 25).line_total_cents, 100)


class CreateOrderTest(unittest.TestCase):
    def setUp(self) -> None:
        self.request = orders_logic.validate_order_payload(valid_payload())

    def test_create_order_is_deterministic_with_injected_clock_and_ids(self) -> None:
        order = orders_logic.create_order(
            self.request, clock=lambda: FIXED_TIME, id_factory=lambda: FIXED_UUID
        )

        self.assertEqual(
            order,
            Order(
                order_id="ord_12345678123456781234567812345678",
                customer_id="cust-42",
                items=self.request.items,
                total_cents=3097,
                created_at=FIXED_TIME,
            ),
        )

    def test_to_dict_is_json_ready(self) -> None:
        order = orders_logic.create_order(
            self.request, clock=lambda: FIXED_TIME, id_factory=lambda: FIXED_UUID
        )

        self.assertEqual(
            json.loads(json.dumps(order.to_dict())),
            {
                "order_id": "ord_12345678123456781234567812345678",
                "customer_id": "cust-42",
                "items": [
                    {
                        "sku": "BOOK-1",
                        "quantity": 2,
                        "unit_price_cents": 1250,
                        "line_total_cents": 2500,
                    },
                    {
                        "sku": "PEN-7",
                        "quantity": 3,
                        "unit_price_cents": 199,
                        "line_total_cents": 597,
                    },
                ],
                "total_cents": 3097,
                "created_at": "2024-05-01T12:30:00+00:00",
            },
        )

    def test_default_ids_are_unique_and_prefixed(self) -> None:
        first = orders_logic.create_order(self.request)
        second = orders_logic.create_order(self.request)

        self.assertNotEqual(first.order_id, second.order_id)
        self.assertRegex(first.order_id, r"^ord_[0-9a-f]{32}$")

    def test_default_clock_is_timezone_aware_utc(self) -> None:
        order = orders_logic.create_order(self.request)

        self.assertEqual(order.created_at.utcoffset(), timezone.utc.utcoffset(None))


if __name__ == "__main__":
    unittest.main()
