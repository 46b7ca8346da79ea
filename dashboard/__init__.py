"""UI building blocks: filters, components, charts, language, caching."""
