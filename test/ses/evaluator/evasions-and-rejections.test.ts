// The compartment options that shape what a source may say, answered as
// ses answers them (each case in child processes, ours and ses 2.3.0 side
// by side): the evasions, which are ses's text transforms over the whole
// text (so a Function body written in a string is evaded too); the names
// that rejections give the source; __shimTransforms__; and V8's reading of
// a call as an assignment target.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { implementations, reportFromChild, type Implementation } from '../lockdown/run-child.js';

const both = (body: (implementation: Implementation) => string) =>
  implementations.map(implementation => reportFromChild(implementation, `lockdown({ reporting: 'none' }); ${body(implementation)}`));

const outcomeHelper = `const outcome = thunk => { try { const value = thunk(); return ['ok', typeof value === 'function' ? 'function' : value ?? null]; } catch (e) { return [e.name, e.message]; } };`;

test('__evadeHtmlCommentTest__ and __evadeImportExpressionTest__ apply to the whole text, Function bodies in it included', () => {
  const [ours, original] = both(
    () => `${outcomeHelper}
    const c = new Compartment({ __options__: true, globals: { foo: 1, hah: 2, __import__: s => 'imported ' + s } });
    const inFunction = s => 'new Function(' + JSON.stringify(s + '; return a;') + ')';
    const inDeclaration = s => 'function name() {\\n' + s + ';\\n return a;\\n}';
    const evaded = (sources, options) => sources.flatMap(s => [inDeclaration(s), inFunction(s)]).map(text => outcome(() => c.evaluate(text, options)));
    report({
      html: evaded(["const a = foo <!-- hah\\n('evil')", "const a = foo --> hah\\n('evil')", "const a = eval <!-- hah\\n('evil')"], { __evadeHtmlCommentTest__: true }),
      imports: evaded(["const a = 'x' + import('y')"], { __evadeImportExpressionTest__: true }),
      unevaded: outcome(() => c.evaluate(inDeclaration("const a = foo <!-- hah"))),
      called: outcome(() => c.evaluate(inFunction("const a = 'x' + import('y')"), { __evadeImportExpressionTest__: true })()),
      literalChanged: outcome(() => c.evaluate('"<!--"', { __evadeHtmlCommentTest__: true })),
    });`,
  );
  assert.ok(ours.html.every(([name]: string[]) => name === 'ok'));
  assert.equal(ours.unevaded[0], 'SyntaxError');
  assert.deepEqual(ours.called, ['ok', 'ximported y']);
  assert.deepEqual(ours.literalChanged, ['ok', '< ! --']);
  assert.deepEqual(ours, original);
});

test('rejections name the source as ses does: a sourceURL in a trailing block comment, an HTML comment before a syntax error', () => {
  const [ours, original] = both(
    () => `${outcomeHelper}
    const c = new Compartment();
    report([
      '\\n<!-- -->',
      '\\n\\n<!-- stuff -->/* @sourceURL=bogus://contrived\\n*/ // #sourceMap=ignore/me',
      'eval("evil") /* #sourceURL=contrived://example */ // @sourceMapURL=ignore/me.json',
      'eval("evil")\\n//# sourceURL=first.js\\n//# sourceURL=second.js',
      'import("x") //# sourceURL=named.js',
    ].map(source => outcome(() => c.evaluate(source))));`,
  );
  assert.deepEqual(ours[1], ['SyntaxError', 'Possible HTML comment rejected at bogus://contrived:3. (SES_HTML_COMMENT_REJECTED)']);
  assert.deepEqual(ours, original);
});

test('__shimTransforms__ apply to evaluated code and to imported ModuleSources; transforms only to evaluated code', () => {
  const [ours, original] = both(
    implementation => `
    const { ModuleSource } = await import(${JSON.stringify(implementation === 'ours' ? 'endo/module-source' : '@endo/module-source')});
    const transform = source => source.replace(/Farewell/g, 'Hello');
    const make = option => new Compartment({ [option]: [transform], __options__: true, __noNamespaceBox__: true,
      resolveHook: s => s, importHook: () => new ModuleSource('export default "Farewell, World!";') });
    const results = {};
    for (const option of ['__shimTransforms__', 'transforms']) {
      const c = make(option);
      results[option] = [c.evaluate('"Farewell, World!"'), (await c.import('m')).default];
    }
    report(results);`,
  );
  assert.deepEqual(ours, { __shimTransforms__: ['Hello, World!', 'Hello, World!'], transforms: ['Hello, World!', 'Farewell, World!'] });
  assert.deepEqual(ours, original);
});

test('a call as the whole target of an assignment compiles and throws a ReferenceError when run, as V8 has it', () => {
  const [ours, original] = both(
    () => `${outcomeHelper}
    const c = new Compartment({ __options__: true, globals: { f: () => 1 } });
    report(['f() = 1', '--f()', 'f() += 2', 'for (f() in { a: 1 });', '(() => { f() = 1 })', '[f()] = [1]', '({ a: f() } = {})']
      .map(source => outcome(() => c.evaluate(source)))
      .map(([name, message]) => [name, name === 'SyntaxError' ? 'refused' : message]));`,
  );
  assert.deepEqual(ours.slice(4), [['ok', 'function'], ['SyntaxError', 'refused'], ['SyntaxError', 'refused']]);
  assert.deepEqual(ours, original);
});

test("a virtual module source without exports is refused in ses's words", () => {
  const [ours, original] = both(
    () => `
    const c = new Compartment({ modules: { './index.js': { source: { imports: [] } } }, resolveHook: s => s, __noNamespaceBox__: true, __options__: true });
    report(await c.import('./index.js').then(() => 'loaded', e => /Invalid module source: 'exports' must be an array/.test(e.message)));`,
  );
  assert.equal(ours, true);
  assert.equal(original, true);
});
