"""违规违纪处理: menu entries."""
