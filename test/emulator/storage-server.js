// @ts-check
'use strict';

const { Readable, pipeline } = require('stream');
const { fileChunks, fileText, truncatedText } = require('./formats');
const { fileSize } = require('./results');
const { playCommonFault } = require('./fault-responses');
const { pathSegments, recordRequest, resetConnection } = require('./http-util');

/**
 * @typedef {import('./api').Api} Api
 * @typedef {import('./faults').Faults} Faults
 * @typedef {import('./signing').Signer} Signer
 * @typedef {import('./results').ResultFile} ResultFile
 * @typedef {import('./http-util').Request} Request
 * @typedef {import('./http-util').Response} Response
 * @typedef {import('./http-util').RecordedRequest} RecordedRequest
 */

const XML_ERRORS = /** @type {Record<string, [number, string]>} */ ({
	AccessDenied: [403, 'Access denied. Anonymous caller does not have storage.objects.get access.'],
	ExpiredToken: [403, 'Invalid argument. The provided token has expired.'],
	SignatureDoesNotMatch: [403, 'The request signature we calculated does not match the signature you provided.'],
	NoSuchKey: [404, 'The specified key does not exist.'],
	MethodNotAllowed: [405, 'The specified method is not allowed against this resource.'],
});

/**
 * An error the way Google Cloud Storage words it.
 * @param {Response} res
 * @param {keyof typeof XML_ERRORS} code
 */
function sendXmlError(res, code) {
	const [status, message] = XML_ERRORS[code];
	const text = `<?xml version='1.0' encoding='UTF-8'?><Error><Code>${code}</Code><Message>${message}</Message></Error>`;
	res.writeHead(status, { 'content-type': 'application/xml; charset=UTF-8', 'content-length': Buffer.byteLength(text) });
	res.end(text);
}

/**
 * Writes the head and the first half of the rows, then drops the connection once they are on the wire.
 * @param {Response} res
 * @param {Request} req
 * @param {ResultFile} file
 */
async function sendHalfThenReset(res, req, file) {
	for (const chunk of fileChunks(file.format, file.source, Math.floor(file.source.rowCount / 2))) {
		await new Promise((resolve) => res.write(chunk, resolve));
	}
	resetConnection(req);
}

/** Pieces a slow body is sent in. */
const SLOW_BODY_PIECES = 10;

/**
 * A slow transfer: the whole file in SLOW_BODY_PIECES pieces, spread evenly over `ms` of wall time
 * (the headers went out at once). The file is built in memory first: meant for small files.
 * Stops when the client goes away.
 * @param {Response} res
 * @param {{ format: any, source: any }} file
 * @param {number} ms
 */
async function sendSlowly(res, file, ms) {
	const body = Buffer.from(fileText(file.format, file.source));
	const pieceBytes = Math.ceil(body.length / SLOW_BODY_PIECES);
	for (let i = 0; i < SLOW_BODY_PIECES; i++) {
		await new Promise((resolve) => setTimeout(resolve, ms / SLOW_BODY_PIECES));
		if (res.destroyed) return;
		await new Promise((resolve) => res.write(body.subarray(i * pieceBytes, (i + 1) * pieceBytes), resolve));
	}
	res.end();
}

/**
 * The request handler of the storage origin: signed GETs of result files. The API key plays no
 * part here, as on a real bucket.
 * @param {object} deps
 * @param {Api} deps.api
 * @param {Faults} deps.faults
 * @param {Signer} deps.signer
 * @param {() => number} deps.now
 * @param {() => RecordedRequest[] | null} deps.log
 * @returns {(req: Request, res: Response) => Promise<void>}
 */
function createStorageHandler({ api, faults, signer, now, log }) {
	return async (req, res) => {
		const url = new URL(req.url ?? '/', 'http://storage');
		recordRequest(log(), 'storage', req, res, url, now());
		if (req.method !== 'GET' && req.method !== 'HEAD') return sendXmlError(res, 'MethodNotAllowed');
		const segments = pathSegments(url.pathname);
		if (!segments || segments.length !== 3 || segments[0] !== api.bucket) return sendXmlError(res, 'NoSuchKey');
		const fault = faults.take('storage');
		if (await playCommonFault(fault, req, res)) return;

		const [, runId, filename] = segments;
		const check = signer.verify(
			api.storagePath(runId, filename),
			url.searchParams.get('expires'),
			url.searchParams.get('signature'),
			Math.floor(now() / 1000),
		);
		if (check !== 'ok') {
			return sendXmlError(res, check === 'expired' ? 'ExpiredToken' : check === 'tampered' ? 'SignatureDoesNotMatch' : 'AccessDenied');
		}
		const found = api.resultFile(runId, filename);
		if (!found) return sendXmlError(res, 'NoSuchKey');
		const { run, file } = found;

		const contentType = file.format.contentType;
		if (fault?.type === 'truncate') {
			const text = truncatedText(file.format, file.source, fault);
			res.writeHead(200, { 'content-type': contentType, 'content-length': Buffer.byteLength(text) });
			return void res.end(req.method === 'HEAD' ? undefined : text);
		}
		const size = fileSize(run, file);
		res.writeHead(200, {
			'content-type': contentType,
			'content-disposition': `attachment; filename="${filename}"`,
			...(size === null ? {} : { 'content-length': size }),
		});
		if (req.method === 'HEAD') return void res.end();
		if (fault?.type === 'resetMidBody') return sendHalfThenReset(res, req, file);
		if (fault?.type === 'slowBody') return sendSlowly(res, file, /** @type {number} */ (fault.ms));
		// Readable.from pulls the generator only as fast as the socket drains: one chunk in memory.
		pipeline(Readable.from(fileChunks(file.format, file.source)), res, () => {});
	};
}

module.exports = { createStorageHandler };
