"""Documents made outside a page run: the board pack (PDF) and exports as numbers (Excel, CSV)."""
