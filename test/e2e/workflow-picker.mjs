// @ts-check
// Workflows from the API inside real n8n, asked of n8n as its editor asks: the Workflow picker
// (n8n's resource-locator search) lists a workflow that has never run, the Columns resource mapper
// (n8n's resource-mapper endpoint) loads the chosen workflow's input_schema, and a run started from
// mapped columns sends exactly those fields.
import assert from 'node:assert/strict';
import { test } from 'node:test';

const NODE_TYPE = 'n8n-nodes-sixtyfour.sixtyfour';
/** The emulator's draft workflow: never run, and started by nothing before this test. */
const NEVER_RUN = 'wf_draft_prospects';
const LEAD_COLUMNS = ['full_name', 'company_name', 'website'];

/** @param {() => import('./session.mjs').Session} session */
export function workflowPickerTests(session) {
	test('workflows from the API: the picker shows a never-run workflow, the mapper its columns, and a run sends exactly the mapped fields', async () => {
		const { n8n, emu, say, credential } = session();
		const credentials = { sixtyfourApi: { id: credential.id, name: credential.name } };
		const nodeTypeAndVersion = { name: NODE_TYPE, version: 2 };
		const runParameters = (/** @type {string} */ workflowId) => ({
			resource: 'workflow',
			operation: 'run',
			workflowId: { __rl: true, mode: 'list', value: workflowId },
			recordsSource: 'items',
			fieldsToSend: 'columns',
		});
		assert.equal(emu.requests.filter((r) => r.path === '/workflows/run' && r.query.workflow_id === NEVER_RUN).length, 0);

		const listed = await n8n.client.request('POST', '/dynamic-node-parameters/resource-locator-results', {
			path: 'parameters.workflowId',
			nodeTypeAndVersion,
			methodName: 'searchWorkflows',
			filter: 'prospect',
			currentNodeParameters: runParameters(''),
			credentials,
		});
		assert.deepEqual(
			listed.results.map((/** @type {{ value: string }} */ entry) => entry.value),
			[NEVER_RUN],
			JSON.stringify(listed),
		);
		assert.match(listed.results[0].name, /never run/);
		say(`picker, filtered "prospect": ${listed.results[0].name}`);

		const mapper = await n8n.client.request('POST', '/dynamic-node-parameters/resource-mapper-fields', {
			path: 'parameters.columns',
			nodeTypeAndVersion,
			methodName: 'getWorkflowColumns',
			currentNodeParameters: runParameters('wf_lead_enrichment'),
			credentials,
		});
		assert.deepEqual(mapper.fields.map((/** @type {{ id: string }} */ field) => field.id), LEAD_COLUMNS, JSON.stringify(mapper));
		say(`mapper columns of wf_lead_enrichment: ${LEAD_COLUMNS.join(', ')}`);

		const people = [
			{ person: 'Ada Park', org: 'Acme Robotics', site: 'acme-robotics.com', crm_id: 'c-1', notes: 'not sent' },
			{ person: 'Chen Wei', org: 'Initech Software', site: 'initech.example', crm_id: 'c-2', notes: 'not sent' },
		];
		const workflow = {
			name: 'Sixtyfour: mapped columns',
			nodes: [
				{ parameters: {}, id: 'picker-trigger', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0] },
				{
					parameters: { jsCode: `return ${JSON.stringify(people)};` },
					id: 'picker-people',
					name: 'People',
					type: 'n8n-nodes-base.code',
					typeVersion: 2,
					position: [220, 0],
				},
				{
					parameters: {
						...runParameters('wf_lead_enrichment'),
						columns: {
							mappingMode: 'defineBelow',
							value: { full_name: '={{ $json.person }}', company_name: '={{ $json.org }}', website: '={{ $json.site }}' },
							matchingColumns: [],
							schema: mapper.fields,
						},
						waitForCompletion: false,
					},
					id: 'picker-run',
					name: 'Sixtyfour',
					type: NODE_TYPE,
					typeVersion: 2,
					position: [440, 0],
					credentials: { sixtyfourApi: { id: 'sixtyfour-account', name: 'Sixtyfour account' } },
				},
			],
			connections: {
				Start: { main: [[{ node: 'People', type: 'main', index: 0 }]] },
				People: { main: [[{ node: 'Sixtyfour', type: 'main', index: 0 }]] },
			},
			settings: { executionOrder: 'v1' },
		};
		const { id } = await n8n.client.createWorkflow(workflow, { credentials: { sixtyfourApi: credential } });
		const run = await n8n.client.executeWorkflow(id);
		assert.equal(run.status, 'success', JSON.stringify(run.error ?? run.nodes));
		const started = run.nodes.Sixtyfour.outputs[0];
		assert.equal(started.length, 1, JSON.stringify(started));
		assert.deepEqual(
			emu.getRun(started[0].job_id)?.records,
			people.map(({ person, org, site }) => ({ full_name: person, company_name: org, website: site })),
		);
		say(`run ${started[0].job_id} billed exactly the mapped columns of ${people.length} items`);
	});
}
