"""Helpers for every API test: JSON requests, and the one check of what an API error looks like.

A plain module rather than conftest.py so that each app's API tests (``<app>/tests/api/``) import the
same helpers instead of copying them.
"""

import json

PASSWORD = "Correct-Paard-Batterij-7"  # what UserFactory sets
PROBLEM = "application/problem+json"


def body(response):
    return json.loads(response.content)


def assert_problem(response, status: int):
    """An error the way every API error looks: problem+json with the status in the body."""
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith(PROBLEM), response["Content-Type"]
    data = body(response)
    assert data["status"] == status
    assert data["title"] and data["detail"]
    return data


def invalid_names(response) -> set[str]:
    return {param["name"] for param in body(response).get("invalidParams", [])}


def post_json(client, url, data=None, **extra):
    return client.post(url, json.dumps(data if data is not None else {}),
                       content_type="application/json", **extra)


def patch_json(client, url, data, **extra):
    return client.patch(url, json.dumps(data), content_type="application/json", **extra)


def page_text(response) -> str:
    return response.content.decode()


def field_error(response, field_name: str) -> str:
    """The error text shown under one field of a screen (includes/field.html gives it an id)."""
    import re
    from html import unescape

    found = re.findall(rf'id="id_{field_name}_error">(.*?)</div>', page_text(response), re.S)
    return unescape(" ".join(found))
