"""What sessions_app tells the apps built on it. Sent inside the service's transaction, so a
receiver's writes commit or roll back with the change itself.

session_changed: a changelog line was written (a session added, moved, its room changed,
    cancelled, edited); kwargs: change (the SessionChange). webhooks announces public ones.
"""

from __future__ import annotations

from django.dispatch import Signal

session_changed = Signal()
