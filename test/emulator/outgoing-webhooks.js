// @ts-check
'use strict';

const http = require('http');
const { createHmac, randomUUID } = require('crypto');
const { isoTime } = require('./clock');
const { normaliseOutgoingWebhook } = require('./catalogue');
const { runState } = require('./runs');

/**
 * Outgoing webhooks: a run of a workflow that ends in an outgoing_webhook block is delivered, once
 * it completed, as one signed POST of its envelope to the block's URL, retried with backoff on a
 * non-2xx answer or a timeout, with the same event id and a rising Sixtyfour-Delivery-Attempt.
 *
 * Lazy like the rest of the emulator: nothing is sent until `deliver()` pumps the deliveries that are
 * due on the emulated clock (`emu.deliverWebhooks()`); a real clock pumps them on a wall-clock timer.
 *
 * @typedef {import('./runs').Run} Run
 * @typedef {import('./catalogue').OutgoingWebhook} OutgoingWebhook
 * @typedef {import('./clock').Clock} Clock
 * @typedef {import('./api').Api} Api
 *
 * @typedef {object} DeliveryTweaks how one run's delivery misbehaves (emu.setDelivery)
 * @property {number} [copies] each attempt is sent this many times, one after the other (2: delivered twice)
 * @property {number} [delayMs] emulated ms the first attempt waits after completion (runs that completed later arrive first)
 * @property {number} [timestampOffsetSeconds] added to the signature's t (-600: a stale delivery)
 * @property {'bad' | 'tamperedBody' | 'unsigned'} [signature] signed with a wrong secret; signed, then the body changed; or no signature header
 *
 * @typedef {object} Delivery one event: a run's completion, sent until a 2xx or the attempts run out
 * @property {string} eventId
 * @property {Run} run
 * @property {number} completedAt emulated
 * @property {number} dueAt emulated time of the next attempt
 * @property {number} attempts made so far
 * @property {'pending' | 'delivered' | 'failed'} state
 *
 * @typedef {object} Attempt one POST, as the log keeps it
 * @property {string} eventId
 * @property {string} runId
 * @property {number} attempt Sixtyfour-Delivery-Attempt
 * @property {number} copy 1 for the first copy of the attempt
 * @property {number | null} status the answer's status; null when there was none (timeout, refused)
 * @property {string | null} error why there was no answer
 * @property {string} responseBody
 * @property {Record<string, string>} headers as sent
 * @property {Buffer} body as sent
 * @property {number} time emulated time it was sent
 */

const EVENT_TYPE = 'outgoing_webhook.completed';
const REAL_CLOCK_PUMP_MS = 100;

/**
 * `t=…,v1=…[,v1=…]`: HMAC-SHA256 keyed with each secret's UTF-8 bytes over `"{t}.{raw body}"`.
 * @param {number} timestamp unix seconds
 * @param {Buffer} body
 * @param {string[]} secrets
 */
function signatureHeader(timestamp, body, secrets) {
	const macs = secrets.map((secret) => createHmac('sha256', Buffer.from(secret, 'utf8')).update(`${timestamp}.`).update(body).digest('hex'));
	return [`t=${timestamp}`, ...macs.map((mac) => `v1=${mac}`)].join(',');
}

/**
 * POSTs and reads the answer, giving up after `timeoutMs` of wall time.
 * @param {string} url
 * @param {Record<string, string>} headers
 * @param {Buffer} body
 * @param {number} timeoutMs
 * @returns {Promise<{ status: number | null, error: string | null, body: string }>}
 */
function post(url, headers, body, timeoutMs) {
	return new Promise((resolve) => {
		const request = http.request(url, { method: 'POST', headers: { ...headers, 'content-length': String(body.length) } }, (response) => {
			const chunks = /** @type {Buffer[]} */ ([]);
			response.on('data', (chunk) => chunks.push(chunk));
			response.on('end', () => resolve({ status: response.statusCode ?? null, error: null, body: Buffer.concat(chunks).toString('utf8') }));
			response.on('error', (error) => resolve({ status: null, error: error.message, body: '' }));
		});
		request.setTimeout(timeoutMs, () => request.destroy(new Error(`timed out after ${timeoutMs} ms`)));
		request.on('error', (error) => resolve({ status: null, error: error.message, body: '' }));
		request.end(body);
	});
}

/**
 * @param {object} options
 * @param {Api} options.api
 * @param {Clock} options.clock
 */
function createOutgoingWebhooks({ api, clock }) {
	/** Runs of workflows with an outgoing_webhook block whose delivery has not been created yet. @type {Run[]} */
	let waiting = [];
	/** @type {Delivery[]} */
	const deliveries = [];
	/** @type {Map<string, DeliveryTweaks>} */
	const tweaks = new Map();
	/** @type {Attempt[]} */
	const log = [];
	/** @type {Promise<Attempt[]> | null} */
	let pumping = null;

	/** @param {Run} run */
	function follow(run) {
		if (run.workflow.outgoingWebhook) waiting.push(run);
	}

	/** Creates the deliveries of runs that completed by now; failed and cancelled runs never reach the block. */
	function noticeCompletions() {
		const now = clock.now();
		waiting = waiting.filter((run) => {
			const state = runState(run, now);
			if (state.status === 'queued' || state.status === 'running') return true;
			if (state.status === 'completed') {
				const delayMs = tweaks.get(run.jobId)?.delayMs ?? 0;
				deliveries.push({ eventId: randomUUID(), run, completedAt: state.at, dueAt: state.at + delayMs, attempts: 0, state: 'pending' });
			}
			return false;
		});
	}

	/**
	 * The envelope as sent: by default only the documented fields; the assumed ones (listed in the
	 * README) with `envelope: 'full'`.
	 * @param {Delivery} delivery
	 * @param {OutgoingWebhook} config
	 */
	function envelope(delivery, config) {
		const { run } = delivery;
		const state = runState(run, clock.now());
		const final = api.finalResults(run.jobId, config.inlineMaxRows);
		const rowCount = final ? final.entry.row_count : null;
		const documented = { event_id: delivery.eventId, run_id: run.jobId, status: state.status, row_count: rowCount, results: final ? final.rows : null };
		if (config.envelope === 'minimal') return documented;
		return {
			event_id: delivery.eventId,
			event_type: EVENT_TYPE,
			created_at: isoTime(delivery.completedAt),
			run_id: run.jobId,
			workflow_id: run.workflow.id,
			workflow_name: run.workflow.name,
			status: state.status,
			user_id: run.userId,
			queued_at: isoTime(run.queuedAt),
			started_at: isoTime(run.startedAt),
			completed_at: isoTime(delivery.completedAt),
			duration_ms: delivery.completedAt - run.startedAt,
			blocks_count: run.workflow.blocks.length,
			row_count: rowCount,
			results: final ? final.rows : null,
			results_truncated: final !== null && rowCount !== null && rowCount > final.rows.length,
			results_file: final ? { filename: final.entry.filename, block_number: final.entry.block_number, row_count: rowCount, file_size: final.entry.file_size, content_type: final.entry.content_type } : null,
			results_download_url: final && config.downloadUrl ? final.entry.download_url : null,
			results_download_expires_in_seconds: final && config.downloadUrl ? final.entry.download_expires_in_seconds : null,
		};
	}

	/**
	 * One attempt (all its copies); the delivery is rescheduled or closed by its answer.
	 * @param {Delivery} delivery
	 * @returns {Promise<Attempt[]>}
	 */
	async function attempt(delivery) {
		const config = /** @type {OutgoingWebhook} */ (delivery.run.workflow.outgoingWebhook);
		const tweak = tweaks.get(delivery.run.jobId) ?? {};
		delivery.attempts++;
		const data = envelope(delivery, config);
		const signed = Buffer.from(JSON.stringify(data));
		const body = tweak.signature === 'tamperedBody' ? Buffer.from(JSON.stringify({ ...data, row_count: (data.row_count ?? 0) + 1 })) : signed;
		// t is wall-clock time: the receiver checks it against its own clock, not the emulated one.
		const timestamp = Math.floor(Date.now() / 1000) + (tweak.timestampOffsetSeconds ?? 0);
		const secrets = tweak.signature === 'bad' ? ['sk_whsec_not_the_secret'] : config.secrets;
		/** @type {Record<string, string>} */
		const headers = {
			'content-type': 'application/json',
			'user-agent': 'Sixtyfour-Webhooks/1.0 (emulator)',
			'sixtyfour-event-id': delivery.eventId,
			'sixtyfour-event-type': EVENT_TYPE,
			'sixtyfour-delivery-attempt': String(delivery.attempts),
		};
		if (secrets.length > 0 && tweak.signature !== 'unsigned') headers['sixtyfour-signature'] = signatureHeader(timestamp, signed, secrets);

		/** @type {Attempt[]} */
		const sent = [];
		for (let copy = 1; copy <= (tweak.copies ?? 1); copy++) {
			const time = clock.now();
			const answer = await post(/** @type {string} */ (config.url), headers, body, config.timeoutMs);
			const record = { eventId: delivery.eventId, runId: delivery.run.jobId, attempt: delivery.attempts, copy, status: answer.status, error: answer.error, responseBody: answer.body, headers, body, time };
			log.push(record);
			sent.push(record);
		}
		const ok = sent.some((record) => record.status !== null && record.status >= 200 && record.status < 300);
		if (ok) delivery.state = 'delivered';
		else if (delivery.attempts > config.retryDelaysMs.length) delivery.state = 'failed';
		else delivery.dueAt = clock.now() + config.retryDelaysMs[delivery.attempts - 1];
		return sent;
	}

	/**
	 * Sends every attempt due by the emulated now, one at a time, in the order they fell due (then
	 * completion order); resolves with what was sent. A pump already under way is joined.
	 * @returns {Promise<Attempt[]>}
	 */
	async function pump() {
		noticeCompletions();
		const now = clock.now();
		const due = deliveries
			.filter((d) => d.state === 'pending' && d.dueAt <= now && d.run.workflow.outgoingWebhook?.url)
			.sort((a, b) => a.dueAt - b.dueAt || a.completedAt - b.completedAt);
		/** @type {Attempt[]} */
		const sent = [];
		for (const delivery of due) sent.push(...(await attempt(delivery)));
		return sent;
	}

	function deliver() {
		// Cleared in a later tick, so a pump that finished at once is not kept as the current one.
		pumping ??= pump().finally(() => {
			pumping = null;
		});
		return pumping;
	}

	/** @type {NodeJS.Timeout | null} */
	let timer = null;
	if (clock.mode === 'real') {
		timer = setInterval(() => void deliver(), REAL_CLOCK_PUMP_MS);
		timer.unref();
	}

	return {
		follow,
		deliver,
		/** Every POST sent, in order. */
		log,
		/**
		 * @param {string} jobId
		 * @param {DeliveryTweaks} how
		 */
		setDelivery(jobId, how) {
			tweaks.set(jobId, { ...how });
		},
		/** Each event: its id, run, attempts made and state. */
		deliveries: () => deliveries.map(({ eventId, run, attempts, state, dueAt }) => ({ eventId, runId: run.jobId, attempts, state, dueAt })),
		/**
		 * Points a workflow's outgoing_webhook block elsewhere (the URL is often known only once the
		 * receiver listens); runs already started deliver there too.
		 * @param {string} workflowId
		 * @param {Partial<OutgoingWebhook>} config
		 */
		configure(workflowId, config) {
			const target = api.workflow(workflowId);
			if (!target.outgoingWebhook) throw new TypeError(`Workflow "${target.id}" has no outgoing_webhook block`);
			target.outgoingWebhook = normaliseOutgoingWebhook(`Workflow "${target.id}"`, target.blocks, { ...target.outgoingWebhook, ...config });
		},
		async close() {
			if (timer) clearInterval(timer);
			await pumping;
		},
	};
}

/** @typedef {ReturnType<typeof createOutgoingWebhooks>} OutgoingWebhooks */

module.exports = { createOutgoingWebhooks, signatureHeader, EVENT_TYPE };
