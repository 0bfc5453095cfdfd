"""Lambda@Edge functions for the static site's CloudFront distribution.

Each subfolder is a separate Lambda asset whose root contains ``app.py``. This
file only makes the folder a package so ``unittest`` discovery finds the tests.
"""
