"""The plugin host: hook specifications, the pluggy manager, the built-in plugin, roster rows from
any source, and loading a charter with its roster."""
