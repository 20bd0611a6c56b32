// The original `ses` loader with `@endo/module-source` as a modules
// contestant, set up as its users do: lockdown() first, then ModuleSource.
import { makeModulesMeasures, type ModuleSourceClass } from './measures.js';

declare const lockdown: (options?: object) => void;

// Through a variable: the package's type declarations pull in its .ts
// sources, which do not compile under our tsconfig (no @babel types).
const peerModuleSourcePackage: string = '@endo/module-source';

await import('ses');
lockdown();
const { ModuleSource } = (await import(peerModuleSourcePackage)) as { ModuleSource: ModuleSourceClass };
export const measures = makeModulesMeasures(ModuleSource);
