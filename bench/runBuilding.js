// @ts-check
'use strict';

// 4. Starting a run: Workflow → Run with "From Input Items" and Wait for Completion off, through
// n8n-core's WorkflowExecute (the test harness), at 1k, 10k and 100k input items of 7 fields, all in
// one run (the default). Timed is the node's execute(): reading the parameters, building the records
// and the run, serialising the body, and the POST to the emulator until its answer is read. The
// baseline is the least code that does the same: JSON.stringify of the same payload and one raw
// http.request POST to the same emulator on a new connection (n8n's HTTP helper opens one per
// request), answer read and parsed. Rounds alternate node and baseline, after one untimed round of each.
const http = require('http');
const { requireCompiled } = require('./compiled');
const { runSectionWhenMain } = require('./sectionOutput');
const { summary } = require('./stats');
const { startEmulator } = require('../test/emulator');

const SIZES = [1000, 10_000, 100_000];
const ROUNDS = 5;
const WORKFLOW_ID = 'wf_lead_enrichment';

const INDUSTRIES = ['Software', 'Financial Services, Banking', 'Retail', 'Health "Care"'];

/** @param {number} i */
function record(i) {
	return {
		company_name: `Company ${i}, Inc.`,
		website: `company-${i}.example`,
		industry: INDUSTRIES[i % INDUSTRIES.length],
		country: i % 3 ? 'United States' : 'Deutschland',
		employee_count: 10 + (i % 5000),
		linkedin_url: `https://www.linkedin.com/company/company-${i}`,
		notes: i % 7 ? '' : 'Met at SaaStr.\nFollow up in Q3.',
	};
}

/**
 * The baseline: serialise, POST, read and parse the answer.
 * @param {import('../test/emulator').Emulator} emu
 * @param {object[]} records
 * @param {string} idempotencyKey
 * @returns {Promise<{ job_id: string }>}
 */
function rawStart(emu, records, idempotencyKey) {
	const body = JSON.stringify({ webhook_payload: records });
	return new Promise((resolve, reject) => {
		const request = http.request(
			`${emu.baseUrl}/workflows/run?workflow_id=${WORKFLOW_ID}`,
			{
				method: 'POST',
				// A new connection, as n8n's HTTP helper opens one for every request.
				agent: false,
				headers: {
					'content-type': 'application/json',
					'content-length': Buffer.byteLength(body),
					'x-api-key': emu.apiKey,
					'idempotency-key': idempotencyKey,
				},
			},
			(response) => {
				/** @type {Buffer[]} */
				const chunks = [];
				response.on('data', (/** @type {Buffer} */ chunk) => chunks.push(chunk));
				response.on('end', () => {
					const answer = JSON.parse(Buffer.concat(chunks).toString('utf8'));
					if (response.statusCode !== 200) reject(new Error(`raw start answered ${response.statusCode}: ${answer.message}`));
					else resolve(answer);
				});
				response.on('error', reject);
			},
		);
		request.on('error', reject);
		request.end(body);
	});
}

/** @param {() => Promise<unknown>} work @returns {Promise<number>} seconds */
async function timed(work) {
	const started = process.hrtime.bigint();
	await work();
	return Number(process.hrtime.bigint() - started) / 1e9;
}

async function benchRunBuilding() {
	const { executeWorkflow } = requireCompiled('test/harness/index');
	const { Sixtyfour } = requireCompiled('nodes/Sixtyfour/Sixtyfour.node');
	const emu = await startEmulator({ recordRequests: false });

	const nodeType = new Sixtyfour();
	const execute = nodeType.execute;
	let executeSeconds = NaN;
	nodeType.execute = async function (/** @type {unknown[]} */ ...args) {
		const started = process.hrtime.bigint();
		const output = await execute.apply(this, args);
		executeSeconds = Number(process.hrtime.bigint() - started) / 1e9;
		return output;
	};
	const type = 'n8n-nodes-sixtyfour.sixtyfour';
	const parameters = {
		resource: 'workflow',
		operation: 'run',
		workflowId: { __rl: true, mode: 'id', value: WORKFLOW_ID },
		recordsSource: 'items',
		waitForCompletion: false,
	};
	const credentials = { sixtyfourApi: { apiKey: emu.apiKey, baseUrl: emu.baseUrl } };

	/** @param {string} jobId @param {number} expected */
	const checkStarted = (jobId, expected) => {
		const stored = emu.getRun(jobId)?.records.length;
		if (stored !== expected) throw new Error(`run ${jobId} holds ${stored} records, not ${expected}`);
	};

	try {
		const results = [];
		let keys = 0;
		for (const size of SIZES) {
			const records = Array.from({ length: size }, (_, i) => record(i));
			const inputItems = records.map((json) => ({ json }));
			const nodeRound = async () => {
				const result = await executeWorkflow({ nodeTypes: { [type]: nodeType }, node: { name: 'Sixtyfour', type, parameters }, credentials, inputItems });
				if (result.error) throw result.error;
				const [started] = result.items[0];
				checkStarted(String(started.json.job_id), size);
				return executeSeconds;
			};
			const baselineRound = async () => {
				let answer = { job_id: '' };
				const seconds = await timed(async () => (answer = await rawStart(emu, records, `bench-raw-${++keys}`)));
				checkStarted(answer.job_id, size);
				return seconds;
			};
			await nodeRound();
			await baselineRound();
			const node = [];
			const baseline = [];
			for (let round = 0; round < ROUNDS; round++) {
				node.push(await nodeRound());
				baseline.push(await baselineRound());
			}
			const nodeSummary = summary(node);
			const baselineSummary = summary(baseline);
			results.push({
				items: size,
				payloadMB: Buffer.byteLength(JSON.stringify({ webhook_payload: records })) / 2 ** 20,
				rounds: ROUNDS,
				node: nodeSummary,
				baseline: baselineSummary,
				ratio: nodeSummary.median / baselineSummary.median,
			});
			process.stderr.write(`runBuilding ${size}: node ${nodeSummary.median.toFixed(4)} s, baseline ${baselineSummary.median.toFixed(4)} s\n`);
		}
		return results;
	} finally {
		await emu.close();
	}
}

runSectionWhenMain(module, benchRunBuilding);

module.exports = { benchRunBuilding };
