import { NodeApiError, type IDataObject, type INodeParameters } from 'n8n-workflow';

import { OVERLAP_MS } from '../../../../nodes/SixtyfourTrigger/helpers/runTracker';
import { SixtyfourTrigger } from '../../../../nodes/SixtyfourTrigger/SixtyfourTrigger.node';
import type { Emulator } from '../../../emulator';
import { seeded } from '../../../support/seeded';
import { durationMs, emittedIds, poll, startRun, startTriggerEmulator, triggerCatalogue } from '../../../harness/kits/triggerTestKit';
import { useEmulator } from '../../../harness/kits/useEmulator';

/** What one activated trigger saw over a sequence of polls. */
class Watcher {
	state: IDataObject = {};
	readonly emitted: string[] = [];
	polls = 0;
	failedPolls = 0;
	largestStateBytes = 0;
	private nodeType = new SixtyfourTrigger();

	constructor(
		private readonly emu: Emulator,
		private readonly parameters: INodeParameters,
		/** A fresh node instance at every poll, as if n8n restarted between each pair of polls. */
		private readonly restartEveryPoll = false,
	) {}

	async poll(): Promise<void> {
		if (this.restartEveryPoll) this.nodeType = new SixtyfourTrigger();
		const result = await poll(this.emu, {
			parameters: this.parameters,
			staticData: this.state,
			nodeType: this.nodeType,
			activation: this.restartEveryPoll && this.polls > 0 ? 'init' : 'activate',
		});
		this.emu.faults.clear();
		this.polls++;
		if (result.error) {
			// Only a failed runs list fails a poll, and then the state stays as it was.
			expect(result.error).toBeInstanceOf(NodeApiError);
			expect(result.staticDataChanged).toBe(false);
			this.failedPolls++;
			return;
		}
		if (!result.staticDataChanged) expect(result.staticData).toEqual(this.state);
		this.state = result.staticData;
		const ids = emittedIds(result);
		// Within a poll, runs come in completion order.
		const times = ids.map((id) => finishTime(this.emu, id));
		expect(times.every((time, i) => i === 0 || time >= times[i - 1])).toBe(true);
		this.emitted.push(...ids);
		this.largestStateBytes = Math.max(this.largestStateBytes, JSON.stringify(this.state).length);
	}

	/** Polls until two polls in a row bring nothing (at most 30 polls: a trigger that repeats runs never gets quiet). */
	async drain(): Promise<void> {
		for (let quiet = 0, polls = 0; quiet < 2 && polls < 30; polls++) {
			const before = this.emitted.length;
			await this.poll();
			quiet = this.emitted.length === before ? quiet + 1 : 0;
			this.emu.clock.advance(60_000);
		}
	}
}

const finishTime = (emu: Emulator, jobId: string) => {
	const entry = emu.getRun(jobId)!.listEntry;
	return Date.parse((entry.completed_at ?? entry.updated_at) as string);
};

/** Every run of `started` that ended in one of `events` was emitted exactly once, and nothing else was. */
function expectExactlyOnce(emu: Emulator, started: string[], emitted: string[], events: string[]): void {
	const expected = started.filter((id) => events.includes(emu.getRun(id)!.state.status));
	const counts = new Map<string, number>();
	for (const id of emitted) counts.set(id, (counts.get(id) ?? 0) + 1);
	expect({
		duplicates: [...counts.entries()].filter(([, count]) => count > 1).map(([id]) => id),
		missing: expected.filter((id) => !counts.has(id)),
		unexpected: emitted.filter((id) => !expected.includes(id)),
	}).toEqual({ duplicates: [], missing: [], unexpected: [] });
	expect(emitted).toHaveLength(expected.length);
}

const metadataOnly = { events: ['completed'], includeResults: false, runsPerPoll: 100 };

describe('a long run behind many shorter runs queued after it', () => {
	let emu: Emulator;
	beforeEach(async () => {
		emu = await startTriggerEmulator();
	});
	afterEach(async () => await emu.close());

	it.each([
		{ behind: 120, seed: 1 },
		{ behind: 120, seed: 2 },
		{ behind: 620, seed: 3 },
		{ behind: 620, seed: 4 },
	])('fires once when $behind runs queued behind it finish first (seed $seed)', async ({ behind, seed }) => {
		const random = seeded(seed);
		const watcher = new Watcher(emu, metadataOnly, seed % 2 === 0);
		await watcher.poll();
		const long = startRun(emu, 'wf_lead', 400, 'long');
		const started = [long];
		emu.clock.advance(5000);
		await watcher.poll();
		// Shorter runs are queued behind it, fewer than 100 between two polls (the documented window
		// holds them), and all of them finish long before it.
		while (started.length <= behind) {
			const count = Math.min(behind + 1 - started.length, 30 + Math.floor(random() * 60));
			for (let i = 0; i < count; i++) started.push(startRun(emu, 'wf_company', Math.floor(random() * 4), `short${started.length}`));
			emu.clock.advance(60_000);
			await watcher.poll();
		}
		expect(emu.getRun(long)!.state.status).toBe('running');
		emu.clock.advance(durationMs(400));
		await watcher.drain();
		expectExactlyOnce(emu, started, watcher.emitted, ['completed']);
		expect(watcher.emitted.slice(-1)).toEqual([long]);
	});
});

describe('more runs queued between two polls than the largest page holds', () => {
	let emu: Emulator;
	useEmulator({ catalogue: triggerCatalogue(), clock: { mode: 'manual' } }, (started) => (emu = started));

	it('still finds the runs in flight among them, and escapes only runs that started and finished in between', async () => {
		const watcher = new Watcher(emu, metadataOnly);
		await watcher.poll();
		const long = startRun(emu, 'wf_lead', 400, 'long');
		const quick = Array.from({ length: 150 }, (_, i) => startRun(emu, 'wf_company', 0, `quick${i}`));
		const slower = Array.from({ length: 450 }, (_, i) => startRun(emu, 'wf_company', 30 + (i % 7), `slower${i}`));
		emu.clock.advance(60_000);
		expect(quick.every((id) => emu.getRun(id)!.state.status === 'completed')).toBe(true);
		expect([long, ...slower].every((id) => emu.getRun(id)!.state.status === 'running')).toBe(true);
		await watcher.poll();
		emu.clock.advance(durationMs(400));
		await watcher.drain();

		// The documented escapes: quick runs queued and finished between two polls with more than
		// 500 runs queued after them. The runs still in flight at the poll all fire.
		const escaped = quick.filter((id) => !watcher.emitted.includes(id));
		expect(escaped).toEqual(quick.slice(0, 100));
		expectExactlyOnce(emu, [long, ...quick.slice(100), ...slower], watcher.emitted, ['completed']);
	});
});

interface Scenario {
	seed: number;
	runs: number;
	parameters: INodeParameters;
	events: string[];
	restartEveryPoll: boolean;
}

/**
 * Runs of random sizes start a few at a time (so they finish out of queue order), and the clock
 * moves on by about a minute between polls. A run's completion may show in the runs list up to
 * two minutes late (some runs: longer than the overlap window), so completions turn up out of
 * completion order. Now and then a burst of runs
 * finishes in one millisecond, a run is cancelled, or a poll meets a fault (the runs list, the
 * links or the storage host refusing, a live status failing).
 */
async function play(emu: Emulator, scenario: Scenario): Promise<{ started: string[]; watcher: Watcher }> {
	const random = seeded(scenario.seed);
	const pick = <T>(choices: T[]) => choices[Math.floor(random() * choices.length)];
	const watcher = new Watcher(emu, scenario.parameters, scenario.restartEveryPoll);
	const started: string[] = [];
	const start = (workflow: string, size: number) => {
		const id = startRun(emu, workflow, size, `r${started.length}`);
		const lag = random();
		if (lag < 0.4) emu.setVisibilityLag(id, Math.floor(random() * 120_000));
		// Longer than the overlap window: only watching it in flight catches its completion.
		else if (lag < 0.45) emu.setVisibilityLag(id, OVERLAP_MS + Math.floor(random() * 20 * 60_000));
		started.push(id);
	};

	await watcher.poll();
	while (started.length < scenario.runs) {
		if (random() < 0.08) {
			// A burst: runs of the same size queued together finish in the same millisecond.
			const size = Math.floor(random() * 3);
			for (let i = 0; i < 12; i++) start('wf_inline', size);
		}
		for (let count = Math.floor(random() * 12); count > 0; count--) {
			start(pick(['wf_lead', 'wf_lead', 'wf_company', 'wf_inline', 'wf_failing']), Math.floor(random() * 40));
		}
		if (random() < 0.05) {
			const victim = started[started.length - 1 - Math.floor(random() * Math.min(10, started.length))];
			await fetch(`${emu.baseUrl}/workflows/cancel?job_id=${victim}`, { method: 'POST', headers: { 'x-api-key': emu.apiKey } });
		}
		emu.clock.advance(45_000 + Math.floor(random() * 30_000));

		const fault = random();
		if (watcher.polls % 10 === 5) emu.faults.add({ route: 'runs', type: 'status', status: 403 });
		else if (fault < 0.1) emu.faults.add({ route: 'download_links', type: 'status', status: 403 });
		else if (fault < 0.14) emu.faults.add({ route: 'storage', type: 'status', status: 403, times: 2 });
		else if (fault < 0.18) emu.faults.add({ route: 'live_status', type: 'status', status: 500, times: 3 });
		await watcher.poll();
	}
	emu.clock.advance(60 * 60_000);
	await watcher.drain();
	return { started, watcher };
}

describe.each<Scenario>([
	{
		seed: 20260212,
		runs: 500,
		events: ['completed', 'failed', 'cancelled'],
		parameters: { events: ['completed', 'failed', 'cancelled'], maxRowsPerRun: 1, runsPerPoll: 40 },
		restartEveryPoll: false,
	},
	{
		seed: 64,
		runs: 500,
		events: ['completed'],
		parameters: { events: ['completed'], includeResults: false, runsPerPoll: 25 },
		restartEveryPoll: true,
	},
	{
		seed: 7,
		runs: 400,
		events: ['failed', 'cancelled'],
		parameters: { events: ['failed', 'cancelled'], includeResults: false, runsPerPoll: 10 },
		restartEveryPoll: true,
	},
	// More seeds, shorter sequences: each varies the page size, the events and restarts.
	...[11, 12, 13, 14, 15, 16, 17, 18].map((seed): Scenario => ({
		seed,
		runs: 150,
		events: seed % 3 === 0 ? ['completed', 'failed'] : ['completed'],
		parameters: { events: seed % 3 === 0 ? ['completed', 'failed'] : ['completed'], includeResults: false, runsPerPoll: 5 + (seed % 4) * 10 },
		restartEveryPoll: seed % 2 === 0,
	})),
])('exactly once (seed $seed, events $events, restart every poll: $restartEveryPoll)', (scenario) => {
	let emu: Emulator;
	useEmulator({ catalogue: triggerCatalogue(), clock: { mode: 'manual' } }, (started) => (emu = started));

	it('emits every finished run of the events once, with a state bounded by the runs in flight', async () => {
		const { started, watcher } = await play(emu, scenario);
		expectExactlyOnce(emu, started, watcher.emitted, scenario.events);
		// The sequence tested what it claims: faults failed polls, runs turned up late, runs finished together.
		expect(watcher.failedPolls).toBeGreaterThan(0);
		const lagged = started.filter((id) => (emu.getRun(id)!.visibilityLagMs ?? 0) > 60_000);
		expect(lagged.length).toBeGreaterThan(10);
		const instants = started.map((id) => finishTime(emu, id));
		expect(new Set(instants).size).toBeLessThan(instants.length);
		expect(watcher.largestStateBytes).toBeLessThan(40_000);
	});
});
