// fetch limited to origins (src/policy/attenuate-fetch.ts), against two real
// HTTP servers on 127.0.0.1 (two origins): the allowed one answers, the
// other is refused whether asked directly, through a Request or a URL, or
// reached by a redirect from the allowed one; redirects within the allowed
// origin are followed as fetch follows them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FetchLimitError, limitFetchToOrigins } from '../../src/policy/attenuate-fetch.js';

const listen = (server: Server): Promise<string> =>
  new Promise(resolve => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));

let bHits = 0;
const b = createServer((_request, response) => {
  bHits += 1;
  response.end('B');
});
const bOrigin = await listen(b);

const a = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', chunk => chunks.push(chunk));
  request.on('end', () => {
    const body = Buffer.concat(chunks).toString();
    const redirect = (status: number, location: string) => {
      response.writeHead(status, { location });
      response.end();
    };
    if (request.url === '/hello') response.end(`hello ${request.method} ${body}`);
    else if (request.url === '/to-b') redirect(302, `${bOrigin}/`);
    else if (request.url === '/to-hello') redirect(302, '/hello');
    else if (request.url === '/see-other') redirect(303, '/hello');
    else if (request.url === '/temporary') redirect(307, '/hello');
    else if (request.url === '/loop') redirect(302, '/loop');
    else {
      response.statusCode = 404;
      response.end();
    }
  });
});
const aOrigin = await listen(a);
test.after(() => {
  a.close();
  b.close();
});

const limited = limitFetchToOrigins([aOrigin]);

test('the allowed origin answers; another is refused, naming it and the limit', async () => {
  assert.equal(await (await limited(`${aOrigin}/hello`)).text(), 'hello GET ');
  await assert.rejects(limited(`${bOrigin}/`), error => {
    assert.ok(error instanceof FetchLimitError);
    assert.match(error.message, new RegExp(`fetch may not reach ${bOrigin} \\(the request\\): this package's fetch is limited to ${aOrigin}`));
    return true;
  });
  await assert.rejects(limited(new URL(`${bOrigin}/`)), FetchLimitError);
  await assert.rejects(limited(new Request(`${bOrigin}/`)), FetchLimitError);
  assert.equal(bHits, 0);
});

test('a redirect to another origin is refused before it is followed', async () => {
  await assert.rejects(limited(`${aOrigin}/to-b`), /fetch may not reach .* \(a redirect from .*\/to-b\)/);
  assert.equal(bHits, 0);
});

test('redirects within the allowed origin are followed as fetch follows them', async () => {
  assert.equal(await (await limited(`${aOrigin}/to-hello`)).text(), 'hello GET ');
  // 303 turns a POST into a GET without its body; 307 keeps the method and the body.
  assert.equal(await (await limited(`${aOrigin}/see-other`, { method: 'POST', body: 'data' })).text(), 'hello GET ');
  assert.equal(await (await limited(`${aOrigin}/temporary`, { method: 'POST', body: 'data' })).text(), 'hello POST data');
  await assert.rejects(limited(`${aOrigin}/loop`), /more than 20 redirects/);
});

test("the caller's redirect: 'manual' is kept: the redirect itself comes back", async () => {
  const response = await limited(`${aOrigin}/to-b`, { redirect: 'manual' });
  assert.equal(response.status, 302);
  assert.equal(bHits, 0);
});

test('origins compare after URL parsing: a longer host or another port is another origin', async () => {
  const port = new URL(aOrigin).port;
  const strict = limitFetchToOrigins(['http://127.0.0.1:1']);
  await assert.rejects(strict(`${aOrigin}/hello`), FetchLimitError);
  await assert.rejects(limited(`http://127.0.0.1.nip.io:${port}/hello`), FetchLimitError);
  await assert.rejects(limited('data:text/plain,hi'), /has no origin/);
  await assert.rejects(limited('/relative'), TypeError); // as fetch itself: no base URL in Node
});
