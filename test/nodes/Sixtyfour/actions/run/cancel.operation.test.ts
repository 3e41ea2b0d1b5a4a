// Run → Cancel, through n8n-core's
// WorkflowExecute against the emulator on a manual clock, so every answer is exact.
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import type { Emulator } from '../../../../emulator';
import { LEAD_RECORDS, testCatalogue } from '../../../../emulator/test-support';
import { errorFields, outputOf, requestLines, runNode, runParameters } from '../../../../harness/kits/nodeTestKit';
import { useEmulator } from '../../../../harness/kits/useEmulator';

let emu: Emulator;
/** The seeded runs, by what they are at the seeded instant (T0 + 45 s). */
const runs = { completed: '', failed: '', cancelled: '', running: '', queued: '' };

async function api(method: string, path: string): Promise<unknown> {
	const answer = await fetch(`${emu.baseUrl}${path}`, { method, headers: { 'x-api-key': emu.apiKey } });
	return await answer.json();
}

/** Runs the node and expects it to fail before sending anything. */
async function expectRejectedBeforeRequest(parameters: INodeParameters, inputItems?: INodeExecutionData[]) {
	emu.clearRequests();
	const result = await runNode(emu, runParameters(String(parameters.operation), parameters), { inputItems });
	expect(emu.requests).toEqual([]);
	return errorFields(result);
}

useEmulator({ catalogue: testCatalogue(), clock: { mode: 'manual' } }, (started) => (emu = started));
beforeAll(async () => {
	// testCatalogue: 1 s queued, then 10 s + 1 s per record for each block.
	runs.completed = emu.startRun('wf_lead', { webhook_payload: LEAD_RECORDS }).job_id; // done at 40 s
	runs.failed = emu.startRun('wf_failing', { webhook_payload: LEAD_RECORDS }).job_id; // fails at 20.5 s
	emu.clock.advance(1000);
	runs.cancelled = emu.startRun('wf_lead', { webhook_payload: [LEAD_RECORDS[0]] }).job_id;
	emu.clock.advance(9000);
	await api('POST', `/workflows/cancel?job_id=${runs.cancelled}`);
	emu.clock.advance(20000);
	runs.running = emu.startRun('wf_lead', { webhook_payload: LEAD_RECORDS }).job_id; // queued at 30 s
	emu.clock.advance(15000);
	runs.queued = emu.startRun('wf_company', { webhook_payload: LEAD_RECORDS }).job_id; // queued at 45 s
});

describe('Run → Cancel', () => {
	test('a running run is cancelled', async () => {
		const runId = emu.startRun('wf_lead', { webhook_payload: LEAD_RECORDS }).job_id;
		emu.clock.advance(5000);
		const result = await runNode(emu, runParameters('cancel', { runId }));
		expect(outputOf(result)).toEqual([
			{ json: { job_id: runId, status: 'cancelled', status_before: 'running', cancelled: true }, pairedItem: { item: 0 } },
		]);
		expect(requestLines(emu)).toEqual([`GET /workflows/runs/${runId}/live_status`, `POST /workflows/cancel?job_id=${runId}`]);
		expect(emu.getRun(runId)?.listEntry.status).toBe('cancelled');
	});

	test.each([
		['completed', () => runs.completed],
		['failed', () => runs.failed],
		['cancelled', () => runs.cancelled],
	])('a %s run keeps its status, which is reported and is no error; cancelled: false, as this request cancelled nothing', async (status, runId) => {
		const result = await runNode(emu, runParameters('cancel', { runId: runId() }));
		expect(outputOf(result)).toEqual([
			{ json: { job_id: runId(), status, status_before: status, cancelled: false }, pairedItem: { item: 0 } },
		]);
		expect(emu.getRun(runId())?.listEntry.status).toBe(status);
	});

	test('an unknown run is a 404 naming it', async () => {
		const result = await runNode(emu, runParameters('cancel', { runId: 'run_nope' }));
		expect(errorFields(result)).toEqual({
			type: 'NodeApiError',
			message: 'Sixtyfour has no run "run_nope"',
			description:
				"Check the ID (Sixtyfour said: Workflow run 'run_nope' not found). Workflow IDs are shown in the Sixtyfour workflow editor; run IDs are the job_id of a started run.",
			httpCode: '404',
		});
	});

	test('an empty Run ID is refused before any request', async () => {
		const parameters = { operation: 'cancel', runId: '={{ $json.runId }}' };
		expect((await expectRejectedBeforeRequest(parameters, [{ json: { runId: '' } }])).message).toBe(
			'Invalid "Run ID": give the job_id of a run',
		);
	});
});
