// @ts-check
'use strict';

const { ApiError, apiError, validationError, enumError } = require('./errors');
const { runBodyErrors, resultFormatErrors } = require('./api');
const { playCommonFault } = require('./fault-responses');
const { sendJson, pathSegments, recordRequest, readBody } = require('./http-util');

/**
 * @typedef {import('./api').Api} Api
 * @typedef {import('./formats').FormatName} FormatName
 * @typedef {import('./faults').Faults} Faults
 * @typedef {import('./faults').ActiveFault} ActiveFault
 * @typedef {import('./faults').RouteName} RouteName
 * @typedef {import('./errors').FieldError} FieldError
 * @typedef {import('./http-util').Request} Request
 * @typedef {import('./http-util').Response} Response
 * @typedef {import('./http-util').RecordedRequest} RecordedRequest
 * @typedef {import('./rate-limit').RateLimit} RateLimit
 * @typedef {{ route: RouteName, method: string, runId?: string, workflowId?: string }} Match
 * @typedef {'served' | 'missing' | 'forbidden'} WorkflowsEndpoint how GET /workflows and GET /workflows/{id} answer
 */

const MAX_BODY_BYTES = 64 * 1024 * 1024;
const BOOLEAN_TEXT = /** @type {Record<string, boolean>} */ ({ true: true, '1': true, yes: true, on: true, false: false, '0': false, no: false, off: false });

/**
 * @param {string[]} s path segments
 * @returns {Match | null}
 */
function matchRoute(s) {
	if (s[0] !== 'workflows') return null;
	if (s.length === 1) return { route: 'workflows', method: 'GET' };
	if (s.length === 2 && s[1] === 'run') return { route: 'run', method: 'POST' };
	if (s.length === 2 && s[1] === 'cancel') return { route: 'cancel', method: 'POST' };
	if (s.length === 2 && s[1] === 'runs') return { route: 'runs', method: 'GET' };
	if (s.length === 2) return { route: 'workflow', method: 'GET', workflowId: s[1] };
	if (s.length === 4 && s[1] === 'runs' && s[3] === 'live_status') return { route: 'live_status', method: 'GET', runId: s[2] };
	if (s.length === 5 && s[1] === 'runs' && s[3] === 'results' && s[4] === 'download-links') {
		return { route: 'download_links', method: 'GET', runId: s[2] };
	}
	return null;
}

/**
 * @param {string} name
 * @returns {FieldError}
 */
function missing(name) {
	return { loc: ['query', name], msg: 'Field required', type: 'missing' };
}

/**
 * The `limit` of the runs list: an integer 1..500, 100 when absent.
 * @param {string | null} text
 * @param {FieldError[]} errors
 */
function parseLimit(text, errors) {
	if (text === null) return 100;
	const loc = ['query', 'limit'];
	if (!/^\s*[+-]?\d+\s*$/.test(text)) {
		errors.push({ loc, msg: 'Input should be a valid integer, unable to parse string as an integer', type: 'int_parsing' });
		return 0;
	}
	const limit = Number(text);
	if (limit < 1) errors.push({ loc, msg: 'Input should be greater than or equal to 1', type: 'greater_than_equal' });
	if (limit > 500) errors.push({ loc, msg: 'Input should be less than or equal to 500', type: 'less_than_equal' });
	return limit;
}

/**
 * Body of a run request: undefined when empty, the parsed JSON otherwise.
 * @param {Buffer} raw
 * @param {FieldError[]} errors
 * @returns {unknown}
 */
function parseJsonBody(raw, errors) {
	const text = raw.toString('utf8');
	if (text.trim() === '') return undefined;
	try {
		return JSON.parse(text);
	} catch (error) {
		const position = Number(/position (\d+)/.exec(String(/** @type {Error} */ (error).message))?.[1] ?? 0);
		errors.push({ loc: ['body', position], msg: 'JSON decode error', type: 'json_invalid' });
		return undefined;
	}
}

/**
 * @param {Api} api
 * @param {Request} req
 * @param {URLSearchParams} query
 * @param {string} account
 */
async function handleRun(api, req, query, account) {
	const raw = await readBody(req, MAX_BODY_BYTES);
	if (raw === null) throw apiError(413, 'payload_too_large', `Request body larger than ${MAX_BODY_BYTES} bytes`);
	/** @type {FieldError[]} */
	const errors = [];
	const workflowId = query.get('workflow_id');
	if (workflowId === null) errors.push(missing('workflow_id'));
	const saveJsonText = query.get('save_json');
	const saveJson = saveJsonText === null ? null : BOOLEAN_TEXT[saveJsonText.toLowerCase()];
	if (saveJson === undefined) errors.push({ loc: ['query', 'save_json'], msg: 'Input should be a valid boolean, unable to interpret input', type: 'bool_parsing' });
	const resultFormats = query.getAll('result_formats');
	errors.push(...resultFormatErrors(resultFormats));
	const body = parseJsonBody(raw, errors);
	errors.push(...runBodyErrors(body));
	if (errors.length > 0) throw validationError(errors);
	const idempotencyKey = req.headers['idempotency-key'];
	return api.startRun(/** @type {string} */ (workflowId), body, {
		idempotencyKey: typeof idempotencyKey === 'string' ? idempotencyKey : null,
		saveJson: saveJson ?? null,
		resultFormats,
		account,
	});
}

/**
 * @param {Api} api
 * @param {URLSearchParams} query
 * @param {string} account
 */
function handleRuns(api, query, account) {
	/** @type {FieldError[]} */
	const errors = [];
	const status = query.get('status') ?? undefined;
	if (status !== undefined && !api.statusFilters.includes(status)) errors.push(enumError(['query', 'status'], api.statusFilters));
	const limit = parseLimit(query.get('limit'), errors);
	if (errors.length > 0) throw validationError(errors);
	return api.listRuns({ status, workflowId: query.get('workflow_id') ?? undefined, limit, account });
}

/**
 * @param {Api} api
 * @param {string} runId
 * @param {URLSearchParams} query
 * @param {boolean} signingFails
 * @param {string} account
 */
function handleDownloadLinks(api, runId, query, signingFails, account) {
	const format = query.get('format') ?? undefined;
	if (format !== undefined && !api.formats.includes(/** @type {FormatName} */ (format))) {
		throw validationError([enumError(['query', 'format'], api.formats)]);
	}
	return api.downloadLinks(runId, { signingFails, format: /** @type {FormatName | undefined} */ (format), account });
}

/**
 * @param {Api} api
 * @param {Request} req
 * @param {URLSearchParams} query
 * @param {string} account
 */
async function handleCancel(api, req, query, account) {
	await readBody(req, MAX_BODY_BYTES);
	const jobId = query.get('job_id');
	if (jobId === null) throw validationError([missing('job_id')]);
	return api.cancel(jobId, account);
}

/**
 * An answer without the named fields: of each entry when it is a list, else of the object itself.
 * @param {unknown} body
 * @param {string[]} fields
 * @returns {unknown}
 */
function withoutFields(body, fields) {
	/** @param {unknown} entry */
	const strip = (entry) =>
		entry !== null && typeof entry === 'object' ? Object.fromEntries(Object.entries(entry).filter(([key]) => !fields.includes(key))) : entry;
	return Array.isArray(body) ? body.map(strip) : strip(body);
}

/**
 * The request handler of the API origin.
 * @param {object} deps
 * @param {Api} deps.api
 * @param {Faults} deps.faults
 * @param {(key: unknown) => string | null} deps.accountOf the account an x-api-key opens, null for none
 * @param {RateLimit} deps.rateLimit
 * @param {() => number} deps.now
 * @param {() => RecordedRequest[] | null} deps.log
 * @param {() => WorkflowsEndpoint} deps.workflowsEndpoint
 * @returns {(req: Request, res: Response) => Promise<void>}
 */
function createApiHandler({ api, faults, accountOf, rateLimit, now, log, workflowsEndpoint }) {
	/**
	 * What the API answers a routed request, as status and body.
	 * @param {Match} match
	 * @param {Request} req
	 * @param {URL} url
	 * @param {ActiveFault | null} fault
	 * @returns {Promise<[number, unknown, Record<string, string>?]>}
	 */
	async function answer(match, req, url, fault) {
		const key = req.headers['x-api-key'];
		const account = accountOf(key);
		if (account === null) return [401, { error: 'unauthorized', message: 'Invalid or missing API key' }];
		const refused = rateLimit.take(/** @type {string} */ (key));
		if (refused) {
			const message = `Rate limit exceeded: ${rateLimit.perMinute} requests a minute per API key. Retry after ${refused.retryAfterSeconds} s.`;
			return [429, { error: 'rate_limited', message }, { 'retry-after': String(refused.retryAfterSeconds) }];
		}
		const runId = /** @type {string} */ (match.runId);
		const readsWorkflows = match.route === 'workflows' || match.route === 'workflow';
		if (readsWorkflows && workflowsEndpoint() === 'forbidden') {
			return [403, { error: 'forbidden', message: 'This API key is not allowed to read workflows' }];
		}
		try {
			if (match.route === 'workflows') return [200, api.listWorkflows(account)];
			if (match.route === 'workflow') return [200, api.getWorkflow(/** @type {string} */ (match.workflowId), account)];
			if (match.route === 'run') return [200, await handleRun(api, req, url.searchParams, account)];
			if (match.route === 'runs') return [200, handleRuns(api, url.searchParams, account)];
			if (match.route === 'cancel') return [200, await handleCancel(api, req, url.searchParams, account)];
			if (match.route === 'live_status') return [200, api.liveStatus(runId, account)];
			return [200, handleDownloadLinks(api, runId, url.searchParams, fault?.type === 'nullDownloadUrl', account)];
		} catch (error) {
			if (error instanceof ApiError) return [error.status, error.body];
			return [500, { error: 'internal_error', message: `Emulator bug: ${String(error)}` }];
		}
	}

	return async (req, res) => {
		const url = new URL(req.url ?? '/', 'http://emulator');
		recordRequest(log(), 'api', req, res, url, now());
		const segments = pathSegments(url.pathname);
		const match = segments && matchRoute(segments);
		// A deployment without the workflow endpoints knows these paths no more than any unknown one.
		const missing = (match?.route === 'workflows' || match?.route === 'workflow') && workflowsEndpoint() === 'missing';
		if (!match || missing) return sendJson(res, 404, { detail: 'Not Found' });
		if (req.method !== match.method) return sendJson(res, 405, { detail: 'Method Not Allowed' }, { allow: match.method });
		const fault = faults.take(match.route);
		// Most faults stand in for the API, like a gateway's; an afterEffect fault lets the request take
		// effect first (a run is started and billed) and then replaces the answer.
		const afterEffect = fault?.afterEffect === true;
		if (!afterEffect && (await playCommonFault(fault, req, res))) return;
		const [status, body, headers] = await answer(match, req, url, fault);
		if (afterEffect && (await playCommonFault(fault, req, res))) return;
		sendJson(res, status, fault?.type === 'omitFields' && status === 200 ? withoutFields(body, /** @type {string[]} */ (fault.fields)) : body, headers);
	};
}

module.exports = { createApiHandler };
