"""Tables of initiatives (registered on SQLModel.metadata by data.db)."""
