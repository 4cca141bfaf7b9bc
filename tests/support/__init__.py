"""Test support: real servers the tests run against (Ralph LRS)."""
