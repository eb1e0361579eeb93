"""宣传报道: menu entries."""
