// @ts-check
'use strict';

// The closing notes: each target's outcome restated from the measured figures, with the other
// figures of the same run that bear on it. Nothing here is written from memory of earlier runs.

const { ingestionTarget, meetsIngestionSpeed, exactlyOnce, webhookExactlyOnce, webhookStoreBounded, LAG_GOAL, meetsLagGoal, meetsSharedGoal, sharedMode } = require('./report');

const int = (/** @type {number} */ n) => Math.round(n).toLocaleString('en');
const fixed = (/** @type {number} */ n, digits = 2) => n.toFixed(digits);
const ms = (/** @type {number} */ s) => `${int(s * 1000)} ms`;
const percent = (/** @type {number} */ part, /** @type {number} */ whole) => `${int((100 * part) / whole)}%`;
const duration = (/** @type {number} */ msValue) => (msValue >= 60_000 ? `${msValue / 60_000} min` : `${msValue / 1000} s`);

/** @param {any[]} ingestion */
function ingestionNotes(ingestion) {
	const papaparseOf = (/** @type {any} */ size) => size.parsers.find((/** @type {any} */ p) => p.kind === 'papaparse');
	const notes = ingestion.map((size) => {
		const papaparse = papaparseOf(size);
		const overlap = size.node.seconds.min <= papaparse.seconds.max && papaparse.seconds.min <= size.node.seconds.max;
		return `- **Ingestion, ${int(size.rows)} rows: ${fixed(size.speedVsPapaparse)}× papaparse's speed** (target ${fixed(ingestionTarget(size.rows).speed)}×: ${verdictWord(meetsIngestionSpeed(size))}), medians of ${size.rounds} rounds: the node ${ms(size.node.seconds.median)} (${ms(size.node.seconds.min)}–${ms(size.node.seconds.max)}), papaparse ${ms(papaparse.seconds.median)} (${ms(papaparse.seconds.min)}–${ms(papaparse.seconds.max)}); the two ranges ${overlap ? 'overlap' : 'do not overlap'}. Of the node's median round, the bare download of the same file takes ${percent(size.download.seconds.median, size.node.seconds.median)}, n8n's items floor ${percent(size.floor.seconds.median, size.node.seconds.median)} and garbage collection ${percent(size.node.gcSeconds, size.node.seconds.median)} (papaparse's round: ${percent(papaparse.gcSeconds, papaparse.seconds.median)} collecting). The node runs at ${fixed(size.speedVsFloor)}× the floor's speed.`;
	});
	const capped = ingestion.find((size) => size.capped);
	if (capped) {
		notes.push(
			`- **A whole execution that returns few rows:** ${ms(capped.capped.seconds.median)} for Max Rows ${int(capped.capped.cappedRows)} on the ${int(capped.rows)}-row file (the links request, an n8n execution and the start of the download), against ${ms(ingestion[0].node.seconds.median)} for all ${int(ingestion[0].rows)} rows of the smallest file.`,
		);
	}
	notes.push(
		`- **Ingestion memory:** ${ingestion.map((size) => `${int(size.rows)} rows ${fixed(size.memoryVsPapaparse)}× papaparse's`).join(', ')}. The parsers' figures leave out the bytes they were handed (${ingestion.map((size) => `${fixed(size.fileMB, 1)} MB`).join(', ')}); the node's include its download.`,
	);
	const flat = ingestion.filter((size) => size.capped);
	if (flat.length > 1) {
		const [small, large] = [flat[0], flat[flat.length - 1]];
		notes.push(
			`- **Row-capped and binary modes:** capped at ${int(large.capped.cappedRows)} rows, ${int(small.capped.memoryMB)} MB for ${int(small.rows)} rows vs ${int(large.capped.memoryMB)} MB for ${int(large.rows)}, ${ms(small.capped.seconds.median)} vs ${ms(large.capped.seconds.median)}; binary, ${int(small.files.memoryMB)} MB vs ${int(large.files.memoryMB)} MB at ${int(large.files.rowsPerSecond)} rows/s for the larger file.`,
		);
	}
	notes.push(
		`- **Served bytes:** the emulator generated the files at ${ingestion.map((size) => `${int(size.generatorRowsPerSecond)}`).join(' / ')} rows/s (the first, untimed download of each), ${ingestion.every((size) => size.generatorRowsPerSecond < papaparseOf(size).rowsPerSecond) ? 'slower than papaparse parses them' : 'against papaparse\'s ' + ingestion.map((size) => int(papaparseOf(size).rowsPerSecond)).join(' / ') + ' rows/s'}, which is why the measured downloads replay bytes generated once.`,
	);
	return notes;
}

/** @param {boolean} met */
const verdictWord = (met) => (met ? 'target met' : 'target missed');

/** @param {any} polling */
function pollingNotes(polling) {
	const kinds = [...polling.smooth, ...polling.lumpy].filter((run) => run.durationMs > 10_000);
	const missed = kinds.filter((run) => !meetsLagGoal(run));
	const worse = kinds.filter((run) => run.node.medianLagMs > run.previous.medianLagMs);
	const describe = (/** @type {any} */ run) =>
		`${run.profile} ${duration(run.durationMs)} (${fixed(run.callsRatio)}× the calls, median lag ${fixed(run.node.medianLagMs / 1000)} s, p90 ${fixed(run.node.p90LagMs / 1000)} s; before: ${fixed(run.previous.medianLagMs / 1000)} s, p90 ${fixed(run.previous.p90LagMs / 1000)} s)`;
	const notes = [
		`- **Polling:** on the ${kinds.length} kinds and durations of 2 minutes or more the node made ${fixed(Math.min(...kinds.map((run) => run.callsRatio)))}× to ${fixed(Math.max(...kinds.map((run) => run.callsRatio)))}× the 5 s loop's calls, median lag ${fixed(Math.min(...kinds.map((run) => run.node.medianLagMs)) / 1000)} s to ${fixed(Math.max(...kinds.map((run) => run.node.medianLagMs)) / 1000)} s, p90 at most ${fixed(Math.max(...kinds.map((run) => run.node.p90LagMs)) / 1000)} s. ${
			missed.length ? `Goal (median ≤ ${LAG_GOAL.medianMs / 1000} s, p90 ≤ ${LAG_GOAL.p90Ms / 1000} s, calls ≤ 0.5×) missed on ${missed.length}: ${missed.map(describe).join('; ')}.` : `Goal (median ≤ ${LAG_GOAL.medianMs / 1000} s, p90 ≤ ${LAG_GOAL.p90Ms / 1000} s, calls ≤ 0.5×) met on every one.`
		} ${worse.length ? `Median lag above the wait before issue 18 on ${worse.length}: ${worse.map(describe).join('; ')}.` : 'Median lag at or below the wait before issue 18 on every one.'}`,
	];
	if (polling.shared) {
		const many = polling.shared.runs.filter((/** @type {any} */ wait) => wait.n > 1);
		const short = many.filter((/** @type {any} */ wait) => !meetsSharedGoal(wait));
		notes.push(
			`- **Many waits:** ${many.length - short.length} of ${many.length} set-ups within 2× one wait's requests at the lag goal${short.length ? `; missed: ${short.map((/** @type {any} */ wait) => `${wait.n} runs, ${sharedMode(wait)}, ${duration(wait.durationMs)}: ${fixed(wait.requestsRatio)}× (${int(wait.requests)} requests against ${int(wait.singleRequests)}), median lag ${fixed(wait.medianLagMs / 1000)} s`).join('; ')}` : ''}. ${polling.rateLimit.map((/** @type {any} */ run) => `Under ${int(run.perMinute)} requests a minute, ${run.runs} runs of ${duration(run.durationMs)} at once: the shared check made ${int(run.shared.requests)} requests, ${run.shared.refused} refused, ${int(run.shared.noticed)} of ${int(run.runs * run.shared.phases)} runs noticed over ${run.shared.phases} plays; the waits before issue 18 made ${int(run.before.requests)}, ${int(run.before.refused)} refused, ${int(run.before.noticed)} noticed.`).join(' ')}`,
		);
	}
	return notes;
}

/** @param {any} trigger */
function triggerNotes(trigger) {
	const once = exactlyOnce(trigger);
	return [
		`- **Trigger:** ${once.text}, ${int(trigger.missing)} missing, with about ${int(trigger.busy.medianInFlight)} runs in flight; ${fixed(trigger.busy.requestsPerPoll, 1)} requests per busy poll and ${fixed(trigger.after.requestsPerPoll, 0)} per idle poll; stored state ${trigger.maxStateBytes} B at most (${fixed(trigger.maxStateBytes / trigger.maxStateRuns, 1)} B per run held), ${trigger.after.stateBytes} B at the end; an idle poll ${fixed(trigger.after.medianMs, 1)} ms after vs ${fixed(trigger.before.medianMs, 1)} ms before (${fixed(trigger.pollTimeRatio)}×).`,
	];
}

/** @param {any} webhook */
function webhookNotes({ store, node }) {
	return [
		`- **Webhook trigger:** ${int(store.fired)} of ${int(store.events)} events fired, ${int(store.duplicatesFired)} twice, over ${int(store.deliveries)} deliveries with ${int(store.duplicatesSent)} repeats (${verdictWord(webhookExactlyOnce(store))}); the seen-events store held at most ${int(store.maxEntries)} ids in ${int(store.maxBytes)} B of static data, ${fixed(store.maxBytes / store.maxEntries, 1)} B each (${verdictWord(webhookStoreBounded(store))}); a delivery through the node took ${fixed(node.full.medianMs, 1)} ms at the median with the store full against ${fixed(node.empty.medianMs, 1)} ms with it empty.`,
	];
}

/** @param {any[]} builds */
function runBuildingNotes(builds) {
	return [
		`- **Starting a run:** ${builds.map((build) => `${int(build.items)} items ${fixed(build.ratio)}× the baseline (${int((build.node.median - build.baseline.median) * 1000)} ms more)`).join(', ')}.`,
	];
}

/** @param {import('./report').Results} results */
function closingNotes(results) {
	return [
		'## Notes',
		'',
		...(results.ingestion ? ingestionNotes(results.ingestion) : []),
		...(results.polling ? pollingNotes(results.polling) : []),
		...(results.trigger ? triggerNotes(results.trigger) : []),
		...(results.webhook ? webhookNotes(results.webhook) : []),
		...(results.runBuilding ? runBuildingNotes(results.runBuilding) : []),
	].join('\n');
}

module.exports = { closingNotes, pollingNotes };
