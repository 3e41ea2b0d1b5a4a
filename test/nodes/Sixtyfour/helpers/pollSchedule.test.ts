import {
	nextPollDelay,
	type PollScheduleOptions,
	type ProgressSample,
} from '../../../../nodes/Sixtyfour/helpers/pollSchedule';

const OPTIONS: PollScheduleOptions = { minIntervalMs: 2000, maxIntervalMs: 60000 };

/** A run as live status shows it: progress at a time before it finishes, then finished. */
interface SimulatedRun {
	finishAtMs: number;
	progressAt(ms: number): number;
}

type Schedule = (samples: ProgressSample[]) => number;

/** As the API shows it: one decimal. */
const roundProgress = (progress: number) => Math.round(progress * 10) / 10;

/** Progresses evenly after a queued phase. */
function linearRun(durationMs: number, queuedMs = 0): SimulatedRun {
	return {
		finishAtMs: durationMs,
		progressAt: (ms) => roundProgress(Math.max(0, (ms - queuedMs) / (durationMs - queuedMs)) * 100),
	};
}

/** Queued, then three blocks of a third of the progress each taking 15%, 60% and 25% of the running
 * time, and the last 3% of the run spent at 100% writing results. */
function lumpyRun(durationMs: number): SimulatedRun {
	const queuedMs = durationMs * 0.1;
	const workMs = durationMs * 0.97 - queuedMs;
	const blockShares = [0.15, 0.6, 0.25];
	return {
		finishAtMs: durationMs,
		progressAt: (ms) => {
			let blockStart = queuedMs;
			let progress = 0;
			for (const share of blockShares) {
				const blockMs = share * workMs;
				progress += (100 / 3) * Math.min(1, Math.max(0, (ms - blockStart) / blockMs));
				blockStart += blockMs;
			}
			return roundProgress(progress);
		},
	};
}

/**
 * Polls a run from its start (t = 0, known to be queued from the start answer, progress 0) until a
 * poll sees it finished; counts live-status calls and the lag between finishing and noticing.
 */
function simulatePolling(run: SimulatedRun, schedule: Schedule): { calls: number; lagMs: number } {
	const samples: ProgressSample[] = [{ atMs: 0, progress: 0 }];
	let calls = 0;
	let now = 0;
	for (;;) {
		const delay = schedule(samples);
		expect(delay).toBeGreaterThanOrEqual(0);
		now += delay;
		calls++;
		if (now >= run.finishAtMs) return { calls, lagMs: now - run.finishAtMs };
		samples.push({ atMs: now, progress: run.progressAt(now) });
	}
}

/** The reference's loop: poll at once, then every 5 s. */
const fixedFiveSeconds: Schedule = (samples) => (samples.length === 1 ? 0 : 5000);
const adaptive: Schedule = (samples) => nextPollDelay(samples, OPTIONS);

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = sorted.length >> 1;
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Runs of the nominal length and up to 5 s longer, so that the fixed poll's lag covers 0 to 5 s. */
function compare(makeRun: (durationMs: number) => SimulatedRun, nominalMs: number) {
	const runs = Array.from({ length: 20 }, (_, k) => makeRun(nominalMs + k * 250));
	const tally = (schedule: Schedule) => {
		const results = runs.map((run) => simulatePolling(run, schedule));
		return {
			callsPerRun: results.map((result) => result.calls),
			calls: results.reduce((sum, result) => sum + result.calls, 0) / results.length,
			medianLagMs: median(results.map((result) => result.lagMs)),
		};
	};
	return { fixed: tally(fixedFiveSeconds), adaptive: tally(adaptive) };
}

const RUN_KINDS: Array<[string, (durationMs: number) => SimulatedRun]> = [
	['linear', (durationMs) => linearRun(durationMs)],
	['queued then linear', (durationMs) => linearRun(durationMs, Math.min(15000, durationMs * 0.2))],
	['lumpy', lumpyRun],
];

describe('nextPollDelay against the reference 5 s loop', () => {
	const report: string[] = [];
	afterAll(() => {
		// eslint-disable-next-line no-console -- the comparison table is this test's report
		console.log(report.join('\n'));
	});

	describe.each(RUN_KINDS)('%s run', (kind, makeRun) => {
		it.each([
			['10 s', 10000, 1],
			['2 min', 120000, 0.5],
			['30 min', 1800000, 0.5],
		])('%s: calls within the target, median lag no worse', (label, nominalMs, callRatio) => {
			const { fixed, adaptive: ours } = compare(makeRun, nominalMs);
			report.push(`${kind.padEnd(19)} ${label.padEnd(7)} calls ${ours.calls.toFixed(1)} vs ${fixed.calls.toFixed(1)}, median lag ${(ours.medianLagMs / 1000).toFixed(2)} s vs ${(fixed.medianLagMs / 1000).toFixed(2)} s`);
			expect(ours.calls).toBeLessThanOrEqual(fixed.calls * callRatio);
			ours.callsPerRun.forEach((calls, run) => {
				expect({ run, calls }).toEqual({ run, calls: Math.min(calls, Math.floor(fixed.callsPerRun[run] * callRatio)) });
			});
			expect(ours.medianLagMs).toBeLessThanOrEqual(fixed.medianLagMs);
		});
	});
});

describe('nextPollDelay rules', () => {
	const at = (...points: Array<[number, number]>): ProgressSample[] =>
		points.map(([atMs, progress]) => ({ atMs, progress }));

	it('waits the reference 5 s before the first poll, within the user bounds', () => {
		expect(nextPollDelay([], OPTIONS)).toBe(5000);
		expect(nextPollDelay(at([0, 0]), OPTIONS)).toBe(5000);
		expect(nextPollDelay(at([0, 0]), { minIntervalMs: 8000, maxIntervalMs: 60000 })).toBe(8000);
		expect(nextPollDelay(at([0, 0]), { minIntervalMs: 1000, maxIntervalMs: 3000 })).toBe(3000);
	});

	it('waits half the time gone by while progress is at 0 (60% once known to be running), up to the maximum', () => {
		expect(nextPollDelay(at([0, 0], [5000, 0]), OPTIONS)).toBe(5000);
		expect(nextPollDelay(at([0, 0], [60000, 0]), OPTIONS)).toBe(30000);
		expect(nextPollDelay([{ atMs: 0, progress: 0 }, { atMs: 60000, progress: 0, queued: true }], OPTIONS)).toBe(30000);
		expect(nextPollDelay([{ atMs: 0, progress: 0 }, { atMs: 60000, progress: 0, queued: false }], OPTIONS)).toBe(36000);
		expect(nextPollDelay(at([0, 0], [600000, 0]), OPTIONS)).toBe(60000);
	});

	it('aims just after the estimated finish when it is near', () => {
		expect(nextPollDelay(at([0, 0], [5000, 50]), OPTIONS)).toBe(5250);
		// Rate over the later half of the time since the run left the queue: 30% in 30 s.
		expect(nextPollDelay(at([0, 0], [10000, 0], [40000, 30], [60000, 50], [90000, 80]), OPTIONS)).toBe(20250);
	});

	it('never waits less than the minimum, even when the finish is due', () => {
		expect(nextPollDelay(at([0, 0], [50000, 50], [99000, 99]), OPTIONS)).toBe(2000);
		expect(nextPollDelay(at([0, 0], [50000, 50], [101000, 99.9]), OPTIONS)).toBe(2000);
	});

	it('steps half way to a distant finish, no longer than half the time gone by', () => {
		expect(nextPollDelay(at([0, 0], [60000, 10]), OPTIONS)).toBe(30000);
		expect(nextPollDelay(at([0, 0], [20000, 10], [40000, 40]), OPTIONS)).toBe(20000);
		expect(nextPollDelay(at([0, 0], [5000, 5], [10000, 10]), OPTIONS)).toBe(5000);
	});

	it('when progress stalls, waits until the run could first be done (3x its average rate), then 9 s at most', () => {
		// 40% in 40 s: the other 60% takes at least 20 s.
		expect(nextPollDelay(at([0, 0], [20000, 20], [40000, 40], [42000, 40]), OPTIONS)).toBe(18000);
		expect(nextPollDelay(at([0, 0], [10000, 20], [20000, 40], [60000, 40], [100000, 40]), OPTIONS)).toBe(9000);
	});

	it('polls every 4 s around the finish the average rate predicts, counting from when the run left the queue', () => {
		const queued = (atMs: number): ProgressSample => ({ atMs, progress: 0, queued: true });
		// Left the queue after 10 s, a third done at 40 s: the rest predicted done at about 100 s.
		const oneRecord = [queued(0), queued(10000), { atMs: 20000, progress: 0 }, { atMs: 40000, progress: 33.3 }];
		expect(nextPollDelay([...oneRecord, { atMs: 80000, progress: 33.3 }], OPTIONS)).toBe(9000);
		expect(nextPollDelay([...oneRecord, { atMs: 92000, progress: 33.3 }], OPTIONS)).toBe(4000);
		expect(nextPollDelay([...oneRecord, { atMs: 106000, progress: 33.3 }], OPTIONS)).toBe(9000);
		// Counted from the last sample at 0 instead, the run would seem twice as fast.
		const unqueued = oneRecord.map(({ atMs, progress }) => ({ atMs, progress }));
		expect(nextPollDelay([...unqueued, { atMs: 92000, progress: 33.3 }], OPTIONS)).toBe(9000);
	});

	it('trusts the estimate only after two moves in a row', () => {
		// One move (20% in 10 s): no further than the earliest the other 80% could be done (13.3 s).
		const moving = at([0, 0], [20000, 0], [30000, 20]);
		expect(nextPollDelay(moving, OPTIONS)).toBe(13333);
		// Two: half way to the estimated finish, 30 s away.
		expect(nextPollDelay([...moving, { atMs: 40000, progress: 40 }], OPTIONS)).toBe(15000);
	});

	it('starts the estimate again when progress goes backwards', () => {
		expect(nextPollDelay(at([0, 0], [10000, 50], [20000, 10]), OPTIONS)).toBe(9000);
		expect(nextPollDelay(at([0, 0], [10000, 50], [20000, 10], [25000, 60]), OPTIONS)).toBe(4250);
	});

	it('polls every 2.5 s at 100% until finished, backing off slowly if it drags on', () => {
		expect(nextPollDelay(at([0, 0], [10000, 100]), OPTIONS)).toBe(2500);
		expect(nextPollDelay(at([0, 0], [10000, 100], [70000, 100]), OPTIONS)).toBe(3000);
		expect(nextPollDelay(at([0, 0], [10000, 100], [3610000, 100]), OPTIONS)).toBe(60000);
	});

	it('is pure and always within the bounds', () => {
		let seed = 7;
		const random = () => {
			seed = (seed * 1103515245 + 12345) % 2147483648;
			return seed / 2147483648;
		};
		for (let trial = 0; trial < 2000; trial++) {
			const samples: ProgressSample[] = [];
			let atMs = 0;
			for (let i = Math.floor(random() * 12); i >= 0; i--) {
				atMs += Math.floor(random() * 120000);
				samples.push({ atMs, progress: Math.floor(random() * 1010) / 10 });
			}
			const copy = JSON.parse(JSON.stringify(samples));
			const delay = nextPollDelay(samples, OPTIONS);
			expect(samples).toEqual(copy);
			expect(nextPollDelay(copy, OPTIONS)).toBe(delay);
			expect(Number.isInteger(delay) && delay >= 2000 && delay <= 60000).toBe(true);
		}
	});
});
