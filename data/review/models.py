"""Tables of review (registered on SQLModel.metadata by data.db)."""
