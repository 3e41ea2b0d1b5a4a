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
}

/** The API reference's advice; the first poll waits this long, as its own loop does. */
const REFERENCE_INTERVAL_MS = 5000;

/** With nothing better to go on, wait this fraction of the time the run has taken so far: a run
 * going for ten minutes will not finish in the next second, and the calls grow only logarithmically. */
const ELAPSED_FRACTION = 0.5;

/** Jump straight to the estimated finish once it is within twice the reference interval or this
 * fraction of the time the run has been progressing; farther away, step half way and estimate again,
 * since lumpy runs drift. */
const AIM_WITHIN_FRACTION = 0.3;

/** At 100% but not finished, wait at least this fraction of the time spent there. */
const AT_100_FRACTION = 0.05;

/** How far after the estimated finish to poll, so that the poll lands just after it. */
const FINISH_MARGIN_MS = 250;

/**
 * Delay before the next poll, from what the polls so far have seen. Pure: same input, same output.
 * Samples are in time order. Pass the run's start as the first sample (progress 0: the start answer
 * says queued) so that the first poll waits; with no samples at all the first delay is the same.
 */
export function nextPollDelay(samples: ProgressSample[], options: PollScheduleOptions): number {
	const clamp = (ms: number) => Math.round(Math.min(options.maxIntervalMs, Math.max(options.minIntervalMs, ms)));
	if (samples.length === 0) return clamp(REFERENCE_INTERVAL_MS);
	const now = samples[samples.length - 1].atMs;
	const trend = currentTrend(samples);
	const latest = trend[trend.length - 1];
	if (latest.progress >= 100) {
		// All work done but not reported finished (results being written): the end is close but its
		// time unknown, so poll twice as often as the reference loop, backing off if it drags on.
		const doneSince = trend.find((sample) => sample.progress >= 100)!.atMs;
		return clamp(Math.max(REFERENCE_INTERVAL_MS / 2, AT_100_FRACTION * (now - doneSince)));
	}
	const waitByAge = Math.max(REFERENCE_INTERVAL_MS, ELAPSED_FRACTION * (now - samples[0].atMs));
	const moving = samplesSinceStart(trend);
	const finishIn = estimatedTimeToFinish(moving);
	if (finishIn === undefined) return clamp(waitByAge);
	const aimWithin = Math.max(2 * REFERENCE_INTERVAL_MS, AIM_WITHIN_FRACTION * (now - moving[0].atMs));
	if (finishIn <= aimWithin) return clamp(finishIn + FINISH_MARGIN_MS);
	return clamp(Math.min(waitByAge, finishIn / 2));
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
 * far; undefined when progress has not moved in that window (queued, or stalled).
 */
function estimatedTimeToFinish(moving: ProgressSample[]): number | undefined {
	const latest = moving[moving.length - 1];
	const windowStart = latest.atMs - (latest.atMs - moving[0].atMs) / 2;
	let reference = moving.findIndex((sample) => sample.atMs >= windowStart);
	if (reference === moving.length - 1) reference--;
	if (reference < 0) return undefined;
	const from = moving[reference];
	const rate = (latest.progress - from.progress) / (latest.atMs - from.atMs);
	return rate > 0 ? (100 - latest.progress) / rate : undefined;
}
