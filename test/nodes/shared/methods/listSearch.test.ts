// The Workflow picker (methods.listSearch.searchWorkflows) of the Sixtyfour node, its tool and the
// Sixtyfour Trigger, through a real LoadOptionsContext against the emulator on a manual clock:
// every workflow from GET /workflows, and the runs history where that endpoint is missing or closed.
import type { INodeType } from 'n8n-workflow';

import { Sixtyfour } from '../../../../nodes/Sixtyfour/Sixtyfour.node';
import { SixtyfourTrigger } from '../../../../nodes/SixtyfourTrigger/SixtyfourTrigger.node';
import type { Emulator } from '../../../emulator';
import { testCatalogue } from '../../../emulator/test-support';
import { runListSearch } from '../../../harness';
import { requestLines } from '../../../harness/kits/nodeTestKit';
import { useEmulator } from '../../../harness/kits/useEmulator';

let emu: Emulator;

useEmulator({ catalogue: testCatalogue(), clock: { mode: 'manual' } }, (started) => (emu = started));
beforeAll(async () => {
	emu.addWorkflow({ id: 'wf_draft', name: 'Draft', source: 'webhook', blocks: ['webhook'], status: 'draft' });
	emu.startRun('wf_company', { webhook_payload: [{ company_name: 'Acme' }] });
	emu.clock.advance(60_000);
	emu.startRun('wf_lead', { webhook_payload: [{ company_name: 'Acme' }] });
});

beforeEach(() => {
	emu.setWorkflowsEndpoint('served');
	emu.faults.clear();
});

async function search(filter?: string, nodeType: INodeType = new Sixtyfour(), apiKey = emu.apiKey) {
	return await runListSearch({
		nodeType,
		method: 'searchWorkflows',
		filter,
		credentials: { sixtyfourApi: { apiKey, baseUrl: emu.baseUrl } },
		node: { parameters: { resource: 'workflow', operation: 'run' } },
		parameterPath: 'parameters.workflowId',
	});
}

const EVERY_WORKFLOW = [
	{ name: 'Lead Enrichment · ready · last run 2026-02-12T09:01:00Z (wf_lead)', value: 'wf_lead' },
	{ name: 'Company Enrichment · ready · last run 2026-02-12T09:00:00Z (wf_company)', value: 'wf_company' },
	{ name: 'CSV Import · ready · never run (wf_csv)', value: 'wf_csv' },
	{ name: 'Failing · ready · never run (wf_failing)', value: 'wf_failing' },
	{ name: 'BOM and inline · ready · never run (wf_bom)', value: 'wf_bom' },
	{ name: 'Draft · draft · never run (wf_draft)', value: 'wf_draft' },
];

const FROM_RUNS = [
	{ name: 'Lead Enrichment (wf_lead) · from runs history', value: 'wf_lead' },
	{ name: 'Company Enrichment (wf_company) · from runs history', value: 'wf_company' },
];

describe('with GET /workflows', () => {
	test('lists every workflow, never-run, draft and read_csv ones too, by name, status and last run, in one request', async () => {
		expect(await search()).toEqual({ results: EVERY_WORKFLOW });
		expect(requestLines(emu)).toEqual(['GET /workflows']);
	});

	test('the Sixtyfour Trigger\'s Workflows to Watch lists the same', async () => {
		expect(await search(undefined, new SixtyfourTrigger())).toEqual({ results: EVERY_WORKFLOW });
	});

	test.each([
		['never run', ['wf_csv', 'wf_failing', 'wf_bom', 'wf_draft']],
		['draft', ['wf_draft']],
		['ENRICH', ['wf_lead', 'wf_company']],
		['wf_bom', ['wf_bom']],
		['2026-02-12T09:01', ['wf_lead']],
		['nothing like it', []],
	])('filter %j matches name, status, last run and ID, ignoring case', async (filter, ids) => {
		expect((await search(filter)).results.map((item) => item.value)).toEqual(ids);
	});

	test('an entry without name, status or last_run_date is listed by its ID, with nothing made up; one without id is left out', async () => {
		emu.faults.add({ route: 'workflows', type: 'omitFields', fields: ['name', 'status', 'last_run_date'] });
		expect((await search('wf_lead')).results).toEqual([{ name: 'wf_lead (wf_lead)', value: 'wf_lead' }]);
		emu.faults.add({ route: 'workflows', type: 'omitFields', fields: ['id'] });
		expect((await search()).results).toEqual([]);
	});

	test('a key Sixtyfour refuses (401) is an error, not a fallback', async () => {
		await expect(search(undefined, new Sixtyfour(), 'sk_wrong')).rejects.toMatchObject({ httpCode: '401' });
		expect(requestLines(emu)).toEqual(['GET /workflows']);
	});
});

describe('without GET /workflows: the runs history, marked as such', () => {
	test.each([
		['missing (404, an older deployment)', () => emu.setWorkflowsEndpoint('missing')],
		['forbidden to the key (403)', () => emu.setWorkflowsEndpoint('forbidden')],
		['refused by a proxy (405)', () => emu.faults.add({ route: 'workflows', type: 'status', status: 405, body: { detail: 'Method Not Allowed' } })],
	])('%s: the workflows that have runs, most recently run first, each named "from runs history"', async (_name, switchOff) => {
		switchOff();
		expect(await search()).toEqual({ results: FROM_RUNS });
		expect(requestLines(emu)).toEqual(['GET /workflows', 'GET /workflows/runs?limit=500']);
	});

	test('the trigger falls back the same way, and the filter still applies', async () => {
		emu.setWorkflowsEndpoint('missing');
		expect(await search(undefined, new SixtyfourTrigger())).toEqual({ results: FROM_RUNS });
		expect((await search('COMPANY')).results).toEqual([FROM_RUNS[1]]);
		expect((await search('wf_csv')).results).toEqual([]);
	});
});
