// @ts-check
'use strict';

// 2 (continued). Many runs waited on at once in one process: the node's waits (waitForRun on the
// shared status check, helpers/sharedStatusCheck) against the emulator over HTTP, on its manual
// clock. A small scheduler moves the emulated clock to the next wake-up once every wait is asleep,
// so 100 waits of 30 minutes take seconds and every figure is exact.
const { requireCompiled } = require('./compiled');
const { median, quantile } = require('./stats');
const { startEmulator } = require('../test/emulator');
const { previousWait } = require('./previousSchedule');

const N_VALUES = [1, 10, 100];
const DURATIONS_MS = [120_000, 1_800_000];
const RATE_LIMIT_PER_MINUTE = 600;
const RATE_LIMIT_RUNS = 100;
const BLOCKS = ['webhook', 'enrich_company', 'find_email'];
const TIMEOUT_MS = 2 * 3_600_000;
/** Emulated instants at which the runs start, spread over the shared checks' 9 s beat, so that lags
 * cover where a run's end falls between two checks. */
const START_PHASES_MS = Array.from({ length: 8 }, (_, k) => k * 1125);

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

/**
 * Sleeping on the emulated clock for many concurrent tasks: once every task is asleep (none is
 * waiting for an answer), the clock jumps to the earliest wake-up.
 * @param {{ now(): number, advance(ms: number): number }} clock
 */
function emulatedTime(clock) {
	/** @type {Array<{ at: number, wake: () => void }>} */
	const sleepers = [];
	let active = 0;
	let scheduled = false;
	function settle() {
		if (scheduled) return;
		scheduled = true;
		setImmediate(() => {
			scheduled = false;
			if (active === 0 || sleepers.length < active) return;
			sleepers.sort((a, b) => a.at - b.at);
			const at = sleepers[0].at;
			if (at > clock.now()) clock.advance(at - clock.now());
			while (sleepers.length && sleepers[0].at <= at) /** @type {{ wake: () => void }} */ (sleepers.shift()).wake();
		});
	}
	return {
		/** @template T @param {() => Promise<T>} task */
		async run(task) {
			active++;
			try {
				return await task();
			} finally {
				active--;
				settle();
			}
		},
		/** @param {number} ms */
		sleep(ms) {
			return new Promise((resolve) => {
				sleepers.push({ at: clock.now() + ms, wake: () => resolve(true) });
				settle();
			});
		},
	};
}

/**
 * @param {import('../test/emulator').Emulator} emu
 * @param {ReturnType<typeof emulatedTime>} time
 */
function requestsTo(emu, time) {
	/** @param {string} path */
	const get = async (path) => {
		for (;;) {
			const answer = await fetch(`${emu.baseUrl}${path}`, { headers: { 'x-api-key': emu.apiKey } });
			// As the node's transport does: wait what Retry-After says, then ask again.
			if (answer.status === 429) {
				await answer.arrayBuffer();
				await time.sleep(Number(answer.headers.get('retry-after')) * 1000);
				continue;
			}
			if (answer.status !== 200) throw new Error(`${path} answered ${answer.status}`);
			return await answer.json();
		}
	};
	return {
		listRuns: async () => await get('/workflows/runs?limit=500'),
		/** @param {string} runId */
		liveStatus: async (runId) => await get(`/workflows/runs/${runId}/live_status`),
	};
}

/**
 * Starts `n` runs of `durationMs` at once and waits for them the way `mode` says (`before`: each
 * polling its own live status on the wait as released before the shared check); counts the
 * requests the emulator let through and refused, and each run's lag (its end to the check that saw it).
 * @param {{ n: number, durationMs: number, mode: 'executions' | 'split' | 'before', schedule: any, rateLimitPerMinute?: number, phaseMs: number }} scenario
 */
async function measureScenario({ n, durationMs, mode, schedule, rateLimitPerMinute, phaseMs }) {
	const { waitForRun } = requireCompiled('nodes/Sixtyfour/helpers/waitForRun');
	const { SharedStatusCheck } = requireCompiled('nodes/Sixtyfour/helpers/sharedStatusCheck');
	const emu = await startEmulator({ recordRequests: false, catalogue: [workflowLasting(durationMs)], rateLimitPerMinute });
	try {
		const time = emulatedTime(emu.clock);
		const requests = requestsTo(emu, time);
		const check = new SharedStatusCheck();
		emu.clock.advance(phaseMs);
		const startedAtMs = emu.clock.now();
		const runIds = Array.from({ length: n }, (_, k) => emu.startRun(`wf_${durationMs}ms`, { webhook_payload: [{ company_name: `Company ${k}` }] }).job_id);
		/** @type {Map<string, number>} */
		const seenAt = new Map();
		/** @param {string} runId */
		const wait = async (runId) => {
			let lastSeenAt = -Infinity;
			check.join(runId);
			const checkStatus = async () => {
				const seen =
					mode === 'before'
						? { status: await requests.liveStatus(runId), atMs: emu.clock.now() }
						: await check.check(runId, requests, { now: () => emu.clock.now(), reuseWithinMs: schedule.minIntervalMs, newerThanMs: lastSeenAt });
				lastSeenAt = seen.atMs;
				return seen;
			};
			const deps = { sleep: (/** @type {number} */ ms) => time.sleep(ms), now: () => emu.clock.now() };
			if (mode === 'before') {
				const fetchStatus = async () => (await checkStatus()).status;
				await previousWait({ ...deps, fetchStatus }, schedule, startedAtMs);
			} else {
				const outcome = await waitForRun({ ...deps, checkStatus }, { timeoutMs: TIMEOUT_MS, schedule, startedAtMs });
				if (outcome.kind !== 'finished') throw new Error(`run ${runId} ${outcome.kind}`);
			}
			check.leave(runId);
			seenAt.set(runId, lastSeenAt);
		};
		if (mode === 'split') {
			// One execution: every run started first, then waited for one after the other.
			await time.run(async () => {
				for (const runId of runIds) check.join(runId);
				for (const runId of runIds) await wait(runId);
			});
		} else {
			await Promise.all(runIds.map((runId) => time.run(async () => await wait(runId))));
		}
		const lags = runIds.map((runId) => /** @type {number} */ (seenAt.get(runId)) - Date.parse(/** @type {string} */ (emu.getRun(runId)?.liveStatus.completed_at)));
		const counts = emu.requestCounts().get(emu.apiKey) ?? { accepted: 0, refused: 0 };
		return { requests: counts.accepted, refused: counts.refused, noticed: seenAt.size, lags };
	} finally {
		await emu.close();
	}
}

/**
 * A scenario at every start phase: requests are the mean over the phases, refusals and runs noticed
 * the totals, lags those of every run of every phase.
 * @param {Omit<Parameters<typeof measureScenario>[0], 'phaseMs'>} scenario
 */
async function measurePhases(scenario) {
	const phases = [];
	for (const phaseMs of START_PHASES_MS) phases.push(await measureScenario({ ...scenario, phaseMs }));
	const lags = phases.flatMap((phase) => phase.lags);
	const total = (/** @type {'requests' | 'refused' | 'noticed'} */ key) => phases.reduce((sum, phase) => sum + phase[key], 0);
	return {
		n: scenario.n,
		durationMs: scenario.durationMs,
		mode: scenario.mode,
		phases: phases.length,
		requests: total('requests') / phases.length,
		refused: total('refused'),
		noticed: total('noticed'),
		medianLagMs: median(lags),
		p90LagMs: quantile(lags, 0.9),
		maxLagMs: Math.max(...lags),
	};
}

/** @param {{ minIntervalMs: number, maxIntervalMs: number }} schedule */
async function benchSharedWaits(schedule) {
	const { SHARED_CHECK_INTERVAL_MS, SHARED_PROGRESS_EVERY_MS } = requireCompiled('nodes/Sixtyfour/helpers/sharedStatusCheck');
	const runs = [];
	for (const durationMs of DURATIONS_MS) {
		const single = await measurePhases({ n: 1, durationMs, mode: 'executions', schedule });
		for (const n of N_VALUES) {
			for (const mode of /** @type {const} */ (['executions', 'split'])) {
				const figures = n === 1 ? single : await measurePhases({ n, durationMs, mode, schedule });
				if (n === 1 && mode === 'split') continue;
				runs.push({ ...figures, singleRequests: single.requests, requestsRatio: figures.requests / single.requests });
			}
		}
	}
	const rateLimit = [];
	for (const durationMs of DURATIONS_MS) {
		const scenario = { n: RATE_LIMIT_RUNS, durationMs, schedule, rateLimitPerMinute: RATE_LIMIT_PER_MINUTE };
		rateLimit.push({
			perMinute: RATE_LIMIT_PER_MINUTE,
			runs: RATE_LIMIT_RUNS,
			durationMs,
			shared: await measurePhases({ ...scenario, mode: 'executions' }),
			before: await measurePhases({ ...scenario, mode: 'before' }),
		});
	}
	return { shared: { runs, phasesMs: START_PHASES_MS, sharedIntervalMs: SHARED_CHECK_INTERVAL_MS, progressEveryMs: SHARED_PROGRESS_EVERY_MS }, rateLimit };
}

module.exports = { benchSharedWaits, workflowLasting };
