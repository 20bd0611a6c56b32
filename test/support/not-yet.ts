// Cases that the implementation does not pass yet, each with the reason.
// They run as `todo` tests: reported, not failing the suite. Remove an entry
// as soon as its feature lands (the runner then shows it passing for real).
export const notYet: Record<string, string> = {};

/** Options for `test(name, options, fn)`: todo when the case is listed. */
export const todoIfNotYet = (name: string): { todo?: string } =>
  notYet[name.replace(/^attack: /, '')] === undefined ? {} : { todo: notYet[name.replace(/^attack: /, '')] };
