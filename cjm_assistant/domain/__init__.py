"""The domain floor: the one schema (model), the typed edit operations and the only way to apply them,
map diffs, the interview profile and text hygiene. It imports nothing else of the package."""
