"""Demo data of this app (called by core.demo.load)."""


def build() -> None:
    """Build the demo records."""
