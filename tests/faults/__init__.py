"""Fault tests: a real server killed, a real database restarted (see each module)."""
