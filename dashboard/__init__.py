"""The UI: core parts every view shares, the caches, and one package per view (docs/ARCHITECTURE.md)."""
