"""The plugin host: a pluggy manager built by a factory (never at import time) and a typed
façade, so no caller writes ``pm.hook.x(**kw)``.

Built-in plugins are plain modules registered from :data:`DEFAULT_PLUGINS`; their hook
implementations are ``trylast``, so a town's plugin is asked first. Entry points in the
``jointmeeting`` group load one by one: one that fails to import is reported (JM401) and the
rest still load. ``JOINTMEETING_BLOCK_PLUGINS`` (comma-separated entry-point names) keeps some
from loading at all.
"""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import pluggy

from jointmeeting import hookspecs
from jointmeeting.errors import Diagnostic, Position
from jointmeeting.hookspecs import PROJECT, Notifier, RosterRead, RosterSource
from jointmeeting.model import Charter

DEFAULT_PLUGINS = ("jointmeeting.builtin",)
BLOCK_ENV = "JOINTMEETING_BLOCK_PLUGINS"


@dataclass
class PluginHost:
    """The plugins in use, and what went wrong loading them."""

    manager: pluggy.PluginManager
    findings: list[Diagnostic] = field(default_factory=list)

    def _collect(self, hook: str) -> dict[str, Any]:
        registry: dict[str, Any] = {}

        def register(name: str, thing: Any) -> None:
            registry.setdefault(name, thing)

        caller = getattr(self.manager.hook, hook)
        # Called one implementation at a time, in pluggy's order (last registered and
        # tryfirst first, trylast last): a plugin that raises is reported, the others run.
        for impl in reversed(caller.get_hookimpls()):
            try:
                impl.function(register=register)
            except Exception as exc:
                self.findings.append(Diagnostic(
                    "JM406", f"plugin {impl.plugin_name} failed in {hook}: {exc}"))
        return registry

    def notifiers(self) -> dict[str, Notifier]:
        return self._collect("jointmeeting_notifiers")

    def roster_sources(self) -> dict[str, RosterSource]:
        return self._collect("jointmeeting_roster_sources")

    def read_roster(self, charter: Charter) -> tuple[Charter, RosterRead]:
        """The charter with its members from the source its ``roster`` names."""
        spec = charter.roster
        base = charter.base_dir or Path(".")
        sources = self.roster_sources()
        source = sources.get(spec.source)
        if source is None:
            known = ", ".join(sorted(sources)) or "none"
            return charter, RosterRead(charter.members, diagnostics=[_at(
                charter, "JM402", f"roster source '{spec.source}' is not installed "
                f"(installed: {known})")])
        try:
            read = source.read(charter, spec, base)
        except Exception as exc:
            return charter, RosterRead(charter.members, diagnostics=[_at(
                charter, "JM406", f"roster source '{spec.source}' failed: {exc}")])
        return charter.model_copy(update={"members": read.members}), read


def _at(charter: Charter, code: str, message: str) -> Diagnostic:
    locator = charter.locator
    if locator is None:
        return Diagnostic(code, message)
    return Diagnostic(code, message, locator.source_of(("roster", "source")),
                      locator.locate(("roster", "source")) or Position(1, 1))


def plugin_host(*, entry_points: bool = True,
                extra: tuple[object, ...] = ()) -> PluginHost:
    """A fresh plugin host: built-in plugins, then installed entry points, then ``extra``."""
    manager = pluggy.PluginManager(PROJECT)
    manager.add_hookspecs(hookspecs)
    if os.environ.get("JOINTMEETING_TRACE_PLUGINS"):
        manager.trace.root.setwriter(print)
        manager.enable_tracing()
    host = PluginHost(manager)
    for name in DEFAULT_PLUGINS:
        manager.register(importlib.import_module(name), name=name)
    if entry_points:
        blocked = {n.strip() for n in os.environ.get(BLOCK_ENV, "").split(",") if n.strip()}
        for point in metadata.entry_points(group=PROJECT):
            if point.name in blocked or manager.has_plugin(point.name):
                continue
            try:
                manager.register(point.load(), name=point.name)
            except Exception as exc:
                host.findings.append(Diagnostic(
                    "JM401", f"plugin {point.name} ({point.value}) failed to load: "
                    f"{type(exc).__name__}: {exc}"))
    for plugin in extra:
        manager.register(plugin)
    manager.check_pending()
    return host

