// @ts-check
'use strict';

// A loopback HTTP endpoint standing in for n8n's webhook server: each request's headers (lower-case
// names) and raw body bytes go to `handle`, which answers through `respond` as soon as it knows the
// answer and may go on working afterwards, as a webhook node that answers before fetching does.
// With runWebhook as `handle`, the emulator's outgoing_webhook deliveries reach the node over real HTTP.

const http = require('node:http');

/**
 * @typedef {{ headers: Record<string, string>; body: Buffer }} ReceivedRequest
 * @typedef {{ status: number; headers: Record<string, string>; body: string }} Answer
 * @typedef {(request: ReceivedRequest, respond: (answer: Answer) => void) => Promise<void>} Handler
 * @typedef {{ url: string; settled: () => Promise<void>; waitForRequests: (count: number, timeoutMs: number) => Promise<number>; close: () => Promise<void> }} WebhookReceiver
 */

/**
 * @param {Handler} handle
 * @returns {Promise<WebhookReceiver>}
 */
async function startWebhookReceiver(handle) {
	/** Work still going on after an answer; `settled()` waits for it. @type {Set<Promise<void>>} */
	const working = new Set();
	let requests = 0;
	const server = http.createServer((request, response) => {
		const chunks = /** @type {Buffer[]} */ ([]);
		request.on('data', (chunk) => chunks.push(chunk));
		request.on('end', () => {
			requests++;
			/** @type {Record<string, string>} */
			const headers = {};
			for (const [name, value] of Object.entries(request.headers)) if (value !== undefined) headers[name] = [value].flat().join(',');
			const respond = (/** @type {Answer} */ answer) => {
				if (response.headersSent) return;
				response.writeHead(answer.status, answer.headers);
				response.end(answer.body);
			};
			const work = handle({ headers, body: Buffer.concat(chunks) }, respond).catch((error) => {
				respond({ status: 500, headers: {}, body: String(error) });
			});
			working.add(work);
			void work.finally(() => working.delete(work));
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
	const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
	return {
		url: `http://127.0.0.1:${port}/webhook`,
		async settled() {
			while (working.size > 0) await Promise.all([...working]);
		},
		/** Resolves with the number of requests received once there are `count`, or when `timeoutMs` of wall time is over. */
		async waitForRequests(count, timeoutMs) {
			const deadline = Date.now() + timeoutMs;
			while (requests < count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
			return requests;
		},
		close: () =>
			new Promise((resolve) => {
				server.close(() => resolve(undefined));
				server.closeAllConnections();
			}),
	};
}

module.exports = { startWebhookReceiver };
