import type { LiveStatus } from '../../shared/helpers/apiTypes';
import { isFinished } from '../../shared/helpers/apiTypes';
import { nextPollDelay, type PollScheduleOptions, type ProgressSample } from './pollSchedule';
import type { SeenStatus } from './sharedStatusCheck';

/** What the wait needs from the outside world; the node passes real ones, benchmarks an emulated clock. */
export interface WaitDependencies {
	/** The run's status now, or as a shared check a moment ago saw it. */
	checkStatus(): Promise<SeenStatus>;
	/** Resolves false when the wait should stop (the execution was cancelled). */
	sleep(ms: number): Promise<boolean>;
	now(): number;
	onPoll?(status: LiveStatus, polls: number): void;
}

export interface WaitOptions {
	timeoutMs: number;
	schedule: PollScheduleOptions;
	/** When the run was started by this wait's caller: then the first check waits for the schedule instead of coming at once. */
	startedAtMs?: number;
}

export type WaitOutcome =
	| { kind: 'finished'; status: LiveStatus; polls: number }
	| { kind: 'timedOut'; status: LiveStatus; polls: number }
	/** The wait was stopped from outside; status is the last one seen, if any. */
	| { kind: 'cancelled'; status?: LiveStatus; polls: number };

/**
 * Polls a run's live status until it is completed, failed or cancelled, on the adaptive schedule, and
 * never past the timeout: the last poll lands on the deadline, so a run finishing just in time counts.
 */
export async function waitForRun(deps: WaitDependencies, options: WaitOptions): Promise<WaitOutcome> {
	const startedAt = deps.now();
	const samples: ProgressSample[] = [];
	if (options.startedAtMs !== undefined) {
		// A run started a moment ago is queued: asking at once would cost a call and tell nothing.
		samples.push({ atMs: options.startedAtMs, progress: 0, queued: true });
		const first = Math.min(nextPollDelay(samples, options.schedule), options.timeoutMs);
		if (!(await deps.sleep(first))) return { kind: 'cancelled', polls: 0 };
	}
	for (let polls = 1; ; polls++) {
		const seen = await deps.checkStatus();
		const { status } = seen;
		// The runs list tells no progress: the last progress known still stands.
		const progress = status.overall_progress_percentage ?? samples[samples.length - 1]?.progress ?? 0;
		samples.push({ atMs: seen.atMs, progress: Number(progress), queued: status.overall_status === 'queued' });
		deps.onPoll?.(status, polls);
		if (isFinished(status.overall_status)) return { kind: 'finished', status, polls };
		const now = deps.now();
		const left = startedAt + options.timeoutMs - now;
		if (left <= 0) return { kind: 'timedOut', status, polls };
		const { minIntervalMs, maxIntervalMs } = options.schedule;
		const delay =
			seen.delayMs === undefined
				? nextPollDelay(samples, options.schedule)
				: Math.min(maxIntervalMs, Math.max(minIntervalMs, seen.delayMs));
		// Counted from the check, so that waits sharing it stay together for the next one.
		const untilDue = Math.max(0, seen.atMs + delay - now);
		if (!(await deps.sleep(Math.min(untilDue, left)))) return { kind: 'cancelled', status, polls };
	}
}
