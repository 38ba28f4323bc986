"""A notice's text → the first draft of its charter, and a revised notice against a charter kept by
hand."""
