import type { ResultFile } from '../helpers/apiTypes';
import { checkCompleteness, IncompleteFileError, type ReceivedContent } from '../helpers/fileCompleteness';
import { parserFileName, fileLabel } from '../helpers/resultFiles';
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
	if (verdict.kind === 'short') throw new IncompleteFileError(parserFileName(file), verdict);
	if (verdict.kind === 'extraRows') {
		context.logger.warn(
			`Result file ${fileLabel(file)} of run "${runId}" holds ${verdict.receivedRows} rows, more than its row_count of ${verdict.expectedRows}; all of them are returned`,
		);
	}
}
