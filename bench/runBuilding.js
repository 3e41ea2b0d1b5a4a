// @ts-check
'use strict';

// 4. Building runs: Workflow → Run with "From Input Items", 100,000 input items split into runs of
// 1,000 records, through n8n-core's WorkflowExecute (the test harness). Measured is the node's own
// execute() (parameter reads per item, records, batching, request bodies, output items) with the
// HTTP start of each run replaced by an instant answer; the baseline is JSON.stringify of the same
// request bodies, the least any client must spend to send them.
const { requireCompiled } = require('./compiled');
const { runSectionWhenMain } = require('./sectionOutput');

const ITEMS = 100_000;
const RECORDS_PER_RUN = 1000;
const ROUNDS = 5;

const INDUSTRIES = ['Software', 'Financial Services, Banking', 'Retail', 'Health "Care"'];

/** @param {number} i */
function inputItem(i) {
	return {
		json: {
			company_name: `Company ${i}, Inc.`,
			website: `company-${i}.example`,
			industry: INDUSTRIES[i % INDUSTRIES.length],
			country: i % 3 ? 'United States' : 'Deutschland',
			employee_count: 10 + (i % 5000),
			linkedin_url: `https://www.linkedin.com/company/company-${i}`,
			notes: i % 7 ? '' : 'Met at SaaStr.\nFollow up in Q3.',
		},
	};
}

async function benchRunBuilding() {
	const { executeWorkflow } = requireCompiled('test/harness/index');
	const { Sixtyfour } = requireCompiled('nodes/Sixtyfour/Sixtyfour.node');
	const runRequests = requireCompiled('nodes/Sixtyfour/actions/runRequests');

	/** @type {Array<{ workflowId: string, body: unknown }>} */
	let sent = [];
	// The compiled operation looks startRun up on this module at each call.
	runRequests.startRun = async (/** @type {{ workflowId: string, body: unknown }} */ request) => {
		sent.push({ workflowId: request.workflowId, body: request.body });
		return { status: 'queued', workflow_id: request.workflowId, job_id: `run_${sent.length}`, cache_config: null };
	};

	const nodeType = new Sixtyfour();
	const execute = nodeType.execute;
	let executeSeconds = 0;
	nodeType.execute = async function (/** @type {unknown[]} */ ...args) {
		const started = process.hrtime.bigint();
		const output = await execute.apply(this, args);
		executeSeconds = Number(process.hrtime.bigint() - started) / 1e9;
		return output;
	};

	const type = 'n8n-nodes-sixtyfour.sixtyfour';
	const inputItems = Array.from({ length: ITEMS }, (_, i) => inputItem(i));
	const parameters = {
		resource: 'workflow',
		operation: 'run',
		workflowId: { __rl: true, mode: 'id', value: 'wf_lead_enrichment' },
		recordsSource: 'items',
		waitForCompletion: false,
		runOptions: { recordsPerRun: RECORDS_PER_RUN },
	};
	const credentials = { sixtyfourApi: { apiKey: 'sk_bench', baseUrl: 'http://127.0.0.1:9' } };

	let nodeBest = Infinity;
	let runs = 0;
	let outputItems = 0;
	for (let round = 0; round < ROUNDS; round++) {
		sent = [];
		const result = await executeWorkflow({ nodeTypes: { [type]: nodeType }, node: { name: 'Sixtyfour', type, parameters }, credentials, inputItems });
		if (result.error) throw result.error;
		nodeBest = Math.min(nodeBest, executeSeconds);
		runs = sent.length;
		outputItems = result.items[0].length;
	}
	const records = sent.reduce((sum, run) => sum + /** @type {{ webhook_payload: unknown[] }} */ (run.body).webhook_payload.length, 0);
	if (records !== ITEMS || runs !== ITEMS / RECORDS_PER_RUN) throw new Error(`${records} records in ${runs} runs`);

	let stringifyBest = Infinity;
	let payloadBytes = 0;
	for (let round = 0; round < ROUNDS; round++) {
		const started = process.hrtime.bigint();
		payloadBytes = 0;
		for (const run of sent) payloadBytes += JSON.stringify(run.body).length;
		stringifyBest = Math.min(stringifyBest, Number(process.hrtime.bigint() - started) / 1e9);
	}
	return {
		items: ITEMS,
		recordsPerRun: RECORDS_PER_RUN,
		runs,
		outputItems,
		payloadMB: payloadBytes / 2 ** 20,
		nodeSeconds: nodeBest,
		stringifySeconds: stringifyBest,
		overheadRatio: nodeBest / stringifyBest,
	};
}

runSectionWhenMain(module, benchRunBuilding);

module.exports = { benchRunBuilding };
