"""岗位风险防控: menu entries."""
