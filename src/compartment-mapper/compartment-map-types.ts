// The shape of the compartment map that mapNodeModules returns: the format of
// @endo/compartment-mapper 2.4's `mapNodeModules` result (its
// PackageCompartmentMapDescriptor), which linking, importing and archiving
// read. Compartments are keyed by package location (a file URL with a final
// slash); `label` is the canonical name that policies use.
import type { PatternDescriptor } from './export-aliases.js';

export type { PatternDescriptor };

/** A module that a compartment gets from a compartment (possibly itself). */
export interface ModuleLink {
  compartment: string;
  module: string;
}

/** Every module under `name/` comes from `compartment` (a package without "exports"). */
export interface ScopeDescriptor {
  compartment: string;
}

export interface PackageCompartmentDescriptor {
  version: string;
  /** The canonical name ("$root$", "a>b"). */
  label: string;
  /** The dependency name the package is known by ("name" of package.json for the root). */
  name: string;
  location: string;
  /** The last segment of the location, as written in the URL. */
  sourceDirname: string;
  modules: Record<string, ModuleLink>;
  scopes: Record<string, ScopeDescriptor>;
  patterns?: PatternDescriptor[];
  parsers: Record<string, string>;
  types: Record<string, string>;
}

export interface PackageCompartmentMap {
  /** The build conditions the map was made for, as given. */
  tags: string[];
  entry: { compartment: string; module: string };
  compartments: Record<string, PackageCompartmentDescriptor>;
}
