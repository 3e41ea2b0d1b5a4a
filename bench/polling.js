// @ts-check
'use strict';

// 2. Polling cost: the node's wait loop (waitForRun with its adaptive schedule, default bounds 2 s to
// 60 s) against the API reference's loop (poll, then sleep a fixed 5 s) on the same runs. Both poll
// the emulator's live_status over HTTP; sleeping advances the emulator's manual clock, so a 30-minute
// run takes milliseconds and every figure is exact.
const { requireCompiled } = require('./compiled');
const { runSectionWhenMain } = require('./sectionOutput');
const { startEmulator } = require('../test/emulator');

const DURATIONS_MS = [10_000, 120_000, 1_800_000];
/** Delays between a run being queued and its first poll, spread over the reference's 5 s period. */
const START_PHASES_MS = Array.from({ length: 8 }, (_, k) => k * 625);
const REFERENCE_INTERVAL_MS = 5000;
/** The node's defaults (Wait Options: Min / Max Poll Interval). */
const NODE_SCHEDULE = { minIntervalMs: 2000, maxIntervalMs: 60_000 };
const BLOCKS = ['webhook', 'enrich_company', 'find_email'];

/**
 * A workflow whose runs take `durationMs`: a tenth queued, the rest split over three blocks.
 * @param {number} durationMs
 * @returns {import('../test/emulator/catalogue').WorkflowDefinition}
 */
function workflowLasting(durationMs) {
	const queueMs = durationMs / 10;
	return {
		id: `wf_${durationMs}ms`,
		name: `${durationMs / 1000} s`,
		source: 'webhook',
		blocks: BLOCKS,
		timing: { queueMs, blockBaseMs: (durationMs - queueMs) / BLOCKS.length, perRowMs: 0 },
	};
}

/** @param {number[]} values */
function median(values) {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = sorted.length >> 1;
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * @typedef {{ polls: number, lagMs: number }} WaitFigures
 * @typedef {(deps: { fetchStatus: () => Promise<any>, sleep: (ms: number) => Promise<boolean>, now: () => number }) => Promise<any>} Loop
 */

/**
 * Starts a run, lets `phaseMs` pass, waits for it with `loop` and measures calls and lag.
 * @param {import('../test/emulator').Emulator} emu
 * @param {number} durationMs
 * @param {number} phaseMs
 * @param {Loop} loop
 * @returns {Promise<WaitFigures>}
 */
async function measureWait(emu, durationMs, phaseMs, loop) {
	const { job_id: runId } = emu.startRun(`wf_${durationMs}ms`, { webhook_payload: [{ company_name: 'Acme Corp', website: 'acme.com' }] });
	const queuedAt = emu.clock.now();
	emu.clock.advance(phaseMs);
	let calls = 0;
	let finishedSeenAt = NaN;
	const fetchStatus = async () => {
		calls++;
		const response = await fetch(`${emu.baseUrl}/workflows/runs/${runId}/live_status`, { headers: { 'x-api-key': emu.apiKey } });
		const status = await response.json();
		if (status.overall_status === 'completed' && Number.isNaN(finishedSeenAt)) finishedSeenAt = emu.clock.now();
		return status;
	};
	await loop({
		fetchStatus,
		sleep: async (ms) => {
			emu.clock.advance(ms);
			return true;
		},
		now: () => emu.clock.now(),
	});
	if (Number.isNaN(finishedSeenAt)) throw new Error(`run ${runId} was not seen completed`);
	return { polls: calls, lagMs: finishedSeenAt - (queuedAt + durationMs) };
}

/** The API reference's example loop: poll, stop when finished, else sleep 5 s. @type {Loop} */
async function referenceLoop({ fetchStatus, sleep }) {
	for (;;) {
		const status = await fetchStatus();
		if (['completed', 'failed', 'cancelled'].includes(status.overall_status)) return;
		await sleep(REFERENCE_INTERVAL_MS);
	}
}

async function benchPolling() {
	const { waitForRun } = requireCompiled('nodes/Sixtyfour/helpers/waitForRun');
	/** @type {Loop} */
	const nodeLoop = async (deps) => await waitForRun(deps, { timeoutMs: 2 * 3_600_000, schedule: NODE_SCHEDULE });
	const emu = await startEmulator({ recordRequests: false, catalogue: DURATIONS_MS.map(workflowLasting) });
	try {
		const results = [];
		for (const durationMs of DURATIONS_MS) {
			/** @type {{ node: WaitFigures[], reference: WaitFigures[] }} */
			const runs = { node: [], reference: [] };
			for (const phaseMs of START_PHASES_MS) {
				runs.node.push(await measureWait(emu, durationMs, phaseMs, nodeLoop));
				runs.reference.push(await measureWait(emu, durationMs, phaseMs, referenceLoop));
			}
			/** @param {WaitFigures[]} figures */
			const summary = (figures) => ({
				medianPolls: median(figures.map((f) => f.polls)),
				totalPolls: figures.reduce((sum, f) => sum + f.polls, 0),
				medianLagMs: median(figures.map((f) => f.lagMs)),
				maxLagMs: Math.max(...figures.map((f) => f.lagMs)),
			});
			const node = summary(runs.node);
			const reference = summary(runs.reference);
			results.push({
				durationMs,
				runs: START_PHASES_MS.length,
				node,
				reference,
				callsRatio: node.totalPolls / reference.totalPolls,
				perRun: runs,
			});
		}
		return results;
	} finally {
		await emu.close();
	}
}

runSectionWhenMain(module, benchPolling);

module.exports = { benchPolling };
