// @ts-check
'use strict';

// 3. Trigger cost: requests per poll, time per poll and the stored state's size, while 100,000 runs
// go by with about 1,000 in flight at a time, and on idle polls before and after. Polls run the
// compiled Sixtyfour Trigger through n8n-core's PollContext (the test harness's runPoll) against the
// emulator with the node's default parameters (Runs per Poll 100, completed runs, metadata only).
// Runs are seeded with emu.startRun: 100 a minute, in bursts of 5 queued at the same instant, each
// taking 8 to 12 emulated minutes (seeded sizes), so they finish out of queue order; the emulated
// clock moves one minute (n8n's shortest poll interval) between polls. Every poll's items are
// counted, so duplicates and missing runs are measured, not assumed.
const { requireCompiled } = require('./compiled');
const { runSectionWhenMain } = require('./sectionOutput');
const { startEmulator } = require('../test/emulator');
const { seeded } = require('../test/support/seeded');

const TOTAL_RUNS = 100_000;
const RUNS_PER_MINUTE = 100;
/** Runs queued at the same instant. */
const BURST = 5;
const POLL_INTERVAL_MS = 60_000;
const IDLE_POLLS = 20;
const PARAMETERS = { includeResults: false };
/** Two blocks of 4 min + 0.5 min per record, 0 to 4 records: 8 to 12 minutes a run. */
const TIMING = { queueMs: 1000, blockBaseMs: 240_000, perRowMs: 30_000 };

/** @param {number[]} values @param {number} q */
function quantile(values, q) {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

async function benchTrigger() {
	const { runPoll } = requireCompiled('test/harness/index');
	const { SixtyfourTrigger } = requireCompiled('nodes/SixtyfourTrigger/SixtyfourTrigger.node');
	const nodeType = new SixtyfourTrigger();
	const emu = await startEmulator({
		recordRequests: true,
		catalogue: [{ id: 'wf_steady', name: 'Steady', source: 'webhook', blocks: ['webhook', 'enrich_company'], timing: TIMING }],
	});
	const credentials = { sixtyfourApi: { apiKey: emu.apiKey, baseUrl: emu.baseUrl } };
	const random = seeded(2026);
	/** @type {import('n8n-workflow').IDataObject} */
	let staticData = {};
	/** @type {Map<string, number>} */
	const emittedCounts = new Map();

	async function poll() {
		emu.clearRequests();
		const started = process.hrtime.bigint();
		const result = await runPoll({ nodeType, node: { parameters: PARAMETERS }, credentials, staticData });
		const ms = Number(process.hrtime.bigint() - started) / 1e6;
		if (result.error) throw result.error;
		staticData = result.staticData;
		const items = result.items?.[0] ?? [];
		for (const item of items) {
			const id = String(item.json.job_id);
			emittedCounts.set(id, (emittedCounts.get(id) ?? 0) + 1);
		}
		return {
			ms,
			requests: emu.requests.length,
			items: items.length,
			stateBytes: Buffer.byteLength(JSON.stringify(staticData)),
			inFlight: Object.keys(/** @type {object} */ (staticData.inFlight ?? {})).length,
			fired: Object.keys(/** @type {object} */ (staticData.fired ?? {})).length,
		};
	}

	/** Polls while nothing is in flight and nothing finishes. */
	async function idlePolls() {
		const polls = [];
		for (let i = 0; i < IDLE_POLLS; i++) {
			emu.clock.advance(POLL_INTERVAL_MS);
			const figures = await poll();
			if (figures.items) throw new Error('an idle poll emitted items');
			polls.push(figures);
		}
		return {
			requestsPerPoll: polls.reduce((sum, p) => sum + p.requests, 0) / polls.length,
			medianMs: quantile(polls.map((p) => p.ms), 0.5),
			stateBytes: polls[polls.length - 1].stateBytes,
		};
	}

	try {
		await poll();
		const before = await idlePolls();

		/** @type {string[]} */
		const started = [];
		/** @type {Array<Awaited<ReturnType<typeof poll>>>} */
		const busy = [];
		while (started.length < TOTAL_RUNS) {
			for (let burst = 0; burst < RUNS_PER_MINUTE / BURST; burst++) {
				for (let i = 0; i < BURST; i++) {
					const size = Math.floor(random() * 5);
					const records = Array.from({ length: size }, (_, r) => ({ company_name: `Company ${started.length}-${r}` }));
					started.push(emu.startRun('wf_steady', { webhook_payload: records }).job_id);
				}
				emu.clock.advance(POLL_INTERVAL_MS / (RUNS_PER_MINUTE / BURST));
			}
			busy.push(await poll());
		}
		// The runs still going finish, and the trigger catches up.
		for (let quiet = 0; quiet < 2; ) {
			emu.clock.advance(POLL_INTERVAL_MS);
			const figures = await poll();
			busy.push(figures);
			quiet = figures.items === 0 && figures.inFlight === 0 ? quiet + 1 : 0;
		}
		const after = await idlePolls();

		const steady = busy.slice(20, started.length / RUNS_PER_MINUTE);
		const largest = busy.reduce((max, p) => (p.stateBytes > max.stateBytes ? p : max));
		const duplicates = [...emittedCounts.values()].filter((count) => count > 1).length;
		return {
			runs: TOTAL_RUNS,
			expected: started.length,
			emitted: emittedCounts.size,
			duplicates,
			missing: started.filter((id) => !emittedCounts.has(id)).length,
			before,
			after,
			busy: {
				polls: busy.length,
				medianMs: quantile(busy.map((p) => p.ms), 0.5),
				requestsPerPoll: steady.reduce((sum, p) => sum + p.requests, 0) / steady.length,
				p90Requests: quantile(steady.map((p) => p.requests), 0.9),
				maxRequests: Math.max(...busy.map((p) => p.requests)),
				medianInFlight: quantile(steady.map((p) => p.inFlight), 0.5),
				maxInFlight: Math.max(...busy.map((p) => p.inFlight)),
				maxFired: Math.max(...busy.map((p) => p.fired)),
			},
			maxStateBytes: largest.stateBytes,
			/** Runs the state held when it was largest: in flight plus fired within the overlap window. */
			maxStateRuns: largest.inFlight + largest.fired,
			finalState: staticData,
			pollTimeRatio: after.medianMs / before.medianMs,
		};
	} finally {
		await emu.close();
	}
}

runSectionWhenMain(module, benchTrigger);

module.exports = { benchTrigger };
