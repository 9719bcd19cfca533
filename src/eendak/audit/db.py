"""A cursor for the access log's hot statements, which run thousands of times a second.

Django's PostgreSQL cursors bind parameters on the client: every execution composes the whole
statement text, and the server parses and plans it again. The access log's own statements (a
request's entry, the chainer's links) are always the same text, so they are better bound on the
server: psycopg then sends the parameters apart and, once a statement has run a few times on a
connection (``prepare_threshold``), prepares it, so the server plans it once per connection. The
cursor still goes through Django's wrappers: queries are logged and counted where Django counts
them, execute wrappers see them, and errors are Django's.
"""

from django.db import connection


def bound_cursor():
    """A Django cursor on the current connection with server-side binding (PostgreSQL only)."""
    import psycopg  # only where the database is PostgreSQL

    connection.close_if_health_check_failed()
    connection.ensure_connection()
    with connection.wrap_database_errors:
        # What ``connection.cursor()`` does, with psycopg's server-binding cursor instead of the
        # client-binding one Django's backend creates.
        return connection._prepare_cursor(psycopg.Cursor(connection.connection))
