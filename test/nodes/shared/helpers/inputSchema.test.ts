import { readWorkflowDetail } from '../../../../nodes/shared/helpers/apiAnswers';
import { readInputSchema, startFacts } from '../../../../nodes/shared/helpers/inputSchema';

describe('readInputSchema: the plausible shapes of input_schema', () => {
	test.each([
		['a list of names', ['company_name', 'website'], [{ name: 'company_name', type: null }, { name: 'website', type: null }]],
		['a list of {name, type}', [{ name: 'company_name', type: 'string' }, { name: 'employees' }], [{ name: 'company_name', type: 'string' }, { name: 'employees', type: null }]],
		['an object keyed by column, values {type}', { domain: { type: 'string' }, size: {} }, [{ name: 'domain', type: 'string' }, { name: 'size', type: null }]],
		['an object keyed by column, values type names', { domain: 'string', size: 'integer' }, [{ name: 'domain', type: 'string' }, { name: 'size', type: 'integer' }]],
		['a JSON Schema', { type: 'object', properties: { domain: { type: 'string' } }, required: ['domain'] }, [{ name: 'domain', type: 'string' }]],
		['a list naming a column twice', ['a', { name: 'a', type: 'string' }, 'b'], [{ name: 'a', type: null }, { name: 'b', type: null }]],
	])('%s', (_shape, schema, columns) => {
		expect(readInputSchema(schema)).toEqual(columns);
	});

	test.each([
		['absent', undefined],
		['null', null],
		['text', 'company_name, website'],
		['an empty list', []],
		['an empty object', {}],
		['a list with an entry that names no column', ['a', { type: 'string' }]],
		['a list with an empty name', ['a', '']],
		['a number', 3],
	])('%s reads as no schema', (_shape, schema) => {
		expect(readInputSchema(schema)).toBeUndefined();
	});
});

describe('startFacts', () => {
	const detail = (blocks: unknown) => readWorkflowDetail({ id: 'wf_a', workflow_definition: { blocks } })!;

	test('a webhook first block with a schema: its columns', () => {
		expect(startFacts(detail([{ sequence_number: 1, block_name: 'webhook', specs: { input_schema: ['a'], dataframe_type: 'LEAD' } }]))).toEqual({
			firstBlock: 'webhook',
			columns: [{ name: 'a', type: null }],
		});
	});

	test('the first block by sequence number, not by place in the answer', () => {
		const facts = startFacts(detail([{ sequence_number: 2, block_name: 'webhook' }, { sequence_number: 1, block_name: 'read_csv', specs: { input_schema: ['a'] } }]));
		expect(facts).toEqual({ firstBlock: 'read_csv' });
	});

	test('no blocks, a first block without a name, or a webhook without a readable schema: nothing more is known', () => {
		expect(startFacts(readWorkflowDetail({ id: 'wf_a' })!)).toEqual({ firstBlock: null });
		expect(startFacts(detail([]))).toEqual({ firstBlock: null });
		expect(startFacts(detail([{ sequence_number: 1, block_type: 'source' }]))).toEqual({ firstBlock: null });
		expect(startFacts(detail([{ sequence_number: 1, block_name: 'webhook', specs: { dataframe_type: 'LEAD' } }]))).toEqual({ firstBlock: 'webhook' });
		expect(startFacts(detail([{ sequence_number: 1, block_name: 'webhook', specs: null }]))).toEqual({ firstBlock: 'webhook' });
	});
});

