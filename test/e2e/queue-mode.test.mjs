// @ts-check
// The package inside n8n 2.41 in queue mode: PostgreSQL, Redis, n8n main and two `n8n worker`
// processes, each with the package in its own user folder (queue-mode-session.mjs). Run by
// scripts/e2e.mjs (`npm run test:e2e -- queue` alone); by hand, with n8n installed already:
//   node --test-reporter=spec test/e2e/queue-mode.test.mjs
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { isTriggerPoll } from './activated-trigger.mjs';
import { enrichCompaniesTests } from './enrich-companies.mjs';
import { finalRows, listRuns, waitUntilFinished, withoutRunMetadata } from './emulator-results.mjs';
import { queueModeFigures } from './queue-mode-figures.mjs';
import { WORKERS, WORKFLOWS, activateWebhook, enrichVariant, postBurst, startQueueSession, webhookEnrichWorkflow, workersThatRan } from './queue-mode-session.mjs';
import { pause, readExample } from './session.mjs';
import { checkWebhookRestarts } from './webhook-restart.mjs';
import { activateWebhookExample, checkWebhookRuns, startWebhookRuns } from './webhook-trigger.mjs';

const BURST = 20;
/** n8n polls once a minute: a restart, the poll at activation and one more fit in this. */
const TRIGGER_TIMEOUT_MS = 240_000;

describe('inside n8n 2.41.0 in queue mode (main + 2 workers, PostgreSQL, Redis)', () => {
	/** @type {import('./queue-mode-session.mjs').QueueSession | undefined} */
	let current;
	const session = () => {
		if (!current) throw new Error('the queue-mode set-up did not start');
		return current;
	};
	before(async () => (current = await startQueueSession()), { timeout: 900_000 });
	after(async () => await current?.stop());

	/** Executions of the workflow, newest first, each checked to have run on exactly one worker. */
	const onOneWorkerEach = async (/** @type {string} */ workflowId) => {
		const executions = await session().n8n.client.getExecutions({ workflowId, limit: 100 });
		return executions.map((execution) => {
			const ranOn = workersThatRan(session(), execution.id);
			assert.equal(ranOn.length, 1, `execution ${execution.id} ran on ${ranOn.length} workers' logs`);
			return { ...execution, worker: ranOn[0] };
		});
	};

	// (1) The single-process example test, unchanged, through main; then where it ran.
	enrichCompaniesTests(session, () => {});
	test('Workflow → Run with Wait: the execution ran on a worker, not on main', async () => {
		const { n8n, say } = session();
		const [workflow] = (await n8n.client.getExecutions({ limit: 1 }));
		const [execution] = await onOneWorkerEach(workflow.workflowId);
		assert.equal(execution.status, 'success');
		assert.match(readFileSync(n8n.logFile, 'utf8'), new RegExp(`Enqueued execution ${execution.id} \\(job`), 'main put it on the queue');
		say(`execution ${execution.id} enqueued by main, run by ${execution.worker}`);
	});

	// (2) A production webhook hit 20 times at once: every execution on a worker, both used, one run each.
	test(`${BURST} executions at once: spread over both workers, one Sixtyfour run each, no duplicate start`, { timeout: 300_000 }, async () => {
		const { n8n, emu, say, credential } = session();
		const { id: workflowId } = await n8n.client.createWorkflow(webhookEnrichWorkflow('sixtyfour-burst', WORKFLOWS.fast.id), { credentials: { sixtyfourApi: credential } });
		const url = await activateWebhook(n8n, workflowId, 'sixtyfour-burst');
		const starts = () => emu.requests.filter((r) => r.method === 'POST' && r.path === '/workflows/run');
		const startsBefore = starts().length;
		const runsBefore = new Set((await listRuns(emu)).map((run) => run.job_id));

		say(`posting ${BURST} requests at once to ${url}`);
		const answers = await postBurst(url, BURST, 'Burst');

		const failedAnswers = answers.filter((answer) => answer.status !== 200);
		assert.deepEqual(failedAnswers.map((a) => [a.status, JSON.stringify(a.rows).slice(0, 300)]), [], 'every request answered with rows');
		const newStarts = starts().slice(startsBefore);
		assert.equal(newStarts.length, BURST, 'one start request per execution');
		const keys = new Set(newStarts.map((r) => r.headers['idempotency-key']));
		assert.equal(keys.size, BURST, 'each start under its own Idempotency-Key');
		assert.ok(newStarts.every((r) => r.status === 200), `start answers: ${newStarts.map((r) => r.status)}`);
		const newRuns = (await listRuns(emu)).filter((run) => !runsBefore.has(run.job_id));
		assert.equal(newRuns.length, BURST, 'one Sixtyfour run per execution');

		for (const answer of answers) {
			const runs = newRuns.filter((run) => JSON.stringify(emu.getRun(run.job_id).records) === JSON.stringify(answer.companies));
			assert.equal(runs.length, 1, `one run holds ${answer.companies[0].company_name}'s companies`);
			assert.deepEqual(answer.rows.map(withoutRunMetadata), await finalRows(emu, runs[0].job_id), 'the answer is the run\'s final rows');
		}

		const executions = await onOneWorkerEach(workflowId);
		assert.equal(executions.length, BURST);
		assert.ok(executions.every((e) => e.status === 'success' && e.mode === 'webhook'));
		const perWorker = session().cluster.workers.map((w) => executions.filter((e) => e.worker === w.logFile).length);
		say(`executions per worker: ${perWorker.join(' + ')}`);
		assert.equal(perWorker.length, WORKERS);
		assert.ok(perWorker.every((count) => count > 0), `both workers ran some: ${perWorker.join(' + ')}`);
		await n8n.client.deactivateWorkflow(workflowId);
	});

	// (3) One Item per File: the worker stores the CSV, main serves it.
	test('One Item per File: the file a worker stored (binary data in the database) is served by main byte for byte', async () => {
		const { n8n, emu, say, credential } = session();
		const workflow = enrichVariant('Sixtyfour: enrich companies, one item per file', 'wf_lead_enrichment', { resultOutput: 'files' });
		const { id } = await n8n.client.createWorkflow(workflow, { credentials: { sixtyfourApi: credential } });
		const execution = await n8n.client.executeWorkflow(id);
		assert.equal(execution.status, 'success', JSON.stringify(execution.error ?? execution.nodes, null, 1));
		const [ranOn] = (await onOneWorkerEach(id)).filter((e) => e.id === execution.id).map((e) => e.worker);
		const [item, ...more] = execution.runData['Enrich with Sixtyfour'][0].data.main[0];
		assert.equal(more.length, 0, 'one file, one item');
		const binary = item.binary.data;
		assert.match(binary.id, /^database:/, 'binary data in the database, where main and every worker read it');
		assert.equal(binary.fileName, 'enriched_results_final.csv');
		const bytes = await n8n.client.getBinaryData(binary.id);
		const links = await (await fetch(`${emu.baseUrl}/workflows/runs/${item.json.job_id}/results/download-links`, { headers: { 'x-api-key': emu.apiKey } })).json();
		const final = links.find((/** @type {{ filename: string }} */ l) => l.filename === 'enriched_results_final.csv');
		const original = Buffer.from(await (await fetch(final.download_url)).arrayBuffer());
		assert.ok(original.length > 0);
		assert.ok(bytes.equals(original), `main served ${bytes.length} bytes, the run's file has ${original.length}`);
		say(`${binary.fileName} (${bytes.length} bytes) stored by ${ranOn}, served by main as ${binary.id.split(':')[0]} binary data`);
	});

	// (4) The polling trigger on main, its state in PostgreSQL, main killed and started again.
	test('Sixtyfour Trigger on main: state in PostgreSQL; after SIGKILL and a restart each run finished in between fires exactly once', { timeout: TRIGGER_TIMEOUT_MS + 120_000 }, async () => {
		const { n8n, emu, say, credential, cluster } = session();
		const workflow = readExample('process-finished-runs');
		workflow.name = 'Sixtyfour: process finished runs (queue mode)';
		Object.assign(workflow.nodes[0].parameters, { workflows: 'one', workflowId: { __rl: true, mode: 'id', value: WORKFLOWS.watched.id } });
		const { id: workflowId } = await n8n.client.createWorkflow(workflow, { credentials: { sixtyfourApi: credential } });
		const polls = (/** @type {number} */ since) => emu.requests.filter((r) => isTriggerPoll(r) && r.query.workflow_id === WORKFLOWS.watched.id && r.status === 200 && r.time > since);
		const deadline = Date.now() + TRIGGER_TIMEOUT_MS;
		const waitFor = async (/** @type {() => boolean | Promise<boolean>} */ condition, /** @type {string} */ what) => {
			while (!(await condition())) {
				assert.ok(Date.now() < deadline, `timed out waiting for ${what}`);
				await pause(500);
			}
		};

		const activatedAt = emu.clock.now();
		await n8n.client.activateWorkflow(workflowId);
		await waitFor(() => polls(activatedAt).length > 0, 'the poll at activation');
		/** The trigger's state as PostgreSQL holds it. */
		const storedState = async () => (await cluster.services.sql(`SELECT "staticData" FROM workflow_entity WHERE id = '${workflowId}'`)).trim();
		await waitFor(async () => (await storedState()).includes('cursor'), 'the baseline in PostgreSQL');
		const baseline = await storedState();
		say(`baseline in PostgreSQL: ${baseline}`);

		// Runs that finish a second after they start: after main is killed, before it polls again.
		const jobIds = [1, 2, 3].map((n) => emu.startRun(WORKFLOWS.watched.id, { webhook_payload: [{ company_name: `Watched ${n}`, website: `watched-${n}.example` }] }).job_id);
		const killedAt = emu.clock.now();
		say(`killing main (SIGKILL) with ${jobIds.join(', ')} running; starting it again`);
		await n8n.restart('SIGKILL');
		await waitFor(() => polls(killedAt).length > 0, 'the poll at start-up');
		// The first poll after the kill is the restarted main's: every run finished before it.
		const [firstPoll] = polls(killedAt);
		for (const jobId of jobIds) {
			assert.equal(await waitUntilFinished(emu, jobId), 'completed');
			const completedAt = Date.parse(emu.getRun(jobId).listEntry.completed_at);
			assert.ok(completedAt > killedAt && completedAt < firstPoll.time, `${jobId} finished while main was down`);
		}

		/** @type {Map<string, Array<Record<string, unknown>>>} */
		const itemsByExecution = new Map();
		const readExecutions = async () => {
			for (const summary of await onOneWorkerEach(workflowId)) {
				if (itemsByExecution.has(summary.id) || !['success', 'error', 'crashed'].includes(summary.status)) continue;
				const execution = await n8n.client.getExecution(summary.id);
				assert.equal(execution.status, 'success', JSON.stringify(execution.error ?? execution.nodes));
				assert.equal(execution.mode, 'trigger');
				itemsByExecution.set(summary.id, execution.nodes['Sixtyfour Trigger'].outputs[0]);
			}
		};
		const fired = () => [...itemsByExecution.values()].flat().map((item) => String(item.sixtyfour_job_id));
		await waitFor(async () => {
			await readExecutions();
			return jobIds.every((jobId) => fired().includes(jobId));
		}, `the trigger to fire for ${jobIds.join(', ')}`);
		const firedAt = emu.clock.now();
		say(`fired in ${itemsByExecution.size} execution(s) on workers; waiting for one more poll`);
		await waitFor(() => polls(firedAt).length > 0, 'one more poll');
		await pause(3000);
		await readExecutions();

		const items = [...itemsByExecution.values()].flat();
		assert.deepEqual([...new Set(fired())].sort(), [...jobIds].sort(), 'only the runs finished in between');
		for (const jobId of jobIds) {
			const rows = items.filter((item) => item.sixtyfour_job_id === jobId);
			assert.deepEqual(rows.map(withoutRunMetadata), await finalRows(emu, jobId), `rows of ${jobId}, once`);
		}
		assert.notEqual(await storedState(), baseline, 'the cursor moved on in PostgreSQL');
		say(`each of ${jobIds.length} runs fired once (${items.length} items); state now ${await storedState()}`);
		await n8n.client.deactivateWorkflow(workflowId);
	});

	// (5) The webhook trigger's production URL on main: deliveries verified there, executions on workers.
	test('Sixtyfour Webhook Trigger: its production URL on main receives the deliveries; each run fires once, on a worker', { timeout: 120_000 }, async () => {
		const parts = session();
		const active = await activateWebhookExample(parts);
		parts.say(`webhook trigger active; the emulator delivers to ${active.productionUrl}`);
		await checkWebhookRuns(parts, active, startWebhookRuns(parts.emu));
		const executions = await onOneWorkerEach(active.workflowId);
		const mainLog = readFileSync(parts.n8n.logFile, 'utf8');
		for (const { id } of executions) assert.match(mainLog, new RegExp(`Enqueued execution ${id} \\(job`), `main enqueued ${id}`);
		parts.say(`webhook trigger: ${executions.length} executions, each enqueued by main and run on a worker`);
		await parts.n8n.client.deactivateWorkflow(active.workflowId);
	});

	// (5b) The same trigger's seen events in PostgreSQL: main stopped (SIGTERM, then SIGKILL) and started again, every event redelivered.
	test('Sixtyfour Webhook Trigger: minimal envelopes, duplicates, 20 at once, an unreadable result, then main restarted (SIGTERM, SIGKILL): each run fired once, no redelivery fires again', { timeout: 600_000 }, async () => {
		const parts = session();
		await checkWebhookRestarts(parts, (signal) => parts.n8n.restart(signal));
	});

	/**
	 * Starts a workflow whose Sixtyfour node waits on a run of days, and returns once a worker is
	 * checking the run's status.
	 * @param {string} name
	 * @param {Record<string, unknown>} [runOptions] the node's Options
	 */
	const startWaitingExecution = async (name, runOptions = {}) => {
		const { n8n, emu, credential } = session();
		const workflow = enrichVariant(name, WORKFLOWS.slow.id, { waitOptions: { cancelOnStop: true }, runOptions });
		const { id } = await n8n.client.createWorkflow(workflow, { credentials: { sixtyfourApi: credential } });
		const runsBefore = new Set((await listRuns(emu)).map((run) => run.job_id));
		const executionId = await n8n.client.startWorkflow(id);
		/** @type {string | undefined} */
		let jobId;
		const statusChecks = () => emu.requests.filter((r) => r.path === `/workflows/runs/${jobId}/live_status`).length;
		const deadline = Date.now() + 60_000;
		while (!jobId || statusChecks() === 0) {
			assert.ok(Date.now() < deadline, 'the node did not start waiting on a run');
			await pause(250);
			jobId ??= (await listRuns(emu)).find((run) => !runsBefore.has(run.job_id) && run.workflow_id === WORKFLOWS.slow.id)?.job_id;
		}
		const [worker] = workersThatRan(session(), executionId);
		assert.ok(worker, 'a worker runs it');
		return { workflowId: id, executionId, jobId, worker, statusChecks };
	};
	const cancelRequests = (/** @type {string} */ jobId) => session().emu.requests.filter((r) => r.path === '/workflows/cancel' && r.query.job_id === jobId);

	// (6) Stop from main while the node waits on a worker, with Cancel Run When Execution Stops.
	test('stopping a waiting execution from main stops the wait on the worker and cancels the Sixtyfour run', async () => {
		const { n8n, emu, say } = session();
		const { executionId, jobId, worker, statusChecks } = await startWaitingExecution('Sixtyfour: wait for a run of days');
		say(`execution ${executionId} waits for ${jobId} on ${worker}; stopping it from main`);

		await n8n.client.stopExecution(executionId);
		const execution = await n8n.client.waitForExecution(executionId, 30_000);
		assert.equal(execution.status, 'canceled');
		await waitUntilFinished(emu, jobId, 10_000);
		assert.equal(emu.getRun(jobId).listEntry.status, 'cancelled');
		assert.deepEqual(cancelRequests(jobId).map((r) => [r.method, r.status]), [['POST', 200]], 'one cancel request');
		const checksAtStop = statusChecks();
		await pause(5000);
		assert.equal(statusChecks(), checksAtStop, 'no status check after the stop: the wait ended');
		say(`execution ${executionId} canceled; run ${jobId} cancelled with one request; the worker stopped checking`);
	});

	// What happens to a waiting run when its worker dies, and how a retry picks the run up again.
	test('a worker killed while the node waits: the execution fails, the Sixtyfour run goes on, and running the workflow again with a fixed Idempotency Key waits on the same run', { timeout: 420_000 }, async () => {
		const { n8n, emu, say, cluster } = session();
		const idempotencyKey = `queue-worker-death-${Date.now()}`;
		const { workflowId, executionId, jobId, worker: logFile, statusChecks } = await startWaitingExecution('Sixtyfour: worker dies while waiting', { idempotencyKey });
		const worker = /** @type {import('../../scripts/n8n/instance.mjs').N8nWorker} */ (cluster.workers.find((w) => w.logFile === logFile));
		say(`execution ${executionId} waits for ${jobId}; killing its worker (SIGKILL)`);
		await cluster.stopWorker(worker, 'SIGKILL');
		const checksAtKill = statusChecks();
		const replacement = cluster.addWorker();

		// Its queue job stalls; main then fails the execution (the job's failure, or its queue recovery
		// every N8N_EXECUTIONS_QUEUE_RECOVERY_INTERVAL minutes, 1 here, whichever comes first), and no
		// other worker resumes it.
		const ended = await n8n.client.waitForExecution(executionId, 300_000);
		assert.ok(['crashed', 'error'].includes(ended.status), `execution ${executionId} ${ended.status}`);
		await replacement;
		assert.deepEqual(workersThatRan(session(), executionId), [], 'no other worker took it up');
		assert.equal(statusChecks(), checksAtKill, 'nothing waited on the run after the kill');
		assert.equal(emu.getRun(jobId).listEntry.status, 'running', 'the run goes on at Sixtyfour');
		assert.deepEqual(cancelRequests(jobId), [], 'nothing cancelled it');
		say(`execution ${executionId} ${ended.status} (${ended.error?.message ?? 'no error message'}); ${jobId} still running at Sixtyfour; running the workflow again`);

		// n8n refuses to retry an execution that saved no progress; running the workflow again is the
		// way back, and the fixed key makes its start return the run already going.
		// The node sends `<key>-<batch>-<digest of the request>`: the same for the same records.
		const starts = () => emu.requests.filter((r) => r.method === 'POST' && r.path === '/workflows/run' && String(r.headers['idempotency-key']).startsWith(`${idempotencyKey}-`));
		const checksBeforeAgain = statusChecks();
		const againId = await n8n.client.startWorkflow(workflowId);
		const deadline = Date.now() + 60_000;
		while (statusChecks() === checksBeforeAgain) {
			assert.ok(Date.now() < deadline, 'the new execution did not wait on the run');
			await pause(250);
		}
		assert.deepEqual(starts().map((r) => r.status), [200, 200], 'asked to start twice, both answered');
		assert.equal(new Set(starts().map((r) => r.headers['idempotency-key'])).size, 1, 'under the same key');
		assert.equal((await listRuns(emu)).filter((run) => run.workflow_id === WORKFLOWS.slow.id && run.status === 'running').length, 1, 'no second run');
		await n8n.client.stopExecution(againId);
		assert.equal((await n8n.client.waitForExecution(againId, 30_000)).status, 'canceled');
		assert.equal(await waitUntilFinished(emu, jobId, 10_000), 'cancelled');
		say(`execution ${againId} waited on the same run ${jobId}; stopped, the run cancelled`);
	});

	queueModeFigures(session);
});

