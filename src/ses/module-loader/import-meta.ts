// import.meta of a compiled or precompiled module: a null-prototype object with the
// properties its descriptor's `importMeta` gave, then whatever the
// compartment's importMetaHook(specifier, importMeta) adds. Made once per
// module instance, when it is instantiated; the hook runs only for modules
// whose text mentions import.meta (as in the original).

import type { ModuleInstance } from './module-instance.js';
import type { CompartmentFields } from '../compartment.js';

export const makeImportMeta = (module: ModuleInstance, fields: CompartmentFields): object => {
  const importMeta: object = Object.create(null);
  if (module.importMetaBase !== undefined) Object.assign(importMeta, module.importMetaBase);
  const { importMetaHook } = fields.moduleOptions;
  if (importMetaHook !== undefined && (module.source.record?.needsImportMeta ?? module.source.needsImportMeta)) {
    importMetaHook(module.specifier, importMeta);
  }
  return importMeta;
};
