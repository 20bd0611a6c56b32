// The ENDO_RANK_STRINGS environment option of @endo/marshal, read once at
// load: how rank order compares strings. 'utf16-code-unit-order' (the
// default, what `<` does), 'unicode-code-point-order', or
// 'error-if-order-choice-matters' (throws where the two disagree).

export type RankStringsOrder = 'utf16-code-unit-order' | 'unicode-code-point-order' | 'error-if-order-choice-matters';

const CHOICES: readonly string[] = ['utf16-code-unit-order', 'unicode-code-point-order', 'error-if-order-choice-matters'];

export const readRankStringsOption = (): RankStringsOrder => {
  const host = (globalThis as { process?: { env?: Record<string, unknown> } }).process;
  const env = typeof host === 'object' && host !== null ? host.env : undefined;
  if (typeof env !== 'object' || env === null || !('ENDO_RANK_STRINGS' in env)) return 'utf16-code-unit-order';
  const setting = env.ENDO_RANK_STRINGS;
  if (typeof setting !== 'string') {
    throw Error(`Environment option named "ENDO_RANK_STRINGS", if present, must have a corresponding string value, got ${JSON.stringify(setting)}`);
  }
  if (!CHOICES.includes(setting)) {
    throw Error(`Unrecognized "ENDO_RANK_STRINGS" value ${JSON.stringify(setting)}. Expected one of ${JSON.stringify(CHOICES)}`);
  }
  return setting as RankStringsOrder;
};
