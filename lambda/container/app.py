"""Report handler packaged as a container image (pylambda example).

Lambda handler: ``app.handler``. The image pylambda generates installs
Powertools (with the Tracer's X-Ray SDK) and a pinned boto3 into the task
root, where it wins over the runtime's own SDK: the response says which
boto3 the function runs.
"""

from __future__ import annotations

from typing import Any

import boto3
from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext

logger = Logger()
tracer = Tracer()
metrics = Metrics()


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics(capture_cold_start_metric=True)
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    """Return the SDK release the function runs and echo the report name."""
    name = str(event.get("report", "daily"))
    logger.info("report requested", extra={"report": name})
    metrics.add_metric(name="ReportsRequested", unit=MetricUnit.Count, value=1)
    return {"report": name, "boto3": boto3.__version__}
