// Checks an archive's compartment-map.json, which is untrusted input: the
// shape the original's archives have (its assertions on a digested map),
// every link naming a compartment of the map, every file a safe relative
// location. Errors say which field of which compartment is wrong.

import type { ArchiveCompartmentDescriptor, ArchiveCompartmentMap, ArchiveModuleDescriptor } from './archive-map.js';

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const fail = (archive: string, problem: string): never => {
  throw TypeError(`The compartment map of archive ${archive} is invalid: ${problem}`);
};

const checkString = (value: unknown, path: string, archive: string): string => {
  if (typeof value === 'string') return value;
  return fail(archive, value === undefined ? `${path} is missing` : `${path} must be a string, not ${JSON.stringify(value)}`);
};

const checkKeys = (object: Record<string, unknown>, allowed: readonly string[], path: string, archive: string): void => {
  const extra = Object.keys(object).filter(key => !allowed.includes(key));
  if (extra.length > 0) fail(archive, `${path} has unexpected properties ${JSON.stringify(extra)}`);
};

/** Module descriptors' optional bookkeeping, which the original allows on every kind. */
const baseKeys = ['retained', 'createdBy', 'deferredError'];

/** A location inside the compartment's folder of the archive: relative, with no "..", "." or empty parts. */
const isSafeLocation = (location: string): boolean =>
  location.length > 0 && !location.includes('\\') && location.split('/').every(part => part !== '' && part !== '.' && part !== '..');

const checkModule = (value: unknown, path: string, archive: string): ArchiveModuleDescriptor => {
  if (!isPlainObject(value)) return fail(archive, `${path} must be an object`);
  if ('location' in value) {
    checkKeys(value, ['location', 'parser', 'sha512', ...baseKeys], path, archive);
    const location = checkString(value.location, `${path}.location`, archive);
    if (!isSafeLocation(location)) fail(archive, `${path}.location ${JSON.stringify(location)} must be a relative path inside the compartment`);
    checkString(value.parser, `${path}.parser`, archive);
    if (value.sha512 !== undefined && !/^[0-9a-f]{128}$/.test(checkString(value.sha512, `${path}.sha512`, archive))) {
      fail(archive, `${path}.sha512 must be 128 lower-case hexadecimal digits`);
    }
  } else if ('compartment' in value) {
    checkKeys(value, ['compartment', 'module', ...baseKeys], path, archive);
    checkString(value.compartment, `${path}.compartment`, archive);
    checkString(value.module, `${path}.module`, archive);
  } else if ('exit' in value) {
    checkKeys(value, ['exit', ...baseKeys], path, archive);
    checkString(value.exit, `${path}.exit`, archive);
  } else if ('deferredError' in value) {
    checkKeys(value, baseKeys, path, archive);
    checkString(value.deferredError, `${path}.deferredError`, archive);
  } else {
    fail(archive, `${path} must have "location", "compartment", "exit" or "deferredError"`);
  }
  return value as ArchiveModuleDescriptor;
};

const checkCompartment = (value: unknown, path: string, archive: string): ArchiveCompartmentDescriptor => {
  if (!isPlainObject(value)) return fail(archive, `${path} must be an object`);
  checkKeys(value, ['name', 'label', 'location', 'modules', 'policy'], path, archive);
  checkString(value.name, `${path}.name`, archive);
  checkString(value.label, `${path}.label`, archive);
  const location = checkString(value.location, `${path}.location`, archive);
  if (!isSafeLocation(location.replace(/^@/, ''))) fail(archive, `${path}.location ${JSON.stringify(location)} must be a folder name of the archive`);
  if (!isPlainObject(value.modules)) return fail(archive, `${path}.modules must be an object`);
  for (const [key, module] of Object.entries(value.modules)) checkModule(module, `${path}.modules[${JSON.stringify(key)}]`, archive);
  return value as unknown as ArchiveCompartmentDescriptor;
};

export const checkArchiveCompartmentMap = (value: unknown, archive: string): ArchiveCompartmentMap => {
  if (!isPlainObject(value)) return fail(archive, 'it must be a JSON object');
  checkKeys(value, ['tags', 'entry', 'compartments'], 'the map', archive);
  if (!Array.isArray(value.tags) || !value.tags.every(tag => typeof tag === 'string')) fail(archive, '"tags" must be an array of strings');
  const { entry, compartments } = value;
  if (!isPlainObject(entry)) return fail(archive, '"entry" must be an object');
  checkKeys(entry, ['compartment', 'module'], '"entry"', archive);
  const entryCompartment = checkString(entry.compartment, 'entry.compartment', archive);
  checkString(entry.module, 'entry.module', archive);
  if (!isPlainObject(compartments) || Object.keys(compartments).length === 0) return fail(archive, '"compartments" must be a non-empty object');
  for (const [name, compartment] of Object.entries(compartments)) checkCompartment(compartment, `compartments[${JSON.stringify(name)}]`, archive);
  if (!Object.hasOwn(compartments, entryCompartment)) fail(archive, `the entry compartment ${JSON.stringify(entryCompartment)} is not among its compartments`);
  // Every link names a compartment of the map.
  for (const [name, compartment] of Object.entries(compartments as Record<string, ArchiveCompartmentDescriptor>)) {
    for (const [key, module] of Object.entries(compartment.modules)) {
      if ('compartment' in module && !Object.hasOwn(compartments, module.compartment)) {
        fail(archive, `compartments[${JSON.stringify(name)}].modules[${JSON.stringify(key)}] links to compartment ${JSON.stringify(module.compartment)}, which the map does not have`);
      }
    }
  }
  return value as unknown as ArchiveCompartmentMap;
};
