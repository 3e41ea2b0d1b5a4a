// @ts-check
'use strict';

// 3. Trigger cost: requests per idle poll, time per poll and the stored state's size, before and after
// 100,000 runs have gone by. Polls run the compiled Sixtyfour Trigger through n8n-core's PollContext
// (the test harness's runPoll) against the emulator; runs are seeded with emu.startRun, in bursts
// queued at the same instant (so several finish in the same millisecond), and the emulated clock
// moves one minute (n8n's shortest poll interval) between polls.
const { requireCompiled } = require('./compiled');
const { runSectionWhenMain } = require('./sectionOutput');
const { startEmulator } = require('../test/emulator');

const TOTAL_RUNS = 100_000;
const RUNS_PER_MINUTE = 100;
/** Runs queued at the same instant. */
const BURST = 5;
const POLL_INTERVAL_MS = 60_000;
const IDLE_POLLS = 20;
/** "Runs per Poll" above the runs queued in a minute, as the parameter's help asks. */
const BUSY_PARAMETERS = { includeResults: false, runsPerPoll: 200 };

/** @param {number[]} values */
function median(values) {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = sorted.length >> 1;
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

async function benchTrigger() {
	const { runPoll } = requireCompiled('test/harness/index');
	const { SixtyfourTrigger } = requireCompiled('nodes/SixtyfourTrigger/SixtyfourTrigger.node');
	const nodeType = new SixtyfourTrigger();
	const emu = await startEmulator({
		catalogue: [
			{ id: 'wf_fast', name: 'Fast', source: 'webhook', blocks: ['webhook', 'enrich_company'], timing: { queueMs: 1000, blockBaseMs: 1000, perRowMs: 0 } },
		],
	});
	const credentials = { sixtyfourApi: { apiKey: emu.apiKey, baseUrl: emu.baseUrl } };
	/** @type {import('n8n-workflow').IDataObject} */
	let staticData = {};

	/** @param {Record<string, unknown>} parameters */
	async function poll(parameters) {
		emu.clearRequests();
		const started = process.hrtime.bigint();
		const result = await runPoll({ nodeType, node: { parameters }, credentials, staticData });
		const ms = Number(process.hrtime.bigint() - started) / 1e6;
		if (result.error) throw result.error;
		staticData = result.staticData;
		return { ms, requests: emu.requests.length, items: result.items?.[0] ?? [], stateBytes: Buffer.byteLength(JSON.stringify(staticData)) };
	}

	/** Polls with the node's default parameters while nothing finishes. */
	async function idlePolls() {
		const polls = [];
		for (let i = 0; i < IDLE_POLLS; i++) {
			emu.clock.advance(POLL_INTERVAL_MS);
			const figures = await poll({});
			if (figures.items.length) throw new Error('an idle poll emitted items');
			polls.push(figures);
		}
		return {
			requestsPerPoll: polls.reduce((sum, p) => sum + p.requests, 0) / polls.length,
			medianMs: median(polls.map((p) => p.ms)),
			stateBytes: polls[polls.length - 1].stateBytes,
		};
	}

	try {
		const first = await poll({});
		const before = await idlePolls();

		const seen = new Set();
		const busyMs = [];
		let busyRequests = 0;
		let maxStateBytes = 0;
		let seeded = 0;
		while (seeded < TOTAL_RUNS) {
			for (let burst = 0; burst < RUNS_PER_MINUTE / BURST; burst++) {
				for (let i = 0; i < BURST; i++) {
					emu.startRun('wf_fast', { webhook_payload: [{ company_name: `Company ${seeded}`, website: `company-${seeded}.example` }] });
					seeded++;
				}
				emu.clock.advance(POLL_INTERVAL_MS / (RUNS_PER_MINUTE / BURST));
			}
			const figures = await poll(BUSY_PARAMETERS);
			for (const item of figures.items) {
				if (seen.has(item.json.job_id)) throw new Error(`run ${item.json.job_id} was emitted twice`);
				seen.add(item.json.job_id);
			}
			busyMs.push(figures.ms);
			busyRequests += figures.requests;
			maxStateBytes = Math.max(maxStateBytes, figures.stateBytes);
		}
		// The last runs of the last minute finish after that poll.
		emu.clock.advance(POLL_INTERVAL_MS);
		const last = await poll(BUSY_PARAMETERS);
		for (const item of last.items) seen.add(item.json.job_id);
		maxStateBytes = Math.max(maxStateBytes, last.stateBytes);
		const after = await idlePolls();

		return {
			runs: TOTAL_RUNS,
			emitted: seen.size,
			baselineRequests: first.requests,
			before,
			after,
			busy: { polls: busyMs.length, medianMs: median(busyMs), requestsPerPoll: busyRequests / busyMs.length, runsPerPoll: RUNS_PER_MINUTE },
			maxStateBytes,
			finalState: staticData,
			pollTimeRatio: after.medianMs / before.medianMs,
		};
	} finally {
		await emu.close();
	}
}

runSectionWhenMain(module, benchTrigger);

module.exports = { benchTrigger };
