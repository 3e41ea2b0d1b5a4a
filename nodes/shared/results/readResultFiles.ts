import { BINARY_ENCODING, NodeOperationError, type IBinaryData, type IExecuteFunctions } from 'n8n-workflow';

import type { ResultFile } from '../helpers/apiTypes';
import { BATCH_BYTES, CsvFormatError, CsvStreamParser } from '../csv/csvParser';
import { csvMediaType, parserFileName, type FileChoice } from '../helpers/resultFiles';
import { fetchChosenFiles, type ResultFileWait } from './resultLinks';
import { withResultFileBody } from './resultFileBody';
import { verifyResultFile } from './verifyResultFile';

type BinarySource = Parameters<IExecuteFunctions['helpers']['prepareBinaryData']>[0];

export interface FileBinary {
	file: ResultFile;
	binary: IBinaryData;
}

/** CSV records (header excluded) of a stored file, read back from n8n's binary store; records before a format error count. */
async function countStoredRecords(context: IExecuteFunctions, file: ResultFile, binary: IBinaryData): Promise<number> {
	const parser = new CsvStreamParser({ fileName: parserFileName(file), batchBytes: BATCH_BYTES, countOnly: true });
	const ignore = () => {};
	try {
		if (binary.id) {
			for await (const chunk of await context.helpers.getBinaryStream(binary.id)) parser.write(chunk as Uint8Array, ignore);
		} else {
			parser.write(Buffer.from(binary.data, BINARY_ENCODING), ignore);
		}
		parser.end(ignore);
	} catch (error) {
		// Records before a format error count; a file that cannot be read back is not a short transfer.
		if (!(error instanceof CsvFormatError)) throw new NodeOperationError(context.getNode(), error as Error);
	}
	return parser.recordCount;
}

/**
 * A run's chosen result files as n8n binary data, streamed into n8n's binary store unparsed, then
 * checked against the links answer like parsed files are: bytes as stored, and records counted by
 * reading the stored file back when row_count is given.
 */
export async function readResultFiles(
	this: IExecuteFunctions,
	runId: string,
	choice: FileChoice,
	wait: ResultFileWait,
): Promise<FileBinary[]> {
	const files = await fetchChosenFiles.call(this, runId, choice, wait);
	const result: FileBinary[] = [];
	for (const file of files) {
		const binary = await withResultFileBody(this, runId, file, async (body, signedFile) => {
			const stored = await this.helpers.prepareBinaryData(body as unknown as BinarySource, signedFile.filename ?? undefined, csvMediaType(signedFile));
			const rows = typeof signedFile.row_count === 'number' ? await countStoredRecords(this, signedFile, stored) : undefined;
			verifyResultFile(this, runId, signedFile, { rows, bytes: stored.bytes });
			return stored;
		});
		result.push({ file, binary });
	}
	return result;
}
