// @ts-check
'use strict';

// A loopback HTTP server for the harness's own tests: it answers every request with what it received,
// so a test can see exactly which headers, query and body n8n-core's HTTP client sent.
// Routes with a meaning:
// - any path, when `apiKey` is set and the request's `x-api-key` differs: 401 `{ "error": "Unauthorized" }`
// - `/status/<code>`: answers with that status code (and the echo as body)
// - `/hang`: never answers; the request ends only when the client aborts it

const http = require('node:http');

/**
 * @typedef {{ method: string; path: string; query: Record<string, string>; headers: http.IncomingHttpHeaders; body: unknown }} EchoedRequest
 * @typedef {{
 *   url: string;
 *   requests: EchoedRequest[];
 *   waitForRequest: (path: string) => Promise<EchoedRequest>;
 *   close: () => Promise<void>;
 * }} EchoServer
 */

/**
 * @param {{ apiKey?: string }} [options]
 * @returns {Promise<EchoServer>}
 */
async function startEchoServer(options = {}) {
	/** @type {EchoedRequest[]} */
	const requests = [];
	/** @type {Array<{ path: string; resolve: (request: EchoedRequest) => void }>} */
	let waiters = [];

	const server = http.createServer((request, response) => {
		const chunks = /** @type {Buffer[]} */ ([]);
		request.on('data', (chunk) => chunks.push(chunk));
		request.on('end', () => {
			const url = new URL(request.url ?? '/', 'http://127.0.0.1');
			const text = Buffer.concat(chunks).toString('utf8');
			/** @type {unknown} */
			let body = text === '' ? undefined : text;
			if (text !== '' && String(request.headers['content-type']).includes('application/json')) {
				body = JSON.parse(text);
			}
			/** @type {EchoedRequest} */
			const echoed = {
				method: request.method ?? 'GET',
				path: url.pathname,
				query: Object.fromEntries(url.searchParams),
				headers: request.headers,
				body,
			};
			requests.push(echoed);
			for (const waiter of waiters.filter((w) => w.path === echoed.path)) waiter.resolve(echoed);
			waiters = waiters.filter((w) => w.path !== echoed.path);

			if (url.pathname === '/hang') return;

			let status = 200;
			/** @type {unknown} */
			let answer = echoed;
			const statusRoute = /^\/status\/(\d{3})$/.exec(url.pathname);
			if (options.apiKey !== undefined && request.headers['x-api-key'] !== options.apiKey) {
				status = 401;
				answer = { error: 'Unauthorized' };
			} else if (statusRoute) {
				status = Number(statusRoute[1]);
			}
			response.writeHead(status, { 'content-type': 'application/json' });
			response.end(JSON.stringify(answer));
		});
	});

	await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
	const address = /** @type {import('node:net').AddressInfo} */ (server.address());

	return {
		url: `http://127.0.0.1:${address.port}`,
		requests,
		waitForRequest: (path) => {
			const seen = requests.find((request) => request.path === path);
			if (seen) return Promise.resolve(seen);
			return new Promise((resolve) => waiters.push({ path, resolve }));
		},
		close: async () => {
			const closed = new Promise((resolve) => server.close(() => resolve(undefined)));
			server.closeAllConnections();
			await closed;
		},
	};
}

module.exports = { startEchoServer };
