"""What the orders functions' tests run against instead of AWS.

* :func:`aws_environment` is the environment the pylambda construct gives the
  functions, with fake credentials and names.
* :func:`create_resources` creates the idempotency table (as pylambda creates
  it: partition key ``id``, time to live on ``expiration``) and the fulfilment
  queue, in AWS emulated in-process by moto (``mock_aws``).
* :class:`LocalFlagsStore` serves ``feature_flags.json`` to Powertools'
  ``FeatureFlags``, as AppConfig serves it once deployed (moto does not emulate
  AppConfig's data plane).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from . import FUNCTION_DIR

TABLE_NAME = "orders-idempotency"
QUEUE_NAME = "order-events"
REGION = "eu-west-1"


def aws_environment(queue_url: str = "https://sqs.eu-west-1.amazonaws.com/123456789012/order-events") -> dict[str, str]:
    """The variables the construct sets beyond Powertools', and fake credentials."""
    return {
        "AWS_DEFAULT_REGION": REGION,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "IDEMPOTENCY_TABLE_NAME": TABLE_NAME,
        "ORDER_EVENTS_QUEUE_URL": queue_url,
        "FEATURE_FLAGS_APPLICATION": "orders",
        "FEATURE_FLAGS_ENVIRONMENT": "PylambdaApi",
        "FEATURE_FLAGS_PROFILE": "features",
    }


def create_resources() -> str:
    """Create the table and the queue in the active ``mock_aws``; return the queue URL."""
    import boto3

    boto3.client("dynamodb", region_name=REGION).create_table(
        TableName=TABLE_NAME,
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    boto3.client("dynamodb", region_name=REGION).update_time_to_live(
        TableName=TABLE_NAME,
        TimeToLiveSpecification={"Enabled": True, "AttributeName": "expiration"},
    )
    return boto3.client("sqs", region_name=REGION).create_queue(QueueName=QUEUE_NAME)["QueueUrl"]


def feature_flags_document() -> dict[str, Any]:
    """The function's ``feature_flags.json``, parsed."""
    return json.loads((Path(FUNCTION_DIR) / "feature_flags.json").read_text(encoding="utf-8"))


def local_flags_store() -> Any:
    """A Powertools ``StoreProvider`` serving ``feature_flags.json``."""
    from aws_lambda_powertools.utilities.feature_flags.base import StoreProvider

    class LocalFlagsStore(StoreProvider):
        @property
        def get_raw_configuration(self) -> dict[str, Any]:
            return feature_flags_document()

        def get_configuration(self) -> dict[str, Any]:
            return feature_flags_document()

    return LocalFlagsStore()
