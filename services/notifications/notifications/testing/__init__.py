"""Test helpers of the notifications service (importable by other suites, e.g. the platform's end-to-end tests)."""
