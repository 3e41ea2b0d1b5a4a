// The action node as n8n's editor sees it, checked with n8n-workflow's own logic: which options
// show for which settings (NodeHelpers.displayParameterPath, as the editor's collections call it),
// the parameters each node version saves (NodeHelpers.getNodeParameters), the subtitle and the
// first-item hints (n8n's expression engine). Then both versions run through WorkflowExecute
// against the emulator, and the Run list is searched through a real LoadOptionsContext.
import type { IDataObject, INode, INodeExecutionData, INodeParameters, INodeProperties } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { Sixtyfour } from '../../../nodes/Sixtyfour/Sixtyfour.node';
import * as runResource from '../../../nodes/Sixtyfour/actions/run/Run.resource';
import * as workflowResource from '../../../nodes/Sixtyfour/actions/workflow/Workflow.resource';
import type { Emulator } from '../../emulator';
import { LEAD_RECORDS, startLeadRun, testCatalogue } from '../../emulator/test-support';
import { executeWorkflow, runListSearch } from '../../harness';
import { singleNodeWorkflow } from '../../harness/singleNodeWorkflow';
import { locator, servedFiles, NODE_NAME, NODE_TYPE, outputOf, requestLines, waitUntil } from '../../harness/kits/nodeTestKit';
import { useEmulator } from '../../harness/kits/useEmulator';

const sixtyfour = new Sixtyfour();
const { description } = sixtyfour;

function nodeAt(typeVersion: number, parameters: INodeParameters): INode {
	return { id: 'n', name: NODE_NAME, type: NODE_TYPE, typeVersion, position: [0, 0], parameters };
}

/** The node's parameters as the editor keeps them: the user's values, defaults for the rest, hidden ones dropped. */
function editorParameters(typeVersion: number, parameters: INodeParameters): INodeParameters {
	const node = nodeAt(typeVersion, parameters);
	return NodeHelpers.getNodeParameters(description.properties, parameters, true, false, node, description) ?? {};
}

/** The displayed top-level property named `name` (the one of this version, when it has several). */
function shownProperty(typeVersion: number, parameters: INodeParameters, name: string): INodeProperties | undefined {
	const values = editorParameters(typeVersion, parameters);
	const node = nodeAt(typeVersion, values);
	return description.properties.find(
		(property) => property.name === name && NodeHelpers.displayParameterPath(values, property, '', node, description),
	);
}

/** The options the collection `name` offers under "Add option", as the editor lists them. */
function offeredOptions(parameters: INodeParameters, name: string, typeVersion = 2): string[] {
	const values = editorParameters(typeVersion, parameters);
	const collection = shownProperty(typeVersion, parameters, name);
	if (!collection) return [];
	const node = nodeAt(typeVersion, values);
	return (collection.options as INodeProperties[])
		.filter((option) => NodeHelpers.displayParameterPath({ parameters: values }, option, `parameters.${name}`, node, description))
		.map((option) => option.name);
}

const RUN = { resource: 'workflow', operation: 'run' };

describe('options shown only where they apply', () => {
	const allResultOptions = ['addRunMetadata', 'binaryPropertyName', 'inferTypes', 'maxRows', 'fileWaitSeconds'];

	test.each([
		['Workflow → Run', RUN],
		['Run → Get Results', { resource: 'run', operation: 'getResults' }],
		['Run → Wait for Completion', { resource: 'run', operation: 'waitForCompletion' }],
	])('%s: Result Options follow Output, in both versions', (_name, operation) => {
		for (const version of [1, 2]) {
			expect(offeredOptions({ ...operation }, 'resultOptions', version)).toEqual([
				'addRunMetadata',
				'inferTypes',
				'maxRows',
				'fileWaitSeconds',
			]);
			expect(offeredOptions({ ...operation, resultOutput: 'files' }, 'resultOptions', version)).toEqual([
				'binaryPropertyName',
				'fileWaitSeconds',
			]);
			// An expression decides per execution, so n8n shows every option (displayParameter's rule).
			expect(offeredOptions({ ...operation, resultOutput: '={{ $json.output }}' }, 'resultOptions', version)).toEqual(
				allResultOptions,
			);
		}
	});

	test.each([
		['defaults: waiting, one item per row, Auto matching', true, {}],
		['matching by field', true, { matchRows: 'field', matchField: 'website' }],
		['Wait for Completion off', false, { waitForCompletion: false }],
		['one item per file', false, { resultOutput: 'files' }],
		['Match Rows to Input None', false, { matchRows: 'none' }],
		['Records None (nothing to match)', false, { recordsSource: 'none' }],
	] as Array<[string, boolean, INodeParameters]>)('Workflow → Run, Output Records Without a Row with %s: offered %s', (_name, offered, parameters) => {
		for (const version of [1, 2]) {
			expect(offeredOptions({ ...RUN, ...parameters }, 'runOptions', version).includes('outputRecordsWithoutRow')).toBe(offered);
		}
	});

	test('the billing notice stands under Records only when the records are the input items', () => {
		const notice = (parameters: INodeParameters) => shownProperty(2, { ...RUN, ...parameters }, 'billingNotice')?.displayName;
		expect(notice({})).toBe(
			'Each input item is one record, and Sixtyfour bills every record: all of this node\'s input items go into one run (Records per Run in Options splits them)',
		);
		expect(notice({ recordsSource: 'json' })).toBeUndefined();
		expect(notice({ recordsSource: 'none' })).toBeUndefined();
		expect(JSON.stringify(description.properties.filter((p) => p.name === 'recordsSource'))).not.toContain('webhook_payload');
	});
});

describe('node versions', () => {
	const operations = ['getStatus', 'waitForCompletion', 'getResults', 'getResultLinks', 'cancel'];

	test('new nodes are version 2; version 1 stays loadable', () => {
		expect(description.version).toEqual([1, 2]);
		expect(description.defaultVersion).toBe(2);
	});

	test.each(operations)('Run → %s saves Run ID as text in version 1 and as a resource locator in version 2, and nothing else differs', (operation) => {
		const v1 = editorParameters(1, { resource: 'run', operation });
		const v2 = editorParameters(2, { resource: 'run', operation });
		expect(v1.runId).toBe('');
		expect(v2.runId).toEqual({ __rl: true, mode: 'list', value: '' });
		expect({ ...v1, runId: undefined }).toEqual({ ...v2, runId: undefined });
		expect(shownProperty(1, { resource: 'run', operation }, 'runId')?.type).toBe('string');
		expect(shownProperty(2, { resource: 'run', operation }, 'runId')?.type).toBe('resourceLocator');
	});

	test('a saved version-1 Get Status keeps exactly its parameters', () => {
		expect(editorParameters(1, { resource: 'run', operation: 'getStatus', runId: 'run_1' })).toEqual({
			resource: 'run',
			operation: 'getStatus',
			runId: 'run_1',
			simplify: true,
			options: {},
		});
	});

	test('Workflow → Run has the same parameters in both versions', () => {
		expect(editorParameters(1, RUN)).toEqual(editorParameters(2, RUN));
	});
});

describe('subtitle and first-item hints, through n8n\'s expression engine', () => {
	function evaluate(expression: string, parameters: INodeParameters, inputItems: INodeExecutionData[] = [{ json: {} }]) {
		const { workflow, node } = singleNodeWorkflow({ nodeType: sixtyfour, node: { parameters, typeVersion: 2 } });
		return workflow.expression.getParameterValue(expression, null, 0, 0, node.name, inputItems, 'manual', {});
	}

	test.each([
		[RUN, 'Run Sixtyfour workflow'],
		[{ resource: 'run', operation: 'getMany' }, 'Get many Sixtyfour runs'],
		[{ resource: 'run', operation: 'getStatus' }, 'Get Sixtyfour run status'],
		[{ resource: 'run', operation: 'waitForCompletion' }, 'Wait for Sixtyfour run'],
		[{ resource: 'run', operation: 'getResults' }, 'Get Sixtyfour run results'],
		[{ resource: 'run', operation: 'getResultLinks' }, 'Get Sixtyfour run result links'],
		[{ resource: 'run', operation: 'cancel' }, 'Cancel Sixtyfour run'],
	])('subtitle of %j: %s', (parameters, subtitle) => {
		expect(evaluate(description.subtitle as string, parameters)).toBe(subtitle);
	});

	// n8n's lint wants the subtitle as one literal in the node file: an operation added to a resource
	// without its entry there would show its bare value on the canvas.
	test.each([
		...workflowResource.operations.map((operation) => ['workflow', operation.option.value]),
		...runResource.operations.map((operation) => ['run', operation.option.value]),
	])('every operation of the resources has a subtitle of its own: %s → %s', (resource, operation) => {
		const subtitle = evaluate(description.subtitle as string, { resource, operation });
		expect(typeof subtitle).toBe('string');
		expect(subtitle).not.toBe(operation);
		expect(subtitle).toMatch(/Sixtyfour/);
	});

	const twoItems: INodeExecutionData[] = [{ json: { wait: false } }, { json: { wait: true } }];
	const shownHints = (parameters: INodeParameters, items = twoItems) =>
		(description.hints ?? [])
			.filter((hint) => evaluate(hint.displayCondition as string, parameters, items) === true)
			.map((hint) => hint.message.replace(/^Note on using an expression for (.+?): .*$/, '$1'));

	test('a setting read once that holds an expression gets the hint, when there is more than one item', () => {
		expect(shownHints({ ...RUN, waitForCompletion: '={{ $json.wait }}' })).toEqual(['Wait for Completion']);
		expect(shownHints({ ...RUN, resultOutput: '={{ "rows" }}', matchRows: '={{ "auto" }}' })).toEqual([
			'Output',
			'Match Rows to Input',
		]);
		expect(shownHints({ ...RUN, resultOptions: { maxRows: '={{ $json.max }}' } })).toEqual(['Result Options']);
		expect(shownHints({ ...RUN, runOptions: { recordsPerRun: 10, idempotencyKey: '={{ $json.key }}' } })).toEqual(['Options']);
		expect(shownHints({ ...RUN, waitOptions: { timeoutMinutes: '={{ 5 }}' } })).toEqual(['Wait Options']);
		expect(description.hints?.[0].message).toBe(
			'Note on using an expression for Records: It will be evaluated only once, so all items will use the <em>same</em> value. It will be calculated by evaluating the expression for the <strong>first input item</strong>.',
		);
	});

	test('no hint without an expression, with one item, or where settings are read per item', () => {
		expect(shownHints({ ...RUN, waitForCompletion: false, resultOptions: { maxRows: 5 } })).toEqual([]);
		expect(shownHints({ ...RUN, waitForCompletion: '={{ $json.wait }}' }, [{ json: {} }])).toEqual([]);
		expect(shownHints({ resource: 'run', operation: 'getResults', resultOutput: '={{ $json.output }}' })).toEqual([]);
	});
});

describe('against the emulator', () => {
	let emu: Emulator;
	useEmulator({ catalogue: testCatalogue(), clock: { mode: 'real', speed: 2000 } }, (started) => (emu = started));

	async function runAt(typeVersion: number, parameters: INodeParameters, inputItems?: INodeExecutionData[]) {
		return await executeWorkflow({
			nodeTypes: { [NODE_TYPE]: sixtyfour },
			node: { name: NODE_NAME, type: NODE_TYPE, typeVersion, parameters },
			inputItems,
			credentials: { sixtyfourApi: { apiKey: emu.apiKey, baseUrl: emu.baseUrl } },
		});
	}

	async function completedRun(): Promise<string> {
		const runId = await startLeadRun(emu);
		await waitUntil(() => emu.getRun(runId)?.listEntry.status === 'completed', 10_000);
		emu.clearRequests();
		return runId;
	}

	test('version 1 (Run ID as text) and version 2 (by list, by ID, or text) read the same run', async () => {
		const runId = await completedRun();
		const rows = (await servedFiles(emu, runId)).at(-1)?.rows;
		expect(rows?.length).toBeGreaterThan(0);
		const expected = rows?.map((json) => ({ json, pairedItem: [{ item: 0 }] }));
		for (const [version, runIdValue] of [
			[1, runId],
			[1, '={{ $json.job }}'],
			[2, locator('list', runId)],
			[2, locator('id', '={{ $json.job }}')],
			[2, runId],
		] as Array<[number, INodeParameters['runId']]>) {
			const result = await runAt(version, { resource: 'run', operation: 'getResults', runId: runIdValue }, [{ json: { job: runId } }]);
			expect(outputOf(result)).toEqual(expected);
		}
	});

	test('a hidden option left empty stops nothing: Binary Property with one item per row', async () => {
		const runId = await completedRun();
		const parameters = { resource: 'run', operation: 'getResults', runId: locator('id', runId), resultOptions: { binaryPropertyName: ' ' } };
		expect(outputOf(await runAt(2, parameters)).length).toBeGreaterThan(0);
		const files = await runAt(2, { ...parameters, resultOutput: 'files' });
		expect(files.error?.message).toBe('Invalid "Binary Property": give a property name');
	});

	test.each([
		[1, '={{ $json.job }}', 'Invalid "Run ID": give the job_id of a run'],
		[2, locator('id', '={{ $json.job }}'), 'Invalid "Run ID": give the job_id of a run'],
	] as Array<[number, INodeParameters['runId'], string]>)('version %s with an empty run ID is refused before any request', async (version, runId, message) => {
		const result = await runAt(version, { resource: 'run', operation: 'getStatus', runId }, [{ json: { job: ' ' } }]);
		expect(result.error?.message).toBe(message);
		expect(emu.requests).toEqual([]);
	});

	test('the Run list: most recently queued first, named by workflow, status and time, filtered by what is typed', async () => {
		const search = (filter?: string) =>
			runListSearch({
				nodeType: sixtyfour,
				method: 'searchRuns',
				filter,
				credentials: { sixtyfourApi: { apiKey: emu.apiKey, baseUrl: emu.baseUrl } },
				node: { parameters: { resource: 'run', operation: 'getStatus' } },
				parameterPath: 'parameters.runId',
			});
		const listed = (await (await fetch(`${emu.baseUrl}/workflows/runs?limit=500`, { headers: { 'x-api-key': emu.apiKey } })).json()) as IDataObject[];
		const names = listed.map((run) => `${run.workflow_name} · ${run.status} · queued ${run.queued_at} (${run.job_id})`);
		emu.clearRequests();
		const all = await search();
		expect(all.results).toEqual(listed.map((run, i) => ({ name: names[i], value: run.job_id })));
		expect(requestLines(emu)).toEqual(['GET /workflows/runs?limit=500']);
		const one = String(listed[0].job_id);
		expect((await search(one.toUpperCase())).results).toEqual([{ name: names[0], value: one }]);
		expect((await search('no such run')).results).toEqual([]);
	});

	describe('Result Formats without CSV', () => {
		const runParameters = (parameters: INodeParameters): INodeParameters => ({
			...RUN,
			workflowId: locator('id', 'wf_lead'),
			waitOptions: { minPollIntervalSeconds: 0.02, maxPollIntervalSeconds: 0.2 },
			...parameters,
		});
		const startQuery = () => emu.requests.find((request) => request.path === '/workflows/run')?.query;
		const items = LEAD_RECORDS.map((json) => ({ json: json as IDataObject }));

		test.each([[['ndjson']], [['json', 'ndjson']]])('%j, waiting: CSV is added, so the rows are read', async (formats) => {
			const result = await runAt(2, runParameters({ runOptions: { resultFormats: formats } }), items);
			expect(startQuery()?.result_formats).toEqual(['csv', ...formats]);
			const output = outputOf(result);
			const runId = String(emu.requests.find((request) => request.path.endsWith('/live_status'))?.path.split('/')[3]);
			const finalRows = (await servedFiles(emu, runId)).filter((file) => file.filename.endsWith('.csv')).at(-1)?.rows;
			const matched = output.filter((item) => item.json.sixtyfour_matched === true);
			expect(matched.length).toBeGreaterThan(0);
			expect(matched.map(({ json }) => Object.keys(json).filter((key) => key !== 'sixtyfour_matched'))).toEqual(
				finalRows?.map((row) => Object.keys(row)),
			);
			expect(matched.map(({ json }) => ({ ...json, sixtyfour_matched: undefined }))).toEqual(
				finalRows?.map((row) => ({ ...row, sixtyfour_matched: undefined })),
			);
		});

		test('["ndjson"], not waiting: sent as chosen, since the node reads no rows', async () => {
			const result = await runAt(2, runParameters({ waitForCompletion: false, runOptions: { resultFormats: ['ndjson'] } }), items);
			expect(result.error).toBeUndefined();
			// One value comes as a plain string in the parsed query.
			expect(startQuery()?.result_formats).toBe('ndjson');
		});

		test('version 1 gets the same protection', async () => {
			const result = await runAt(1, runParameters({ runOptions: { resultFormats: ['ndjson'] } }), items);
			expect(result.error).toBeUndefined();
			expect(startQuery()?.result_formats).toEqual(['csv', 'ndjson']);
		});
	});
});
