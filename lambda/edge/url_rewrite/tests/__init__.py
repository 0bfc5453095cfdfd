"""Tests for the URL rewrite Lambda@Edge function."""
