// Workflow → Run, know before billing: the chosen workflow's definition (GET /workflows/{id}) is
// read once per workflow per execution before any run starts. Through n8n-core's WorkflowExecute
// against the emulator on a manual clock; the runs are not waited for.
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import type { Emulator } from '../../../emulator';
import { testCatalogue } from '../../../emulator/test-support';
import type { ExecuteWorkflowResult } from '../../../harness';
import { errorFields, locator, outputOf, requestLines, runNode } from '../../../harness/kits/nodeTestKit';
import { useEmulator } from '../../../harness/kits/useEmulator';

let emu: Emulator;

useEmulator({ catalogue: testCatalogue(), clock: { mode: 'manual' } }, (started) => (emu = started));
beforeAll(async () => {
	// A third plausible shape of input_schema: an object keyed by column name.
	emu.addWorkflow({ id: 'wf_keyed', name: 'Keyed', source: 'webhook', blocks: ['webhook', 'enrich_company'], inputSchema: { domain: { type: 'string' }, country: 'string' } });
});
beforeEach(() => {
	emu.setWorkflowsEndpoint('served');
	emu.faults.clear();
});

const asItems = (records: IDataObject[]): INodeExecutionData[] => records.map((json) => ({ json }));
const companies = asItems([
	{ company_name: 'Acme Corp', website: 'acme.com' },
	{ company_name: 'TechStart Inc' },
]);

function runParameters(workflowId: string | INodeParameters, parameters: INodeParameters = {}): INodeParameters {
	return {
		resource: 'workflow',
		operation: 'run',
		workflowId: typeof workflowId === 'string' ? locator('id', workflowId) : workflowId,
		waitForCompletion: false,
		...parameters,
	};
}

async function run(workflowId: string | INodeParameters, inputItems = companies, parameters: INodeParameters = {}, continueOnFail = false) {
	return await runNode(emu, runParameters(workflowId, parameters), { inputItems, continueOnFail });
}

const starts = () => requestLines(emu).filter((line) => line.startsWith('POST /workflows/run'));
const warnings = (result: ExecuteWorkflowResult) => result.logs.filter((line) => line.level === 'warn').map((line) => line.message);
const hints = (result: ExecuteWorkflowResult) => (result.runData.Sixtyfour?.[0]?.hints ?? []).map((hint) => hint.message);

const CSV_REFUSAL = {
	type: 'NodeOperationError',
	message: 'Workflow "wf_csv" cannot be started through the API: its first block is "read_csv", not "webhook"',
	description:
		'Nothing was sent and nothing billed. Sixtyfour starts only workflows whose first block is a webhook block through the API: choose such a workflow, or make webhook its first block in the Sixtyfour workflow editor.',
	httpCode: null,
};

describe('a workflow the API cannot start', () => {
	test('is refused before any record is sent, naming its first block', async () => {
		const result = await run('wf_csv');
		expect(errorFields(result)).toEqual(CSV_REFUSAL);
		expect(requestLines(emu)).toEqual(['GET /workflows/wf_csv']);
	});

	test('refuses the whole execution before another workflow\'s run is started', async () => {
		const items = asItems([{ company_name: 'A', wf: 'wf_lead' }, { company_name: 'B', wf: 'wf_csv' }]);
		const result = await run(locator('id', '={{ $json.wf }}'), items);
		expect(errorFields(result)).toEqual(CSV_REFUSAL);
		expect(requestLines(emu)).toEqual(['GET /workflows/wf_lead', 'GET /workflows/wf_csv']);
	});

	test('under Continue On Fail: an error item for its records, and the other workflow\'s run started', async () => {
		const items = asItems([{ company_name: 'A', wf: 'wf_lead' }, { company_name: 'B', wf: 'wf_csv' }]);
		const output = outputOf(await run(locator('id', '={{ $json.wf }}'), items, {}, true));
		// As for a start that fails, the error item comes first, then the runs started.
		expect(output).toEqual([
			{ json: { error: CSV_REFUSAL.message, workflow_id: 'wf_csv', records: 1 }, pairedItem: [{ item: 1 }] },
			{
				json: { job_id: expect.stringMatching(/^run_/), workflow_id: 'wf_lead', status: 'queued', records_sent: 1, already_started: false },
				pairedItem: [{ item: 0 }],
			},
		]);
		expect(starts()).toEqual(['POST /workflows/run?workflow_id=wf_lead']);
	});
});

describe('a definition that fails to be read for another reason', () => {
	test('a 500 that outlasts the tries: the execution fails before any run starts; under Continue On Fail, an error item', async () => {
		emu.faults.add({ route: 'workflow', type: 'status', status: 500, times: Infinity });
		const failed = await run('wf_lead', companies, { runOptions: { maxTries: 1 } });
		expect(errorFields(failed)).toMatchObject({ type: 'NodeApiError', httpCode: '500' });
		expect(starts()).toEqual([]);
		const output = outputOf(await run('wf_lead', companies, { runOptions: { maxTries: 1 } }, true));
		expect(output).toEqual([{ json: { error: errorFields(failed).message, workflow_id: 'wf_lead', records: 2 }, pairedItem: [{ item: 0 }, { item: 1 }] }]);
		expect(starts()).toEqual([]);
	});
});

describe('one definition read per workflow per execution', () => {
	test('three runs of one workflow (Records per Run 1): one read, then three starts', async () => {
		const items = asItems([{ company_name: 'A' }, { company_name: 'B' }, { company_name: 'C' }]);
		const output = outputOf(await run('wf_lead', items, { runOptions: { recordsPerRun: 1 } }));
		expect(output).toHaveLength(3);
		expect(requestLines(emu)).toEqual(['GET /workflows/wf_lead', ...Array(3).fill('POST /workflows/run?workflow_id=wf_lead')]);
	});
});

describe('records that carry none of the columns the workflow expects', () => {
	const MESSAGE =
		'2 of 3 records sent to Sixtyfour workflow "wf_lead" carry none of the columns it expects (company_name, website), from input items 1, 2. Sixtyfour bills them and passes their fields through, but its blocks may find nothing to work on: send these columns (Fields to Send → Mapped Fields names them).';

	test('are warned about in the log and the output pane, and sent all the same', async () => {
		const items = asItems([{ website: 'acme.com' }, { name: 'Ada' }, { domain: 'x.io', company_name: undefined }]);
		const result = await run('wf_lead', items);
		expect(outputOf(result)[0].json.records_sent).toBe(3);
		expect(warnings(result)).toEqual([MESSAGE]);
		expect(hints(result)).toEqual([MESSAGE]);
		expect(starts()).toHaveLength(1);
	});

	test('no warning when every record carries one of them, in each shape of input_schema', async () => {
		// wf_lead: a list of {name, type}; wf_company: a list of names; wf_keyed: an object keyed by column.
		const cases: Array<[string, IDataObject]> = [['wf_lead', { website: 'a.io' }], ['wf_company', { domain: 'a.io' }], ['wf_keyed', { country: 'CH' }]];
		for (const [workflowId, record] of cases) {
			const result = await run(workflowId, asItems([record]));
			expect([workflowId, warnings(result)]).toEqual([workflowId, []]);
		}
	});

	test('an object keyed by column names its columns in the warning', async () => {
		const result = await run('wf_keyed', asItems([{ company_name: 'Acme' }]));
		expect(warnings(result)).toEqual([
			'1 of 1 records sent to Sixtyfour workflow "wf_keyed" carry none of the columns it expects (domain, country), from input items 0. Sixtyfour bills them and passes their fields through, but its blocks may find nothing to work on: send these columns (Fields to Send → Mapped Fields names them).',
		]);
	});

	test('no warning for a workflow that declares no input_schema, nor for Records → None', async () => {
		expect(warnings(await run('wf_failing', asItems([{ anything: 1 }])))).toEqual([]);
		expect(warnings(await run('wf_lead', asItems([{ anything: 1 }]), { recordsSource: 'none' }))).toEqual([]);
	});
});

describe('when the definition cannot be read, runs start as before', () => {
	test.each([
		['missing (404)', () => emu.setWorkflowsEndpoint('missing')],
		['forbidden to the key (403)', () => emu.setWorkflowsEndpoint('forbidden')],
		['refused by a proxy (405)', () => emu.faults.add({ route: 'workflow', type: 'status', status: 405, body: { detail: 'Method Not Allowed' } })],
	])('%s: no check, no warning, the run started', async (_name, switchOff) => {
		switchOff();
		const result = await run('wf_lead', asItems([{ name: 'Ada' }]));
		expect(outputOf(result)[0].json.records_sent).toBe(1);
		expect(warnings(result)).toEqual([]);
		expect(requestLines(emu)).toEqual(['GET /workflows/wf_lead', 'POST /workflows/run?workflow_id=wf_lead']);
	});

	test('a read_csv workflow then gets Sixtyfour\'s own 400', async () => {
		emu.setWorkflowsEndpoint('forbidden');
		expect(errorFields(await run('wf_csv'))).toMatchObject({ type: 'NodeApiError', httpCode: '400' });
	});

	test('a definition without its block graph: no check, and a read_csv workflow gets Sixtyfour\'s own 400', async () => {
		emu.faults.add({ route: 'workflow', type: 'omitFields', fields: ['workflow_definition'] });
		expect(errorFields(await run('wf_csv'))).toMatchObject({ type: 'NodeApiError', httpCode: '400' });
		expect(requestLines(emu)).toEqual(['GET /workflows/wf_csv', 'POST /workflows/run?workflow_id=wf_csv']);
	});

	test('an input_schema in no shape the node reads: no warning, the run started', async () => {
		emu.addWorkflow({ id: 'wf_odd', name: 'Odd', source: 'webhook', blocks: ['webhook'], inputSchema: 'company_name website' });
		const result = await run('wf_odd', asItems([{ name: 'Ada' }]));
		expect([outputOf(result)[0].json.records_sent, warnings(result)]).toEqual([1, []]);
	});
});
