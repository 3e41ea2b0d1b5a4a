// The runs the Run operations' tests read: one emulator on a manual clock, so every answer is exact,
// with five runs seeded in every state a run can be in.
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import type { Emulator } from '../../emulator';
import { LEAD_RECORDS, testCatalogue } from '../../emulator/test-support';
import { errorFields, runNode, runParameters } from './nodeTestKit';
import { useEmulator } from './useEmulator';

/** The seeded runs, by what they are at the seeded instant (T0 + 45 s). */
export interface SeededRuns {
	completed: string;
	failed: string;
	cancelled: string;
	running: string;
	queued: string;
}

export interface SeededRunsKit {
	runs: SeededRuns;
	/** A request to the emulator's API with its key, answered as JSON. */
	api(method: string, path: string): Promise<unknown>;
	/** Runs the node and expects it to fail before sending anything. */
	expectRejectedBeforeRequest(parameters: INodeParameters, inputItems?: INodeExecutionData[]): Promise<ReturnType<typeof errorFields>>;
}

/** Starts the emulator for the test file (`use` receives it) and seeds the runs before its tests. */
export function useSeededRuns(use: (emu: Emulator) => void): SeededRunsKit {
	let emu: Emulator;
	const runs: SeededRuns = { completed: '', failed: '', cancelled: '', running: '', queued: '' };
	const api = async (method: string, path: string): Promise<unknown> => {
		const answer = await fetch(`${emu.baseUrl}${path}`, { method, headers: { 'x-api-key': emu.apiKey } });
		return await answer.json();
	};
	useEmulator({ catalogue: testCatalogue(), clock: { mode: 'manual' } }, (started) => {
		emu = started;
		use(started);
	});
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
	return {
		runs,
		api,
		async expectRejectedBeforeRequest(parameters, inputItems) {
			emu.clearRequests();
			const result = await runNode(emu, runParameters(String(parameters.operation), parameters), { inputItems });
			expect(emu.requests).toEqual([]);
			return errorFields(result);
		},
	};
}
