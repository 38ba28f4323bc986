"""The charter file format: values, the model, the YAML and notice readers, loading, overlays,
writing a roster back, and differences between two charters."""
