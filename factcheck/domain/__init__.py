"""Domain operations: take a session, flush but never commit, raise typed errors.

Nothing in this package imports Flask.
"""
