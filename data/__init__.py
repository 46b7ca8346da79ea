"""The system of record: SQLModel tables, database access, demo data, import, analytics copy."""
