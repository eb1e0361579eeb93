"""关心关爱: menu entries."""
