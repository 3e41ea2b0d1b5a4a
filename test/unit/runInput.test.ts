import {
	fieldList,
	parseOptionalObject,
	parseRecords,
	pickFields,
	RecordsInputError,
} from '../../nodes/Sixtyfour/helpers/records';
import { RunPlan, runIdempotencyKey } from '../../nodes/Sixtyfour/helpers/runBatches';
import type { RunSummary } from '../../nodes/shared/helpers/apiTypes';
import { workflowsFromRuns } from '../../nodes/shared/helpers/workflowsFromRuns';

describe('parseRecords', () => {
	it('takes one object or a list of objects, as text or parsed', () => {
		expect(parseRecords('{"a":1}')).toEqual([{ a: 1 }]);
		expect(parseRecords('[{"a":1},{"b":2}]')).toEqual([{ a: 1 }, { b: 2 }]);
		expect(parseRecords({ a: 1 })).toEqual([{ a: 1 }]);
		expect(parseRecords([{ a: 1 }])).toEqual([{ a: 1 }]);
		expect(parseRecords('  ')).toEqual([]);
		expect(parseRecords([])).toEqual([]);
	});

	it('names what is wrong', () => {
		expect(() => parseRecords('[{"a":1},')).toThrow(RecordsInputError);
		expect(() => parseRecords('[{"a":1},')).toThrow(/is not valid JSON/);
		expect(() => parseRecords('[{"a":1}, 5]')).toThrow('record 2 must be an object, got a number');
		expect(() => parseRecords('[{"a":1}, null]')).toThrow('record 2 must be an object, got null');
		expect(() => parseRecords('"acme"')).toThrow('must be an object or a list of objects, got the text "acme"');
		expect(() => parseRecords(42)).toThrow('got a number');
	});
});

describe('fields', () => {
	it('splits a comma list and picks only fields the item has', () => {
		expect(fieldList(' company_name, ,website ')).toEqual(['company_name', 'website']);
		expect(pickFields({ company_name: 'Acme', website: 'acme.com', x: 1 }, ['company_name', 'missing'])).toEqual({
			company_name: 'Acme',
		});
	});
});

describe('parseOptionalObject', () => {
	it('treats empty as none and demands an object', () => {
		expect(parseOptionalObject('')).toBeUndefined();
		expect(parseOptionalObject('{}')).toBeUndefined();
		expect(parseOptionalObject(undefined)).toBeUndefined();
		expect(parseOptionalObject('{"limit":5}')).toEqual({ limit: 5 });
		expect(parseOptionalObject({ limit: 5 })).toEqual({ limit: 5 });
		expect(() => parseOptionalObject('[1]')).toThrow('must be a JSON object, got a list');
		expect(() => parseOptionalObject('{"a":')).toThrow(/is not valid JSON/);
	});
});

describe('RunPlan', () => {
	const plan = (workflowIds: string[]) => {
		const runPlan = new RunPlan();
		workflowIds.forEach((workflowId, itemIndex) => runPlan.add(workflowId, { n: itemIndex }, itemIndex));
		return runPlan;
	};

	it('puts all items of a workflow into one run by default', () => {
		const batches = plan(['a', 'a', 'a']).batches(0);
		expect(batches).toEqual([{ workflowId: 'a', records: [{ n: 0 }, { n: 1 }, { n: 2 }], itemIndexes: [0, 1, 2] }]);
	});

	it('splits by records per run and keeps workflows apart, in first-seen order', () => {
		const batches = plan(['b', 'a', 'b', 'b', 'a']).batches(2);
		expect(batches.map((batch) => [batch.workflowId, batch.itemIndexes])).toEqual([
			['b', [0, 2]],
			['b', [3]],
			['a', [1, 4]],
		]);
	});

	it('pairs a run with each input item once, however many records the item gave', () => {
		const runPlan = new RunPlan();
		runPlan.add('a', { n: 1 }, 0);
		runPlan.add('a', { n: 2 }, 0);
		runPlan.add('a', { n: 3 }, 1);
		expect(runPlan.size).toBe(3);
		expect(runPlan.batches(0)[0].itemIndexes).toEqual([0, 1]);
	});

	it('splits 10,000 records into runs of 2,500 with nothing lost', () => {
		const batches = plan(new Array(10_000).fill('a')).batches(2500);
		expect(batches.map((batch) => batch.records.length)).toEqual([2500, 2500, 2500, 2500]);
		expect(batches.flatMap((batch) => batch.itemIndexes)).toEqual([...Array(10_000).keys()]);
	});

	it('is empty until something is added', () => {
		expect(new RunPlan().size).toBe(0);
		expect(new RunPlan().batches(10)).toEqual([]);
	});
});

describe('runIdempotencyKey', () => {
	it('is stable per start and distinct per run', () => {
		expect(runIdempotencyKey('exec1-node1-0', 0)).toBe('n8n-exec1-node1-0-1');
		expect(runIdempotencyKey('exec1-node1-0', 1)).toBe('n8n-exec1-node1-0-2');
		expect(runIdempotencyKey('x', 0, 'crm-42')).toBe('crm-42');
		expect(runIdempotencyKey('x', 2, 'crm-42')).toBe('crm-42-3');
	});
});

describe('workflowsFromRuns', () => {
	const run = (workflow_id: string, workflow_name: string | null) => ({ workflow_id, workflow_name }) as RunSummary;

	it('lists each workflow once, most recently run first, and filters on name or id', () => {
		const runs = [run('wf_b', 'Beta'), run('wf_a', 'Alpha'), run('wf_b', 'Beta'), run('wf_c', null)];
		expect(workflowsFromRuns(runs)).toEqual([
			{ name: 'Beta (wf_b)', value: 'wf_b' },
			{ name: 'Alpha (wf_a)', value: 'wf_a' },
			{ name: 'wf_c (wf_c)', value: 'wf_c' },
		]);
		expect(workflowsFromRuns(runs, 'alp')).toEqual([{ name: 'Alpha (wf_a)', value: 'wf_a' }]);
		expect(workflowsFromRuns(runs, 'WF_C')).toEqual([{ name: 'wf_c (wf_c)', value: 'wf_c' }]);
	});
});
