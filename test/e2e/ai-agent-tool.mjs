// @ts-check
// examples/ai-agent-tool.json: an AI Agent whose model (a scripted OpenAI-compatible server on
// loopback) calls the Sixtyfour tools at their version 2 defaults: Run twice (2 companies, then 120)
// and Get Many. Billed: exactly the records the model sent, none from the agent's input; rows to
// the model capped at 50 with the run's row count; the API key never sent to the model.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { finalRows, listRuns } from './emulator-results.mjs';
import { startFakeModel, toolMessages } from './fake-openai.mjs';
import { API_KEY, readExample } from './session.mjs';

const SMALL = [
	{ company_name: 'Acme Robotics', website: 'acme-robotics.com' },
	{ company_name: 'Northwind Traders', website: 'northwind.example' },
];
const LARGE = Array.from({ length: 120 }, (_, index) => ({ company_name: `Company ${index + 1}`, website: `company-${index + 1}.example` }));
const TOOL_ROWS_CAP = 50;

/** The model: Run with SMALL, Run with LARGE, Get Many, then its answer; one step per tool answer seen. */
const STEPS = [
	{ toolCalls: [{ name: 'Enrich_Companies', arguments: { records: SMALL } }] },
	{ toolCalls: [{ name: 'Enrich_Companies', arguments: { records: LARGE } }] },
	{ toolCalls: [{ name: 'List_Runs', arguments: { limit: 2, status: 'completed' } }] },
	{ text: 'Both runs are done.' },
];

/**
 * What a tool message holds: n8n sends the tool's items as JSON text.
 * @param {string} content
 * @returns {any[]}
 */
function itemsOf(content) {
	const parsed = JSON.parse(content);
	return Array.isArray(parsed) ? parsed.map((item) => item?.json ?? item) : [parsed];
}

/** @param {() => import('./session.mjs').Session} session */
export function aiAgentToolTests(session) {
	test('example "AI agent tool": the model\'s records are billed and nothing else; 50 rows to the model with the run\'s count', async () => {
		const { n8n, emu, say, credential } = session();
		const model = await startFakeModel((request) => STEPS[toolMessages(request).length]);
		try {
			const openAi = await n8n.client.createCredential({
				name: 'OpenAI account',
				type: 'openAiApi',
				data: { apiKey: 'sk-scripted-model', url: model.url },
			});
			const { id } = await n8n.client.createWorkflow(readExample('ai-agent-tool'), {
				credentials: { sixtyfourApi: credential, openAiApi: openAi },
			});
			const runsBefore = await listRuns(emu);
			say('running "AI agent tool" (scripted model: Run with 2 companies, Run with 120, Get Many)');
			const execution = await n8n.client.executeWorkflow(id);
			assert.equal(execution.status, 'success', JSON.stringify(execution.error ?? execution.nodes, null, 1));
			assert.equal(model.requests.length, 4, 'the model was asked four times');

			// The schema the model was offered.
			const tools = Object.fromEntries(model.requests[0].body.tools.map((/** @type {any} */ tool) => [tool.function.name, tool.function]));
			assert.deepEqual(Object.keys(tools).sort(), ['Enrich_Companies', 'List_Runs']);
			const enrich = tools.Enrich_Companies;
			assert.deepEqual(Object.keys(enrich.parameters.properties), ['records']);
			assert.deepEqual(enrich.parameters.required, ['records']);
			assert.match(enrich.parameters.properties.records.description, /^The companies or people to enrich, as a JSON list of objects/);
			assert.match(enrich.description, /billed per record/);
			say(`tool schema offered: ${JSON.stringify(enrich)}`);
			say(`List_Runs: ${JSON.stringify(tools.List_Runs)}`);

			// Billed: the model's records, in two runs, and nothing from the agent's input.
			const newRuns = (await listRuns(emu)).filter((run) => !runsBefore.some((b) => b.job_id === run.job_id)).reverse();
			assert.equal(newRuns.length, 2, 'two runs, one per Run call');
			const billed = newRuns.map((run) => emu.getRun(run.job_id).records);
			assert.deepEqual(billed, [SMALL, LARGE]);
			say(`records billed: ${billed.map((records) => records.length).join(' + ')}, as the model sent; 0 from the agent's input`);

			// What each call gave the model.
			const answers = toolMessages(model.requests[3]);
			assert.equal(answers.length, 3);
			say(`bytes to the model per call: ${answers.map((answer) => Buffer.byteLength(answer.content)).join(', ')}`);
			for (const answer of answers) {
				assert.ok(!answer.content.includes(API_KEY), 'the API key is not sent to the model');
				assert.ok(!answer.content.includes('chatInput'), 'the agent\'s input does not come back as a row');
			}

			const small = itemsOf(answers[0].content);
			const smallRows = await finalRows(emu, newRuns[0].job_id);
			assert.deepEqual(small.at(-1), {
				job_id: newRuns[0].job_id,
				rows_returned: smallRows.length,
				rows_in_run: smallRows.length,
				more_rows: false,
				next_step: `These are all ${smallRows.length} rows of run ${newRuns[0].job_id}.`,
			});

			const large = itemsOf(answers[1].content);
			const largeRows = await finalRows(emu, newRuns[1].job_id);
			assert.ok(largeRows.length > TOOL_ROWS_CAP, `the large run has ${largeRows.length} rows`);
			assert.equal(large.length, TOOL_ROWS_CAP + 1, '50 rows and the summary');
			assert.deepEqual(
				large.slice(0, TOOL_ROWS_CAP).map((row) => row.website),
				largeRows.slice(0, TOOL_ROWS_CAP).map((row) => row.website),
			);
			assert.deepEqual(
				{ ...large.at(-1), next_step: undefined },
				{ job_id: newRuns[1].job_id, rows_returned: TOOL_ROWS_CAP, rows_in_run: largeRows.length, more_rows: true, next_step: undefined },
			);
			assert.match(large.at(-1).next_step, /Get Results operation and job_id/);
			say(`large run: ${largeRows.length} rows, ${TOOL_ROWS_CAP} sent to the model with rows_in_run ${large.at(-1).rows_in_run}`);

			const listed = itemsOf(answers[2].content);
			assert.deepEqual(
				listed.map((run) => [run.job_id, run.status]),
				[newRuns[1].job_id, newRuns[0].job_id].map((jobId) => [jobId, 'completed']),
			);
		} finally {
			await model.close();
		}
	});
}
