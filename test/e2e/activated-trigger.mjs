// @ts-check
// examples/process-finished-runs.json activated: n8n polls the Sixtyfour Trigger every minute, and
// each run that completes after activation must start the workflow exactly once, with its rows.
// Activation comes first and the check last, so the other examples' runs are what it fires on and
// the wait for n8n's minute overlaps with them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { finalRows, withoutRunMetadata } from './emulator-results.mjs';
import { pause } from './session.mjs';

/** n8n polls once a minute; the first poll after the last completion and one more fit in this. */
const FIRE_TIMEOUT_MS = 150_000;

const BASELINE_TIMEOUT_MS = 30_000;

/**
 * A poll's first request: the runs list at the default "Runs per Poll", without a status filter
 * (the credential test and the workflow list search ask for other limits).
 * @param {{ path: string, query: Record<string, unknown> }} request
 */
export const isTriggerPoll = (request) => request.path === '/workflows/runs' && request.query.limit === '100' && request.query.status === undefined;

/** @param {() => import('./session.mjs').Session} session */
export function activatedTrigger(session) {
	/** @type {string | undefined} */
	let workflowId;

	return {
		activateTest() {
			test('Sixtyfour Trigger activated: activation polls once and records a baseline', async () => {
				const { n8n, emu, say, importExample } = session();
				workflowId = await importExample('process-finished-runs');
				const polls = emu.requests.length;
				await n8n.client.activateWorkflow(workflowId);
				const workflow = await n8n.client.getWorkflow(workflowId);
				assert.equal(workflow.active, true);
				// The first poll records the baseline; n8n may make it after answering the activation.
				const deadline = Date.now() + BASELINE_TIMEOUT_MS;
				while (!emu.requests.slice(polls).some((r) => isTriggerPoll(r) && r.status === 200)) {
					assert.ok(Date.now() < deadline, `no poll within ${BASELINE_TIMEOUT_MS / 1000} s of activation`);
					await pause(250);
				}
				say(`"process finished runs" active (workflow ${workflowId}); n8n polls it every minute`);
			});
		},

		/** @param {() => string[]} completedRuns every run that completed after activation */
		firedTest(completedRuns) {
			test('Sixtyfour Trigger activated: each completed run fires once, with its rows', async () => {
				const { n8n, emu, say } = session();
				assert.ok(workflowId, 'needs the activation test');
				const expectedRuns = completedRuns();
				assert.ok(expectedRuns.length > 0, 'needs runs completed by the other examples');
				const deadline = Date.now() + FIRE_TIMEOUT_MS;
				say(`waiting (at most ${FIRE_TIMEOUT_MS / 1000} s) for the trigger to fire on ${expectedRuns.join(', ')}`);

				/** @type {Map<string, Array<Record<string, unknown>>>} */
				const itemsByExecution = new Map();
				const readNewExecutions = async () => {
					for (const summary of await n8n.client.getExecutions({ workflowId })) {
						if (itemsByExecution.has(summary.id) || !['success', 'error', 'crashed'].includes(summary.status)) continue;
						const execution = await n8n.client.getExecution(summary.id);
						assert.equal(execution.status, 'success', JSON.stringify(execution.error ?? execution.nodes));
						assert.equal(execution.mode, 'trigger');
						const items = execution.nodes['Sixtyfour Trigger'].outputs[0];
						assert.deepEqual(execution.nodes['Process Rows'].outputs[0], items);
						itemsByExecution.set(summary.id, items);
						say(`trigger execution ${summary.id}: ${items.length} items from ${[...new Set(items.map((i) => i.sixtyfour_job_id))].join(', ')}`);
					}
				};
				const firedRuns = () => new Set([...itemsByExecution.values()].flat().map((i) => String(i.sixtyfour_job_id)));

				while (!expectedRuns.every((jobId) => firedRuns().has(jobId))) {
					assert.ok(Date.now() < deadline, `the trigger fired only for ${[...firedRuns()].join(', ') || 'nothing'} in time`);
					await pause(2000);
					await readNewExecutions();
				}

				// Exactly once: one more poll must come and go without firing again.
				const coveredAt = emu.clock.now();
				const isLaterPoll = (/** @type {{ path: string, query: Record<string, unknown>, time: number, status: number | null }} */ r) =>
					isTriggerPoll(r) && r.time > coveredAt && r.status === 200;
				say('all fired; waiting for one more poll to see that none fires twice');
				while (!emu.requests.some(isLaterPoll)) {
					assert.ok(Date.now() < deadline, 'n8n polled no more within the time limit');
					await pause(2000);
				}
				await pause(3000);
				await readNewExecutions();

				const items = [...itemsByExecution.values()].flat();
				assert.deepEqual([...firedRuns()].sort(), [...expectedRuns].sort());
				for (const jobId of expectedRuns) {
					const rows = items.filter((i) => i.sixtyfour_job_id === jobId);
					assert.deepEqual(rows.map(withoutRunMetadata), await finalRows(emu, jobId), `rows of ${jobId}`);
				}
				say(`fired ${itemsByExecution.size} time(s), ${items.length} items, each run once`);
				await n8n.client.deactivateWorkflow(workflowId);
			});
		},
	};
}
