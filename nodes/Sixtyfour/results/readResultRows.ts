import type { IDataObject } from 'n8n-workflow';

import type { ResultFile } from '../helpers/apiTypes';
import { CsvStreamParser, type CsvRecord } from '../helpers/csvParser';
import type { FileChoice } from '../helpers/resultFiles';
import type { ByteStream, ResultContext } from '../transport/resultFileDownload';
import { fetchChosenFiles } from './resultLinks';
import { withResultFileBody } from './resultFileBody';

export interface ResultRowOptions {
	files: FileChoice;
	/** Rows to return at most, over all files; 0 for no cap. */
	maxRows: number;
	inferTypes: boolean;
}

export interface FileRows {
	file: ResultFile;
	rows: IDataObject[];
}

async function parseBody(
	body: ByteStream,
	file: ResultFile,
	cap: number,
	inferTypes: boolean,
): Promise<IDataObject[]> {
	const rows: CsvRecord[] = [];
	const parser = new CsvStreamParser({ fileName: file.filename, inferTypes });
	const take = (record: CsvRecord) => rows.push(record) < cap;
	for await (const chunk of body) {
		parser.write(chunk, take);
		// Leaving the loop ends the download: a capped read costs only the bytes it needed.
		if (parser.stopped) break;
	}
	if (!parser.stopped) parser.end(take);
	return rows;
}

/**
 * The rows of a run's chosen result files, file by file, parsed as they stream in. Rows that come
 * inline in the links answer are used as they are, without a download.
 */
export async function readResultRows(
	this: ResultContext,
	runId: string,
	options: ResultRowOptions,
): Promise<FileRows[]> {
	const files = await fetchChosenFiles.call(this, runId, options.files);
	let remaining = options.maxRows > 0 ? options.maxRows : Infinity;
	const result: FileRows[] = [];
	for (const file of files) {
		if (remaining <= 0) break;
		const rows = Array.isArray(file.results)
			? (file.results.slice(0, remaining) as IDataObject[])
			: await withResultFileBody(this, runId, file, async (body, signedFile) =>
					await parseBody(body, signedFile, remaining, options.inferTypes),
				);
		remaining -= rows.length;
		result.push({ file, rows });
	}
	return result;
}
