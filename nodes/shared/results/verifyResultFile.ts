import type { ResultFile } from '../helpers/apiTypes';
import { checkCompleteness, IncompleteFileError, type ReceivedContent } from '../helpers/fileCompleteness';
import type { ResultContext } from '../transport/resultFileDownload';

/**
 * Checks a result file read to its end against the links answer's row_count and file_size. A short
 * file throws IncompleteFileError, so that it is downloaded again. A file with more rows than
 * row_count loses nothing: its rows are all kept, and the mismatch is logged.
 */
export function verifyResultFile(
	context: ResultContext,
	runId: string,
	file: ResultFile,
	received: ReceivedContent,
): void {
	const verdict = checkCompleteness({ rowCount: file.row_count, fileSize: file.file_size }, received);
	if (verdict.kind === 'short') throw new IncompleteFileError(file.filename, verdict);
	if (verdict.kind === 'extraRows') {
		context.logger.warn(
			`Result file "${file.filename}" of run "${runId}" holds ${verdict.receivedRows} rows, more than its row_count of ${verdict.expectedRows}; all of them are returned`,
		);
	}
}
