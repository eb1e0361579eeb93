"""项目化管理: menu entries."""
