// Checks the layering rule of DESIGN.md: a file under src/<layer>/ may import
// only from its own layer or from a layer below it. An import from a layer
// above or beside it (same rank, other folder) is a violation.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

/**
 * The layers from the bottom up. Folders in one inner array share a rank and
 * must not import each other.
 */
export const layerOrder: readonly (readonly string[])[] = [
  ['ses'],
  ['module-source'],
  ['eventual-send', 'promise-kit'],
  ['init'],
  ['pass-style'],
  ['marshal'],
  ['far'],
  ['captp'],
  ['transport'],
  ['ocapn'],
  ['compartment-mapper'],
  ['policy', 'scripts'],
  ['cli'],
];

const rankOf = new Map<string, number>(
  layerOrder.flatMap((group, rank) => group.map(name => [name, rank] as const)),
);

export interface LayerViolation {
  file: string;
  specifier: string;
  fromLayer: string;
  toLayer: string;
  reason: string;
}

const sourceFilesUnder = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFilesUnder(path);
    return /\.(c|m)?tsx?$/.test(entry.name) ? [path] : [];
  });

/** The first folder below `srcDir` that holds `path`, or undefined at top. */
const layerOfPath = (srcDir: string, path: string): string | undefined => {
  const parts = relative(srcDir, path).split(sep);
  return parts.length > 1 && parts[0] !== '..' ? parts[0] : undefined;
};

/** Every import, export-from and dynamic import specifier of a file. */
export const importSpecifiersOf = (sourceText: string): string[] =>
  ts.preProcessFile(sourceText, true, true).importedFiles.map(f => f.fileName);

/** Returns every layering violation among the files under `srcDir`. */
export const checkLayers = (srcDir: string): LayerViolation[] => {
  const root = resolve(srcDir);
  const violations: LayerViolation[] = [];
  for (const file of sourceFilesUnder(root)) {
    const fromLayer = layerOfPath(root, file);
    const display = relative(root, file);
    if (fromLayer !== undefined && !rankOf.has(fromLayer)) {
      violations.push({
        file: display,
        specifier: '',
        fromLayer,
        toLayer: fromLayer,
        reason: `folder src/${fromLayer} is not a layer of DESIGN.md; add it to layerOrder in tools/layers.ts`,
      });
      continue;
    }
    for (const specifier of importSpecifiersOf(readFileSync(file, 'utf8'))) {
      if (!specifier.startsWith('.')) continue; // packages and node: builtins
      const target = resolve(dirname(file), specifier);
      const toLayer = layerOfPath(root, target);
      if (toLayer === undefined || toLayer === fromLayer) continue;
      const fromRank = fromLayer === undefined ? Infinity : rankOf.get(fromLayer)!;
      const toRank = rankOf.get(toLayer);
      if (toRank === undefined) {
        violations.push({
          file: display, specifier, fromLayer: fromLayer ?? '(top)', toLayer,
          reason: `imports src/${toLayer}, which is not a layer`,
        });
      } else if (toRank > fromRank) {
        violations.push({
          file: display, specifier, fromLayer: fromLayer!, toLayer,
          reason: `layer ${fromLayer} imports ${toLayer}, which is above it`,
        });
      } else if (toRank === fromRank) {
        violations.push({
          file: display, specifier, fromLayer: fromLayer!, toLayer,
          reason: `layer ${fromLayer} imports ${toLayer}, which is beside it`,
        });
      }
    }
  }
  return violations;
};
