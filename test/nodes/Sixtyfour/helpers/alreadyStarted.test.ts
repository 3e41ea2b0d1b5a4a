import type { LiveStatus, RunSummary } from '../../../../nodes/shared/helpers/apiTypes';
import { inputRecordsOf, listedRecordsOf, startedRunMismatch } from '../../../../nodes/Sixtyfour/helpers/alreadyStarted';

describe('a run answered as already started', () => {
	const status = (blocks: Array<Partial<LiveStatus['blocks'][number]>>) => ({ workflow_id: 'wf_a', blocks }) as LiveStatus;

	it('gives its input\'s record count from its first block', () => {
		expect(inputRecordsOf(status([{ sequence_number: 2, total_count: 9 }, { sequence_number: 1, total_count: 3 }]))).toBe(3);
		expect(inputRecordsOf(status([{ sequence_number: 1, total_count: null, metrics: { total_count: 4 } }]))).toBe(4);
		expect(inputRecordsOf(status([{ sequence_number: 1, total_count: null, metrics: null }]))).toBeUndefined();
		expect(inputRecordsOf(status([]))).toBeUndefined();
		// A block not started yet may read 0 before it has taken in its records.
		expect(inputRecordsOf(status([{ sequence_number: 1, status: 'pending', total_count: 0 }]))).toBeUndefined();
		expect(inputRecordsOf(status([{ sequence_number: 1, status: 'completed', total_count: 0 }]))).toBe(0);
		expect(inputRecordsOf(status([{ sequence_number: 1, status: 'pending', total_count: 3 }]))).toBe(3);
	});

	it('gives its record count from the runs list, unless it is queued and reads 0', () => {
		const listed = (status: string, total_records?: number) => ({ status, metrics: total_records === undefined ? null : { total_records } }) as RunSummary;
		expect(listedRecordsOf(listed('running', 3))).toBe(3);
		expect(listedRecordsOf(listed('queued', 0))).toBeUndefined();
		expect(listedRecordsOf(listed('completed', 0))).toBe(0);
		expect(listedRecordsOf(listed('completed'))).toBeUndefined();
	});

	it('differs from what was sent by its workflow or its number of records; what is unknown is not held against it', () => {
		const sent = { workflowId: 'wf_a', records: 3 };
		expect(startedRunMismatch(sent, { workflowId: 'wf_b', inputRecords: 3 })).toBe('belongs to workflow "wf_b", not "wf_a"');
		expect(startedRunMismatch(sent, { workflowId: 'wf_a', inputRecords: 2 })).toBe('was started with 2 records, not the 3 sent now');
		expect(startedRunMismatch(sent, { workflowId: 'wf_a', inputRecords: 3 })).toBeUndefined();
		expect(startedRunMismatch(sent, {})).toBeUndefined();
	});
});
