"""基层工作: menu entries."""
