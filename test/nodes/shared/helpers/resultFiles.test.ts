// Which entries of a links answer the node reads: CSV only, by content type and file name, and
// which of them Final, All and One Block choose.
import type { ResultFile } from '../../../../nodes/shared/helpers/apiTypes';
import {
	csvMediaType,
	describeResultFile,
	fileLabel,
	isCsvResultFile,
	selectResultFiles,
} from '../../../../nodes/shared/helpers/resultFiles';

function entry(block_number: number | null, filename: string | null, content_type?: string | null): ResultFile {
	return {
		filename,
		storage_bucket: 'sixtyfour-results',
		row_count: 1,
		block_number,
		created_at: null,
		message: null,
		download_url: 'x',
		download_expires_in_seconds: 900,
		...(content_type === undefined ? {} : { content_type }),
	};
}

const names = (files: ResultFile[]) => files.map((file) => file.filename);

describe('isCsvResultFile', () => {
	it.each([
		['results.csv', 'text/csv'],
		['results.csv', 'text/csv; charset=utf-8'],
		['results.csv', 'Application/CSV'],
		['results.csv', 'text/x-csv'],
		['results.csv', 'text/comma-separated-values'],
		['results.csv', undefined],
		['results.csv', null],
		['results.csv', ''],
		['results.CSV', undefined],
		// No content type and no extension, or one that names no format: results are CSV by the reference.
		['results_block_1', undefined],
		['results.final', undefined],
		// A content type that says nothing: the name decides.
		['results.csv', 'application/octet-stream'],
		['results.csv', 'text/plain'],
		['results.csv', 'application/vnd.ms-excel'],
		['results', 'application/octet-stream'],
	])('%s (%s) is CSV', (filename, contentType) => {
		expect(isCsvResultFile({ filename, content_type: contentType })).toBe(true);
	});

	it.each([
		['enriched_results_final.ndjson', 'application/x-ndjson'],
		['enriched_results_final.json', 'application/json'],
		['enriched_results_final.jsonl', undefined],
		['enriched_results_final.ndjson', undefined],
		['enriched_results_final.json', undefined],
		['enriched_results_final.NDJSON', 'application/octet-stream'],
		['enriched_results_final.parquet', undefined],
		['enriched_results_final.csv.gz', undefined],
		['results.tsv', 'text/tab-separated-values'],
		// Either signal naming another format rules the file out, whatever the other says.
		['enriched_results_final.csv', 'application/x-ndjson'],
		['enriched_results_final.csv', 'application/json; charset=utf-8'],
		['enriched_results_final.ndjson', 'text/csv'],
		['results', 'application/json'],
	])('%s (%s) is not CSV', (filename, contentType) => {
		expect(isCsvResultFile({ filename, content_type: contentType })).toBe(false);
	});
});

describe('csvMediaType', () => {
	it('keeps a CSV content type as given and stores anything else as text/csv', () => {
		expect(csvMediaType({ content_type: 'text/csv; charset=utf-8' })).toBe('text/csv; charset=utf-8');
		expect(csvMediaType({ content_type: 'application/csv' })).toBe('application/csv');
		expect(csvMediaType({ content_type: 'application/octet-stream' })).toBe('text/csv');
		expect(csvMediaType({ content_type: null })).toBe('text/csv');
		expect(csvMediaType({})).toBe('text/csv');
	});
});

describe('describeResultFile', () => {
	it('names the file and its content type when there is one', () => {
		expect(describeResultFile({ filename: 'a.ndjson', content_type: 'application/x-ndjson' })).toBe('a.ndjson (application/x-ndjson)');
		expect(describeResultFile({ filename: 'a.ndjson' })).toBe('a.ndjson');
	});

	it('a file without a name is described by what is known of it, never by a made-up name', () => {
		expect(describeResultFile({ filename: null, block_number: 3, content_type: 'text/csv' })).toBe('a file without a name (block 3) (text/csv)');
		expect(describeResultFile({ filename: null, block_number: null })).toBe('a file without a name or block number');
		expect(fileLabel({ filename: 'r.csv', block_number: null })).toBe('"r.csv"');
		expect(fileLabel({ filename: null, block_number: 2 })).toBe('without a name (block 2)');
	});
});

describe('selectResultFiles', () => {
	const plain = [entry(3, 'enriched_results_final.csv'), entry(1, 'results_block_1.csv'), entry(2, 'results_block_2.csv')];

	it('picks the final file, all in block order, or one block', () => {
		expect(names(selectResultFiles(plain, { kind: 'final' }).chosen)).toEqual(['enriched_results_final.csv']);
		expect(names(selectResultFiles(plain, { kind: 'all' }).chosen)).toEqual([
			'results_block_1.csv',
			'results_block_2.csv',
			'enriched_results_final.csv',
		]);
		expect(names(selectResultFiles(plain, { kind: 'block', blockNumber: 2 }).chosen)).toEqual(['results_block_2.csv']);
		expect(selectResultFiles(plain, { kind: 'block', blockNumber: 9 }).chosen).toEqual([]);
		expect(selectResultFiles([], { kind: 'final' })).toEqual({ chosen: [], csv: [], otherFormats: [] });
	});

	// result_formats=[csv, ndjson] and save_json: one entry per format for each block, the NDJSON listed last.
	const formats = [
		entry(1, 'results_block_1.csv', 'text/csv'),
		entry(1, 'results_block_1.ndjson', 'application/x-ndjson'),
		entry(2, 'enriched_results_final.csv', 'text/csv'),
		entry(2, 'enriched_results_final.ndjson', 'application/x-ndjson'),
		entry(2, 'enriched_results_final.json', 'application/json'),
	];

	it('never chooses a file of another format: Final, All and One Block read the CSV entries', () => {
		expect(names(selectResultFiles(formats, { kind: 'final' }).chosen)).toEqual(['enriched_results_final.csv']);
		expect(names(selectResultFiles(formats, { kind: 'all' }).chosen)).toEqual([
			'results_block_1.csv',
			'enriched_results_final.csv',
		]);
		expect(names(selectResultFiles(formats, { kind: 'block', blockNumber: 1 }).chosen)).toEqual(['results_block_1.csv']);
		expect(names(selectResultFiles(formats, { kind: 'all' }).otherFormats)).toEqual([
			'results_block_1.ndjson',
			'enriched_results_final.ndjson',
			'enriched_results_final.json',
		]);
	});

	it('the final block without a CSV entry is not replaced by an earlier block\'s file', () => {
		const files = [entry(1, 'results_block_1.csv', 'text/csv'), entry(2, 'enriched_results_final.ndjson', 'application/x-ndjson')];
		const selection = selectResultFiles(files, { kind: 'final' });
		expect(selection.chosen).toEqual([]);
		expect(selection.finalWithoutCsv).toBe(2);
		expect(names(selection.csv)).toEqual(['results_block_1.csv']);
	});

	it('a block with several CSV entries gives all of them', () => {
		const files = [entry(2, 'final_part_1.csv', 'text/csv'), entry(2, 'final_part_2.csv', 'text/csv'), entry(1, 'b1.csv')];
		expect(names(selectResultFiles(files, { kind: 'final' }).chosen)).toEqual(['final_part_1.csv', 'final_part_2.csv']);
	});

	it('only other formats: nothing chosen, and they are listed', () => {
		const files = [entry(2, 'enriched_results_final.ndjson', 'application/x-ndjson')];
		const selection = selectResultFiles(files, { kind: 'all' });
		expect(selection).toEqual({ chosen: [], csv: [], otherFormats: files });
	});

	it('an entry without a block number is never taken for a block: the only entry is final; among others, which is final cannot be told', () => {
		const lone = [entry(null, null)];
		expect(selectResultFiles(lone, { kind: 'final' })).toEqual({ chosen: lone, csv: lone, otherFormats: [] });
		const mixed = [entry(null, 'a.csv'), entry(2, 'b2.csv'), entry(1, 'b1.csv')];
		const final = selectResultFiles(mixed, { kind: 'final' });
		expect(final.chosen).toEqual([]);
		expect(names(final.finalUnknown ?? [])).toEqual(['a.csv']);
		expect(names(selectResultFiles(mixed, { kind: 'all' }).chosen)).toEqual(['b1.csv', 'b2.csv', 'a.csv']);
		expect(names(selectResultFiles(mixed, { kind: 'block', blockNumber: 2 }).chosen)).toEqual(['b2.csv']);
	});
});
