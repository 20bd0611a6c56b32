// Which install-time scripts a package has, and the command each runs.
// npm runs a package's preinstall, install and postinstall scripts when it is
// installed; a package with a binding.gyp and neither an install nor a
// preinstall script gets "node-gyp rebuild" as its install script, which
// builds native code: that is a script too, and needs permission like one.
import fs from 'node:fs';
import path from 'node:path';
import { rawField, type PackageJson } from '../compartment-mapper/package-descriptor.js';

/** The events run for a dependency, in the order npm runs them. */
export const DEPENDENCY_EVENTS = ['preinstall', 'install', 'postinstall'] as const;
/** The project's own events that allow-scripts runs after its dependencies' scripts. */
export const PROJECT_EVENTS = ['install', 'postinstall', 'prepublish', 'prepare'] as const;

export const NODE_GYP_INSTALL = 'node-gyp rebuild';

const scriptsOf = (json: PackageJson): Record<string, unknown> => {
  const scripts = rawField(json, 'scripts');
  return typeof scripts === 'object' && scripts !== null && !Array.isArray(scripts) ? (scripts as Record<string, unknown>) : {};
};

const hasBindingGyp = (directory: string): boolean => fs.existsSync(path.join(directory, 'binding.gyp'));

/**
 * The dependency events the package declares, plus the implied node-gyp
 * install. A declared script counts whatever its value (as allow-scripts
 * counts it): an empty one still needs an allow-list entry.
 */
export const dependencyEventsOf = (json: PackageJson, directory: string): string[] => {
  const scripts = scriptsOf(json);
  const events: string[] = DEPENDENCY_EVENTS.filter(event => Object.hasOwn(scripts, event));
  if (!events.includes('preinstall') && !events.includes('install') && hasBindingGyp(directory)) events.unshift('install');
  return events;
};

/**
 * The shell command npm would run for `event`, or undefined when nothing
 * runs: the script's text when it is a non-empty string; for install, the
 * node-gyp build when there is a binding.gyp, no install or preinstall
 * script, and "gypfile" is not false.
 */
export const commandFor = (json: PackageJson, directory: string, event: string): string | undefined => {
  const scripts = scriptsOf(json);
  const script = Object.hasOwn(scripts, event) ? scripts[event] : undefined;
  if (typeof script === 'string' && script !== '') return script;
  if (
    event === 'install' &&
    !scripts.install &&
    !scripts.preinstall &&
    rawField(json, 'gypfile') !== false &&
    hasBindingGyp(directory)
  ) {
    return NODE_GYP_INSTALL;
  }
  return undefined;
};
