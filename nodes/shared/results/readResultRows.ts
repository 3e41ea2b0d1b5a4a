import type { IDataObject } from 'n8n-workflow';

import type { ResultFile } from '../helpers/apiTypes';
import { BATCH_BYTES, CsvStreamParser, type CsvRecord } from '../csv/csvParser';
import { checkCompleteness } from '../helpers/fileCompleteness';
import { readInlineRows } from '../helpers/inlineRows';
import { fileLabel, parserFileName, type FileChoice } from '../helpers/resultFiles';
import type { ByteStream, ResultContext } from '../transport/resultFileDownload';
import { fetchChosenFiles, type ResultFileWait } from './resultLinks';
import { withResultFileBody } from './resultFileBody';
import { verifyResultFile } from './verifyResultFile';

export interface ResultRowOptions extends ResultFileWait {
	files: FileChoice;
	/** Rows to return at most, over all files; 0 for no cap. */
	maxRows: number;
	inferTypes: boolean;
}

export interface FileRows {
	file: ResultFile;
	rows: IDataObject[];
}

/**
 * Parses a file's body as it streams in, up to `cap` rows. A file read to its end is checked against
 * the links answer; one the cap stopped in is not, as the rest of it was never asked for.
 */
async function readCsvBody(
	context: ResultContext,
	runId: string,
	body: ByteStream,
	file: ResultFile,
	cap: number,
	inferTypes: boolean,
): Promise<IDataObject[]> {
	const rows: CsvRecord[] = [];
	const parser = new CsvStreamParser({ fileName: parserFileName(file), inferTypes, batchBytes: BATCH_BYTES });
	const take = (record: CsvRecord) => rows.push(record) < cap;
	let bytes = 0;
	for await (const chunk of body) {
		bytes += chunk.byteLength;
		parser.write(chunk, take);
		// Leaving the loop ends the download: a capped read costs only the bytes it needed.
		if (parser.stopped) return rows;
	}
	let formatError: unknown;
	try {
		parser.end(take);
	} catch (error) {
		formatError = error;
	}
	// The last batch is parsed at the end: the cap may stop in it.
	if (parser.stopped) return rows;
	// A file cut inside a quoted field ends unterminated: when it is short, that is the cause.
	verifyResultFile(context, runId, file, { rows: parser.recordCount, bytes });
	if (formatError) throw formatError;
	return rows;
}

/**
 * Inline rows, when they are all there (or the cap stops within them); undefined when they fall
 * short of row_count, so the file is downloaded instead.
 */
export function usableInlineRows(context: ResultContext, runId: string, file: ResultFile, cap: number, inferTypes: boolean): IDataObject[] | undefined {
	const inline = file.results;
	if (!Array.isArray(inline) || !inline.every((row) => row !== null && typeof row === 'object')) return undefined;
	if (cap > inline.length) {
		const verdict = checkCompleteness({ rowCount: file.row_count }, { rows: inline.length });
		if (verdict.kind === 'short') {
			context.logger.warn(
				`Inline results of ${fileLabel(file)} (run "${runId}") hold ${inline.length} of ${file.row_count} rows; downloading the file instead`,
			);
			return undefined;
		}
		verifyResultFile(context, runId, file, { rows: inline.length });
	}
	return readInlineRows(inline.slice(0, cap), inferTypes);
}

/**
 * One result file's rows, up to `cap`: inline when they are all there, else downloaded from its
 * signed link (re-signed through the links answer when it is missing or refused) and verified.
 */
export async function readFileRows(
	this: ResultContext,
	runId: string,
	file: ResultFile,
	cap: number,
	inferTypes: boolean,
): Promise<IDataObject[]> {
	return (
		usableInlineRows(this, runId, file, cap, inferTypes) ??
		(await withResultFileBody(this, runId, file, async (body, signedFile) => await readCsvBody(this, runId, body, signedFile, cap, inferTypes)))
	);
}

/**
 * The rows of a run's chosen result files, file by file, parsed as they stream in and checked
 * against the links answer (see verifyResultFile). Rows that come inline in the links answer are
 * used without a download when they are complete.
 */
export async function readResultRows(
	this: ResultContext,
	runId: string,
	options: ResultRowOptions,
): Promise<FileRows[]> {
	const files = await fetchChosenFiles.call(this, runId, options.files, options);
	let remaining = options.maxRows > 0 ? options.maxRows : Infinity;
	const result: FileRows[] = [];
	for (const file of files) {
		if (remaining <= 0) break;
		const rows = await readFileRows.call(this, runId, file, remaining, options.inferTypes);
		remaining -= rows.length;
		result.push({ file, rows });
	}
	return result;
}
