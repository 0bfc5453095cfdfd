"""An orders function whose handler is named handle, not handler."""

import json


def handle(event, context):
    return {"statusCode": 200, "body": json.dumps({"ok": True})}
