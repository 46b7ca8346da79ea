"""Tables of notifications (registered on SQLModel.metadata by data.db)."""
