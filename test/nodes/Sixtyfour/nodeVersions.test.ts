// The action node's versions: version 1 keeps what workflows saved by 0.1.0 meant (n8n stores only
// parameters that differ from their default, and fills in the current default for the rest), version 2
// has 0.2.0's defaults. Through n8n-core's WorkflowExecute against the emulator, exact outputs.
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import type { Emulator } from '../../emulator';
import { testCatalogue } from '../../emulator/test-support';
import { errorFields, locator, outputOf, runNode, servedFiles } from '../../harness/kits/nodeTestKit';
import { useEmulator } from '../../harness/kits/useEmulator';

const fastWait = { minPollIntervalSeconds: 0.02, maxPollIntervalSeconds: 0.2 };

let emu: Emulator;
useEmulator({ catalogue: testCatalogue(), clock: { mode: 'real', speed: 2000 } }, (started) => (emu = started));

/** Three companies; the emulator's enrichment finds nothing for one of them. */
const companies: IDataObject[] = [
	{ company_name: 'Acme Corp', website: 'acme.com', crm_id: 1 },
	{ company_name: 'TechStart Inc', website: 'techstart.io', crm_id: 2 },
	{ company_name: 'Zürich AG', website: 'zurich.ch', crm_id: 3 },
];
const items: INodeExecutionData[] = companies.map((json) => ({ json }));

/** Workflow → Run's parameters as the editor saves them: only what differs from the defaults. */
const saved = (parameters: INodeParameters = {}): INodeParameters => ({
	workflowId: locator('id', 'wf_lead'),
	waitOptions: fastWait,
	resultOptions: {},
	runOptions: {},
	...parameters,
});

const startedRuns = () => emu.requests.filter((request) => request.origin === 'api' && request.path === '/workflows/run');

/** The run's final result file, read without the node. */
async function finalRows() {
	const jobId = emu.requests.find((request) => request.path.endsWith('/live_status'))?.path.split('/')[3] as string;
	const files = await servedFiles(emu, jobId);
	return files[files.length - 1].rows;
}

describe('version 1: a workflow saved by 0.1.0', () => {
	it('runs Records (JSON) left at its default with 0.1.0\'s sample record, which the workflow never saved', async () => {
		const output = outputOf(await runNode(emu, saved({ recordsSource: 'json', waitForCompletion: false }), { inputItems: items, typeVersion: 1 }));
		expect(output).toHaveLength(1);
		expect(startedRuns()).toHaveLength(1);
		expect(emu.getRun(String(output[0].json.job_id))?.records).toEqual([{ company_name: 'Acme Corp', website: 'acme.com' }]);
	});

	it('returns the rows as the file holds them, and no item for a record that came back without a row', async () => {
		const output = outputOf(await runNode(emu, saved(), { inputItems: items, typeVersion: 1 }));
		const rows = await finalRows();
		expect(rows.length).toBeLessThan(companies.length);
		const itemOf = (row: IDataObject) => companies.findIndex((company) => String(company.crm_id) === row.crm_id);
		expect(output).toEqual(rows.map((row) => ({ json: row, pairedItem: { item: itemOf(row) } })));
	});

	it('flags rows and outputs records without a row once Output Records Without a Row is turned on', async () => {
		const output = outputOf(await runNode(emu, saved({ runOptions: { outputRecordsWithoutRow: true } }), { inputItems: items, typeVersion: 1 }));
		const rows = await finalRows();
		const missing = companies.filter((company) => !rows.some((row) => row.crm_id === String(company.crm_id)));
		expect(output.map((item) => item.json)).toEqual([
			...rows.map((row) => ({ ...row, sixtyfour_matched: true })),
			...missing.map((company) => ({ ...company, sixtyfour_matched: false })),
		]);
	});
});

describe('version 2: 0.2.0\'s defaults', () => {
	it('starts with Records (JSON) empty, so nothing is sent until records are written', async () => {
		const result = await runNode(emu, saved({ recordsSource: 'json', waitForCompletion: false }), { inputItems: items });
		expect(errorFields(result)).toEqual({
			type: 'NodeOperationError',
			message: 'There are no records to send, so no run was started',
			description: 'Give at least one record, or choose Records → None to start the run without any.',
			httpCode: null,
		});
		expect(startedRuns()).toHaveLength(0);
	});

	it('flags rows and outputs records without a row by default', async () => {
		const output = outputOf(await runNode(emu, saved(), { inputItems: items }));
		const rows = await finalRows();
		const missing = companies.filter((company) => !rows.some((row) => row.crm_id === String(company.crm_id)));
		expect(missing.length).toBeGreaterThan(0);
		expect(output.map((item) => item.json)).toEqual([
			...rows.map((row) => ({ ...row, sixtyfour_matched: true })),
			...missing.map((company) => ({ ...company, sixtyfour_matched: false })),
		]);
	});
});
