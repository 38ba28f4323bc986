"""The rules a charter is checked by (JM3xx), and coverage of the outlines' areas."""
