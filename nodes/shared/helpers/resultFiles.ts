import type { ResultFile } from './apiTypes';

/** Which result files of a run the user wants. */
export type FileChoice = { kind: 'final' } | { kind: 'all' } | { kind: 'block'; blockNumber: number };

const CSV_MEDIA_TYPES = new Set([
	'text/csv',
	'application/csv',
	'text/x-csv',
	'application/x-csv',
	'text/comma-separated-values',
	'text/x-comma-separated-values',
]);

/** Media types that say nothing about the format (Excel's is what Windows registers for .csv): the name decides. */
const UNSPECIFIC_MEDIA_TYPES = new Set([
	'application/octet-stream',
	'binary/octet-stream',
	'text/plain',
	'application/vnd.ms-excel',
]);

/** Extensions of formats other than CSV that Sixtyfour writes or a storage host could serve. */
const OTHER_FORMAT_EXTENSIONS = new Set(['json', 'ndjson', 'jsonl', 'tsv', 'parquet', 'xlsx', 'xls', 'gz', 'zip']);

function mediaType(contentType: string | null | undefined): string {
	return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

/**
 * Whether an entry of the links answer is a CSV file. A run started with result_formats or save_json
 * lists one entry per format for the same block, and only CSV may be parsed as CSV. Either signal
 * naming another format rules the file out; an entry that names no format counts as CSV, because
 * Sixtyfour's reference says results are CSV and older answers carry no content_type.
 */
export function isCsvResultFile(file: Pick<ResultFile, 'filename' | 'content_type'>): boolean {
	const type = mediaType(file.content_type);
	if (type && !CSV_MEDIA_TYPES.has(type) && !UNSPECIFIC_MEDIA_TYPES.has(type)) return false;
	const extension = /\.([a-z0-9]+)$/i.exec(file.filename ?? '')?.[1].toLowerCase();
	return extension === undefined || !OTHER_FORMAT_EXTENSIONS.has(extension);
}

/** The media type to store a CSV result file under: its own when it names CSV, else text/csv. */
export function csvMediaType(file: Pick<ResultFile, 'content_type'>): string {
	return CSV_MEDIA_TYPES.has(mediaType(file.content_type)) ? (file.content_type as string).trim() : 'text/csv';
}

type NamedParts = Pick<ResultFile, 'filename'> & Partial<Pick<ResultFile, 'block_number'>>;

/**
 * A file as a message names it: '"results.csv"', or, for an entry that gives no name, what is known
 * of it ('without a name (block 3)'). No name is made up, so a message never passes one off as real.
 */
export function fileLabel(file: NamedParts): string {
	if (file.filename !== null) return `"${file.filename}"`;
	return typeof file.block_number === 'number' ? `without a name (block ${file.block_number})` : 'without a name or block number';
}

/** The file's name as the CSV parser's messages start with it: its own, else its label. */
export function parserFileName(file: NamedParts): string {
	return file.filename ?? `result file ${fileLabel(file)}`;
}

/** "enriched_results_final.ndjson (application/x-ndjson)": a file as a list in an error message names it. */
export function describeResultFile(file: NamedParts & Pick<ResultFile, 'content_type'>): string {
	const name = file.filename ?? `a file ${fileLabel(file)}`;
	return file.content_type ? `${name} (${file.content_type})` : name;
}

export interface ResultFileSelection {
	/** The CSV files to read, in block order. */
	chosen: ResultFile[];
	/** Every CSV entry of the run, in block order. */
	csv: ResultFile[];
	/** Entries in other formats, which are never read. */
	otherFormats: ResultFile[];
	/** For "final": the highest block of any format, when it has no CSV entry (so its rows cannot be read). */
	finalWithoutCsv?: number;
	/** For "final": entries without a block number, when there are other entries (so which is final cannot be told). */
	finalUnknown?: ResultFile[];
}

/** Numbered blocks in ascending order, then entries without a block number, in the answer's order. */
function byBlock(a: ResultFile, b: ResultFile): number {
	if (a.block_number === b.block_number) return 0;
	if (a.block_number === null) return 1;
	if (b.block_number === null) return -1;
	return a.block_number - b.block_number;
}

/**
 * The files to read, in block order, CSV only. "Final" is the CSV of the highest block number: the
 * run's end product. The highest block is taken over every format, so when the final block has no
 * CSV, an earlier block's file is not passed off as the final results. A block with several CSV
 * entries gives all of them, so no rows are left out. An empty `chosen` means the run has produced
 * nothing of that choice (yet); `finalWithoutCsv` says why when the final block exists. An entry
 * without a block number is never taken for a block: "final" is then told only when it is the one
 * entry (else `finalUnknown`), One Block does not match it, and All Files lists it last.
 */
export function selectResultFiles(files: ResultFile[], choice: FileChoice): ResultFileSelection {
	const ordered = [...files].sort(byBlock);
	const csv = ordered.filter(isCsvResultFile);
	const otherFormats = ordered.filter((file) => !isCsvResultFile(file));
	switch (choice.kind) {
		case 'all':
			return { chosen: csv, csv, otherFormats };
		case 'block':
			return { chosen: csv.filter((file) => file.block_number === choice.blockNumber), csv, otherFormats };
		case 'final': {
			if (ordered.length === 0) return { chosen: [], csv, otherFormats };
			const unnumbered = ordered.filter((file) => file.block_number === null);
			if (unnumbered.length > 0 && ordered.length > 1) return { chosen: [], csv, otherFormats, finalUnknown: unnumbered };
			const finalBlock = ordered[ordered.length - 1].block_number;
			const chosen = csv.filter((file) => file.block_number === finalBlock);
			if (chosen.length > 0 || finalBlock === null) return { chosen, csv, otherFormats };
			return { chosen, csv, otherFormats, finalWithoutCsv: finalBlock };
		}
	}
}
