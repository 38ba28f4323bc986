"""The plugin host: a pluggy manager built by a factory (never at import time) and a typed
façade, so no caller writes ``pm.hook.x(**kw)``.

Built-in plugins are plain modules registered from :data:`DEFAULT_PLUGINS`; their hook
implementations are ``trylast``, so a town's plugin is asked first. Entry points in the
``jointmeeting`` group load one by one: one that fails to import is reported (JM401) and the
rest still load; so does one whose hook pluggy refuses (a misspelt argument) or that names a hook
the spec does not have (a misspelt hook name), which pluggy alone would raise on or ignore.
``JOINTMEETING_BLOCK_PLUGINS`` (comma-separated entry-point names) keeps some from loading at
all; ``JOINTMEETING_TRACE_PLUGINS=1`` traces every hook call to stderr.
"""

from __future__ import annotations

import importlib
import os
import sys
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import pluggy

from jointmeeting.charter.model import Charter
from jointmeeting.errors import Diagnostic, Position
from jointmeeting.host import hookspecs
from jointmeeting.host.hookspecs import PROJECT, Notifier, RosterRead, RosterSource

DEFAULT_PLUGINS = ("jointmeeting.host.builtin",)
BLOCK_ENV = "JOINTMEETING_BLOCK_PLUGINS"
TRACE_ENV = "JOINTMEETING_TRACE_PLUGINS"


@dataclass(frozen=True)
class PluginInfo:
    """One plugin in use: its name, where it comes from, and the hooks it implements."""

    name: str
    origin: str
    hooks: tuple[str, ...]


@dataclass
class PluginHost:
    """The plugins in use, and what went wrong loading them."""

    manager: pluggy.PluginManager
    findings: list[Diagnostic] = field(default_factory=list)
    #: Plugin name -> hook -> the names it registered there (filled by each collection).
    provided: dict[str, dict[str, list[str]]] = field(default_factory=dict)

    def _collect(self, hook: str) -> dict[str, Any]:
        registry: dict[str, Any] = {}
        caller = getattr(self.manager.hook, hook)
        impls = caller.get_hookimpls()
        plugins = [impl.plugin for impl in impls]
        # Called one plugin at a time, in pluggy's order (last registered and tryfirst
        # first, trylast last): a plugin that raises is reported, the others run. Each call
        # goes through pluggy (a caller without the other plugins), so its tracing sees it.
        for impl in reversed(impls):
            names = self.provided.setdefault(impl.plugin_name, {}).setdefault(hook, [])

            def register(name: str, thing: Any, names: list[str] = names) -> None:
                registry.setdefault(name, thing)
                if name not in names:
                    names.append(name)

            only = self.manager.subset_hook_caller(
                hook, remove_plugins=[p for p in plugins if p is not impl.plugin])
            try:
                only(register=register)
            except Exception as exc:
                self.findings.append(Diagnostic(
                    "JM406", f"plugin {impl.plugin_name} failed in {hook}: {exc}"))
        return registry

    def plugins(self) -> list[PluginInfo]:
        """Every plugin registered, built-in ones included, in registration order."""
        found = []
        for name, plugin in self.manager.list_name_plugin():
            if plugin is None:  # blocked
                continue
            hooks = tuple(sorted(caller.name for caller in
                                 self.manager.get_hookcallers(plugin) or []))
            origin = getattr(plugin, "__name__", None) or type(plugin).__qualname__
            found.append(PluginInfo(name, origin, hooks))
        return found

    def blocked(self) -> list[str]:
        """The plugin names blocked (``JOINTMEETING_BLOCK_PLUGINS``)."""
        return [name for name, plugin in self.manager.list_name_plugin() if plugin is None]

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


def _register(host: PluginHost, plugin: object, name: str | None, origin: str) -> None:
    """Register one plugin, or report why not (JM401) and leave it out entirely.

    Why check each plugin here rather than ``check_pending()`` once at the end: pluggy raises
    on the first bad plugin, which would stop the others from loading; and a hook whose name
    is misspelt (``jointmeeting_notifierz``) is otherwise silently never called.
    """
    manager = host.manager
    try:
        registered = manager.register(plugin, name=name)
    except pluggy.PluginValidationError as exc:
        _drop(manager, plugin)
        # pluggy's message names the plugin and the hook, and says what is wrong.
        host.findings.append(Diagnostic(
            "JM401", f"plugin {name or origin} ({origin}) was refused: "
            + "; ".join(str(exc).splitlines())))
        return
    except ValueError as exc:  # pluggy: the name or the object is registered already
        host.findings.append(Diagnostic("JM401", f"plugin {name} ({origin}): {exc}"))
        return
    if registered is None:  # blocked
        return
    plugin_name = manager.get_name(plugin) or str(name)
    problems = [f"hook {caller.name} is not a hook of {PROJECT} (hooks: {HOOKS})"
                for caller in manager.get_hookcallers(plugin) or [] if not caller.has_spec()]
    problems += [f"{attr} is not marked @hookimpl, so it is never called"
                 for attr in _unmarked(plugin)]
    if problems:
        _drop(manager, plugin)
        for problem in problems:
            host.findings.append(Diagnostic(
                "JM401", f"plugin {plugin_name} ({origin}) {problem}"))


def _drop(manager: pluggy.PluginManager, plugin: object) -> None:
    """Take a half-registered plugin out again (pluggy registers hook by hook)."""
    if manager.is_registered(plugin):
        manager.unregister(plugin)


def _unmarked(plugin: object) -> list[str]:
    """Attributes named like a hook (``jointmeeting_…``) that pluggy would not call."""
    prefix = f"{PROJECT}_"
    return [attr for attr in dir(plugin) if attr.startswith(prefix)
            and callable(getattr(plugin, attr, None))
            and not hasattr(getattr(plugin, attr), f"{PROJECT}_impl")]


#: The hooks a plugin may implement, for messages.
HOOKS = ", ".join(sorted(n for n in dir(hookspecs) if n.startswith(f"{PROJECT}_")))


def plugin_host(*, entry_points: bool = True,
                extra: tuple[object, ...] = ()) -> PluginHost:
    """A fresh plugin host: built-in plugins, then installed entry points, then ``extra``.

    ``JOINTMEETING_BLOCK_PLUGINS`` names are blocked with pluggy's own ``set_blocked`` (their
    modules are not even imported); ``JOINTMEETING_TRACE_PLUGINS=1`` turns on pluggy's own
    tracing of every hook call, written to stderr.
    """
    manager = pluggy.PluginManager(PROJECT)
    manager.add_hookspecs(hookspecs)
    if os.environ.get(TRACE_ENV):
        manager.trace.root.setwriter(sys.stderr.write)
        manager.enable_tracing()
    host = PluginHost(manager)
    for name in os.environ.get(BLOCK_ENV, "").split(","):
        if name.strip():
            manager.set_blocked(name.strip())
    for name in DEFAULT_PLUGINS:
        _register(host, importlib.import_module(name), name, name)
    if entry_points:
        for point in metadata.entry_points(group=PROJECT):
            if manager.is_blocked(point.name) or manager.has_plugin(point.name):
                continue
            try:
                plugin = point.load()
            except Exception as exc:
                host.findings.append(Diagnostic(
                    "JM401", f"plugin {point.name} ({point.value}) failed to load: "
                    f"{type(exc).__name__}: {exc}"))
                continue
            _register(host, plugin, point.name, point.value)
    for plugin in extra:
        _register(host, plugin, None, type(plugin).__qualname__)
    return host
