// Protocol fields that arrive through the passable decoder (a public key,
// a signature, a location's hints) but are defined as plain Syrup: turned
// back into the Syrup data model, so that crypto.ts and locator.ts can check
// them and signatures can be verified over their canonical bytes.

import { nameForPassableSymbol, passStyleOf, type Passable } from '../pass-style/index.js';
import { syrupDictionary, syrupSymbol, type SyrupValue } from './syrup/index.js';
import { placeholderInfo, type DescriptorInfo } from './descriptors.js';

/**
 * The Syrup value of `value`. Placeholders become what `placeholderToSyrup`
 * says (by default a TypeError); undefined, null, floats of non-Syrup
 * meaning and references have no plain Syrup form here and are refused.
 */
export const passableToSyrup = (
  value: Passable,
  placeholderToSyrup: (info: DescriptorInfo) => SyrupValue = () => {
    throw TypeError('a descriptor where plain data was expected');
  },
): SyrupValue => {
  switch (typeof value) {
    case 'boolean':
    case 'bigint':
    case 'number':
    case 'string':
      return value;
    case 'symbol': {
      const name = nameForPassableSymbol(value);
      if (name === undefined) throw TypeError('an unpassable symbol');
      return syrupSymbol(name);
    }
    default:
      break;
  }
  if (value === null || value === undefined) throw TypeError(`${String(value)} where plain Syrup data was expected`);
  const info = placeholderInfo(value);
  if (info !== undefined) return placeholderToSyrup(info);
  const style: string = passStyleOf(value);
  switch (style) {
    case 'copyArray':
      return (value as readonly Passable[]).map((item) => passableToSyrup(item, placeholderToSyrup));
    case 'byteArray':
      return new Uint8Array((value as ArrayBuffer).slice(0));
    case 'copyRecord':
      return syrupDictionary(
        Object.entries(value as Record<string, Passable>).map(([key, item]) => [key, passableToSyrup(item, placeholderToSyrup)] as const),
      );
    default:
      throw TypeError(`a ${style} where plain Syrup data was expected`);
  }
};
