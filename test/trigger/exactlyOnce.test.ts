import { NodeApiError, type IDataObject, type INodeParameters } from 'n8n-workflow';

import { SixtyfourTrigger } from '../../nodes/SixtyfourTrigger/SixtyfourTrigger.node';
import type { Emulator } from '../emulator';
import { emittedIds, poll, startRun, startTriggerEmulator } from './triggerTestKit';

/** A small seeded generator (mulberry32), so that a failing sequence can be replayed. */
function seeded(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

interface Scenario {
	seed: number;
	runs: number;
	parameters: INodeParameters;
	events: string[];
}

interface Outcome {
	started: string[];
	emitted: string[];
	polls: number;
	failedPolls: number;
	partialPolls: number;
	widenedPolls: number;
	largestStateBytes: number;
}

/**
 * Runs of random sizes start a few at a time (so they finish out of queue order), the clock moves
 * on by a few seconds, and the trigger polls. Now and then a poll meets a fault (the runs list, the
 * links or the storage host refusing), n8n restarts (a fresh node instance), a run is cancelled,
 * or a burst of runs finishes between two polls. The state goes from poll to poll as n8n stores
 * it, and is kept unchanged after a poll that failed.
 *
 * Runs take 3 s to 25 s, at most 9 start per step and every step moves the clock 3 s or more, so
 * fewer runs than a page holds are queued while one run is in progress: the documented window of
 * the runs list.
 */
async function play(emu: Emulator, scenario: Scenario): Promise<Outcome> {
	const random = seeded(scenario.seed);
	const pick = <T>(choices: T[]) => choices[Math.floor(random() * choices.length)];
	const outcome: Outcome = { started: [], emitted: [], polls: 0, failedPolls: 0, partialPolls: 0, widenedPolls: 0, largestStateBytes: 0 };
	let nodeType = new SixtyfourTrigger();
	let state: IDataObject = {};

	const pollOnce = async (restarted = false) => {
		const result = await poll(emu, {
			parameters: scenario.parameters,
			staticData: state,
			nodeType,
			activation: restarted ? 'init' : 'activate',
		});
		emu.faults.clear();
		outcome.polls++;
		if (result.logs.some((line) => line.message.includes('fetching the largest page'))) outcome.widenedPolls++;
		if (result.error) {
			expect(result.error).toBeInstanceOf(NodeApiError);
			expect(result.staticDataChanged).toBe(false);
			outcome.failedPolls++;
			return result;
		}
		if (result.logs.some((line) => line.level === 'error')) outcome.partialPolls++;
		if (!result.staticDataChanged) expect(result.staticData).toEqual(state);
		state = result.staticData;
		outcome.emitted.push(...emittedIds(result));
		outcome.largestStateBytes = Math.max(outcome.largestStateBytes, JSON.stringify(state).length);
		return result;
	};

	await pollOnce();
	expect(outcome.emitted).toEqual([]);

	let nextBurst = 250;
	while (outcome.started.length < scenario.runs) {
		if (outcome.started.length >= nextBurst) {
			// Everything in progress finishes unobserved, then a burst of short runs: many more finished
			// runs between two polls than one page holds.
			nextBurst += 350;
			emu.clock.advance(10 * 60_000);
			for (let i = 0; i < 150; i++) outcome.started.push(startRun(emu, pick(['wf_lead', 'wf_inline', 'wf_failing']), Math.floor(random() * 3), `burst${i}`));
			emu.clock.advance(30_000);
		} else {
			const count = Math.floor(random() * 10);
			for (let i = 0; i < count; i++) {
				const workflow = pick(['wf_lead', 'wf_lead', 'wf_company', 'wf_inline', 'wf_failing']);
				outcome.started.push(startRun(emu, workflow, Math.floor(random() * 11), `r${outcome.started.length}`));
			}
			if (random() < 0.05 && outcome.started.length > 0) {
				const victim = outcome.started[outcome.started.length - 1 - Math.floor(random() * Math.min(10, outcome.started.length))];
				await fetch(`${emu.baseUrl}/workflows/cancel?job_id=${victim}`, { method: 'POST', headers: { 'x-api-key': emu.apiKey } });
			}
			emu.clock.advance(3000 + Math.floor(random() * 12_000));
		}

		const fault = random();
		if (fault < 0.06) emu.faults.add({ route: 'runs', type: 'status', status: 403 });
		else if (fault < 0.12) {
			// Refuses the links of the first, second or third run the poll reads.
			for (let skip = Math.floor(random() * 3); skip > 0; skip--) emu.faults.add({ route: 'download_links', type: 'latency', ms: 0 });
			emu.faults.add({ route: 'download_links', type: 'status', status: 403 });
		}
		else if (fault < 0.18) emu.faults.add({ route: 'storage', type: 'status', status: 403, times: 2 });
		else if (fault < 0.21) emu.faults.add({ route: 'download_links', type: 'status', status: 503, retryAfter: '0' });
		const restarted = random() < 0.05;
		if (restarted) nodeType = new SixtyfourTrigger();
		await pollOnce(restarted);
	}

	// Let everything finish, then poll until two polls in a row bring nothing.
	emu.clock.advance(60 * 60_000);
	let quiet = 0;
	while (quiet < 2) {
		const result = await pollOnce();
		quiet = result.items === null && !result.error ? quiet + 1 : 0;
	}
	return outcome;
}

const finishTime = (emu: Emulator, jobId: string) => {
	const entry = emu.getRun(jobId)!.listEntry;
	return Date.parse((entry.completed_at ?? entry.updated_at) as string);
};

describe.each<Scenario>([
	{
		seed: 20260212,
		runs: 1000,
		events: ['completed', 'failed', 'cancelled'],
		parameters: { events: ['completed', 'failed', 'cancelled'], maxRowsPerRun: 2, runsPerPoll: 100 },
	},
	{
		seed: 64,
		runs: 1200,
		events: ['completed'],
		parameters: { events: ['completed'], includeResults: false, runsPerPoll: 100 },
	},
])('exactly once (seed $seed, events $events)', (scenario) => {
	let emu: Emulator;
	beforeAll(async () => {
		emu = await startTriggerEmulator();
	});
	afterAll(async () => await emu.close());

	it('emits every finished run of the events once, in completion order, with a small state', async () => {
		const outcome = await play(emu, scenario);
		const expected = outcome.started.filter((id) => scenario.events.includes(emu.getRun(id)!.state.status));

		const counts = new Map<string, number>();
		for (const id of outcome.emitted) counts.set(id, (counts.get(id) ?? 0) + 1);
		expect([...counts.entries()].filter(([, count]) => count > 1)).toEqual([]);
		expect(expected.filter((id) => !counts.has(id))).toEqual([]);
		expect(outcome.emitted.filter((id) => !expected.includes(id))).toEqual([]);
		expect(outcome.emitted).toHaveLength(expected.length);

		const times = outcome.emitted.map((id) => finishTime(emu, id));
		expect(times.every((time, i) => i === 0 || time >= times[i - 1])).toBe(true);

		// Faults, partial polls, restarts and bursts all happened, so the sequence tested what it claims.
		expect(outcome.failedPolls).toBeGreaterThan(5);
		expect(outcome.widenedPolls).toBeGreaterThanOrEqual(3);
		if (scenario.parameters.includeResults !== false) expect(outcome.partialPolls).toBeGreaterThan(5);
		expect(new Set(expected.map((id) => emu.getRun(id)!.state.status))).toEqual(new Set(scenario.events));
		expect(outcome.largestStateBytes).toBeLessThan(2048);
	});
});
