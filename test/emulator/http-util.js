// @ts-check
'use strict';

/**
 * @typedef {import('http').IncomingMessage} Request
 * @typedef {import('http').ServerResponse} Response
 * @typedef {object} RecordedRequest
 * @property {'api' | 'storage'} origin
 * @property {string} method
 * @property {string} path the path as sent, still percent-encoded
 * @property {Record<string, string | string[]>} query repeated parameters become arrays
 * @property {Record<string, string | string[] | undefined>} headers lower-case names
 * @property {number | null} status null while answering, 0 when the connection was reset
 * @property {number} time emulated ms since epoch when the request arrived
 */

/**
 * @param {Response} res
 * @param {number} status
 * @param {unknown} body
 * @param {Record<string, string>} [headers]
 */
function sendJson(res, status, body, headers = {}) {
	const text = JSON.stringify(body);
	res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
	res.end(text);
}

/**
 * @param {URLSearchParams} params
 * @returns {Record<string, string | string[]>}
 */
function queryObject(params) {
	/** @type {Record<string, string | string[]>} */
	const query = {};
	for (const key of new Set(params.keys())) {
		const values = params.getAll(key);
		query[key] = values.length === 1 ? values[0] : values;
	}
	return query;
}

/**
 * Path segments, each percent-decoded on its own so an encoded "/" stays inside its segment.
 * @param {string} pathname
 * @returns {string[] | null} null when a segment is not valid percent-encoding
 */
function pathSegments(pathname) {
	try {
		return pathname.split('/').slice(1).map(decodeURIComponent);
	} catch {
		return null;
	}
}

/**
 * Logs a request now and its status once answered.
 * @param {RecordedRequest[] | null} log null when recording is off
 * @param {'api' | 'storage'} origin
 * @param {Request} req
 * @param {Response} res
 * @param {URL} url
 * @param {number} time
 */
function recordRequest(log, origin, req, res, url, time) {
	if (!log) return;
	/** @type {RecordedRequest} */
	const entry = {
		origin,
		method: req.method ?? 'GET',
		path: url.pathname,
		query: queryObject(url.searchParams),
		headers: { ...req.headers },
		status: null,
		time,
	};
	log.push(entry);
	res.on('close', () => {
		entry.status = res.headersSent ? res.statusCode : 0;
	});
}

/**
 * Destroys the connection without answering, like a dropped TCP connection.
 * @param {Request} req
 */
function resetConnection(req) {
	req.socket.resetAndDestroy?.();
	if (!req.socket.destroyed) req.socket.destroy();
}

/**
 * @param {Request} req
 * @param {number} limitBytes
 * @returns {Promise<Buffer | null>} null when the body is larger than the limit
 */
async function readBody(req, limitBytes) {
	/** @type {Buffer[]} */
	const chunks = [];
	let size = 0;
	for await (const chunk of req) {
		size += chunk.length;
		if (size > limitBytes) return null;
		chunks.push(chunk);
	}
	return Buffer.concat(chunks);
}

/** @param {number} ms */
function wait(ms) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

module.exports = { sendJson, queryObject, pathSegments, recordRequest, resetConnection, readBody, wait };
