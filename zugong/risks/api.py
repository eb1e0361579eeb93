"""/api/v1/ endpoints of this app (registered by zugong.api_urls)."""

from typing import Any

PATHS: list[Any] = []


def register(router: Any) -> None:
    """Add this app's viewsets to the shared router."""
