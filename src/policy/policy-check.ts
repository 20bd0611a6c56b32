// Validation of a policy file's JSON before anything trusts it. A policy is
// written by people and tools and may be wrong in any way; every mistake is
// reported with the file, the resource and the key, and what to write
// instead. The rules are LavaMoat's (what its runtime would reject), checked
// up front rather than when a package first touches a global.

import {
  policyKeys,
  resourceKeys,
  type GlobalPolicy,
  type LavaMoatPolicy,
} from './policy-types.js';

/** Where in a policy file a mistake is. */
export interface PolicyLocation {
  /** The file (or a label such as "the override policy") being checked. */
  file: string;
  /** The resource (package) the mistake is in, when it is in one. */
  resource?: string;
  /** The key within the resource or the file, when there is one. */
  key?: string;
}

/** A policy file that is not a valid LavaMoat policy. */
export class PolicyFormatError extends Error {
  readonly code = 'POLICY_FORMAT';
  readonly file: string;
  readonly resource: string | undefined;
  readonly key: string | undefined;

  constructor(location: PolicyLocation, problem: string) {
    super(`${describeLocation(location)}: ${problem}`);
    this.name = 'PolicyFormatError';
    this.file = location.file;
    this.resource = location.resource;
    this.key = location.key;
  }
}

const describeLocation = ({ file, resource, key }: PolicyLocation): string => {
  let text = `Invalid policy ${file}`;
  if (resource !== undefined) text += `, resource ${quote(resource)}`;
  if (key !== undefined) text += `, key ${quote(key)}`;
  return text;
};

/** A string quoted as JSON, cut short so a hostile file cannot flood a terminal. */
const quote = (text: string): string => {
  const quoted = JSON.stringify(text);
  return quoted.length > 80 ? `${quoted.slice(0, 77)}..."` : quoted;
};

/** A short, safe description of any JSON value, for error messages. */
const describe = (value: unknown): string => {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return `the string ${quote(value)}`;
    case 'number':
    case 'boolean':
      return String(value);
    case 'object':
      return 'an object';
    default:
      return `a ${typeof value}`;
  }
};

const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
};

/**
 * The own entries of a plain object, refusing accessors so that reading a
 * hostile value runs no code and sees what a JSON file could hold.
 */
const dataEntries = (record: Record<string, unknown>, location: PolicyLocation): [string, unknown][] =>
  Object.keys(record).map(name => {
    const descriptor = Object.getOwnPropertyDescriptor(record, name);
    if (descriptor === undefined || !('value' in descriptor)) {
      throw new PolicyFormatError({ ...location, key: name }, 'is an accessor, not a JSON value');
    }
    return [name, descriptor.value];
  });

const expectObject = (value: unknown, location: PolicyLocation, what: string): Record<string, unknown> => {
  if (!isPlainObject(value)) {
    throw new PolicyFormatError(location, `${what} must be a JSON object, found ${describe(value)}`);
  }
  return value;
};

/** The dangerous key that would reach an object's prototype when assigned. */
const PROTO = '__proto__';

const refuseProtoName = (name: string, location: PolicyLocation): void => {
  if (name === PROTO) {
    throw new PolicyFormatError(location, `"__proto__" is not allowed as a name (it would reach an object's prototype)`);
  }
};

/**
 * Checks a dotted path (`"Buffer.from"`, `"fs.promises.readFile"`): no empty
 * part and no `__proto__` part, which LavaMoat refuses when it builds the
 * minimal view.
 */
const checkDottedPath = (path: string, location: PolicyLocation): void => {
  const parts = path.split('.');
  if (parts.includes(PROTO)) {
    throw new PolicyFormatError(location, `the path contains "__proto__", which would reach an object's prototype; remove this entry`);
  }
  if (parts.includes('')) {
    throw new PolicyFormatError(
      location,
      'the path has an empty part; write a name, or names joined by single dots ("Buffer.from")',
    );
  }
};

/** The ancestors of a dotted path, shortest first: `a.b.c` → `a`, `a.b`. */
export const ancestorsOf = (path: string): string[] => {
  const parts = path.split('.');
  const ancestors: string[] = [];
  for (let length = 1; length < parts.length; length += 1) {
    ancestors.push(parts.slice(0, length).join('.'));
  }
  return ancestors;
};

/** A dotted key granted while one of its ancestors is granted too. */
export interface HierarchyViolation {
  path: string;
  parent: string;
}

/**
 * LavaMoat's hierarchy rule: a granted (not `false`) dotted path must not sit
 * under a granted ancestor, since the ancestor already gives all of it and
 * the pair is ambiguous. Violations come in sorted path order, each with its
 * shortest granted ancestor, as LavaMoat lists them.
 */
export const hierarchyViolations = (items: Record<string, unknown>): HierarchyViolation[] => {
  const granted = Object.keys(items)
    .filter(path => items[path] !== false)
    .sort();
  const grantedSet = new Set(granted);
  const violations: HierarchyViolation[] = [];
  for (const path of granted) {
    const parent = ancestorsOf(path).find(ancestor => grantedSet.has(ancestor));
    if (parent !== undefined) violations.push({ path, parent });
  }
  return violations;
};

const refuseHierarchyViolations = (items: Record<string, unknown>, location: PolicyLocation, section: string): void => {
  const [first] = hierarchyViolations(items);
  if (first !== undefined) {
    throw new PolicyFormatError(
      { ...location, key: first.path },
      `${section} grants ${quote(first.path)} while its ancestor ${quote(first.parent)} is granted too; ` +
        `remove ${quote(first.path)}, or set ${quote(first.parent)} to false to grant only the member`,
    );
  }
};

/**
 * An attenuated grant (Endo's extension): `{"attenuate": "<specifier>",
 * "params": [...]}`, on a top-level name only (an attenuator wraps a whole
 * global or module).
 */
const checkAttenuation = (path: string, permission: Record<string, unknown>, at: PolicyLocation, section: string): void => {
  if (path.includes('.')) {
    throw new PolicyFormatError(
      at,
      `an attenuator wraps a whole ${section === '"globals"' ? 'global' : 'builtin module'}; name ${quote(ancestorsOf(path)[0] ?? path)}, not a member`,
    );
  }
  for (const [key, entry] of dataEntries(permission, at)) {
    if (key === 'attenuate') {
      if (typeof entry !== 'string' || entry === '') {
        throw new PolicyFormatError(at, `"attenuate" must be the attenuator's module specifier, not ${describe(entry)}`);
      }
    } else if (key === 'params') {
      if (!Array.isArray(entry)) throw new PolicyFormatError(at, `"params" must be an array, not ${describe(entry)}`);
    } else {
      throw new PolicyFormatError(at, `unknown key ${quote(key)} in an attenuated grant; it has only "attenuate" and "params"`);
    }
  }
  if (!('attenuate' in permission)) {
    throw new PolicyFormatError(at, `an attenuated grant needs "attenuate": the attenuator's module specifier`);
  }
};

const checkGlobals = (value: unknown, location: PolicyLocation): void => {
  const globals = expectObject(value, location, '"globals"');
  for (const [path, permission] of dataEntries(globals, location)) {
    const at = { ...location, key: path };
    checkDottedPath(path, at);
    if (permission === 'write') {
      if (path.includes('.')) {
        throw new PolicyFormatError(
          at,
          `"write" is allowed only on a top-level global; grant ${quote(ancestorsOf(path)[0] ?? path)} as "write", ` +
            `or this member as true`,
        );
      }
    } else if (isPlainObject(permission)) {
      checkAttenuation(path, permission, at, '"globals"');
    } else if (permission === 'redefine') {
      throw new PolicyFormatError(at, `"redefine" is not enforced by LavaMoat or Endo; use true, false or "write"`);
    } else if (typeof permission !== 'boolean' && permission !== 'read') {
      throw new PolicyFormatError(
        at,
        `${describe(permission)} is not a global permission; use true, false, "write" or {"attenuate": ...}`,
      );
    }
  }
  refuseHierarchyViolations(globals as GlobalPolicy, location, '"globals"');
};

const checkBuiltin = (value: unknown, location: PolicyLocation): void => {
  const builtin = expectObject(value, location, '"builtin"');
  for (const [path, permission] of dataEntries(builtin, location)) {
    const at = { ...location, key: path };
    checkDottedPath(path, at);
    if (isPlainObject(permission)) checkAttenuation(path, permission, at, '"builtin"');
    else if (typeof permission !== 'boolean') {
      throw new PolicyFormatError(at, `${describe(permission)} is not a builtin permission; use true, false or {"attenuate": ...}`);
    }
  }
  refuseHierarchyViolations(builtin, location, '"builtin"');
};

const checkPackages = (value: unknown, location: PolicyLocation): void => {
  const packages = expectObject(value, location, '"packages"');
  for (const [name, permission] of dataEntries(packages, location)) {
    const at = { ...location, key: name };
    refuseProtoName(name, at);
    if (typeof permission !== 'boolean') {
      throw new PolicyFormatError(at, `${describe(permission)} is not a package permission; use true or false`);
    }
  }
};

const checkMeta = (value: unknown, location: PolicyLocation): void => {
  const meta = expectObject(value, location, '"meta"');
  for (const [name, entry] of dataEntries(meta, location)) {
    const at = { ...location, key: name };
    refuseProtoName(name, at);
    const isText = typeof entry === 'string';
    const isTextList = Array.isArray(entry) && entry.every(item => typeof item === 'string');
    if (!isText && !isTextList) {
      throw new PolicyFormatError(at, `"meta" values are strings or arrays of strings, found ${describe(entry)}`);
    }
  }
};

const checkResource = (value: unknown, location: PolicyLocation): void => {
  const resource = expectObject(value, location, 'a resource');
  for (const [key, entry] of dataEntries(resource, location)) {
    switch (key) {
      case 'globals':
        checkGlobals(entry, location);
        break;
      case 'builtin':
        checkBuiltin(entry, location);
        break;
      case 'packages':
        checkPackages(entry, location);
        break;
      case 'meta':
        checkMeta(entry, location);
        break;
      case 'native':
        if (typeof entry !== 'boolean') {
          throw new PolicyFormatError({ ...location, key }, `"native" must be true or false, found ${describe(entry)}`);
        }
        break;
      case 'env':
        if (entry !== 'unfrozen') {
          throw new PolicyFormatError({ ...location, key }, `"env" may only be "unfrozen", found ${describe(entry)}`);
        }
        break;
      default:
        throw new PolicyFormatError(
          { ...location, key },
          `unknown key; a resource has only ${resourceKeys.map(name => `"${name}"`).join(', ')}` +
            (key === 'builtins' ? ' (LavaMoat spells it "builtin")' : ''),
        );
    }
  }
};

const checkResources = (value: unknown, file: string): void => {
  const resources = expectObject(value, { file, key: 'resources' }, '"resources"');
  for (const [name, resource] of dataEntries(resources, { file, key: 'resources' })) {
    refuseProtoName(name, { file, resource: name });
    checkResource(resource, { file, resource: name });
  }
};

const checkResolutions = (value: unknown, file: string): void => {
  const location = { file, key: 'resolutions' };
  const resolutions = expectObject(value, location, '"resolutions"');
  for (const [name, mapping] of dataEntries(resolutions, location)) {
    const at = { file, key: `resolutions.${name}` };
    refuseProtoName(name, at);
    const replacements = expectObject(mapping, at, 'a resolution');
    for (const [requested, replacement] of dataEntries(replacements, at)) {
      refuseProtoName(requested, at);
      if (typeof replacement !== 'string') {
        throw new PolicyFormatError(
          { file, key: `resolutions.${name}.${requested}` },
          `a resolution maps a specifier to a path string, found ${describe(replacement)}`,
        );
      }
    }
  }
};

const checkRoot = (value: unknown, file: string): void => {
  const location = { file, key: 'root' };
  const root = expectObject(value, location, '"root"');
  for (const [key, entry] of dataEntries(root, location)) {
    if (key !== 'usePolicy') {
      throw new PolicyFormatError({ file, key: `root.${key}` }, 'unknown key; "root" has only "usePolicy"');
    }
    if (typeof entry !== 'string') {
      throw new PolicyFormatError(
        { file, key: 'root.usePolicy' },
        `"usePolicy" names a resource, found ${describe(entry)}`,
      );
    }
  }
};

const checkInclude = (value: unknown, file: string): void => {
  if (!Array.isArray(value)) {
    throw new PolicyFormatError({ file, key: 'include' }, `"include" must be an array, found ${describe(value)}`);
  }
  value.forEach((item: unknown, index) => {
    const at = { file, key: `include[${index}]` };
    if (typeof item === 'string') return;
    const entry = expectObject(item, at, 'an "include" item (a name, or { "name", "entry" })');
    for (const [key, field] of dataEntries(entry, at)) {
      if (key !== 'name' && key !== 'entry') {
        throw new PolicyFormatError({ file, key: `include[${index}].${key}` }, 'unknown key; an item has "name" and "entry"');
      }
      if (typeof field !== 'string') {
        throw new PolicyFormatError({ file, key: `include[${index}].${key}` }, `must be a string, found ${describe(field)}`);
      }
    }
    if (!('name' in entry) || !('entry' in entry)) {
      throw new PolicyFormatError(at, 'an "include" object needs both "name" and "entry"');
    }
  });
};

const checkShims = (value: unknown, file: string): void => {
  if (!Array.isArray(value)) throw new PolicyFormatError({ file, key: 'shims' }, `must be a list of module specifiers, not ${describe(value)}`);
  value.forEach((item: unknown, index) => {
    if (typeof item !== 'string' || item === '') {
      throw new PolicyFormatError({ file, key: `shims[${index}]` }, `must be a module specifier, not ${describe(item)}`);
    }
  });
};

/**
 * Checks that `value` (parsed JSON from `file`) is a LavaMoat policy and
 * returns it typed. Throws a PolicyFormatError naming the file, the resource
 * and the key of the first mistake. Does not change `value`.
 */
export const checkPolicy = (value: unknown, file: string): LavaMoatPolicy => {
  const policy = expectObject(value, { file }, 'a policy');
  for (const [key, entry] of dataEntries(policy, { file })) {
    switch (key) {
      case 'resources':
        checkResources(entry, file);
        break;
      case 'resolutions':
        checkResolutions(entry, file);
        break;
      case 'root':
        checkRoot(entry, file);
        break;
      case 'include':
        checkInclude(entry, file);
        break;
      case 'debugInfo':
        expectObject(entry, { file, key }, '"debugInfo"');
        break;
      case 'shims':
        checkShims(entry, file);
        break;
      default:
        throw new PolicyFormatError(
          { file, key },
          `unknown top-level key; a policy has only ${policyKeys.map(name => `"${name}"`).join(', ')}`,
        );
    }
  }
  if (!('resources' in policy)) {
    throw new PolicyFormatError({ file, key: 'resources' }, 'is missing; a policy needs "resources": {} at least');
  }
  return policy as unknown as LavaMoatPolicy;
};
