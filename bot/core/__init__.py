"""Pure core: content parsing and decisions. Imports nothing outside the standard library, PyYAML and itself."""
