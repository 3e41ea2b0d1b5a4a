// readResultRows against answers the emulator cannot give: inline rows short of their row_count, a
// file with more rows than its row_count, and no row_count at all. The node context is a fake that
// answers the links request and the download from fixed data.
import { NodeApiError, type IExecuteFunctions } from 'n8n-workflow';

import type { ResultFile } from '../../../../nodes/shared/helpers/apiTypes';
import { readResultRows } from '../../../../nodes/shared/results/readResultRows';

const HEADER = 'company_name,employee_count\r\n';
const ROWS = ['Acme,120\r\n', 'Beta,8\r\n', 'Gamma,42\r\n'];
const FULL = HEADER + ROWS.join('');
const encoder = new TextEncoder();

function link(fields: Partial<ResultFile>): ResultFile {
	return {
		filename: 'enriched_results_final.csv',
		storage_bucket: 'sixtyfour-results',
		row_count: 3,
		block_number: 2,
		created_at: null,
		message: null,
		download_url: 'https://storage.example/final.csv',
		download_expires_in_seconds: 900,
		content_type: 'text/csv',
		...fields,
	};
}

interface Fake {
	context: IExecuteFunctions;
	downloads: string[];
	warnings: string[];
}

/** A context whose links answer is `entry` and whose storage serves `body` for every download. */
function fakeContext(entry: ResultFile, body: string): Fake {
	const downloads: string[] = [];
	const warnings: string[] = [];
	const context = {
		getNode: () => ({ id: 'n', name: 'Sixtyfour', type: 'n8n-nodes-sixtyfour.sixtyfour', typeVersion: 1, position: [0, 0], parameters: {} }),
		getCredentials: async () => ({ apiKey: 'k', baseUrl: 'https://api.example' }),
		logger: { debug: () => undefined, info: () => undefined, error: () => undefined, warn: (message: string) => warnings.push(message) },
		helpers: {
			httpRequestWithAuthentication: async () => ({ statusCode: 200, headers: {}, body: [entry] }),
			httpRequest: async (options: { url: string }) => {
				downloads.push(options.url);
				const bytes = encoder.encode(body);
				return {
					statusCode: 200,
					headers: {},
					body: {
						async *[Symbol.asyncIterator]() {
							yield bytes;
						},
						destroy: () => undefined,
					},
				};
			},
		},
	} as unknown as IExecuteFunctions;
	return { context, downloads, warnings };
}

const read = async (fake: Fake, maxRows = 0) =>
	(await readResultRows.call(fake.context, 'run_1', { files: { kind: 'final' }, maxRows, inferTypes: false })).flatMap((file) => file.rows);

const all = [
	{ company_name: 'Acme', employee_count: '120' },
	{ company_name: 'Beta', employee_count: '8' },
	{ company_name: 'Gamma', employee_count: '42' },
];

describe('inline rows', () => {
	test('complete inline rows are used without a download', async () => {
		const fake = fakeContext(link({ results: all }), FULL);
		expect(await read(fake)).toEqual(all);
		expect(fake.downloads).toEqual([]);
	});

	test('inline rows short of row_count: the file is downloaded instead, and every row comes', async () => {
		const fake = fakeContext(link({ results: all.slice(0, 2) }), FULL);
		expect(await read(fake)).toEqual(all);
		expect(fake.downloads).toHaveLength(1);
		expect(fake.warnings).toEqual([
			'Inline results of "enriched_results_final.csv" (run "run_1") hold 2 of 3 rows; downloading the file instead',
		]);
	});

	test('short inline rows, but Max Rows stops within them: no download', async () => {
		const fake = fakeContext(link({ results: all.slice(0, 2) }), FULL);
		expect(await read(fake, 2)).toEqual(all.slice(0, 2));
		expect(fake.downloads).toEqual([]);
	});

	test('short inline rows and a short file: the file\'s shortfall is the error', async () => {
		const fake = fakeContext(link({ results: all.slice(0, 1) }), HEADER + ROWS[0]);
		const error = await read(fake).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as Error).message).toBe(
			'Result file "enriched_results_final.csv" of run "run_1" arrived incomplete in 3 downloads: 1 of 3 rows',
		);
		expect(fake.downloads).toHaveLength(3);
	});
});

describe('row_count', () => {
	test('more rows than row_count: all are returned, and a warning says so', async () => {
		const fake = fakeContext(link({ row_count: 2 }), FULL);
		expect(await read(fake)).toEqual(all);
		expect(fake.warnings).toEqual([
			'Result file "enriched_results_final.csv" of run "run_1" holds 3 rows, more than its row_count of 2; all of them are returned',
		]);
	});

	test('no row_count (null): the rows are not checked', async () => {
		const fake = fakeContext(link({ row_count: null }), HEADER + ROWS[0]);
		expect(await read(fake)).toEqual(all.slice(0, 1));
		expect(fake.downloads).toHaveLength(1);
	});

	test('no row_count, but file_size: the bytes still are', async () => {
		const fake = fakeContext(link({ row_count: null, file_size: encoder.encode(FULL).byteLength }), HEADER + ROWS[0]);
		await expect(read(fake)).rejects.toThrow(
			`Result file "enriched_results_final.csv" of run "run_1" arrived incomplete in 3 downloads: 1 rows, ${encoder.encode(HEADER + ROWS[0]).byteLength} of ${encoder.encode(FULL).byteLength} bytes`,
		);
	});
});
