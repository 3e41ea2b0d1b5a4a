// @ts-check
// The action node's versions inside real n8n: a saved version-1 workflow (Run ID as text) keeps
// its parameters and runs; version 2 (the default for new nodes) picks the run from the Run
// resource locator's list, served by n8n's own list-search endpoint.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { finalRows, waitUntilFinished } from './emulator-results.mjs';

const NODE_TYPE = 'n8n-nodes-sixtyfour.sixtyfour';

/**
 * @param {string} name
 * @param {number} typeVersion
 * @param {unknown} runId the parameter as each version saves it
 * @param {number} y
 */
function getResultsNode(name, typeVersion, runId, y) {
	return {
		parameters: { resource: 'run', operation: 'getResults', runId },
		id: `node-versions-${typeVersion}`,
		name,
		type: NODE_TYPE,
		typeVersion,
		position: [220, y],
		credentials: { sixtyfourApi: { id: 'sixtyfour-account', name: 'Sixtyfour account' } },
	};
}

/** @param {() => import('./session.mjs').Session} session */
export function nodeVersionsTests(session) {
	test('node versions: a saved version-1 workflow and a version-2 one read the same run', async () => {
		const { n8n, emu, say, credential } = session();
		const types = await n8n.client.fetchStatic('/types/nodes.json');
		const versions = types.filter((/** @type {{ name: string }} */ t) => t.name === NODE_TYPE);
		assert.deepEqual(
			versions.map((/** @type {{ version: unknown, defaultVersion: unknown }} */ t) => [t.version, t.defaultVersion]),
			[[[1, 2], 2]],
			'one description for versions 1 and 2, new nodes at 2',
		);

		const records = [
			{ company_name: 'Versioned One', website: 'versioned-one.example' },
			{ company_name: 'Versioned Two', website: 'versioned-two.example' },
		];
		const jobId = emu.startRun('wf_lead_enrichment', { webhook_payload: records }).job_id;
		assert.equal(await waitUntilFinished(emu, jobId, 60_000), 'completed');

		// What the editor's Run list shows, asked of n8n as the editor asks it.
		const listed = await n8n.client.request('POST', '/dynamic-node-parameters/resource-locator-results', {
			path: 'parameters.runId',
			nodeTypeAndVersion: { name: NODE_TYPE, version: 2 },
			methodName: 'searchRuns',
			filter: jobId,
			currentNodeParameters: { resource: 'run', operation: 'getResults', runId: { __rl: true, mode: 'list', value: '' } },
			credentials: { sixtyfourApi: { id: credential.id, name: credential.name } },
		});
		assert.equal(listed.results.length, 1, JSON.stringify(listed));
		assert.equal(listed.results[0].value, jobId);
		assert.match(listed.results[0].name, new RegExp(`^Lead Enrichment · completed · queued .+ \\(${jobId}\\)$`));

		const v2Locator = { __rl: true, mode: 'list', value: jobId, cachedResultName: listed.results[0].name };
		const workflow = {
			name: 'Sixtyfour node versions',
			nodes: [
				{
					parameters: {},
					id: 'node-versions-trigger',
					name: 'Start',
					type: 'n8n-nodes-base.manualTrigger',
					typeVersion: 1,
					position: [0, 0],
				},
				getResultsNode('Results v1', 1, jobId, -100),
				getResultsNode('Results v2', 2, v2Locator, 100),
			],
			connections: {
				Start: {
					main: [[
						{ node: 'Results v1', type: 'main', index: 0 },
						{ node: 'Results v2', type: 'main', index: 0 },
					]],
				},
			},
		};
		const { id } = await n8n.client.createWorkflow(workflow, { credentials: { sixtyfourApi: credential } });
		const saved = await n8n.client.getWorkflow(id);
		const savedNode = (/** @type {string} */ name) => saved.nodes.find((/** @type {{ name: string }} */ n) => n.name === name);
		assert.equal(savedNode('Results v1').typeVersion, 1);
		assert.deepEqual(savedNode('Results v1').parameters, { resource: 'run', operation: 'getResults', runId: jobId });
		assert.equal(savedNode('Results v2').typeVersion, 2);
		assert.deepEqual(savedNode('Results v2').parameters.runId, v2Locator);

		say(`running Get Results of ${jobId} with a version-1 node and a version-2 node`);
		const execution = await n8n.client.executeWorkflow(id);
		assert.equal(execution.status, 'success', JSON.stringify(execution.error ?? execution.nodes, null, 1));
		const expected = await finalRows(emu, jobId);
		assert.ok(expected.length > 0);
		assert.deepEqual(execution.nodes['Results v1'].outputs[0], expected);
		assert.deepEqual(execution.nodes['Results v2'].outputs[0], expected);
		say(`both versions gave the run's ${expected.length} final rows`);
	});
}
