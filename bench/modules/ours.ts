// endo (endo/ses's loader with endo/module-source) as a modules contestant.
// ModuleSource is imported after lockdown(): it must work in a hardened realm.
import { makeModulesMeasures } from './measures.js';

declare const lockdown: (options?: object) => void;

await import('../../src/ses/index.js');
lockdown();
const { ModuleSource } = await import('../../src/module-source/index.js');
export const measures = makeModulesMeasures(ModuleSource);
