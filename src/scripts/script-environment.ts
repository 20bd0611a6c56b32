// The environment a lifecycle script runs in, following npm's conventions
// (as @npmcli/run-script sets them, which allow-scripts uses): the process's
// environment, plus npm_package_name, npm_package_version and the flattened
// config, engines and bin fields (npm_package_config_port, ...),
// npm_package_json, npm_lifecycle_event, npm_lifecycle_script and
// npm_config_node_gyp; PATH starts with node_modules/.bin of the package's
// folder and of every folder above it, then a folder holding a `node-gyp`
// command, then the inherited PATH.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { rawField, type PackageJson } from '../compartment-mapper/package-descriptor.js';

/** npm's flattening of package fields into variables: nested keys joined by "_", false and null as "". */
const flatten = (value: unknown, prefix: string, into: Record<string, string>): void => {
  if (value === undefined) return;
  if (value === null || value === false) into[prefix] = '';
  else if (Array.isArray(value)) value.forEach((item, index) => flatten(item, `${prefix}_${index}`, into));
  else if (typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) flatten(inner, `${prefix}_${key}`, into);
  } else into[prefix] = String(value);
};

/** "bin" as npm normalizes it: a string names one command, called after the package (scope dropped). */
const binOf = (json: PackageJson): unknown => {
  const bin = rawField(json, 'bin');
  const name = rawField(json, 'name');
  if (typeof bin === 'string' && typeof name === 'string') return { [name.replace(/^@[^/]*\//, '')]: bin };
  return bin;
};

export const packageVariables = (json: PackageJson): Record<string, string> => {
  const variables: Record<string, string> = {};
  flatten(rawField(json, 'name'), 'npm_package_name', variables);
  flatten(rawField(json, 'version'), 'npm_package_version', variables);
  flatten(rawField(json, 'config'), 'npm_package_config', variables);
  flatten(rawField(json, 'engines'), 'npm_package_engines', variables);
  flatten(binOf(json), 'npm_package_bin', variables);
  return variables;
};

/** node_modules/.bin of `directory` and of each folder above it, nearest first. */
export const binFolders = (directory: string): string[] => {
  const folders: string[] = [];
  let current = directory;
  for (;;) {
    folders.push(path.join(current, 'node_modules', '.bin'));
    const parent = path.dirname(current);
    if (parent === current) return folders;
    current = parent;
  }
};

/**
 * node-gyp's script: the one npm names when it runs us (npm_config_node_gyp),
 * else the project's own node-gyp, else the one bundled with the npm beside
 * this node. Undefined when there is none: a build then uses whatever
 * `node-gyp` the PATH has.
 */
export const findNodeGyp = (projectRoot: string, env: NodeJS.ProcessEnv): string | undefined => {
  if (env.npm_config_node_gyp) return env.npm_config_node_gyp;
  try {
    return createRequire(path.join(projectRoot, 'package.json')).resolve('node-gyp/bin/node-gyp.js');
  } catch {
    // not a dependency of the project
  }
  const nodeFolder = path.dirname(process.execPath);
  const npmFolders = [
    env.npm_execpath ? path.join(path.dirname(env.npm_execpath), '..') : undefined,
    path.join(nodeFolder, '..', 'lib', 'node_modules', 'npm'),
    path.join(nodeFolder, 'node_modules', 'npm'),
  ];
  for (const npm of npmFolders) {
    if (npm === undefined) continue;
    const script = path.join(npm, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
    if (fs.existsSync(script)) return script;
  }
  return undefined;
};

/**
 * A temporary folder with a `node-gyp` command that runs `nodeGyp`, as npm
 * puts one on the PATH of scripts. Remove it with the returned function.
 */
export const makeNodeGypCommandFolder = (): { folder: string; remove: () => void } => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'endo-scripts-node-gyp-'));
  fs.writeFileSync(path.join(folder, 'node-gyp'), '#!/bin/sh\nexec node "$npm_config_node_gyp" "$@"\n', { mode: 0o755 });
  fs.writeFileSync(path.join(folder, 'node-gyp.cmd'), '@node "%npm_config_node_gyp%" %*\r\n');
  return { folder, remove: () => fs.rmSync(folder, { recursive: true, force: true }) };
};

export interface ScriptEnvironmentOptions {
  readonly base: NodeJS.ProcessEnv;
  readonly nodeGyp: string | undefined;
  readonly nodeGypFolder: string | undefined;
}

/** The environment of `event`'s script `command` of the package in `directory`. */
export const scriptEnvironment = (
  json: PackageJson,
  directory: string,
  event: string,
  command: string,
  { base, nodeGyp, nodeGypFolder }: ScriptEnvironmentOptions,
): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = {
    ...base,
    ...packageVariables(json),
    npm_package_json: path.join(directory, 'package.json'),
    npm_lifecycle_event: event,
    npm_lifecycle_script: command,
  };
  if (nodeGyp !== undefined) env.npm_config_node_gyp = nodeGyp;
  // Windows spells it Path, and an environment may hold several spellings: merge them all.
  const pathKeys = Object.keys(env).filter(key => /^path$/i.test(key) && env[key]);
  const inherited: string[] = [];
  for (const key of pathKeys) {
    for (const entry of env[key]!.split(path.delimiter)) if (!inherited.includes(entry)) inherited.push(entry);
  }
  const value = [...binFolders(directory), ...(nodeGypFolder ? [nodeGypFolder] : []), ...inherited].join(path.delimiter);
  if (pathKeys.length === 0) env.PATH = value;
  for (const key of pathKeys) env[key] = value;
  return env;
};
