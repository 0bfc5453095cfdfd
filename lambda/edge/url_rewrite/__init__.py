"""Lambda@Edge viewer-request function normalising static-site URLs (see ``app``).

Package marker for test discovery only; at runtime ``app`` is imported from the
function folder as a top-level module.
"""
