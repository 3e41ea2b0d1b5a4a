// @ts-check
'use strict';

/**
 * @typedef {'run' | 'runs' | 'live_status' | 'cancel' | 'download_links' | 'workflows' | 'workflow' | 'storage'} RouteName
 * @typedef {object} Fault
 * @property {RouteName | '*'} route
 * @property {'status' | 'latency' | 'reset' | 'resetMidBody' | 'slowBody' | 'truncate' | 'malformedJson' | 'nullDownloadUrl' | 'omitFields'} type
 * @property {number} [times] how many matching requests it applies to (default 1, Infinity allowed)
 * @property {number} [status] for type "status"
 * @property {string} [retryAfter] for type "status": the Retry-After header, seconds or an HTTP date
 * @property {unknown} [body] for type "status": the JSON body (default an {error, message} body)
 * @property {number} [ms] for type "latency": wall-clock delay before answering normally; for type "slowBody":
 *   the wall-clock time over which the file's bytes are sent, after headers sent at once
 * @property {'rowBoundary' | 'insideUnquotedField'} [cut] for type "truncate": where the file ends (default inside a quoted field)
 * @property {number} [rows] for type "truncate": complete rows before the cut (default half the file's)
 * @property {string[]} [fields] for type "omitFields": fields left out of the answer (of each entry of a list)
 * @property {boolean} [afterEffect] for types "status", "reset", "malformedJson" and "latency" on API routes:
 *   the request is processed (a run started and billed) before the fault replaces or delays its answer
 *
 * @typedef {Fault & { id: number, remaining: number }} ActiveFault
 */

const TYPES = new Set(['status', 'latency', 'reset', 'resetMidBody', 'slowBody', 'truncate', 'malformedJson', 'nullDownloadUrl', 'omitFields']);
const AFTER_EFFECT_TYPES = new Set(['status', 'reset', 'malformedJson', 'latency']);
const CUTS = new Set(['rowBoundary', 'insideUnquotedField']);
const ROUTES = new Set(['run', 'runs', 'live_status', 'cancel', 'download_links', 'workflows', 'workflow', 'storage', '*']);
// Faults that only make sense on one route never fire on, or get used up by, another.
const ONLY_ON = /** @type {Record<string, string>} */ ({ resetMidBody: 'storage', slowBody: 'storage', truncate: 'storage', nullDownloadUrl: 'download_links' });

/**
 * Faults a test switches on per route, applied to matching requests in the order they were added.
 */
function createFaults() {
	/** @type {ActiveFault[]} */
	let active = [];
	let nextId = 1;
	return {
		/**
		 * @param {Fault} fault
		 * @returns {number} its id
		 */
		add(fault) {
			if (!ROUTES.has(fault.route)) throw new TypeError(`Unknown fault route "${fault.route}"`);
			if (!TYPES.has(fault.type)) throw new TypeError(`Unknown fault type "${fault.type}"`);
			if (fault.type === 'status' && !(Number.isInteger(fault.status) && /** @type {number} */ (fault.status) >= 100)) {
				throw new TypeError('A "status" fault needs an HTTP status code');
			}
			if ((fault.type === 'latency' || fault.type === 'slowBody') && !(Number(fault.ms) >= 0)) throw new TypeError(`A "${fault.type}" fault needs ms >= 0`);
			if ((fault.cut !== undefined || fault.rows !== undefined) && fault.type !== 'truncate') throw new TypeError('cut and rows are for "truncate" faults');
			if (fault.cut !== undefined && !CUTS.has(fault.cut)) throw new TypeError(`Unknown truncate cut "${fault.cut}"`);
			if (fault.type === 'omitFields') {
				if (!Array.isArray(fault.fields) || fault.fields.length === 0 || !fault.fields.every((field) => typeof field === 'string')) {
					throw new TypeError('An "omitFields" fault needs fields: a list of field names');
				}
				if (fault.route === 'storage' || fault.route === '*') throw new TypeError('An "omitFields" fault applies to one API route');
			} else if (fault.fields !== undefined) throw new TypeError('fields are for "omitFields" faults');
			if (fault.afterEffect && !AFTER_EFFECT_TYPES.has(fault.type)) throw new TypeError(`afterEffect does not apply to "${fault.type}" faults`);
			if (fault.rows !== undefined && !(Number.isInteger(fault.rows) && fault.rows >= 0)) throw new TypeError('rows must be an integer >= 0');
			const times = fault.times ?? 1;
			if (!(times >= 1)) throw new TypeError('times must be >= 1');
			const id = nextId++;
			active.push({ ...fault, id, remaining: times });
			return id;
		},
		clear() {
			active = [];
		},
		/** @returns {ActiveFault[]} faults not used up yet */
		list() {
			return active.map((fault) => ({ ...fault }));
		},
		/**
		 * Uses up one application of the first fault that matches `route`.
		 * @param {RouteName | 'other'} route
		 * @returns {ActiveFault | null}
		 */
		take(route) {
			const index = active.findIndex(
				(fault) => (fault.route === route || fault.route === '*') && (ONLY_ON[fault.type] ?? route) === route,
			);
			if (index < 0) return null;
			const fault = active[index];
			fault.remaining -= 1;
			if (fault.remaining <= 0) active.splice(index, 1);
			return fault;
		},
	};
}

/** @typedef {ReturnType<typeof createFaults>} Faults */

module.exports = { createFaults };
