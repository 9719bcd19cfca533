"""The shared case file's REST API under /api/v1/ (namespace ``cases_api``)."""
