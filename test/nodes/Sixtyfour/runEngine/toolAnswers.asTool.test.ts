// The action node as an AI Agent's tool, run as n8n 2.x runs one (test/harness/runToolCall.ts)
// against the emulator: what the model is offered, what is billed at the defaults, what the model
// gets back (capped rows with the run's count, a short wait, errors with a next step), and saved
// version 1 tools running as before.
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { Sixtyfour } from '../../../../nodes/Sixtyfour/Sixtyfour.node';
import { RECORDS_FOR_MODEL } from '../../../../nodes/Sixtyfour/actions/tool.descriptions';
import type { Emulator } from '../../../emulator';
import { testCatalogue } from '../../../emulator/test-support';
import { runToolCall, TOOL_CALL_ID, type ToolCallResult } from '../../../harness/runToolCall';
import { locator, NODE_TYPE } from '../../../harness/kits/nodeTestKit';
import { useEmulator } from '../../../harness/kits/useEmulator';

const sixtyfour = new Sixtyfour();
const CHAT = { chatInput: 'Enrich Acme Corp and TechStart for me', sessionId: 'chat-1' };
const COMPANIES = [
	{ company_name: 'Acme Corp', website: 'acme.com' },
	{ company_name: 'TechStart Inc', website: 'techstart.io' },
];
const BIG_ROWS = 500;

let emu: Emulator;

useEmulator(
	{
		clock: { mode: 'real', speed: 2000 },
		catalogue: [
			...testCatalogue(),
			{
				id: 'wf_big',
				name: 'Big',
				source: 'webhook',
				blocks: ['webhook', 'enrich_company'],
				synthetic: { rows: BIG_ROWS, seed: 7 },
				timing: { queueMs: 1000, blockBaseMs: 1000, perRowMs: 0 },
			},
			{
				id: 'wf_slow',
				name: 'Slow',
				source: 'webhook',
				blocks: ['webhook', 'enrich_company'],
				timing: { queueMs: 3_600_000_000, blockBaseMs: 1000, perRowMs: 0 },
			},
		],
	},
	(started) => (emu = started),
);

async function callTool(parameters: INodeParameters, toolArgs: IDataObject, typeVersion = 2): Promise<ToolCallResult> {
	return await runToolCall({
		nodeType: sixtyfour,
		node: { name: 'Enrich', type: NODE_TYPE, parameters, typeVersion },
		agentInput: CHAT,
		toolArgs,
		credentials: { sixtyfourApi: { apiKey: emu.apiKey, baseUrl: emu.baseUrl } },
	});
}

const runAt = (workflowId: string, parameters: INodeParameters = {}): INodeParameters => ({
	resource: 'workflow',
	operation: 'run',
	workflowId: locator('id', workflowId),
	...parameters,
});

/** The records of every run started during the test, as the emulator billed them. */
function billedRecords(): IDataObject[][] {
	const starts = emu.requests.filter((request) => request.method === 'POST' && request.path === '/workflows/run');
	return starts.map((request) => {
		const jobId = emu.requests.find((later) => later.time >= request.time && later.path.includes('/live_status'))?.path.split('/')[3];
		return (emu.getRun(jobId as string)?.records ?? []) as IDataObject[];
	});
}

describe('version 2 tool at its defaults', () => {
	it('offers the model one argument, records, with what a record holds; bills exactly the records the model sent', async () => {
		const result = await callTool(runAt('wf_company'), { records: COMPANIES });
		expect(result.schema).toEqual([{ key: 'records', description: RECORDS_FOR_MODEL, type: 'json' }]);
		expect(result.parameters.recordsSource).toBe('json');
		expect(billedRecords()).toEqual([COMPANIES]);
		const rows = result.toModel.slice(0, -1);
		expect(rows.map((row) => row.website)).toEqual(['acme.com', 'techstart.io']);
		const jobId = emu.getRun(String(rows[0].sixtyfour_job_id ?? ''))?.jobId ?? (result.toModel.at(-1)?.job_id as string);
		expect(result.toModel.at(-1)).toEqual({
			job_id: jobId,
			rows_returned: 2,
			rows_in_run: 2,
			more_rows: false,
			next_step: `These are all 2 rows of run ${jobId}.`,
		});
		expect(JSON.stringify(result.toModel)).not.toContain(TOOL_CALL_ID);
		expect(JSON.stringify(result.toModel)).not.toContain(CHAT.chatInput);
	});

	it('takes records sent as JSON text, as models do for an argument without a type', async () => {
		const result = await callTool(runAt('wf_company'), { records: JSON.stringify(COMPANIES[0]) });
		expect(billedRecords()).toEqual([[COMPANIES[0]]]);
		expect(result.toModel.at(-1)).toMatchObject({ rows_returned: 1, rows_in_run: 1, more_rows: false });
	});

	it('gives the model 50 rows of a 500-row run, and says how many there are and how to get the rest', async () => {
		const result = await callTool(runAt('wf_big'), { records: [COMPANIES[0]] });
		expect(result.toModel).toHaveLength(51);
		const summary = result.toModel[50];
		const jobId = summary.job_id as string;
		expect(summary).toEqual({
			job_id: jobId,
			rows_returned: 50,
			rows_in_run: BIG_ROWS,
			more_rows: true,
			next_step:
				`Only the first 50 of 500 rows of run ${jobId} are shown. The rest are kept at Sixtyfour: ` +
				`get them with Sixtyfour's Get Results operation and job_id "${jobId}" (in an n8n workflow, or a Get Results tool with a higher Max Rows), ` +
				'or download the result file in the Sixtyfour app. Do not start the run again: that bills every record again.',
		});
		expect(billedRecords()).toHaveLength(1);
	});

	it('after its wait, gives the model the job ID and the run status to check later, without failing', async () => {
		const result = await callTool(runAt('wf_slow', { waitOptions: { timeoutMinutes: 0.05 } }), { records: [COMPANIES[0]] });
		expect(result.toModel).toHaveLength(1);
		const [status] = result.toModel;
		expect(status).toMatchObject({ status: 'queued', timed_out: true });
		expect(status.next_step).toBe(
			`The run is still going at Sixtyfour and is not billed again by checking it. Check it later with Get Status or Get Results and job_id "${status.job_id}"; do not start it again.`,
		);
	});

	it('a failed run reaches the model as an error that says what to do next', async () => {
		const result = await callTool(runAt('wf_failing'), { records: COMPANIES });
		expect(result.toModel).toHaveLength(1);
		expect(result.toModel[0].error).toMatch(
			/^Sixtyfour run "[^"]+" failed: Upstream provider timed out\. Reason: block_error\. Open the run in the Sixtyfour app for details, then start it again\.$/,
		);
	});

	it('an empty records argument starts nothing and tells the model what to send', async () => {
		const result = await callTool(runAt('wf_company'), { records: '' });
		expect(billedRecords()).toEqual([]);
		expect(result.toModel).toEqual([
			{
				error:
					'There are no records to send, so no run was started. Give at least one record, or choose Records → None to start the run without any.',
			},
		]);
	});

	it('never takes the agent\'s input item as records, even when Records says From Input Items by expression', async () => {
		const result = await callTool(runAt('wf_company', { recordsSource: '={{ "items" }}' }), { records: COMPANIES });
		expect(billedRecords()).toEqual([]);
		expect(result.toModel[0].error).toBe(
			'As an AI Agent tool, this node takes its records from the model, not from input items (the agent\'s own input would be billed as a record). Set Records to From the Model; Records (JSON) then asks the model for them with $fromAI().',
		);
	});
});

describe('the workflow\'s expected columns, from its definition', () => {
	afterEach(() => emu.setWorkflowsEndpoint('served'));

	it('the records description tells the model to use the columns an answer lists', () => {
		expect(RECORDS_FOR_MODEL).toMatch(/When an answer of this tool lists expected_columns, the workflow reads those fields: name them exactly so\.$/);
	});

	it('records without any of them: billed, and the answer names the columns so the model sends them next time', async () => {
		const records = [{ company: 'Acme Corp', domain: 'acme.com' }];
		const result = await callTool(runAt('wf_lead'), { records });
		expect(billedRecords()).toEqual([records]);
		const summary = result.toModel.at(-1);
		expect(summary).toMatchObject({ rows_returned: 1, more_rows: false });
		expect([summary?.expected_columns, summary?.records_warning]).toEqual([
			['company_name', 'website'],
			'1 of the 1 records sent carry none of the columns this Sixtyfour workflow expects (company_name, website), so it may have found nothing to enrich in them; they were billed all the same. Send records with these columns next time.',
		]);
		expect(result.logs.filter((line) => line.level === 'warn').map((line) => line.message)).toEqual([
			'1 of 1 records sent to Sixtyfour workflow "wf_lead" carry none of the columns it expects (company_name, website), from input items 0. Sixtyfour bills them and passes their fields through, but its blocks may find nothing to work on: send these columns (Fields to Send → Mapped Fields names them).',
		]);
	});

	it('records with them, a workflow without a schema, or a definition it may not read: no columns named', async () => {
		for (const [workflowId, records] of [['wf_lead', COMPANIES], ['wf_failing', [{ company: 'Acme' }]]] as const) {
			const result = await callTool(runAt(workflowId), { records: [...records] });
			expect(JSON.stringify(result.toModel)).not.toContain('expected_columns');
		}
		emu.setWorkflowsEndpoint('forbidden');
		const result = await callTool(runAt('wf_lead'), { records: [{ company: 'Acme' }] });
		expect(result.toModel.at(-1)).not.toHaveProperty('expected_columns');
	});

	it('a workflow the API cannot start: nothing billed, and the model is told why and what to do', async () => {
		const result = await callTool(runAt('wf_csv'), { records: COMPANIES });
		expect(billedRecords()).toEqual([]);
		expect(result.toModel).toEqual([
			{
				error:
					'Workflow "wf_csv" cannot be started through the API: its first block is "read_csv", not "webhook". Nothing was sent and nothing billed. Sixtyfour starts only workflows whose first block is a webhook block through the API: choose such a workflow, or make webhook its first block in the Sixtyfour workflow editor.',
			},
		]);
	});
});

describe('Run → Get Many as a tool', () => {
	it('lists runs with a model-chosen limit and status', async () => {
		const parameters: INodeParameters = {
			resource: 'run',
			operation: 'getMany',
			limit: "={{ $fromAI('limit', 'How many runs to list', 'number') }}",
			filters: { status: "={{ $fromAI('status', 'completed, failed, cancelled, running or queued', 'string') }}" },
		};
		await callTool(runAt('wf_company'), { records: COMPANIES });
		const result = await callTool(parameters, { limit: 1, status: 'completed' });
		expect(result.schema.map((argument) => argument.key).sort()).toEqual(['limit', 'status']);
		expect(result.toModel).toHaveLength(1);
		expect(result.toModel[0]).toMatchObject({ status: 'completed', workflow_id: 'wf_company' });
		expect(billedRecords()).toEqual([COMPANIES]);
	});
});

describe('saved version 1 tools run as before', () => {
	it('at version 1 defaults, From Input Items still sends the agent\'s input item, and the schema is empty', async () => {
		const result = await callTool(runAt('wf_company'), {}, 1);
		expect(result.schema).toEqual([]);
		expect(result.parameters.recordsSource).toBe('items');
		expect(billedRecords()).toEqual([{ ...CHAT, toolCallId: TOOL_CALL_ID }].map((record) => [record]));
		// Version 1 sends every row and no summary.
		expect(result.toModel.some((item) => 'more_rows' in item)).toBe(false);
	});
});
