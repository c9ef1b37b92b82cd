"""Hostile and careless input: every case ends in exit 0, 1 or 2 with one located
sentence, never a traceback, and leaves nothing new behind (issue #10)."""
