// Property tests: programs built from every construct the rewriter edits
// (free reads, writes, shorthands and calls, `this` in a Function body,
// direct evals, imports, `export default`, `import.meta`, `import(...)`),
// with every line terminator, HTML-like comments, nested templates, regular
// expressions, strings and comments between and around them.
//
// The generator knows which of its `log(n)` calls are code (run) and which
// sit in a string, a comment, a template's text or a regular expression
// (never run), and where an HTML-like comment stands in code (refused). The
// property: a program is refused, before anything runs, exactly when it
// holds such a comment, and otherwise logs exactly the calls that are code,
// in order, with nothing
// reaching the scope terminator and the host untouched. Scripts are run
// natively by V8 too (in a fresh realm), which must log the same.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createContext, Script } from 'node:vm';
import fc from 'fast-check';
import { lockdown, Compartment } from '../../../src/ses/index.js';
import { ModuleSource } from '../../../src/module-source/index.js';
import { observeNamesReachingTheTerminator } from '../../../src/ses/scope-terminator.js';

lockdown();

const reached: string[] = [];
observeNamesReachingTheTerminator(name => reached.push(String(name)));
(globalThis as Record<string, unknown>).hostCanary = 'untouched';

const TERMINATORS = ['\n', '\r', '\r\n', '\u2028', '\u2029'];
const terminator = fc.constantFrom(...TERMINATORS);

/** A piece of program text: the marker numbers it runs, in order; whether it puts an HTML-like comment in code. */
interface Piece {
  text: string;
  runs: number[];
  htmlComment?: boolean;
  /** Whether the piece may follow a line break without a semicolon (it cannot continue the line before). */
  startsWithName: boolean;
}

const piece = (text: string, runs: number[], startsWithName: boolean, htmlComment = false): Piece => ({ text, runs, startsWithName, htmlComment });
const ev = 'ev' + 'al';

/** Trivia: white space, comments ended by any line terminator, comments holding them. */
const trivia = fc.oneof(
  fc.constant(' '),
  terminator,
  terminator.map(t => `// a comment <!-- --> */ \`${t}`),
  terminator.map(t => `/* a ${t} comment // <!-- */`),
  fc.constant('/**/'),
);

/** Pieces that work in scripts and modules alike; `n` is the marker number. */
const commonPieces = (n: number): fc.Arbitrary<Piece>[] => [
  fc.constant(piece(`log(${n})`, [n], true)),
  // a free write (the global `g` exists), a shorthand, a free call's receiver
  fc.constant(piece(`g = log(${n})`, [n], true)),
  fc.constant(piece(`({ log }).log(${n})`, [n], false)),
  fc.constant(piece(`g += log(${n}) ?? 1`, [n], true)),
  // direct eval, nested
  fc.constant(piece(`${ev}('log(${n})')`, [n], true)),
  fc.constant(piece(`${ev}(${ev}('"log(${n})"'))`, [n], true)),
  // templates, nested, with comment-like text
  terminator.map(t => piece(`\`<!-- */ //${t}\${\`\${log(${n})}\`}-->\``, [n], false)),
  fc.constant(piece(`\`log(${n}) \${'<!--'} \``, [], false)),
  // strings holding line separators and comment-like text
  fc.constantFrom('\u2028', '\u2029').map(t => piece(`'log(${n}) ${t} <!-- -->'`, [], false)),
  // regular expressions, and division that looks like one
  fc.constant(piece(`/log(${n})[/]<!--/.source`, [], false)),
  fc.constant(piece(`g / 1 / log(${n})`, [n], true)),
  // comments that hide a call: never run
  terminator.map(t => piece(`// log(${n})${t}`, [], false)),
  terminator.map(t => piece(`/* log(${n})${t} */`, [], false)),
  // an HTML-like comment in code: refused
  terminator.map(t => piece(`g <!--g /*${t}log(${n})${t}//*/`, [], true, true)),
  // arrow functions, called
  fc.constant(piece(`(() => log(${n}))()`, [n], false)),
];

/** Joins pieces with trivia; without a semicolon only before a piece that begins with a name (ASI). */
const program = (pieces: fc.Arbitrary<Piece>[][]) =>
  fc.array(fc.tuple(fc.oneof(...pieces.flat()), trivia, fc.boolean(), terminator), { minLength: 1, maxLength: 6 }).map(parts => {
    let text = '';
    const runs: number[] = [];
    let htmlComment = false;
    for (const [index, [p, space, bareLineBreak, lineBreak]] of parts.entries()) {
      if (index > 0) text += bareLineBreak && p.startsWithName ? lineBreak : `;${space}`;
      text += p.text;
      runs.push(...p.runs);
      htmlComment ||= !!p.htmlComment;
    }
    return { text, runs, htmlComment };
  });

/** Gives each piece its own marker number. */
const numbered = (makePieces: (n: number) => fc.Arbitrary<Piece>[]) => Array.from({ length: 6 }, (_, n) => makePieces(n + 1));

/**
 * A program with an HTML-like comment in code is refused before anything
 * runs: with SES_HTML_COMMENT_REJECTED, or as a syntax error where the
 * reading with the comment does not parse.
 */
const assertRefusedAsHtmlComment = (error: unknown, log: number[], text: string) => {
  assert.ok(error instanceof SyntaxError, `${JSON.stringify(text)}: ${String(error)}`);
  assert.deepEqual(log, [], `${JSON.stringify(text)} ran before it was refused`);
};

interface Generated {
  text: string;
  runs: number[];
  htmlComment: boolean;
}

/** What every property asserts of one program: refused as above, or exactly its code run; nothing reached the terminator. */
const assertRanExactly = ({ text, runs, htmlComment }: Generated, log: number[], error: unknown) => {
  if (htmlComment) assertRefusedAsHtmlComment(error, log, text);
  else {
    assert.equal(error, undefined, `${JSON.stringify(text)}: ${String(error)}`);
    assert.deepEqual(log, runs, JSON.stringify(text));
  }
  assert.deepEqual(reached, [], JSON.stringify(text));
  assert.equal((globalThis as Record<string, unknown>).hostCanary, 'untouched');
};

/** Runs a program with a fresh log (handed to `run` as the global `log`); what it logged and what it threw. */
const runLogged = (run: (log: (n: number) => void) => void): { log: number[]; error: unknown } => {
  const log: number[] = [];
  reached.length = 0;
  try {
    run(n => void log.push(n));
    return { log, error: undefined };
  } catch (error) {
    return { log, error };
  }
};

test('scripts: each runs exactly its code, as V8 runs it, or is refused for an HTML-like comment', () => {
  fc.assert(
    fc.property(program(numbered(commonPieces)), generated => {
      const { log, error } = runLogged(logOne =>
        new Compartment({ __options__: true, globals: { log: logOne, g: 0 } }).evaluate(generated.text, {
          __rejectSomeDirectEvalExpressions__: false,
        }),
      );
      assertRanExactly(generated, log, error);
      if (!generated.htmlComment) {
        // V8 itself, in a realm of its own, as strict code.
        const nativeLog: number[] = [];
        new Script(`'use strict';\n${generated.text}`).runInContext(createContext({ log: (n: number) => void nativeLog.push(n), g: 0 }));
        assert.deepEqual(nativeLog, generated.runs, `native: ${JSON.stringify(generated.text)}`);
      }
    }),
    { numRuns: 400 },
  );
});

test('Function bodies: the same, `this` included (undefined in a plain call, as strict code has it)', () => {
  const thisPiece = (n: number): fc.Arbitrary<Piece>[] => [
    fc.constant(piece(`this === undefined && log(${n})`, [n], false)),
    terminator.map(t => piece(`this${t}?.log(${n})`, [], false)),
  ];
  fc.assert(
    fc.property(program(numbered(n => [...commonPieces(n), ...thisPiece(n)])), generated => {
      const { log, error } = runLogged(logOne =>
        new Compartment({ __options__: true, globals: { log: logOne, g: 0, body: generated.text } }).evaluate('Function(body)()'),
      );
      assertRanExactly(generated, log, error);
    }),
    { numRuns: 200 },
  );
});

/** Pieces only a module has: imports read and called, export default in its forms, import.meta, import(). */
const modulePieces = (n: number): fc.Arbitrary<Piece>[] => [
  fc.constant(piece(`imp(${n})`, [n], true)),
  fc.constant(piece(`${ev}('imp(${n})')`, [n], true)),
  fc.constant(piece(`({ imp }).imp(${n})`, [n], false)),
  fc.constant(piece(`import.meta.log(${n})`, [n], true)),
  // a dynamic import, whose argument runs at once
  fc.constant(piece(`void import(log(${n}) ?? 'dep')`, [n], false)),
];

/** Module text: an import, pieces, and one `export default` whose trivia holds any line terminator. */
const moduleText = fc
  .tuple(
    program(numbered(n => [...commonPieces(n), ...modulePieces(n)])),
    trivia,
    trivia,
    fc.constantFrom('log(99)', '(log(99))', '(/* ) */ log(99), 1)', 'function () { log(99) }', 'async function* () {}', 'class { static { log(99) } }'),
  )
  .map(([body, space, space2, defaultExpression]) => {
    const runsDefault = defaultExpression.includes('log(99)') && !defaultExpression.startsWith('function');
    return {
      text: `import { imp } from 'dep';\nlet g = 0;\n${body.text};\nexport${space2}default ${space}${defaultExpression};\n`,
      runs: [...body.runs, ...(runsDefault ? [99] : [])],
      htmlComment: body.htmlComment,
      defaultIsFunction: /function/.test(defaultExpression),
    };
  });

test('modules: each runs exactly its code, imports and default export included, or is refused for an HTML-like comment', async () => {
  await fc.assert(
    fc.asyncProperty(moduleText, async generated => {
      const log: number[] = [];
      const logOne = (n: number) => void log.push(n);
      reached.length = 0;
      let error: unknown;
      let namespace: Record<string, unknown> | undefined;
      try {
        const compartment = new Compartment({
          __options__: true,
          globals: { log: logOne },
          resolveHook: (specifier: string) => specifier,
          importMetaHook: (_specifier: string, meta: Record<string, unknown>) => {
            meta.log = logOne;
          },
          modules: {
            main: { source: new ModuleSource(generated.text, 'file:///main.js') },
            dep: { source: new ModuleSource('export const imp = n => globalThis.log(n);', 'file:///dep.js') },
          },
        });
        ({ namespace } = (await compartment.import('main')) as { namespace: Record<string, unknown> });
      } catch (caught) {
        error = caught;
      }
      assertRanExactly(generated, log, error);
      if (!generated.htmlComment && generated.defaultIsFunction) {
        assert.equal((namespace!.default as Function).name, 'default', JSON.stringify(generated.text));
      }
    }),
    { numRuns: 300 },
  );
});
