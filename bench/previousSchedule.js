// @ts-check
'use strict';

// The wait as released before issue 18 (nodes/Sixtyfour/helpers/pollSchedule.ts and waitForRun.ts
// at commit b741e2f), frozen here as a baseline: the polling bench checks that no kind of run waits
// worse than it did. Not used by the node.

const REFERENCE_INTERVAL_MS = 5000;
const ELAPSED_FRACTION = 0.5;
const AIM_WITHIN_FRACTION = 0.3;
const AT_100_FRACTION = 0.05;
const FINISH_MARGIN_MS = 250;

/** @typedef {{ atMs: number, progress: number }} Sample */

/** @param {Sample[]} samples @param {{ minIntervalMs: number, maxIntervalMs: number }} options */
function previousPollDelay(samples, options) {
	const clamp = (/** @type {number} */ ms) => Math.round(Math.min(options.maxIntervalMs, Math.max(options.minIntervalMs, ms)));
	if (samples.length === 0) return clamp(REFERENCE_INTERVAL_MS);
	const now = samples[samples.length - 1].atMs;
	let first = samples.length - 1;
	while (first > 0 && samples[first - 1].progress <= samples[first].progress) first--;
	const trend = samples.slice(first);
	const latest = trend[trend.length - 1];
	if (latest.progress >= 100) {
		const doneSince = /** @type {Sample} */ (trend.find((sample) => sample.progress >= 100)).atMs;
		return clamp(Math.max(REFERENCE_INTERVAL_MS / 2, AT_100_FRACTION * (now - doneSince)));
	}
	const waitByAge = Math.max(REFERENCE_INTERVAL_MS, ELAPSED_FRACTION * (now - samples[0].atMs));
	let start = trend.length - 1;
	while (start > 0 && trend[start - 1].progress > 0) start--;
	const moving = trend.slice(start > 0 ? start - 1 : 0);
	const windowStart = latest.atMs - (latest.atMs - moving[0].atMs) / 2;
	let reference = moving.findIndex((sample) => sample.atMs >= windowStart);
	if (reference === moving.length - 1) reference--;
	let finishIn;
	if (reference >= 0) {
		const from = moving[reference];
		const rate = (latest.progress - from.progress) / (latest.atMs - from.atMs);
		if (rate > 0) finishIn = (100 - latest.progress) / rate;
	}
	if (finishIn === undefined) return clamp(waitByAge);
	const aimWithin = Math.max(2 * REFERENCE_INTERVAL_MS, AIM_WITHIN_FRACTION * (now - moving[0].atMs));
	if (finishIn <= aimWithin) return clamp(finishIn + FINISH_MARGIN_MS);
	return clamp(Math.min(waitByAge, finishIn / 2));
}

/**
 * The previous waitForRun's loop: poll, stop when finished, else sleep the previous schedule's delay.
 * Given the run's start (Workflow → Run), the first poll waits for the schedule.
 * @param {{ fetchStatus: () => Promise<any>, sleep: (ms: number) => Promise<boolean>, now: () => number }} deps
 * @param {{ minIntervalMs: number, maxIntervalMs: number }} schedule
 * @param {number} [startedAtMs]
 */
async function previousWait({ fetchStatus, sleep, now }, schedule, startedAtMs) {
	/** @type {Sample[]} */
	const samples = [];
	if (startedAtMs !== undefined) {
		samples.push({ atMs: startedAtMs, progress: 0 });
		await sleep(previousPollDelay(samples, schedule));
	}
	for (;;) {
		const status = await fetchStatus();
		samples.push({ atMs: now(), progress: Number(status.overall_progress_percentage ?? 0) });
		if (['completed', 'failed', 'cancelled'].includes(status.overall_status)) return;
		await sleep(previousPollDelay(samples, schedule));
	}
}

module.exports = { previousWait };
