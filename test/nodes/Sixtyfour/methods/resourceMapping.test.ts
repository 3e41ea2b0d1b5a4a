// Version 2's Workflow Columns: a resource mapper whose columns come from the chosen workflow's
// input_schema, loaded through a real LoadOptionsContext as the editor loads them, and a run started
// from mapped columns through n8n-core's WorkflowExecute, against the emulator on a manual clock.
import type { INode, INodeParameters, INodeProperties } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { Sixtyfour } from '../../../../nodes/Sixtyfour/Sixtyfour.node';
import type { Emulator } from '../../../emulator';
import { testCatalogue } from '../../../emulator/test-support';
import { runResourceMapping } from '../../../harness';
import { errorFields, locator, NODE_NAME, NODE_TYPE, outputOf, requestLines, runNode } from '../../../harness/kits/nodeTestKit';
import { useEmulator } from '../../../harness/kits/useEmulator';

const sixtyfour = new Sixtyfour();
let emu: Emulator;

useEmulator({ catalogue: testCatalogue(), clock: { mode: 'manual' } }, (started) => (emu = started));
beforeAll(async () => {
	emu.addWorkflow({ id: 'wf_keyed', name: 'Keyed', source: 'webhook', blocks: ['webhook', 'enrich_company'], inputSchema: { domain: { type: 'string' }, employees: 'integer', tags: 'list' } });
});
beforeEach(() => {
	emu.setWorkflowsEndpoint('served');
	emu.faults.clear();
});

const RUN = { resource: 'workflow', operation: 'run', recordsSource: 'items', fieldsToSend: 'columns' };

async function columnsOf(workflowId: INodeParameters | string) {
	return await runResourceMapping({
		nodeType: sixtyfour,
		method: 'getWorkflowColumns',
		credentials: { sixtyfourApi: { apiKey: emu.apiKey, baseUrl: emu.baseUrl } },
		node: { parameters: { ...RUN, workflowId: typeof workflowId === 'string' ? locator('list', workflowId) : workflowId }, typeVersion: 2 },
		parameterPath: 'parameters.columns',
	});
}

const field = (id: string, type?: string) => ({ id, displayName: id, required: false, defaultMatch: false, canBeUsedToMatch: false, display: true, ...(type ? { type } : {}) });

describe('the columns loader', () => {
	test('a list of {name, type}: its columns, typed, from one request for the workflow chosen', async () => {
		expect(await columnsOf('wf_lead')).toEqual({ fields: [field('company_name', 'string'), field('website', 'string')] });
		expect(requestLines(emu)).toEqual(['GET /workflows/wf_lead']);
	});

	test('a list of names, and an object keyed by column (types it knows, others left as text)', async () => {
		expect(await columnsOf('wf_company')).toEqual({ fields: [field('company_name'), field('domain')] });
		expect(await columnsOf(locator('id', 'wf_keyed'))).toEqual({ fields: [field('domain', 'string'), field('employees', 'number'), field('tags', 'array')] });
	});

	test('no schema: no columns, and the mapping is free (Other Fields)', async () => {
		expect(await columnsOf('wf_failing')).toEqual({
			fields: [],
			emptyFieldsNotice: 'This workflow declares no columns n8n can read: add each field to send under Other Fields below',
		});
	});

	test.each([
		['missing', 404],
		['forbidden', 403],
	] as const)('the endpoint %s: no columns, free mapping, and the notice says why', async (mode, status) => {
		emu.setWorkflowsEndpoint(mode);
		expect(await columnsOf('wf_lead')).toEqual({
			fields: [],
			emptyFieldsNotice: `Sixtyfour does not show this workflow's columns (HTTP ${status}): add each field to send under Other Fields below`,
		});
	});

	test('a read_csv workflow: no columns, and the notice says it cannot be started through the API', async () => {
		expect(await columnsOf('wf_csv')).toEqual({
			fields: [],
			emptyFieldsNotice: 'This workflow starts with a read_csv block, and only workflows that start with a webhook block can be started through the API',
		});
	});

	test('no workflow chosen yet: no request', async () => {
		expect(await columnsOf('')).toEqual({ fields: [], emptyFieldsNotice: 'Choose a workflow first: its columns are listed here' });
		expect(requestLines(emu)).toEqual([]);
	});
});

describe('a run started from mapped columns', () => {
	const items = [{ json: { name: 'Acme Corp', site: 'acme.com', crm: 7, note: 'not sent' } }];
	const columns = (value: INodeParameters) => ({
		mappingMode: 'defineBelow',
		value,
		matchingColumns: [],
		schema: [field('company_name', 'string'), field('website', 'string')],
	});
	const start = async (parameters: INodeParameters) =>
		await runNode(emu, { ...RUN, workflowId: locator('list', 'wf_lead'), waitForCompletion: false, ...parameters }, { inputItems: items });
	/** The records the emulator received for the run the node started. */
	const sentRecords = (result: Awaited<ReturnType<typeof start>>) => emu.getRun(String(outputOf(result)[0].json.job_id))?.records;

	test('sends exactly the mapped columns and the other fields, nothing else of the item', async () => {
		const result = await start({
			columns: columns({ company_name: '={{ $json.name }}', website: '={{ $json.site }}' }),
			mappedFields: { field: [{ name: 'crm_id', value: '={{ $json.crm }}' }] },
		});
		expect(sentRecords(result)).toEqual([{ company_name: 'Acme Corp', website: 'acme.com', crm_id: 7 }]);
		expect(requestLines(emu)).toEqual(['GET /workflows/wf_lead', 'POST /workflows/run?workflow_id=wf_lead']);
	});

	test('a column left empty is not sent', async () => {
		const result = await start({ columns: columns({ company_name: '={{ $json.name }}', website: '' }) });
		expect(sentRecords(result)).toEqual([{ company_name: 'Acme Corp' }]);
	});

	test('nothing mapped: refused before any request, naming Columns', async () => {
		const result = await start({ columns: columns({ company_name: '', website: null }) });
		expect(errorFields(result)).toMatchObject({ type: 'NodeOperationError', message: expect.stringMatching(/^Invalid "Columns": item 0 has no field with a value/) });
		expect(emu.requests).toEqual([]);
	});

	test('an other field named as a column: refused before any request', async () => {
		const result = await start({
			columns: columns({ company_name: '={{ $json.name }}' }),
			mappedFields: { field: [{ name: 'company_name', value: 'x' }] },
		});
		expect(errorFields(result)).toMatchObject({ message: 'Invalid "Other Fields": item 0 maps "company_name" twice' });
		expect(emu.requests).toEqual([]);
	});
});

describe('versions', () => {
	const { description } = sixtyfour;
	const nodeAt = (typeVersion: number, parameters: INodeParameters): INode => ({ id: 'n', name: NODE_NAME, type: NODE_TYPE, typeVersion, position: [0, 0], parameters });
	const editorParameters = (typeVersion: number, parameters: INodeParameters) =>
		NodeHelpers.getNodeParameters(description.properties, parameters, true, false, nodeAt(typeVersion, parameters), description) ?? {};
	const shown = (typeVersion: number, parameters: INodeParameters, name: string): INodeProperties | undefined => {
		const values = editorParameters(typeVersion, parameters);
		return description.properties.find((p) => p.name === name && NodeHelpers.displayParameterPath(values, p, '', nodeAt(typeVersion, values), description));
	};

	test('Workflow Columns is offered in version 2 only; version 1 keeps its three choices', () => {
		const choices = (version: number) => (shown(version, { ...RUN, fieldsToSend: 'all' }, 'fieldsToSend')?.options ?? []).map((o) => (o as { value: string }).value);
		expect(choices(1)).toEqual(['all', 'selected', 'mapped']);
		expect(choices(2)).toEqual(['all', 'selected', 'mapped', 'columns']);
		expect(shown(2, RUN, 'columns')?.type).toBe('resourceMapper');
		expect(shown(2, RUN, 'mappedFields')?.displayName).toBe('Other Fields');
	});

	test('saved Mapped Fields keep their parameters in both versions', () => {
		const saved = { resource: 'workflow', operation: 'run', fieldsToSend: 'mapped', mappedFields: { field: [{ name: 'company_name', value: '={{ $json.name }}' }] } };
		for (const version of [1, 2]) {
			const parameters = editorParameters(version, saved);
			expect([parameters.fieldsToSend, parameters.mappedFields, parameters.columns]).toEqual([saved.fieldsToSend, saved.mappedFields, undefined]);
			expect(shown(version, saved, 'mappedFields')?.displayName).toBe('Mapped Fields');
		}
	});
});
