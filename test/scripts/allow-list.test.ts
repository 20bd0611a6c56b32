// The allow-list reader against @lavamoat/allow-scripts' own matcher (its
// config.js, loaded in this process: it is plain CommonJS, no ses), on
// arbitrary keys, since anyone who can edit package.json writes them; and
// the package.json layout round trip that `endo scripts auto` relies on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { makeAllowListMatcher, parseAllowKey, readAllowList, reportAllowList } from '../../src/scripts/allow-list.js';
import { updateAllowList } from '../../src/scripts/allow-list-update.js';
import { detectLayout, formatJson } from '../../src/scripts/package-json-file.js';

const require = createRequire(import.meta.url);
// Its package "exports" hide config.js; load the file itself.
const configFile = fileURLToPath(new URL('../../../node_modules/@lavamoat/allow-scripts/src/config.js', import.meta.url));
const { versionAwareMatcher } = require(configFile) as {
  versionAwareMatcher: (
    config: Record<string, boolean>,
    skipVersions: boolean,
  ) => { isAllowed(pattern: string): boolean; isCorrectlyConfigured(pattern: string): boolean };
};

// Keys and package keys built from a few parts, so that they often collide.
const part = fc.constantFrom('a', 'b', 'a>b', '@s/c', '$root$', '', '1.0.0', '2.0.0', 'x y', '__proto__');
const key = fc.oneof(
  fc.tuple(part, part).map(([name, version]) => `${name}#${version}`),
  part,
  fc.tuple(part, part, part).map(parts => parts.join('#')),
  fc.string({ maxLength: 8 }),
);

test('allow and configured decisions agree with allow-scripts 5.1.0 on arbitrary keys', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(key, fc.boolean()), { maxLength: 8 }), fc.array(key, { maxLength: 8 }), fc.boolean(), (entries, patterns, skipVersions) => {
      const config: Record<string, boolean> = {};
      for (const [k, v] of entries) Object.defineProperty(config, k, { value: v, enumerable: true, writable: true, configurable: true });
      const theirs = versionAwareMatcher(config, skipVersions);
      const ours = makeAllowListMatcher(new Map(Object.entries(config)), skipVersions);
      for (const pattern of patterns) {
        assert.equal(ours.isAllowed(pattern), theirs.isAllowed(pattern), `isAllowed(${JSON.stringify(pattern)})`);
        assert.equal(ours.isConfigured(pattern), theirs.isCorrectlyConfigured(pattern), `isConfigured(${JSON.stringify(pattern)})`);
      }
    }),
  );
});

test('a key splits into the name before the first "#" and the version up to the next', () => {
  fc.assert(
    fc.property(fc.string().filter(s => !s.includes('#')), fc.string().filter(s => !s.includes('#')), (name, version) => {
      assert.deepEqual(parseAllowKey(`${name}#${version}`), { name, version: version === '' ? undefined : version });
      assert.deepEqual(parseAllowKey(name), { name, version: undefined });
    }),
  );
  fc.assert(fc.property(fc.string(), text => void parseAllowKey(text)));
  assert.deepEqual(parseAllowKey('a>b#1.0.0#x'), { name: 'a>b', version: '1.0.0' });
});

test('an allowed key needs its version; a bare denied key covers every version', () => {
  const matcher = makeAllowListMatcher(new Map([['a', true], ['b#1.0.0', true], ['c', false]]), false);
  assert.equal(matcher.isAllowed('a'), false);
  assert.equal(matcher.isConfigured('a#1.0.0'), false);
  assert.equal(matcher.isAllowed('b#1.0.0'), true);
  assert.equal(matcher.isConfigured('b#2.0.0'), false);
  assert.equal(matcher.isConfigured('c#9.9.9'), true);
  assert.equal(matcher.isAllowed('c#9.9.9'), false);
});

test('the reader takes only booleans: a "false" string would allow under allow-scripts', () => {
  const file = '/p/package.json';
  assert.deepEqual([...readAllowList({ lavamoat: { allowScripts: { 'a#1': true, b: false } } }, file)], [['a#1', true], ['b', false]]);
  assert.deepEqual([...readAllowList({ name: 'x' }, file)], []);
  assert.throws(() => readAllowList({ lavamoat: { allowScripts: { 'a#1': 'false' } } }, file), /gives "a#1" the value "false": use true .* or false/);
  assert.throws(() => readAllowList({ lavamoat: { allowScripts: ['a'] } }, file), /must be an object/);
  assert.throws(() => readAllowList({ lavamoat: 'yes' }, file), /"lavamoat" in \/p\/package.json must be an object/);
  fc.assert(
    fc.property(fc.jsonValue(), value => {
      try {
        readAllowList({ lavamoat: { allowScripts: value } }, file);
      } catch (error) {
        assert.ok(error instanceof Error && /lavamoat.allowScripts/.test(error.message));
      }
    }),
  );
});

test('auto never carries an allowed version over to a newly installed one', () => {
  const before = new Map([['a#1.0.0', true], ['old#1.0.0', false], ['pinned', true]]);
  const { allowList, changes } = updateAllowList(before, ['a#2.0.0', 'pinned#3.0.0', 'new#1.0.0'], false);
  assert.deepEqual(Object.fromEntries(allowList), { 'a#1.0.0': true, 'pinned#3.0.0': true, 'a#2.0.0': false, 'new#1.0.0': false });
  assert.ok(changes.some(change => /"a#1.0.0" is allowed but "a#2.0.0" is installed/.test(change)));
  assert.deepEqual(reportAllowList(allowList, ['a#2.0.0', 'pinned#3.0.0', 'new#1.0.0'], false).missing, []);
});

test('package.json keeps its layout through a read and a write', () => {
  const layout = fc.record({
    indent: fc.constantFrom('  ', '    ', '\t', ' '),
    newline: fc.constantFrom('\n' as const, '\r\n' as const),
    finalNewline: fc.boolean(),
    byteOrderMark: fc.boolean(),
  });
  fc.assert(
    fc.property(fc.dictionary(fc.string(), fc.jsonValue()), layout, (object, chosen) => {
      const text = formatJson(object, chosen);
      const detected = detectLayout(text);
      const body = chosen.byteOrderMark ? text.slice(1) : text;
      assert.equal(formatJson(JSON.parse(body), detected), text);
    }),
  );
});
