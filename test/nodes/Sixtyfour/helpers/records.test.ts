import {
	checkPaths,
	fieldList,
	isEmptyRecord,
	mappedRecord,
	parseOptionalObject,
	parseRecords,
	pickPaths,
	RecordsInputError,
	valueAtPath,
} from '../../../../nodes/Sixtyfour/helpers/records';
import { runIdempotencyKey, startDigest } from '../../../../nodes/Sixtyfour/helpers/idempotencyKey';
import { RunPlan } from '../../../../nodes/Sixtyfour/helpers/runBatches';
import { keepRuns, runListQuery } from '../../../../nodes/Sixtyfour/helpers/runListFilter';
import type { RunSummary } from '../../../../nodes/shared/helpers/apiTypes';
import { workflowsFromRuns } from '../../../../nodes/shared/helpers/workflowsFromRuns';

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
		expect(() => parseRecords('[{"a":1}, 5]')).toThrow('record 1 must be an object, got a number');
		expect(() => parseRecords('[{"a":1}, null]')).toThrow('record 1 must be an object, got null');
		expect(() => parseRecords('"acme"')).toThrow('must be an object or a list of objects, got the text "acme"');
		expect(() => parseRecords(42)).toThrow('got a number');
	});
});

describe('fields', () => {
	const item = { company_name: 'Acme', properties: { website: 'acme.com', tags: ['a', 'b'] }, zero: 0, none: null };

	it('splits a comma list and picks fields by name or dot path, each under its last name', () => {
		expect(fieldList(' company_name, ,website ')).toEqual(['company_name', 'website']);
		expect(pickPaths(item, ['company_name', 'properties.website', 'properties.tags[1]', 'zero', 'none'])).toEqual({
			company_name: 'Acme',
			website: 'acme.com',
			1: 'b',
			zero: 0,
			none: null,
		});
		expect(valueAtPath(item, 'properties.missing.deeper')).toBeUndefined();
	});

	it('refuses a field the item lacks, naming it (a dragged value, a typo)', () => {
		expect(() => pickPaths(item, ['company_name', 'Acme'])).toThrow(new RecordsInputError('has no field "Acme"'));
		expect(() => pickPaths(item, ['properties.webiste'])).toThrow('has no field "properties.webiste"');
	});

	it('refuses no names, and two paths that would be sent under one name', () => {
		expect(() => checkPaths([])).toThrow('name at least one field');
		expect(() => checkPaths(['website', 'properties.website'])).toThrow(
			'"website" and "properties.website" would both be sent as "website"; use Mapped Fields to name them',
		);
		expect(() => checkPaths(['a', 'b.c'])).not.toThrow();
	});

	it('builds mapped records and names what is wrong', () => {
		expect(mappedRecord([{ name: ' company ', value: 'Acme' }, { name: 'size', value: 12 }])).toEqual({ company: 'Acme', size: 12 });
		expect(() => mappedRecord([{ name: '', value: 'x' }])).toThrow('maps a field without a name');
		expect(() => mappedRecord([{ name: 'a', value: 1 }, { name: 'a', value: 2 }])).toThrow('maps "a" twice');
		expect(() => mappedRecord([{ name: 'a', value: undefined }])).toThrow('maps "a" to nothing: its expression points at no field');
	});

	it('calls a record empty when no field has a value', () => {
		expect(isEmptyRecord({})).toBe(true);
		expect(isEmptyRecord({ a: '', b: null, c: '  ' })).toBe(true);
		expect(isEmptyRecord({ a: '', b: 0 })).toBe(false);
		expect(isEmptyRecord({ a: false })).toBe(false);
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
		expect(batches).toEqual([
			{ workflowId: 'a', records: [{ n: 0 }, { n: 1 }, { n: 2 }], itemIndexes: [0, 1, 2], recordItems: [0, 1, 2], recordPlaces: [0, 0, 0] },
		]);
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
		runPlan.add('a', { n: 1 }, 0, 0);
		runPlan.add('a', { n: 2 }, 0, 1);
		runPlan.add('a', { n: 3 }, 1, 0);
		expect(runPlan.size).toBe(3);
		expect(runPlan.batches(0)[0].itemIndexes).toEqual([0, 1]);
		expect(runPlan.batches(0)[0].recordItems).toEqual([0, 0, 1]);
		expect(runPlan.batches(0)[0].recordPlaces).toEqual([0, 1, 0]);
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
	const content = (records: unknown[], qs = {}) => ({ workflowId: 'wf_a', body: { webhook_payload: records } as never, qs });
	const scope = { instanceId: '4f1c0a9e2b7d68e13c5a0f9d2e8b7c61aa00bb11cc22dd33ee44ff5566778899', executionId: '17', nodeId: 'node-1', runIndex: 0 };
	const records = [{ id: 1, website: 'acme.com' }];

	it('by default names the instance, execution, node, run index, run number and the digest of what is started', () => {
		const digest = startDigest(content(records), 'as sent');
		expect(digest).toMatch(/^[0-9a-f]{16}$/);
		// Within one execution the records are built the same way every time: their key order counts.
		expect(startDigest(content([{ website: 'acme.com', id: 1 }]), 'as sent')).not.toBe(digest);
		expect(runIdempotencyKey(scope, 0, content(records))).toBe(`n8n-4f1c0a9e2b7d68e1-17-node-1-0-1-${digest}`);
		expect(runIdempotencyKey({ ...scope, runIndex: 2 }, 1, content(records))).toBe(`n8n-4f1c0a9e2b7d68e1-17-node-1-2-2-${digest}`);
		// Another instance with the same execution and node ids (a second n8n, an imported template) differs.
		expect(runIdempotencyKey({ ...scope, instanceId: '9b2e' }, 0, content(records))).toBe(`n8n-9b2e-17-node-1-0-1-${digest}`);
		// So do other records under the same ids (a restored backup reusing execution ids).
		expect(runIdempotencyKey(scope, 0, content([{ id: 2 }]))).not.toBe(runIdempotencyKey(scope, 0, content(records)));
		// An n8n without an instance id still gets a well-formed key.
		expect(runIdempotencyKey({ ...scope, instanceId: '' }, 0, content(records))).toBe(`n8n-none-17-node-1-0-1-${digest}`);
	});

	it('joins a user key, the run number and the digest of exactly what is started', () => {
		const digest = startDigest(content(records));
		expect(digest).toMatch(/^[0-9a-f]{16}$/);
		expect(runIdempotencyKey(scope, 2, content(records), 'crm-42')).toBe(`crm-42-3-${digest}`);
		// Key order does not matter; any other record, workflow, specs or query does.
		expect(startDigest(content([{ website: 'acme.com', id: 1 }]))).toBe(digest);
		expect(startDigest(content([{ id: 2, website: 'acme.com' }]))).not.toBe(digest);
		expect(startDigest({ ...content(records), workflowId: 'wf_b' })).not.toBe(digest);
		expect(startDigest(content(records, { save_json: true }))).not.toBe(digest);
	});
});

describe('runListQuery', () => {
	const runs = ['queued', 'running', 'failed', 'completed', 'queued'].map((status, i) => ({ job_id: `r${i}`, status }) as RunSummary);

	it('asks the API for what it can filter, and picks failed and queued runs out of the page', () => {
		expect(runListQuery('')).toEqual({ apiStatus: undefined });
		expect(runListQuery('completed')).toEqual({ apiStatus: 'completed' });
		expect(runListQuery('failed')).toEqual({ keep: 'failed' });
		expect(runListQuery('queued')).toEqual({ apiStatus: 'active', keep: 'queued' });
		expect(keepRuns(runs, runListQuery('failed')).map((run) => run.job_id)).toEqual(['r2']);
		expect(keepRuns(runs, runListQuery('queued')).map((run) => run.job_id)).toEqual(['r0', 'r4']);
		expect(keepRuns(runs, runListQuery('running'))).toBe(runs);
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
