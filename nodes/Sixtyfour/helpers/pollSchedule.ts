export interface PollScheduleOptions {
	/** User-set bounds on the delay between two polls, e.g. 2000 and 60000. */
	minIntervalMs: number;
	maxIntervalMs: number;
}

export interface ProgressSample {
	/** Wall time of the poll. */
	atMs: number;
	/** `overall_progress_percentage`, 0 to 100. */
	progress: number;
	/** The run was still queued (overall_status); the run started after the last such sample. */
	queued?: boolean;
}

/** The API reference's advice; the first poll waits this long, as its own loop does. */
const REFERENCE_INTERVAL_MS = 5000;

/** With nothing better to go on (queued, say), wait this fraction of the time gone by: a run that
 * has been going for ten minutes will not finish in the next second. */
const ELAPSED_FRACTION = 0.5;

/** Running but still at 0% (a 1-record run's first block), a little longer: it ends in a jump that
 * the estimate cannot see coming anyway. */
const RUNNING_AT_ZERO_FRACTION = 0.6;

/** Jump straight to the estimated finish once it is within twice the reference interval or this
 * fraction of the time the run has been progressing; farther away, step half way and estimate again,
 * since lumpy runs drift. */
const AIM_WITHIN_FRACTION = 0.3;

/** At 100% but not finished, wait at least this fraction of the time spent there. */
const AT_100_FRACTION = 0.05;

/** How far after the estimated finish to poll, so that the poll lands just after it. */
const FINISH_MARGIN_MS = 250;

/** While progress says little (it has not moved since the last poll, or only just started moving
 * again), the finish can come at any time once the run could be done: then never wait longer than this,
 * which bounds the lag. */
const UNSURE_MAX_MS = 9000;

/** "Could be done": the rest of the work done this many times faster than the run's average so far. */
const FASTEST_SPEEDUP = 3;

/** Around the finish the run's average rate predicts (a 1-record run's blocks end in jumps), poll this
 * often, within this fraction of the time since progress last moved (at least NEAR_WINDOW_MIN_MS). */
const NEAR_INTERVAL_MS = 4000;
const NEAR_WINDOW_FRACTION = 0.05;
const NEAR_WINDOW_MIN_MS = 5000;

/**
 * Delay before the next poll, from what the polls so far have seen. Pure: same input, same output.
 * Samples are in time order. Pass the run's start as the first sample (progress 0, queued: the start
 * answer says so) so that the first poll waits; with no samples at all the first delay is the same.
 */
export function nextPollDelay(samples: ProgressSample[], options: PollScheduleOptions): number {
	const clamp = (ms: number) => Math.round(Math.min(options.maxIntervalMs, Math.max(options.minIntervalMs, ms)));
	if (samples.length === 0) return clamp(REFERENCE_INTERVAL_MS);
	const latest = samples[samples.length - 1];
	const now = latest.atMs;
	const sinceFirst = now - samples[0].atMs;
	const trend = currentTrend(samples);
	if (latest.progress >= 100) {
		// All work done but not reported finished (results being written): the end is close but its
		// time unknown, so poll twice as often as the reference loop, backing off if it drags on.
		const doneSince = trend.find((sample) => sample.progress >= 100)!.atMs;
		return clamp(Math.max(REFERENCE_INTERVAL_MS / 2, AT_100_FRACTION * (now - doneSince)));
	}
	if (latest.progress <= 0) {
		const fraction = latest.queued === false ? RUNNING_AT_ZERO_FRACTION : ELAPSED_FRACTION;
		return clamp(Math.max(REFERENCE_INTERVAL_MS, fraction * sinceFirst));
	}

	const moving = samplesSinceStart(trend);
	const estimated = estimateDelay(moving, Math.max(REFERENCE_INTERVAL_MS, ELAPSED_FRACTION * sinceFirst));
	const previous = moving[moving.length - 2];
	const beforePrevious = moving[moving.length - 3];
	const changedAt = moving.find((sample) => sample.progress === latest.progress)!.atMs;
	// Two moves in a row give a rate to trust; after a pause, the last move's rate is too low.
	const steady = changedAt === now && beforePrevious !== undefined && beforePrevious.progress < previous.progress;
	if (steady) return clamp(estimated);
	return clamp(Math.min(estimated, unsureBound(samples, moving, changedAt)));
}

/** The delay progress's estimate gives: aim just after the finish when near, else step towards it. */
function estimateDelay(moving: ProgressSample[], waitByAge: number): number {
	const latest = moving[moving.length - 1];
	const finishIn = estimatedTimeToFinish(moving);
	if (finishIn === undefined) return waitByAge;
	const aimWithin = Math.max(2 * REFERENCE_INTERVAL_MS, AIM_WITHIN_FRACTION * (latest.atMs - moving[0].atMs));
	if (finishIn <= aimWithin) return finishIn + FINISH_MARGIN_MS;
	return Math.min(waitByAge, finishIn / 2);
}

/**
 * The longest wait while progress says little: until the earliest the run could be done, then short
 * waits, shortest around the finish the run's average rate predicts.
 */
function unsureBound(samples: ProgressSample[], moving: ProgressSample[], changedAt: number): number {
	const latest = moving[moving.length - 1];
	const now = latest.atMs;
	const lastQueued = samples.filter((sample) => sample.queued).pop();
	const runStart = lastQueued && lastQueued.atMs < moving[0].atMs ? lastQueued.atMs : moving[0].atMs;
	const averageRate = latest.progress / (changedAt - runStart);
	const left = 100 - latest.progress;
	const earliest = changedAt + left / (FASTEST_SPEEDUP * averageRate);
	const bound = Math.max(UNSURE_MAX_MS, earliest - now);
	if (changedAt === now) return bound;
	const predicted = changedAt + left / averageRate;
	const window = Math.max(NEAR_WINDOW_MIN_MS, NEAR_WINDOW_FRACTION * (predicted - changedAt));
	const nearPredicted = now >= predicted - window - NEAR_INTERVAL_MS && now <= predicted + window;
	return nearPredicted ? Math.min(NEAR_INTERVAL_MS, bound) : bound;
}

/** The samples since progress last went backwards (a block restarted, a counter was reset). */
function currentTrend(samples: ProgressSample[]): ProgressSample[] {
	let first = samples.length - 1;
	while (first > 0 && samples[first - 1].progress <= samples[first].progress) first--;
	return samples.slice(first);
}

/** From the last sample still at 0 (the run may have started any time after it) onwards. */
function samplesSinceStart(trend: ProgressSample[]): ProgressSample[] {
	let first = trend.length - 1;
	while (first > 0 && trend[first - 1].progress > 0) first--;
	return trend.slice(first > 0 ? first - 1 : 0);
}

/**
 * Time from the latest sample to 100%, at the rate seen over the more recent half of the progress so
 * far or over the last interval, whichever is faster (runs speed up: a slow first block); undefined
 * when progress has not moved in that window (queued, or stalled).
 */
function estimatedTimeToFinish(moving: ProgressSample[]): number | undefined {
	const latest = moving[moving.length - 1];
	const windowStart = latest.atMs - (latest.atMs - moving[0].atMs) / 2;
	let reference = moving.findIndex((sample) => sample.atMs >= windowStart);
	if (reference === moving.length - 1) reference--;
	if (reference < 0) return undefined;
	const rate = rateBetween(moving[reference], latest);
	if (rate <= 0) return undefined;
	const lastRate = rateBetween(moving[moving.length - 2], latest);
	return (100 - latest.progress) / Math.max(rate, lastRate);
}

function rateBetween(from: ProgressSample, to: ProgressSample): number {
	return (to.progress - from.progress) / (to.atMs - from.atMs);
}
