// @ts-check
'use strict';

const { sendJson, resetConnection, wait } = require('./http-util');

/**
 * @typedef {import('./faults').ActiveFault} ActiveFault
 * @typedef {import('./http-util').Request} Request
 * @typedef {import('./http-util').Response} Response
 */

const STATUS_ERRORS = /** @type {Record<number, [string, string]>} */ ({
	403: ['forbidden', 'Forbidden'],
	429: ['rate_limited', 'Rate limit exceeded, slow down'],
	500: ['internal_error', 'Internal server error'],
	502: ['bad_gateway', 'Bad gateway'],
	503: ['service_unavailable', 'Service temporarily unavailable'],
	504: ['gateway_timeout', 'Gateway timeout'],
});

/**
 * Plays the faults every route shares. Returns true when the fault answered the request, false
 * when the request should now be answered normally (after a latency fault, or for faults the
 * route itself plays, such as nullDownloadUrl or truncate).
 * @param {ActiveFault | null} fault
 * @param {Request} req
 * @param {Response} res
 * @returns {Promise<boolean>}
 */
async function playCommonFault(fault, req, res) {
	if (!fault) return false;
	switch (fault.type) {
		case 'latency':
			await wait(/** @type {number} */ (fault.ms));
			return false;
		case 'reset':
			resetConnection(req);
			return true;
		case 'malformedJson': {
			const text = '{"status": "queued", "job_id": "run_';
			res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
			res.end(text);
			return true;
		}
		case 'status': {
			const status = /** @type {number} */ (fault.status);
			const [error, message] = STATUS_ERRORS[status] ?? ['error', `Injected HTTP ${status}`];
			/** @type {Record<string, string>} */
			const headers = fault.retryAfter === undefined ? {} : { 'retry-after': String(fault.retryAfter) };
			// A body given as null is sent as JSON null: an answer a client must read, not a default.
			sendJson(res, status, fault.body === undefined ? { error, message } : fault.body, headers);
			return true;
		}
		default:
			return false;
	}
}

module.exports = { playCommonFault };
