// @ts-check
// The polling trigger loses no run, inside real n8n: a long run with 120 shorter runs queued behind
// it, which all finish first (more than one page of "Runs per Poll"), and n8n killed and started
// again between two polls while the long run is still going. Each of the 121 runs must start the
// workflow exactly once.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isTriggerPoll } from './activated-trigger.mjs';
import { pause, readExample } from './session.mjs';

const SHORT_RUNS = 120;
/** At the session's clock (x60) the long run takes about 3 minutes of wall time: three of n8n's polls. */
const LONG_WORKFLOW = {
	id: 'wf_e2e_long',
	name: 'Long Enrichment',
	source: /** @type {const} */ ('webhook'),
	blocks: ['webhook', 'enrich_company'],
	timing: { queueMs: 60_000, blockBaseMs: 90 * 60_000, perRowMs: 0 },
};
/** n8n polls once a minute; a restart and a few polls fit in this. */
const STEP_TIMEOUT_MS = 240_000;

/**
 * @typedef {{ runs: number, fired: number, duplicates: number, executions: number }} CompletenessFigures
 * @param {() => import('./session.mjs').Session} session
 * @param {{ onFigures?: (figures: CompletenessFigures) => void }} [options] onFigures: called with
 *   the figures once every assertion has passed (the durable-scheduler leg writes them to a file)
 */
export function triggerCompletenessTests(session, { onFigures } = {}) {
	test(`Sixtyfour Trigger activated: a long run behind ${SHORT_RUNS} shorter ones, and n8n killed between two polls: each run fires once`, async () => {
		const { n8n, emu, say, credential } = session();
		emu.addWorkflow(LONG_WORKFLOW);
		const workflow = readExample('process-finished-runs');
		workflow.name = 'Sixtyfour: every run once';
		Object.assign(workflow.nodes[0].parameters, { includeResults: false, output: 'run' });
		const { id: workflowId } = await n8n.client.createWorkflow(workflow, { credentials: { sixtyfourApi: credential } });

		/** Polls answered since `since` (emulated time). */
		const pollsSince = (/** @type {number} */ since) => emu.requests.filter((r) => isTriggerPoll(r) && r.status === 200 && r.time > since).length;
		/** @param {number} count @param {number} since */
		const waitForPolls = async (count, since) => {
			const deadline = Date.now() + STEP_TIMEOUT_MS;
			while (pollsSince(since) < count) {
				assert.ok(Date.now() < deadline, `n8n polled ${pollsSince(since)} of ${count} times in time`);
				await pause(1000);
			}
		};

		const activatedAt = emu.clock.now();
		await n8n.client.activateWorkflow(workflowId);
		await waitForPolls(1, activatedAt);

		const long = emu.startRun(LONG_WORKFLOW.id, { webhook_payload: [{ company_name: 'Long Co', website: 'long.example' }] }).job_id;
		const short = Array.from(
			{ length: SHORT_RUNS },
			(_, i) => emu.startRun('wf_company_enrichment', { webhook_payload: [{ company_name: `Short ${i}`, website: `short-${i}.example` }] }).job_id,
		);
		say(`long run ${long} queued, then ${SHORT_RUNS} shorter runs behind it`);

		/** @type {Map<string, string[]>} job ids each trigger execution carried */
		const fired = new Map();
		const readExecutions = async () => {
			for (const summary of await n8n.client.getExecutions({ workflowId })) {
				if (fired.has(summary.id) || !['success', 'error', 'crashed'].includes(summary.status)) continue;
				const execution = await n8n.client.getExecution(summary.id);
				assert.equal(execution.status, 'success', JSON.stringify(execution.error ?? execution.nodes));
				fired.set(summary.id, execution.nodes['Sixtyfour Trigger'].outputs[0].map((/** @type {any} */ item) => String(item.job_id)));
			}
		};
		const firedIds = () => [...fired.values()].flat();
		/** @param {string[]} ids */
		const waitUntilFired = async (ids) => {
			const deadline = Date.now() + STEP_TIMEOUT_MS;
			while (!ids.every((id) => firedIds().includes(id))) {
				assert.ok(Date.now() < deadline, `fired ${firedIds().filter((id) => ids.includes(id)).length} of ${ids.length} runs in time`);
				await pause(2000);
				await readExecutions();
			}
		};

		await waitUntilFired(short);
		assert.equal(emu.getRun(long)?.state.status, 'running');
		assert.ok(!firedIds().includes(long));
		say(`${SHORT_RUNS} shorter runs fired in ${fired.size} execution(s); killing n8n while the long run goes on`);

		await n8n.restart('SIGKILL');
		say('n8n started again');
		await waitUntilFired([long]);
		say(`long run fired (${emu.getRun(long)?.listEntry.completed_at}); waiting for one more poll to see that none fires twice`);
		await waitForPolls(1, emu.clock.now());
		await pause(3000);
		await readExecutions();

		const counts = new Map();
		for (const id of firedIds()) counts.set(id, (counts.get(id) ?? 0) + 1);
		const expected = [long, ...short];
		assert.deepEqual({
			missing: expected.filter((id) => !counts.has(id)),
			duplicates: [...counts].filter(([, count]) => count > 1).map(([id]) => id),
			unexpected: [...counts.keys()].filter((id) => !expected.includes(id)),
		}, { missing: [], duplicates: [], unexpected: [] });
		say(`runs expected ${expected.length}, fired ${counts.size}, duplicates 0, in ${fired.size} executions`);
		await n8n.client.deactivateWorkflow(workflowId);
		onFigures?.({ runs: expected.length, fired: counts.size, duplicates: 0, executions: fired.size });
	});
}
