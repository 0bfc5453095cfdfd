"""Tests for the security headers Lambda@Edge function."""
