// @ts-check
'use strict';

// Turns the sections' results into BENCHMARKS.md: a summary of every target, then each section's
// figures, then the closing notes. Every figure and verdict is computed here from the results; the
// prose around them only says what was measured and how.

/**
 * Issue 19's targets for the node's rows, download included: speed against papaparse and peak memory.
 * Where the target is "no worse than before", the figure is BENCHMARKS.md's of 2026-12-01 (10k rows
 * at 0.86× papaparse; 25 MB at 10k and 145 MB at 100k); 700 MB is half of that day's 1M-row peak.
 */
const INGESTION_TARGETS = /** @type {Record<number, { speed: number, memoryMB: number }>} */ ({
	10_000: { speed: 0.86, memoryMB: 25 },
	100_000: { speed: 1.5, memoryMB: 145 },
	1_000_000: { speed: 1.5, memoryMB: 700 },
});

/** The targets for a file of `rows` rows; sizes not named take the largest's. */
const ingestionTarget = (/** @type {number} */ rows) => INGESTION_TARGETS[rows] ?? INGESTION_TARGETS[1_000_000];

/** Whether the node's speed, download included, meets its file size's target against papaparse. @param {any} size */
const meetsIngestionSpeed = (size) => size.speedVsPapaparse >= ingestionTarget(size.rows).speed;

/** Memory in capped and binary modes counts as flat when 10× the file needs at most this much more. */
const FLAT_MEMORY_TOLERANCE = 1.25;

const TRIGGER_POLL_BEFORE = require('./trigger-poll-before.json');

const int = (/** @type {number} */ n) => Math.round(n).toLocaleString('en');
const fixed = (/** @type {number} */ n, digits = 2) => n.toFixed(digits);
const seconds = (/** @type {number} */ ms) => `${fixed(ms / 1000, ms < 10_000 ? 2 : 1)} s`;
const millis = (/** @type {number} */ s) => `${s < 0.1 ? fixed(s * 1000, 1) : int(s * 1000)} ms`;
const duration = (/** @type {number} */ ms) => (ms >= 60_000 ? `${ms / 60_000} min` : `${ms / 1000} s`);
const verdict = (/** @type {boolean} */ met) => (met ? 'met' : '**missed**');
/** @param {{ median: number, min: number, max: number }} s */
const timeRange = (s) => `${millis(s.median)} (${millis(s.min)}–${millis(s.max)})`;

/** @param {string[]} header @param {Array<Array<string | number>>} rows */
function table(header, rows) {
	return [
		`| ${header.join(' | ')} |`,
		`| ${header.map(() => '---').join(' | ')} |`,
		...rows.map((row) => `| ${row.join(' | ')} |`),
	].join('\n');
}

/**
 * @typedef {{ machine: string, totalSeconds: number, ingestion?: any[], polling?: any, trigger?: any, runBuilding?: any[], webhook?: any, queueMode?: any }} Results
 */

/**
 * The trigger's exactly-once verdict from its counts: met only when every expected run was
 * emitted and duplicates were counted and found to be none.
 * @param {any} trigger
 */
function exactlyOnce(trigger) {
	const expected = trigger.expected ?? trigger.runs;
	const counted = typeof trigger.duplicates === 'number';
	const complete = trigger.emitted === expected;
	const met = complete && counted && trigger.duplicates === 0;
	const duplicates = counted ? `${int(trigger.duplicates)} duplicates` : 'duplicates not counted';
	return { expected, met, unmeasured: complete && !counted, text: `${int(trigger.emitted)} of ${int(expected)} runs emitted, ${duplicates}` };
}

/** The webhook trigger's exactly-once verdict from its counts. @param {any} store */
const webhookExactlyOnce = (store) => store.fired === store.events && store.duplicatesFired === 0 && store.neverFired === 0;

/** The seen-events store stayed within its cap at 32 bytes an id or less. @param {any} store */
const webhookStoreBounded = (store) => store.maxEntries <= store.limits.maxEvents && store.maxBytes / store.maxEntries <= 32;

/** @param {any} run one duration of one kind of run in the polling results */
const callsTarget = (run) => (run.durationMs <= 10_000 ? 1 : 0.5);

/** Issue 18's lag goal for every kind of run of 2 minutes or more. */
const LAG_GOAL = { medianMs: 5000, p90Ms: 10_000 };

/** @param {any} run */
const meetsLagGoal = (run) => run.callsRatio <= callsTarget(run) && run.node.medianLagMs <= LAG_GOAL.medianMs && run.node.p90LagMs <= LAG_GOAL.p90Ms;

/** @param {any} wait one row of the many-waits results */
const meetsSharedGoal = (wait) => wait.requestsRatio <= 2 && wait.noticed === wait.n * wait.phases && wait.medianLagMs <= LAG_GOAL.medianMs && wait.p90LagMs <= LAG_GOAL.p90Ms;

/** @param {any} wait */
const sharedMode = (wait) => (wait.mode === 'split' ? 'one execution split by Records per Run' : `${wait.n} executions`);

/** Every kind and duration the polling bench played. @param {any} polling */
const pollingKinds = (polling) => (polling ? [...polling.smooth, ...polling.lumpy] : []);

/** @param {Results} results @returns {Array<Array<string>>} */
function targetRows(results) {
	const rows = [];
	for (const size of results.ingestion ?? []) {
		const papaparse = size.parsers.find((/** @type {any} */ p) => p.kind === 'papaparse');
		const uDSV = size.parsers.find((/** @type {any} */ p) => p.kind === 'uDSV');
		const target = ingestionTarget(size.rows);
		rows.push([`1. ${int(size.rows)} rows: speed, download included (median of ${size.rounds})`, `${int(size.node.rowsPerSecond)} rows/s`, `papaparse ${int(papaparse.rowsPerSecond)} rows/s`, `${fixed(size.speedVsPapaparse)}×`, `≥ ${fixed(target.speed)}×`, verdict(meetsIngestionSpeed(size))]);
		if (size.rows === 1_000_000) {
			rows.push([`1. ${int(size.rows)} rows: speed against n8n's items floor`, `${int(size.node.rowsPerSecond)} rows/s`, `floor ${int(size.floor.rowsPerSecond)} rows/s`, `${fixed(size.speedVsFloor)}×`, '≥ 0.5×', verdict(size.speedVsFloor >= 0.5)]);
		}
		rows.push([`1. ${int(size.rows)} rows: peak memory`, `${int(size.node.memoryMB)} MB`, `papaparse ${int(papaparse.memoryMB)} MB`, `${fixed(size.memoryVsPapaparse)}×`, `≤ ${int(target.memoryMB)} MB`, verdict(size.node.memoryMB <= target.memoryMB)]);
		if (size.rows >= 100_000) {
			rows.push([`1. ${int(size.rows)} rows: the node's parser alone, same bytes in memory`, `${int(size.parser.rowsPerSecond)} rows/s`, `uDSV ${int(uDSV.rowsPerSecond)} rows/s`, `${fixed(size.parserVsUdsv)}×`, '≥ 1×', verdict(size.parserVsUdsv >= 1)]);
		}
	}
	for (const mode of flatMemory(results.ingestion ?? [])) {
		rows.push([`1. ${mode.label}: memory 1M vs 100k rows`, `${int(mode.large)} MB`, `${int(mode.small)} MB`, `${fixed(mode.ratio)}×`, `≤ ${FLAT_MEMORY_TOLERANCE}× (file 10×)`, verdict(mode.ratio <= FLAT_MEMORY_TOLERANCE)]);
	}
	for (const run of results.polling?.smooth ?? []) {
		if (run.durationMs > 10_000) continue;
		rows.push([`2. ${duration(run.durationMs)} run: live_status calls (${run.runs} runs)`, `${run.node.totalPolls}`, `${run.reference.totalPolls}`, `${fixed(run.callsRatio)}×`, `≤ ${callsTarget(run)}×`, verdict(run.callsRatio <= callsTarget(run))]);
		rows.push([`2. ${duration(run.durationMs)} run: median lag`, seconds(run.node.medianLagMs), seconds(run.reference.medianLagMs), `${fixed(run.node.medianLagMs / run.reference.medianLagMs)}×`, '≤ 1×', verdict(run.node.medianLagMs <= run.reference.medianLagMs)]);
	}
	for (const run of pollingKinds(results.polling).filter((kind) => kind.durationMs > 10_000)) {
		rows.push([
			`2. ${run.profile}, ${duration(run.durationMs)}: calls vs the 5 s loop; median / p90 lag`,
			`${run.node.totalPolls}; ${seconds(run.node.medianLagMs)} / ${seconds(run.node.p90LagMs)}`,
			`${run.reference.totalPolls}`,
			`${fixed(run.callsRatio)}×`,
			`≤ ${callsTarget(run)}×; ≤ ${LAG_GOAL.medianMs / 1000} s / ≤ ${LAG_GOAL.p90Ms / 1000} s`,
			verdict(meetsLagGoal(run)),
		]);
		rows.push([
			`2. ${run.profile}, ${duration(run.durationMs)}: median lag; calls, against the wait before issue 18`,
			`${seconds(run.node.medianLagMs)}; ${run.node.totalPolls}`,
			`${seconds(run.previous.medianLagMs)}; ${run.previous.totalPolls}`,
			`${fixed(run.node.medianLagMs / run.previous.medianLagMs)}×; ${fixed(run.node.totalPolls / run.previous.totalPolls)}×`,
			'no worse: lag ≤ 1×, calls ≤ 0.5× the 5 s loop',
			verdict(run.node.medianLagMs <= run.previous.medianLagMs && run.callsRatio <= callsTarget(run)),
		]);
	}
	for (const wait of results.polling?.shared?.runs ?? []) {
		if (wait.n === 1) continue;
		rows.push([
			`2. ${wait.n} runs waited on at once, ${sharedMode(wait)}, ${duration(wait.durationMs)}: requests vs one wait; median / p90 lag`,
			`${int(wait.requests)}; ${seconds(wait.medianLagMs)} / ${seconds(wait.p90LagMs)}`,
			`${int(wait.singleRequests)}`,
			`${fixed(wait.requestsRatio)}×`,
			`≤ 2×; ≤ ${LAG_GOAL.medianMs / 1000} s / ≤ ${LAG_GOAL.p90Ms / 1000} s`,
			verdict(meetsSharedGoal(wait)),
		]);
	}
	for (const limited of results.polling?.rateLimit ?? []) {
		rows.push([
			`2. ${limited.runs} runs of ${duration(limited.durationMs)} waited on at once under ${int(limited.perMinute)} requests a minute (${limited.shared.phases} plays): refused; runs noticed`,
			`${limited.shared.refused}; ${int(limited.shared.noticed)} of ${int(limited.runs * limited.shared.phases)}`,
			`before issue 18: ${int(limited.before.refused)}; ${int(limited.before.noticed)} of ${int(limited.runs * limited.before.phases)}`,
			'—',
			'0 refused, every run noticed',
			verdict(limited.shared.refused === 0 && limited.shared.noticed === limited.runs * limited.shared.phases),
		]);
	}
	const trigger = results.trigger;
	if (trigger) {
		const once = exactlyOnce(trigger);
		rows.push(['3. every run emitted exactly once', `${int(trigger.emitted)}`, `${int(once.expected)}`, '—', 'all, no duplicates', once.unmeasured ? 'not measured (duplicates not counted)' : verdict(once.met)]);
		rows.push(['3. requests per idle poll', fixed(trigger.after.requestsPerPoll, 0), '—', '—', '1', verdict(trigger.before.requestsPerPoll === 1 && trigger.after.requestsPerPoll === 1)]);
		rows.push([`3. stored state per run it holds (largest: ${trigger.maxStateBytes} B for ${int(trigger.maxStateRuns)} runs)`, `${fixed(trigger.maxStateBytes / trigger.maxStateRuns, 0)} B`, '—', '—', '≤ 64 B', verdict(trigger.maxStateBytes / trigger.maxStateRuns <= 64)]);
		rows.push([`3. requests per busy poll (about ${int(trigger.busy.medianInFlight)} runs in flight)`, fixed(trigger.busy.requestsPerPoll, 1), '—', '—', '(no target)', '—']);
		rows.push([`3. idle poll time after vs before ${int(trigger.runs)} runs`, `${fixed(trigger.after.medianMs, 1)} ms`, `${fixed(trigger.before.medianMs, 1)} ms`, `${fixed(trigger.pollTimeRatio)}×`, '(no target)', '—']);
	}
	const webhook = results.webhook;
	if (webhook) {
		const { store, node } = webhook;
		rows.push([`5. webhook: every event fired exactly once (${int(store.duplicatesSent)} duplicates sent)`, `${int(store.fired)}`, `${int(store.events)}`, '—', 'all, no duplicates', verdict(webhookExactlyOnce(store))]);
		rows.push([`5. seen-events store at most (${int(store.deliveries)} deliveries)`, `${int(store.maxBytes)} B, ${int(store.maxEntries)} ids`, '—', `${fixed(store.maxBytes / store.maxEntries, 1)} B per id`, `≤ ${int(store.limits.maxEvents)} ids, ≤ 32 B each`, verdict(webhookStoreBounded(store))]);
		rows.push([`5. one delivery through the node, store full (${int(node.fullStoreEntries)} ids) vs empty (median)`, `${fixed(node.full.medianMs, 1)} ms`, `${fixed(node.empty.medianMs, 1)} ms`, `${fixed(node.full.medianMs / node.empty.medianMs)}×`, '(no target)', '—']);
	}
	for (const build of results.runBuilding ?? []) {
		rows.push([`4. starting a run of ${int(build.items)} items (median of ${build.rounds})`, millis(build.node.median), `stringify + POST ${millis(build.baseline.median)}`, `${fixed(build.ratio)}×`, '≤ 2×', verdict(build.ratio <= 2)]);
	}
	return rows;
}

/** @param {any[]} ingestion */
function flatMemory(ingestion) {
	const small = ingestion.find((size) => size.rows === 100_000);
	const large = ingestion.find((size) => size.rows === 1_000_000);
	if (!small?.capped || !large?.capped) return [];
	return [
		{ label: `row-capped (${small.capped.cappedRows} rows)`, small: small.capped.memoryMB, large: large.capped.memoryMB },
		{ label: 'binary file', small: small.files.memoryMB, large: large.files.memoryMB },
	].map((mode) => ({ ...mode, ratio: mode.large / mode.small }));
}

/** @param {any[]} ingestion */
function ingestionSection(ingestion) {
	const rounds = [...new Set(ingestion.map((size) => size.rounds))].join(', ');
	/** @param {any} figures */
	const cell = (figures) => `${int(figures.rowsPerSecond)} rows/s; ${timeRange(figures.seconds)}; GC ${millis(figures.gcSeconds)}; ${int(figures.memoryMB)} MB`;
	const speedRows = ingestion.map((size) => [
		int(size.rows),
		fixed(size.fileMB, 1),
		cell(size.download),
		...size.parsers.map(cell),
		cell(size.parser),
		cell(size.floor),
		cell(size.node),
		`${fixed(size.speedVsPapaparse)}×`,
		`${fixed(size.speedVsFloor)}×`,
	]);
	const modeRows = ingestion
		.filter((size) => size.capped)
		.map((size) => [int(size.rows), `${timeRange(size.capped.seconds)}, ${int(size.capped.memoryMB)} MB`, `${int(size.files.rowsPerSecond)} rows/s, ${int(size.files.memoryMB)} MB`]);
	const partRows = ingestion.map((size) => {
		const node = size.node.seconds.median;
		const part = (/** @type {number} */ s) => `${millis(s)} (${Math.round((100 * s) / node)}%)`;
		const b = size.breakdown;
		return [int(size.rows), millis(node), part(b.download), part(b.decoding), part(b.parsing), part(b.buildingRows), part(b.items), part(b.other), part(b.nodeGc), millis(b.parserGc)];
	});
	const trigger = ingestion.find((size) => size.trigger);
	const problems = ingestion.flatMap((size) => size.problems.map((/** @type {string} */ p) => `${int(size.rows)} rows: ${p}`));
	return [
		'## 1. Result ingestion',
		'',
		`Each case runs ${rounds} rounds alone in a fresh Node process (\`--expose-gc\`, a full collection before each round). Times are the median of the rounds with their range; rows/s is at the median; GC is the garbage collectors' time within the median round; memory is the peak resident set above where the round started (Linux VmHWM), the largest over the rounds. **Node** is Run → Get Results (final file, one item per row, defaults) executed through n8n-core's \`WorkflowExecute\` (the test harness): the links request, the streamed download through n8n's HTTP helper, parsing, and the items. **papaparse** (\`header: true\`, on the decoded string) and **csv-parse** (\`columns: true\`, on the Buffer) parse the same bytes already in memory: their download is not timed and their memory does not count the bytes. **Bare download** fetches the same link with Node's \`http\` and discards the bytes. **n8n items floor** is n8n's own cost of the same rows as items, with nothing downloaded or parsed: a node that builds each row object from cells already split in memory and returns them as items, through the same \`WorkflowExecute\`. The emulator serves each file from bytes it generated once. The first and last rows of the node, both parsers and the floor are checked equal, and every row count.`,
		'',
		table(['rows', 'file MB', 'bare download', 'papaparse', 'csv-parse', 'uDSV', 'the node\'s parser alone', 'n8n items floor', 'node (download included)', 'node / papaparse, speed', 'node / floor, speed'], speedRows),
		'',
		'**uDSV** (`inferSchema`, then `stringObjs`, on the string decoded from the bytes) and **the node\'s parser alone** (`CsvStreamParser` fed the bytes in 64 KB chunks, as a download brings them, read in the node\'s 256 KB batches, keeping every row) parse the same bytes in memory; both times include decoding the bytes.',
		'',
		'Where the node\'s time goes, each part as the median of its own case, and its share of the node\'s median: **download** is the bare download; **decoding** the parser\'s decoding step alone (the bytes as Latin-1 text, so that text offsets are byte offsets); **parsing** the parser finding the records without reading their values (as binary mode counts them), less decoding; **building rows** the parser alone, less its parsing without rows: reading the values (each a string of its own: short ASCII ones copied from the text, the rest decoded from their bytes as UTF-8; repeated values found in place and shared) and the row objects; **n8n items** the items floor; **other** is what the parts leave of the node\'s time: the links request, n8n\'s HTTP helper and stream, wrapping rows as items, and garbage collection beyond the parts\' own. **Node GC** is the collectors\' time within the node\'s median round, which overlaps the parts; **parser GC** the same within the parser-alone round.',
		'',
		table(['rows', 'node', 'download', 'decoding', 'parsing', 'building rows', 'n8n items', 'other', 'node GC', 'parser GC'], partRows),
		'',
		...(trigger ? [triggerPollLine(trigger), ''] : []),
		'Row-capped mode (Max Rows) and binary-file mode (One Item per File; n8n\'s filesystem binary data mode, as n8n runs by default), on the same files:',
		'',
		table(['rows in file', 'capped: time, memory', 'binary file: speed, memory'], modeRows),
		'',
		problems.length ? `Check failures: ${problems.join('; ')}` : 'All row counts, first and last rows, and binary file sizes checked equal.',
	].join('\n');
}

/**
 * The trigger's poll of a large run in this bench, and the same case on the code before issue 19
 * and after, run alternately (bench/trigger-poll-before.json): the machine's load changes between
 * runs, so before and after are compared only within that alternation.
 * @param {any} size
 */
function triggerPollLine(size) {
	const now = size.trigger;
	const pairs = TRIGGER_POLL_BEFORE.rows === size.rows ? TRIGGER_POLL_BEFORE.before.map((/** @type {any} */ before, /** @type {number} */ i) => [before, TRIGGER_POLL_BEFORE.after[i]]) : [];
	const median = (/** @type {number[]} */ values) => [...values].sort((a, b) => a - b)[values.length >> 1];
	const alternation = pairs
		.map(([before, after]) => `before ${millis(median(before.seconds))}, ${int(before.memoryMB)} MB; after ${millis(median(after.seconds))}, ${int(after.memoryMB)} MB (${fixed(median(before.seconds) / median(after.seconds))}× the speed)`)
		.join('; then ');
	const against = alternation ? ` The same case on the code before this parser (commit ${TRIGGER_POLL_BEFORE.commit}) and after it, run alternately (${TRIGGER_POLL_BEFORE.measured}; medians of 5 rounds): ${alternation}.` : '';
	return `**Sixtyfour Trigger** (Fetch Test Event, through n8n-core's \`PollContext\`; default output, one item per run with its rows) polling the ${int(size.rows)}-row run: ${timeRange(now.seconds)}, ${int(now.rowsPerSecond)} rows/s, GC ${millis(now.gcSeconds)}, ${int(now.memoryMB)} MB.${against} Both triggers read rows through the same \`readResultRows\` as the node.`;
}

/** @param {any} run */
function pollingRow(run) {
	/** @param {any} loop */
	const lag = (loop) => `${seconds(loop.medianLagMs)} / ${seconds(loop.p90LagMs)} / ${seconds(loop.maxLagMs)}`;
	return [run.profile, duration(run.durationMs), `${run.node.medianPolls} (${run.node.totalPolls})`, `${run.reference.medianPolls} (${run.reference.totalPolls})`, `${fixed(run.callsRatio)}×`, lag(run.node), lag(run.reference), `${run.previous.totalPolls}; ${lag(run.previous)}`];
}

/** @param {any} polling */
function pollingSection(polling) {
	const runs = polling.startPhasesMs.length;
	const phases = `${fixed(polling.startPhasesMs[0] / 1000, 1)} to ${fixed(polling.startPhasesMs[runs - 1] / 1000, 1)} s (every ${polling.startPhasesMs[1] - polling.startPhasesMs[0]} ms)`;
	return [
		'## 2. Polling cost',
		'',
		`The node's \`waitForRun\` (default bounds ${polling.schedule.minIntervalMs / 1000} s to ${polling.schedule.maxIntervalMs / 1000} s) and the API reference's loop (poll, then sleep ${polling.referenceIntervalMs / 1000} s) each wait for ${runs} runs per kind and duration, started ${phases} before the first poll. Sleeping advances an emulated clock. Lag is from the run's completion to the poll that sees it. **Smooth** runs are the emulator's, polled over HTTP: a tenth of the time queued, then three equal blocks with progress rising steadily. **Lumpy** runs are played from a progress profile in the bench (the emulator's runs progress evenly); both loops read the same profile at the same instants:`,
		'',
		...polling.lumpy.filter((/** @type {any} */ run, /** @type {number} */ i, /** @type {any[]} */ all) => all.findIndex((other) => other.profile === run.profile) === i).map((/** @type {any} */ run) => `- *${run.profile}*: ${run.description}.`),
		'',
		table(['run', 'duration', 'node calls: median (total)', 'reference calls: median (total)', 'calls node / reference', 'node lag: median / p90 / max', 'reference lag: median / p90 / max', 'before issue 18: calls (total); lag'], pollingKinds(polling).map(pollingRow)),
		'',
		'**Before issue 18** is the wait as released on 2026-12-01 (bench/previousSchedule.js, frozen), on the same runs at the same instants.',
		...(polling.shared ? ['', sharedWaitsSection(polling)] : []),
	].join('\n');
}

/** @param {any} polling */
function sharedWaitsSection(polling) {
	/** @param {any} wait */
	const lags = (wait) => `${seconds(wait.medianLagMs)} / ${seconds(wait.p90LagMs)} / ${seconds(wait.maxLagMs)}`;
	const limited = polling.rateLimit[0];
	return [
		'### Many runs waited on at once',
		'',
		`N runs of the emulator's (as the smooth runs above, one record each) started at the same emulated instant and waited on in one process, over HTTP on the emulator's clock: as **N executions**, each its own wait from the start (Workflow → Run's first check waits for the schedule), and as **one execution split by Records per Run**, every run started first and then waited for one after the other. All share the status check of their credential (nodes/Sixtyfour/helpers/sharedStatusCheck.ts): one wait alone asks its run's live status; several share one \`GET /workflows/runs?limit=500\` every ${polling.shared.sharedIntervalMs / 1000} s, and one live status at most every ${polling.shared.progressEveryMs / 1000} s for progress. Each set-up is played ${polling.shared.phasesMs.length} times, starting ${polling.shared.phasesMs[0] / 1000} to ${polling.shared.phasesMs.at(-1) / 1000} s into the checks' beat; requests are the mean over those plays of every request the emulator let through for the key; lag is from each run's end to the check that saw it, over every run of every play. Compared with one run waited on alone, same duration.`,
		'',
		table(['duration', 'runs', 'waited on as', 'requests', 'one wait alone', 'requests / one wait', 'lag: median / p90 / max', 'runs noticed', ''], polling.shared.runs.map((/** @type {any} */ wait) => [duration(wait.durationMs), wait.n, wait.n === 1 ? 'one execution' : sharedMode(wait), int(wait.requests), int(wait.singleRequests), `${fixed(wait.requestsRatio)}×`, lags(wait), `${int(wait.noticed)} of ${int(wait.n * wait.phases)}`, wait.n === 1 ? '—' : verdict(meetsSharedGoal(wait))])),
		'',
		'### Under a rate limit',
		'',
		`The emulator limits the key to ${int(limited.perMinute)} requests in any sliding minute (429 with Retry-After past it; the bench then waits what Retry-After says and asks again, as the node's transport does). ${limited.runs} runs waited on at once as ${limited.runs} executions, with the shared check and **before issue 18**: each wait polling its own live status on the previous schedule (bench/previousSchedule.js).`,
		'',
		table(['duration', 'waits', 'requests let through (mean of the plays)', 'refused (429), all plays', 'runs noticed', 'lag: median / p90 / max'], polling.rateLimit.flatMap((/** @type {any} */ run) => [
			[duration(run.durationMs), 'shared check', int(run.shared.requests), int(run.shared.refused), `${int(run.shared.noticed)} of ${int(run.runs * run.shared.phases)}`, lags(run.shared)],
			[duration(run.durationMs), 'before issue 18', int(run.before.requests), int(run.before.refused), `${int(run.before.noticed)} of ${int(run.runs * run.before.phases)}`, lags(run.before)],
		])),
	].join('\n');
}

/** @param {any} trigger */
function triggerSection(trigger) {
	const once = exactlyOnce(trigger);
	const conclusion = once.met ? 'every run exactly once' : once.unmeasured ? 'so exactly once is not shown' : '**not exactly once**';
	return [
		'## 3. Trigger',
		'',
		`The compiled Sixtyfour Trigger polls through n8n-core's \`PollContext\` (the test harness's runPoll) against the emulator with its default parameters, one emulated minute apart (bench/trigger.js says how runs are seeded). ${int(trigger.busy.polls)} busy polls see ${int(trigger.runs)} runs go by, with ${int(trigger.busy.medianInFlight)} in flight at the median poll (${int(trigger.busy.maxInFlight)} at most): ${once.text}, ${int(trigger.missing)} missing, ${conclusion}.`,
		'',
		table(['', 'before the runs', `after ${int(trigger.runs)} runs`], [
			['requests per idle poll', fixed(trigger.before.requestsPerPoll, 0), fixed(trigger.after.requestsPerPoll, 0)],
			['idle poll time (median)', `${fixed(trigger.before.medianMs, 1)} ms`, `${fixed(trigger.after.medianMs, 1)} ms`],
			['stored state', `${trigger.before.stateBytes} B`, `${trigger.after.stateBytes} B (largest during the runs: ${trigger.maxStateBytes} B)`],
		]),
		'',
		`Busy polls: median ${fixed(trigger.busy.medianMs, 1)} ms; ${fixed(trigger.busy.requestsPerPoll, 1)} requests per poll in the steady state (p90 ${trigger.busy.p90Requests}, at most ${trigger.busy.maxRequests}). The state held at most ${int(trigger.busy.maxInFlight)} runs in flight and ${int(trigger.busy.maxFired)} runs fired within the overlap window; its largest size, ${trigger.maxStateBytes} B, held ${int(trigger.maxStateRuns)} runs (${fixed(trigger.maxStateBytes / trigger.maxStateRuns, 1)} B each).`,
	].join('\n');
}

/** @param {any} webhook */
function webhookSection(webhook) {
	const { store, node } = webhook;
	return [
		'## 5. Webhook trigger',
		'',
		`${int(store.events)} distinct events arrive at 1,000 an hour, each delivered once, ${int(store.duplicatesSent)} of them again (10% at once, 2% two hours later): ${int(store.deliveries)} deliveries through the compiled node's seen-events store (helpers/seenEvents), on static data stored as JSON and read back every 100 deliveries (bench/webhook.js). ${int(store.fired)} events fired, ${int(store.duplicatesFired)} fired twice, ${int(store.neverFired)} never: ${webhookExactlyOnce(store) ? 'every event exactly once' : '**not exactly once**'}.`,
		'',
		table(['', 'limit', 'largest', 'at the end'], [
			['events held', int(store.limits.maxEvents), int(store.maxEntries), int(store.finalEntries)],
			['static data (JSON)', `${int(store.limits.ttlSeconds / 3600)} h time to live`, `${int(store.maxBytes)} B (${fixed(store.maxBytes / store.maxEntries, 1)} B per id)`, `${int(store.finalBytes)} B`],
		]),
		'',
		`One signed delivery with 3 rows inline through the whole node (the harness's runWebhook: n8n-core's \`WebhookContext\`, signature, store, items, and the static data's JSON round trip as n8n loads and saves it), ${node.samples} each: median ${fixed(node.empty.medianMs, 2)} ms (p90 ${fixed(node.empty.p90Ms, 2)} ms) with an empty store, ${fixed(node.full.medianMs, 2)} ms (p90 ${fixed(node.full.p90Ms, 2)} ms) with ${int(node.fullStoreEntries)} ids held (${int(node.fullStoreBytes)} B), ${fixed(node.fullFired.medianMs, 2)} ms (p90 ${fixed(node.fullFired.p90Ms, 2)} ms, ${fixed(node.fullFired.medianMs / node.full.medianMs, 2)}× the full store's median) when this process fired all of them itself and so writes them all into each save.`,
	].join('\n');
}

/** @param {any[]} builds */
function runBuildingSection(builds) {
	return [
		'## 4. Starting a run',
		'',
		`Workflow → Run, Records "From Input Items", Wait for Completion off, input items of 7 fields all in one run (the default), through n8n-core's \`WorkflowExecute\`. Timed is the node's \`execute()\`: reading the parameters, building the records and the run, serialising the body and the POST to the emulator until its answer is read. The baseline is the least code that does the same: \`JSON.stringify\` of the same payload and one raw \`http.request\` POST to the same emulator on a new connection (n8n's HTTP helper opens one for every request), answer read and parsed. Both start real runs, each checked to hold every record; the emulator's own handling of the request is in both. Rounds alternate node and baseline after one untimed round of each; median (range).`,
		'',
		table(['items', 'payload', 'node', 'stringify + POST', 'node / baseline'], builds.map((build) => [int(build.items), `${fixed(build.payloadMB, 1)} MB`, timeRange(build.node), timeRange(build.baseline), `${fixed(build.ratio)}×`])),
	].join('\n');
}

const QUEUE_MODE_HEADING = '## Queue mode';

/**
 * Memory per waiting execution from the two largest concurrencies: a just-started worker's resident
 * set shrinks as it collects its start-up garbage, so one level alone can even show it fall.
 * @param {any[]} waiting
 */
function waitingMemoryNote(waiting) {
	const [low, high] = [...waiting].sort((a, b) => a.held - b.held).slice(-2);
	if (!low || !high || high.held === low.held) return '';
	return `From ${low.held} to ${high.held} waiting executions the worker grew by ${int(high.heldMB - low.heldMB)} MB: ${fixed((high.heldMB - low.heldMB) / (high.held - low.held), 1)} MB per waiting execution.`;
}

/**
 * The figures the queue-mode leg of `npm run test:e2e` measured (bench/queue-mode.json, written by
 * test/e2e/queue-mode-figures.mjs); `npm run bench` does not measure them.
 * @param {any} queueMode
 */
function queueModeSection(queueMode) {
	const byWorkers = (/** @type {number} */ n) => queueMode.throughput.find((/** @type {any} */ t) => t.workers === n);
	const one = byWorkers(1);
	const two = byWorkers(2);
	const outputName = (/** @type {string} */ output) => (output === 'rows' ? 'One Item per Row' : 'One Item per File (binary, database mode)');
	return [
		QUEUE_MODE_HEADING,
		'',
		`Measured by the queue-mode leg of \`npm run test:e2e\` (test/e2e/queue-mode-figures.mjs) on ${queueMode.measuredAt.slice(0, 10)}, not by \`npm run bench\`: n8n 2.41.0 (on Node 24) in queue mode with PostgreSQL and Redis, the main instance, the workers (concurrency ${queueMode.workerConcurrency} each, n8n's default) and the emulator all on this one machine. They share its ${queueMode.machine.match(/(\d+) cores/)?.[1] ?? 'few'} cores, so these figures compare the two set-ups with each other; they are not what a deployment with a machine per worker gets.`,
		'',
		`Machine (its Node is the test runner's): ${queueMode.machine}.`,
		'',
		`**Throughput.** ${one?.executions ?? two?.executions} requests posted at once to a production webhook; each execution runs Workflow → Run (2 records, Wait for Completion on, defaults) on a worker and answers with the enriched rows. Timed from the first request to the last answer, after a few untimed executions to warm up each worker. A worker takes at most ${queueMode.workerConcurrency} executions at a time, and an execution keeps its slot while the node waits for its run.`,
		'',
		table(['workers', 'executions', 'time', 'executions per minute'], queueMode.throughput.map((/** @type {any} */ t) => [t.workers, t.executions, `${fixed(t.seconds, 1)} s`, int(t.perMinute)])),
		'',
		one && two ? `2 workers: ${fixed(two.perMinute / one.perMinute)}× the executions per minute of 1 worker.` : '',
		'',
		'**Memory.** The resident set of the worker process (Linux VmRSS before; VmHWM reset before the execution, and sampled every 50 ms) while it runs Workflow → Run (Match Rows to Input off) on a run whose final file has 100,000 synthetic rows, through to n8n saving the execution in PostgreSQL; each on a worker started for it, so that neither starts with the other\'s garbage.',
		'',
		table(['output', 'rows', 'worker before', 'worker peak', 'growth', 'execution time'], queueMode.memory.map((/** @type {any} */ m) => [outputName(m.output), int(m.rows), `${int(m.baselineMB)} MB`, `${int(m.peakMB)} MB`, `${int(m.growthMB)} MB`, `${fixed(m.seconds, 1)} s`])),
		...(queueMode.waiting?.length
			? [
					'',
					`**Waiting executions.** A worker started alone with the concurrency below; more executions than its slots started at once, each a Workflow → Run (the enrich-companies example) waiting on a run that lasts days. Held: the Sixtyfour runs started, that is the executions in a slot, 5 s after the last slot filled; the rest stay queued. Memory: the worker's resident set (VmRSS) before and with them all waiting; status requests: every runs-list and live-status request the emulator received over ${queueMode.waiting[0].windowSeconds} s, counted as a rate.`,
					'',
					table(['worker concurrency', 'executions started', 'waiting on the worker', 'worker before', 'worker with them', 'status requests a minute'], queueMode.waiting.map((/** @type {any} */ w) => [w.concurrency, w.posted, w.held, `${int(w.baselineMB)} MB`, `${int(w.heldMB)} MB`, int(w.statusRequestsPerMinute)])),
					'',
					waitingMemoryNote(queueMode.waiting),
				]
			: []),
	].join('\n');
}

/**
 * BENCHMARKS.md with its Queue mode section replaced by (or, when it has none, given before the
 * closing notes) the one these figures render; the rest is left as the last bench run wrote it.
 * @param {string} markdown
 * @param {any} queueMode
 */
function spliceQueueModeSection(markdown, queueMode) {
	const section = `${queueModeSection(queueMode)}\n\n`;
	const start = markdown.indexOf(`${QUEUE_MODE_HEADING}\n`);
	if (start !== -1) {
		const next = markdown.indexOf('\n## ', start + QUEUE_MODE_HEADING.length);
		return markdown.slice(0, start) + section + (next === -1 ? '' : markdown.slice(next + 1));
	}
	const notes = markdown.indexOf('\n## What limits each figure');
	if (notes === -1) return `${markdown.trimEnd()}\n\n${section}`;
	return markdown.slice(0, notes + 1) + section + markdown.slice(notes + 1);
}

/**
 * BENCHMARKS.md with only the polling section regenerated (`npm run bench -- polling`): its target
 * rows, its section and its notes replaced by these results'; the other sections stay as the last
 * full run wrote them, and the section says it was measured apart, on which machine.
 * @param {string} markdown
 * @param {Results} results
 * @param {string[]} notes the polling notes, one line each
 */
function splicePollingSection(markdown, results, notes) {
	const lines = markdown.split('\n');
	const firstTarget = lines.findIndex((line) => line.startsWith('| 2. '));
	const kept = lines.filter((line) => !line.startsWith('| 2. ') && !line.startsWith('- **Polling:**') && !line.startsWith('- **Many waits:**'));
	const rows = targetRows({ ...results, ingestion: undefined, trigger: undefined, webhook: undefined, runBuilding: undefined }).map((row) => `| ${row.join(' | ')} |`);
	const insertAt = firstTarget === -1 ? kept.findIndex((line) => line.startsWith('| 3. ')) : firstTarget;
	kept.splice(insertAt, 0, ...rows);
	const notesAt = kept.findIndex((line) => line.startsWith('- **Trigger:**'));
	kept.splice(notesAt === -1 ? kept.length : notesAt, 0, ...notes);
	let text = kept.join('\n');
	const start = text.indexOf('## 2. Polling cost\n');
	const end = text.indexOf('\n## ', start + 1);
	const section = `${pollingSection(/** @type {any} */ (results.polling))}\n\nThis section, its target rows and its notes were measured apart by \`npm run bench -- polling\`: ${results.machine}.\n`;
	text = text.slice(0, start) + section + text.slice(end + 1);
	return text;
}

/** @param {Results} results @param {string} notes */
function renderMarkdown(results, notes) {
	return [
		'# Benchmarks',
		'',
		'Generated by `npm run bench` (bench/run.mjs). Each comparison is with a baseline measured in the same run on the same data; absolute times drift on a shared machine, so they only mean something beside their baseline and the machine line below.',
		'',
		`Machine: ${results.machine}. Total bench time ${fixed(results.totalSeconds, 0)} s.`,
		'',
		'## Targets',
		'',
		table(['figure', 'node', 'baseline', 'ratio', 'target', ''], targetRows(results)),
		'',
		results.ingestion ? ingestionSection(results.ingestion) : '',
		'',
		results.polling ? pollingSection(results.polling) : '',
		'',
		results.trigger ? triggerSection(results.trigger) : '',
		'',
		results.runBuilding ? runBuildingSection(results.runBuilding) : '',
		'',
		results.webhook ? webhookSection(results.webhook) : '',
		'',
		results.queueMode ? queueModeSection(results.queueMode) : '',
		'',
		notes,
		'',
	].join('\n');
}

/** The summary for the console. @param {Results} results */
function renderConsole(results) {
	const rows = targetRows(results);
	const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column].replace(/\*/g, '').length))) ?? [];
	return [`Machine: ${results.machine}`, ...rows.map((row) => row.map((cell, column) => cell.replace(/\*/g, '').padEnd(widths[column])).join('  '))].join('\n');
}

module.exports = { ingestionTarget, meetsIngestionSpeed, splicePollingSection, renderMarkdown, renderConsole, exactlyOnce, webhookExactlyOnce, webhookStoreBounded, spliceQueueModeSection, pollingSection, targetRows, LAG_GOAL, meetsLagGoal, meetsSharedGoal, sharedMode };
