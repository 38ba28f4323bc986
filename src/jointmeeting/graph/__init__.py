"""The charter as a responsibility graph: building it, reporting routes, keyword search, and every
export (DOT, SVG, Mermaid, GraphML, JSON)."""
