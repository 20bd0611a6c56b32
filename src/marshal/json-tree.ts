// Helpers for building the JSON-able trees the encoders hand to
// JSON.stringify.

const { hasOwn } = Object;
const { defineProperty } = Object;
const objectPrototype = Object.prototype;

/**
 * Adds an own enumerable property, as Object.fromEntries would. Plain
 * assignment is used where it is safe (almost always): for a name that
 * Object.prototype has (`__proto__`'s setter, frozen methods after
 * lockdown), assignment would misbehave, so the property is defined.
 */
export const putEntry = (target: Record<string, unknown>, name: string, value: unknown): void => {
  if (hasOwn(objectPrototype, name)) {
    defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[name] = value;
  }
};
