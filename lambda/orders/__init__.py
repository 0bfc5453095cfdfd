"""Orders function (API Gateway HTTP API).

This file only makes the folder a package so ``unittest`` discovery can find
``orders.tests``. At runtime the folder itself is the Lambda asset root and
Lambda imports ``app`` as a top-level module; this file plays no part there.
"""
