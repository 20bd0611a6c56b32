// Recipes: JSON descriptions of passable (and some non-passable) values, so
// that the same values can be built in two processes (ours, and the
// original's child) from one seeded sample. Plain JSON strings, finite
// numbers, booleans and null stand for themselves; everything else is an
// object with a `t` (type) field. This module imports nothing.

import type { CaseOutcome, PassStyleApi } from './cases.js';

export type Recipe =
  | string
  | number
  | boolean
  | null
  | { t: 'undefined' }
  | { t: 'number'; v: 'NaN' | 'Infinity' | '-Infinity' | '-0' }
  | { t: 'bigint'; v: string }
  | { t: 'symbol'; kind: 'registered' | 'wellKnown' | 'local'; name: string }
  | { t: 'record'; entries: [string, Recipe][]; mutable?: boolean }
  | { t: 'array'; elements: Recipe[]; mutable?: boolean }
  | { t: 'tagged'; tag: string; payload: Recipe }
  | { t: 'error'; name: string; message: string }
  | { t: 'far'; name: string; methods: string[] }
  | { t: 'promise' }
  | { t: 'function' };

/** Builds (and, unless marked mutable, hardens) the value a recipe describes. */
export const build = (api: PassStyleApi, recipe: Recipe): unknown => {
  const { harden } = api;
  if (recipe === null || typeof recipe !== 'object') return recipe;
  switch (recipe.t) {
    case 'undefined':
      return undefined;
    case 'number':
      return recipe.v === '-0' ? -0 : Number(recipe.v);
    case 'bigint':
      return BigInt(recipe.v);
    case 'symbol':
      if (recipe.kind === 'registered') return Symbol.for(recipe.name);
      if (recipe.kind === 'wellKnown') return (Symbol as any)[recipe.name];
      return Symbol(recipe.name);
    case 'record': {
      const record = {};
      for (const [key, value] of recipe.entries) {
        Object.defineProperty(record, key, { value: build(api, value), enumerable: true, writable: true, configurable: true });
      }
      return recipe.mutable ? record : harden(record);
    }
    case 'array': {
      const array = recipe.elements.map(element => build(api, element));
      return recipe.mutable ? array : harden(array);
    }
    case 'tagged':
      return api.makeTagged(recipe.tag, build(api, recipe.payload));
    case 'error':
      return harden(new (globalThis as any)[recipe.name](recipe.message));
    case 'far':
      return api.Far(recipe.name, Object.fromEntries(recipe.methods.map(name => [name, () => name])));
    case 'promise':
      return harden(Promise.resolve());
    case 'function':
      return harden(() => {});
    default:
      throw Error(`unknown recipe ${JSON.stringify(recipe)}`);
  }
};

/** passStyleOf of each recipe's value, or what was thrown. */
export const classifyRecipes = (api: PassStyleApi, recipes: Recipe[]): CaseOutcome[] =>
  recipes.map(recipe => {
    try {
      return { result: api.passStyleOf(build(api, recipe)) };
    } catch (error) {
      return { message: String((error as Error).message), name: String((error as Error).name) };
    }
  });
