// ModuleSource before lockdown(): construction, frozen shape, the errors it
// throws (the cases are in module-source-properties.ts).
import { registerModuleSourcePropertyTests } from './module-source-properties.js';

registerModuleSourcePropertyTests('before lockdown');
