// @ts-check
'use strict';

// 5. Webhook trigger: the seen-events store over 100,000 deliveries, and the time of one delivery
// through the whole node with that store full.
// Store: 100,000 distinct events arrive at 1,000 an hour (a busy account, so both the 24 h time to
// live and the 10,000-event cap come into play), each once; 10% are delivered again at once (a
// duplicate) and 2% again two hours later (a late retry). Each delivery goes through the compiled
// node's own store functions (helpers/seenEvents.js, what webhook() calls), on static data that is
// stored as JSON and read back every 100 deliveries, as n8n saves and loads it. Counted: events
// fired, duplicates fired, events never fired; the store's entries and JSON bytes after each
// delivery that grows it.
// Node: 200 signed deliveries with 3 rows inline through the harness's runWebhook (n8n-core's
// WebhookContext: signature, store, items, and the static data's JSON round trip as n8n stores it),
// with an empty store, with one filled to the cap (as after a restart), and with one filled to the
// cap by events this process fired (each delivery writes them all back); median and p90 of each.
const { createHmac, randomUUID } = require('crypto');
const { requireCompiled } = require('./compiled');
const { runSectionWhenMain } = require('./sectionOutput');
const { seeded } = require('../test/support/seeded');

const DELIVERIES = 100_000;
const PER_HOUR = 1_000;
const IMMEDIATE_DUPLICATE = 0.1;
const LATE_RETRY = 0.02;
const LATE_RETRY_SECONDS = 2 * 3600;
const ROUND_TRIP_EVERY = 100;
const NODE_SAMPLES = 200;
const SECRET = `sk_whsec_${'be'.repeat(32)}`;

/** @param {number[]} values @param {number} q */
function quantile(values, q) {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/** @param {unknown} data */
const bytesOf = (data) => Buffer.byteLength(JSON.stringify(data));

function benchStore() {
	const { eventKey, hasSeen, remember, seenCount, SEEN_EVENTS_LIMITS } = requireCompiled('nodes/SixtyfourWebhookTrigger/helpers/seenEvents');
	const random = seeded(64);
	const start = 1_770_000_000;
	/** @type {import('n8n-workflow').IDataObject} */
	let staticData = {};
	/** @type {Map<string, number>} */
	const fired = new Map();
	/** @type {Array<{ at: number, eventId: string }>} */
	let lateRetries = [];
	let deliveries = 0;
	let duplicatesSent = 0;
	let maxEntries = 0;
	let maxBytes = 0;

	/** @param {string} eventId @param {number} at */
	const deliver = (eventId, at) => {
		deliveries++;
		const key = eventKey(eventId);
		if (!hasSeen(staticData, key, at)) {
			remember(staticData, key, at);
			fired.set(eventId, (fired.get(eventId) ?? 0) + 1);
			const entries = seenCount(staticData);
			if (entries >= maxEntries) {
				maxEntries = entries;
				maxBytes = Math.max(maxBytes, bytesOf(staticData));
			}
		}
		if (deliveries % ROUND_TRIP_EVERY === 0) staticData = JSON.parse(JSON.stringify(staticData));
	};

	for (let i = 0; i < DELIVERIES; i++) {
		const at = start + Math.floor((i * 3600) / PER_HOUR);
		const due = lateRetries.filter((retry) => retry.at <= at);
		lateRetries = lateRetries.filter((retry) => retry.at > at);
		for (const retry of due) {
			duplicatesSent++;
			deliver(retry.eventId, retry.at);
		}
		const eventId = randomUUID();
		deliver(eventId, at);
		if (random() < IMMEDIATE_DUPLICATE) {
			duplicatesSent++;
			deliver(eventId, at);
		}
		if (random() < LATE_RETRY) lateRetries.push({ at: at + LATE_RETRY_SECONDS, eventId });
	}
	return {
		events: DELIVERIES,
		deliveries,
		duplicatesSent,
		fired: fired.size,
		duplicatesFired: [...fired.values()].filter((count) => count > 1).length,
		neverFired: DELIVERIES - fired.size,
		limits: SEEN_EVENTS_LIMITS,
		maxEntries,
		maxBytes,
		finalEntries: seenCount(staticData),
		finalBytes: bytesOf(staticData),
	};
}

/** The harness's workflow and node ids: the scope under which the process remembers the events it fired. */
const HARNESS_SCOPE = 'harness-workflow/node-under-test';

/**
 * A store filled to the cap with events seen just now, as a busy trigger holds it; with `fired`,
 * the process fired every one of them itself (no restart since), so each delivery also writes them
 * all into the static data it saves (helpers/recentEvents).
 * @param {boolean} fired
 */
function fullStore(fired) {
	const { eventKey, remember, SEEN_EVENTS_LIMITS } = requireCompiled('nodes/SixtyfourWebhookTrigger/helpers/seenEvents');
	const { claimEvent, forgetRecentEvents, markFired } = requireCompiled('nodes/SixtyfourWebhookTrigger/helpers/recentEvents');
	forgetRecentEvents();
	/** @type {import('n8n-workflow').IDataObject} */
	const staticData = {};
	const nowMs = Date.now();
	for (let i = 0; i < SEEN_EVENTS_LIMITS.maxEvents - 2 * NODE_SAMPLES - 1; i++) {
		const key = eventKey(randomUUID());
		remember(staticData, key, nowMs / 1000);
		if (fired && claimEvent(HARNESS_SCOPE, key, nowMs, SEEN_EVENTS_LIMITS.ttlSeconds * 1000)) markFired(HARNESS_SCOPE, key);
	}
	return staticData;
}

async function benchNode() {
	const { runWebhook } = requireCompiled('test/harness/index');
	const { SixtyfourWebhookTrigger } = requireCompiled('nodes/SixtyfourWebhookTrigger/SixtyfourWebhookTrigger.node');
	const nodeType = new SixtyfourWebhookTrigger();
	const credentials = { sixtyfourApi: { apiKey: 'sk_unused', baseUrl: 'http://127.0.0.1:9', webhookSigningSecret: SECRET } };
	const rows = [1, 2, 3].map((n) => ({ company_name: `Company ${n}`, domain: `c${n}.example`, enrichment_status: 'enriched' }));
	/** @param {import('n8n-workflow').IDataObject} initial */
	const timeDeliveries = async (initial) => {
		let data = initial;
		const times = [];
		for (let i = 0; i < NODE_SAMPLES; i++) {
			const eventId = randomUUID();
			const body = Buffer.from(JSON.stringify({ event_id: eventId, run_id: `run_${i}`, workflow_id: 'wf_bench', status: 'completed', completed_at: new Date().toISOString(), row_count: 3, results: rows }));
			const t = Math.floor(Date.now() / 1000);
			const mac = createHmac('sha256', SECRET).update(`${t}.`).update(body).digest('hex');
			const started = process.hrtime.bigint();
			const result = await runWebhook({ nodeType, credentials, staticData: data, request: { headers: { 'sixtyfour-signature': `t=${t},v1=${mac}`, 'sixtyfour-event-id': eventId }, body } });
			times.push(Number(process.hrtime.bigint() - started) / 1e6);
			if (!result.executionStarted) throw new Error(`delivery ${i} did not fire: ${result.answer.status} ${result.answer.body}`);
			data = result.staticData;
		}
		return { medianMs: quantile(times, 0.5), p90Ms: quantile(times, 0.9) };
	};
	const empty = await timeDeliveries({});
	const staticData = fullStore(false);
	const full = await timeDeliveries(staticData);
	const fullFired = await timeDeliveries(fullStore(true));
	return { samples: NODE_SAMPLES, empty, full, fullFired, fullStoreEntries: Object.keys(/** @type {object} */ (staticData.seenEvents)).length, fullStoreBytes: bytesOf(staticData) };
}

async function benchWebhook() {
	return { store: benchStore(), node: await benchNode() };
}

runSectionWhenMain(module, benchWebhook);

module.exports = { benchWebhook };
