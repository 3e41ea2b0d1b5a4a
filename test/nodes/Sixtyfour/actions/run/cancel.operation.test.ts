// Run → Cancel, through n8n-core's
// WorkflowExecute against the emulator on a manual clock, so every answer is exact.

import type { Emulator } from '../../../../emulator';
import { LEAD_RECORDS } from '../../../../emulator/test-support';
import { errorFields, outputOf, requestLines, runNode, runParameters } from '../../../../harness/kits/nodeTestKit';
import { useSeededRuns } from '../../../../harness/kits/seededRuns';

let emu: Emulator;
const { runs, expectRejectedBeforeRequest } = useSeededRuns((started) => (emu = started));

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
