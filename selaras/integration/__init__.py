"""Integration machinery for the API (issue #5): concurrency control (ETag/If-Match),
idempotent POSTs (Idempotency-Key) and rate limits."""
