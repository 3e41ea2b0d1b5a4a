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

/** "enriched_results_final.ndjson (application/x-ndjson)": a file as an error message names it. */
export function describeResultFile(file: Pick<ResultFile, 'filename' | 'content_type'>): string {
	return file.content_type ? `${file.filename} (${file.content_type})` : file.filename;
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
}

/**
 * The files to read, in block order, CSV only. "Final" is the CSV of the highest block number: the
 * run's end product. The highest block is taken over every format, so when the final block has no
 * CSV, an earlier block's file is not passed off as the final results. A block with several CSV
 * entries gives all of them, so no rows are left out. An empty `chosen` means the run has produced
 * nothing of that choice (yet); `finalWithoutCsv` says why when the final block exists.
 */
export function selectResultFiles(files: ResultFile[], choice: FileChoice): ResultFileSelection {
	const ordered = [...files].sort((a, b) => a.block_number - b.block_number);
	const csv = ordered.filter(isCsvResultFile);
	const otherFormats = ordered.filter((file) => !isCsvResultFile(file));
	switch (choice.kind) {
		case 'all':
			return { chosen: csv, csv, otherFormats };
		case 'block':
			return { chosen: csv.filter((file) => file.block_number === choice.blockNumber), csv, otherFormats };
		case 'final': {
			if (ordered.length === 0) return { chosen: [], csv, otherFormats };
			const finalBlock = ordered[ordered.length - 1].block_number;
			const chosen = csv.filter((file) => file.block_number === finalBlock);
			return chosen.length ? { chosen, csv, otherFormats } : { chosen, csv, otherFormats, finalWithoutCsv: finalBlock };
		}
	}
}
