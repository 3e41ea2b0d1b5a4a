// @ts-check
'use strict';

// 2. Polling cost: the node's wait loop (waitForRun with its adaptive schedule, default bounds 2 s to
// 60 s) against the API reference's loop (poll, then sleep a fixed 5 s) on the same runs. Sleeping
// advances an emulated clock, so a 30-minute run takes milliseconds and every figure is exact.
// Smooth runs are the emulator's own (three equal blocks, progress rising steadily) polled over
// HTTP. Lumpy runs, which the emulator does not model, are played from a progress profile here:
// both loops read the same profile at the same emulated instants.
const { requireCompiled } = require('./compiled');
const { runSectionWhenMain } = require('./sectionOutput');
const { median, quantile } = require('./stats');
const { startEmulator } = require('../test/emulator');
const { previousWait } = require('./previousSchedule');
const { benchSharedWaits, workflowLasting } = require('./sharedWaits');

const SMOOTH_DURATIONS_MS = [10_000, 120_000, 1_800_000];
const LUMPY_DURATIONS_MS = [120_000, 1_800_000];
/** Delays between a run being queued and its first poll, spread over the reference's 5 s period. */
const START_PHASES_MS = Array.from({ length: 8 }, (_, k) => k * 625);
const REFERENCE_INTERVAL_MS = 5000;
/** The node's defaults (Wait Options: Min / Max Poll Interval). */
const NODE_SCHEDULE = { minIntervalMs: 2000, maxIntervalMs: 60_000 };

/**
 * A lumpy run as progress over its duration: `points` are [share of the duration, progress %],
 * progress moving linearly between them; before the first point the run is queued. `steps` holds
 * progress at each point until the next (a 1-record run: a block's progress jumps when its record is
 * done).
 * @typedef {{ name: string, description: string, points: Array<[number, number]>, steps?: boolean }} Profile
 */

/** @type {Profile[]} */
const LUMPY_PROFILES = [
	{
		name: 'slow last block',
		description: 'queued a tenth, then three blocks taking 10%, 20% and 60% of the time',
		points: [[0.1, 0], [0.2, 33.3], [0.4, 66.7], [1, 100]],
	},
	{
		name: 'slow first block',
		description: 'queued a tenth, then three blocks taking 60%, 20% and 10% of the time',
		points: [[0.1, 0], [0.7, 33.3], [0.9, 66.7], [1, 100]],
	},
	{
		name: 'stall',
		description: 'queued a tenth, steady to 50% at 40% of the time, stalled at 50% until 80%, then steady to the end',
		points: [[0.1, 0], [0.4, 50], [0.8, 50], [1, 100]],
	},
	{
		name: '1-record run',
		description: 'queued a tenth, three equal blocks, progress jumping by a third as each block ends',
		points: [[0.1, 0], [0.4, 33.3], [0.7, 66.7], [1, 100]],
		steps: true,
	},
	{
		name: 'long queue',
		description: 'queued 60% of the time, then three equal blocks',
		points: [[0.6, 0], [1, 100]],
	},
];

/**
 * The live status a profile's run shows `elapsedMs` after it was queued.
 * @param {Profile} profile
 * @param {number} durationMs
 * @param {number} elapsedMs
 */
function profileStatus(profile, durationMs, elapsedMs) {
	const share = elapsedMs / durationMs;
	if (share >= 1) return { overall_status: 'completed', overall_progress_percentage: 100 };
	if (share < profile.points[0][0]) return { overall_status: 'queued', overall_progress_percentage: 0 };
	const next = profile.points.findIndex(([at]) => at > share);
	const [fromAt, fromProgress] = profile.points[next - 1];
	const [toAt, toProgress] = profile.points[next];
	const progress = profile.steps ? fromProgress : fromProgress + ((toProgress - fromProgress) * (share - fromAt)) / (toAt - fromAt);
	return { overall_status: 'running', overall_progress_percentage: Math.round(progress * 10) / 10 };
}

/**
 * @typedef {{ polls: number, lagMs: number }} WaitFigures
 * @typedef {(deps: { fetchStatus: () => Promise<any>, sleep: (ms: number) => Promise<boolean>, now: () => number }) => Promise<any>} Loop
 * @typedef {{ clock: { now(): number, advance(ms: number): number }, start(): (() => Promise<any>) }} RunSource
 */

/**
 * Starts a run, lets `phaseMs` pass, waits for it with `loop` and measures calls and lag.
 * @param {RunSource} source
 * @param {number} durationMs
 * @param {number} phaseMs
 * @param {Loop} loop
 * @returns {Promise<WaitFigures>}
 */
async function measureWait(source, durationMs, phaseMs, loop) {
	const { clock } = source;
	const read = source.start();
	const queuedAt = clock.now();
	clock.advance(phaseMs);
	let calls = 0;
	let finishedSeenAt = NaN;
	const fetchStatus = async () => {
		calls++;
		const status = await read();
		if (status.overall_status === 'completed' && Number.isNaN(finishedSeenAt)) finishedSeenAt = clock.now();
		return status;
	};
	await loop({
		fetchStatus,
		sleep: async (ms) => {
			clock.advance(ms);
			return true;
		},
		now: () => clock.now(),
	});
	if (Number.isNaN(finishedSeenAt)) throw new Error('the run was not seen completed');
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

/** @param {WaitFigures[]} figures */
function summarise(figures) {
	const lags = figures.map((f) => f.lagMs);
	return {
		medianPolls: median(figures.map((f) => f.polls)),
		totalPolls: figures.reduce((sum, f) => sum + f.polls, 0),
		medianLagMs: median(lags),
		p90LagMs: quantile(lags, 0.9),
		maxLagMs: Math.max(...lags),
	};
}

/**
 * Both loops on runs of one kind and duration, one run per start phase each.
 * @param {RunSource} source
 * @param {number} durationMs
 * @param {Loop} nodeLoop
 */
async function compareLoops(source, durationMs, nodeLoop) {
	/** @type {{ node: WaitFigures[], reference: WaitFigures[], previous: WaitFigures[] }} */
	const runs = { node: [], reference: [], previous: [] };
	/** @type {Loop} */
	const previousLoop = async (deps) => await previousWait(deps, NODE_SCHEDULE);
	for (const phaseMs of START_PHASES_MS) {
		runs.node.push(await measureWait(source, durationMs, phaseMs, nodeLoop));
		runs.reference.push(await measureWait(source, durationMs, phaseMs, referenceLoop));
		runs.previous.push(await measureWait(source, durationMs, phaseMs, previousLoop));
	}
	const node = summarise(runs.node);
	const reference = summarise(runs.reference);
	const previous = summarise(runs.previous);
	return { durationMs, runs: START_PHASES_MS.length, node, reference, previous, callsRatio: node.totalPolls / reference.totalPolls, perRun: runs };
}

/** @param {Profile} profile @param {number} durationMs @returns {RunSource} */
function profileSource(profile, durationMs) {
	let now = 0;
	const clock = { now: () => now, advance: (/** @type {number} */ ms) => (now += ms) };
	return {
		clock,
		start() {
			const queuedAt = now;
			return async () => profileStatus(profile, durationMs, now - queuedAt);
		},
	};
}

async function benchPolling() {
	const { waitForRun } = requireCompiled('nodes/Sixtyfour/helpers/waitForRun');
	/** @type {Loop} */
	const nodeLoop = async (deps) =>
		await waitForRun({ ...deps, checkStatus: async () => ({ status: await deps.fetchStatus(), atMs: deps.now() }) }, { timeoutMs: 2 * 3_600_000, schedule: NODE_SCHEDULE });
	const emu = await startEmulator({ recordRequests: false, catalogue: SMOOTH_DURATIONS_MS.map(workflowLasting) });
	try {
		const smooth = [];
		for (const durationMs of SMOOTH_DURATIONS_MS) {
			/** @type {RunSource} */
			const source = {
				clock: emu.clock,
				start() {
					const { job_id: runId } = emu.startRun(`wf_${durationMs}ms`, { webhook_payload: [{ company_name: 'Acme Corp' }] });
					return async () => await (await fetch(`${emu.baseUrl}/workflows/runs/${runId}/live_status`, { headers: { 'x-api-key': emu.apiKey } })).json();
				},
			};
			smooth.push({ profile: 'smooth', ...(await compareLoops(source, durationMs, nodeLoop)) });
		}
		const lumpy = [];
		for (const profile of LUMPY_PROFILES) {
			for (const durationMs of LUMPY_DURATIONS_MS) {
				lumpy.push({ profile: profile.name, description: profile.description, ...(await compareLoops(profileSource(profile, durationMs), durationMs, nodeLoop)) });
			}
		}
		return { startPhasesMs: START_PHASES_MS, referenceIntervalMs: REFERENCE_INTERVAL_MS, schedule: NODE_SCHEDULE, smooth, lumpy, ...(await benchSharedWaits(NODE_SCHEDULE)) };
	} finally {
		await emu.close();
	}
}

runSectionWhenMain(module, benchPolling);

module.exports = { benchPolling };
