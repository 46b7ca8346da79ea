"""Which alerts hold now: a KPI turned red, a probability fell, a note is due, a red KPI without an initiative."""
