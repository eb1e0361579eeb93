"""制度建设: menu entries."""
