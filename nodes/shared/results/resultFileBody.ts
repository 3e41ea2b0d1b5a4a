import { NodeApiError, NodeOperationError, type JsonObject } from 'n8n-workflow';

import type { ResultFile } from '../helpers/apiTypes';
import { sleepUnlessCancelled } from '../helpers/cancellableSleep';
import { CsvFormatError } from '../csv/csvParser';
import { describeShortfall, IncompleteFileError } from '../helpers/fileCompleteness';
import { fileLabel } from '../helpers/resultFiles';
import { backoffDelay, DEFAULT_RETRY_POLICY } from '../helpers/retryPolicy';
import { openResultFile, type ByteStream, type ResultContext } from '../transport/resultFileDownload';
import { stopSignalOf, stoppedError } from '../transport/stopSignal';
import { refreshResultFile } from './resultLinks';

/** Tries per file for a transfer that breaks off or arrives cut short; each retry uses a fresh link. */
const MAX_TRANSFER_TRIES = 3;

function cancelled(context: ResultContext): NodeOperationError {
	return stoppedError(context, 'The execution was cancelled while downloading results');
}

/**
 * Reads a body until `consume` is done; a cancel or a poll's deadline ends the transfer at once,
 * even while the storage host sends nothing.
 */
async function consumeUntilStopped<T>(
	context: ResultContext,
	body: ByteStream,
	file: ResultFile,
	consume: (body: ByteStream, file: ResultFile) => Promise<T>,
): Promise<T> {
	const signal = stopSignalOf(context);
	const stop = () => body.destroy(cancelled(context));
	signal?.addEventListener('abort', stop, { once: true });
	try {
		return await consume(body, file);
	} finally {
		signal?.removeEventListener('abort', stop);
	}
}

function incomplete(context: ResultContext, runId: string, file: ResultFile, tries: number, error: IncompleteFileError): NodeApiError {
	const short = error.shortfall;
	return new NodeApiError(
		context.getNode(),
		{
			file: file.filename,
			run_id: runId,
			rows_expected: short.expectedRows,
			rows_received: short.receivedRows,
			bytes_expected: short.expectedBytes,
			bytes_received: short.receivedBytes,
		} as JsonObject,
		{
			message: `Result file ${fileLabel(file)} of run "${runId}" arrived incomplete in ${tries} downloads: ${describeShortfall(short)}`,
			description:
				'Sixtyfour\'s links answer says how many rows (row_count) and bytes (file_size) the file holds; the storage host delivered less every time. No rows were returned from it. Run this step again later.',
		},
	);
}

/**
 * Hands the body of one result file to `consume`, which must read it completely (or stop it).
 * A refused link (expired, 403) is re-signed once and retried; a transfer that breaks off or is cut
 * short (`consume` throws IncompleteFileError when the file holds less than the links answer says)
 * is retried with a fresh link, up to three tries. `consume` starts from scratch on every try, so
 * nothing it built from a broken transfer survives.
 */
export async function withResultFileBody<T>(
	context: ResultContext,
	runId: string,
	firstFile: ResultFile,
	consume: (body: ByteStream, file: ResultFile) => Promise<T>,
): Promise<T> {
	let file = firstFile;
	let refreshedForRefusal = false;
	let transferTries = 0;
	let lastProblem = '';
	let lastFormatError: CsvFormatError | undefined;
	let lastIncomplete: IncompleteFileError | undefined;

	for (;;) {
		if (stopSignalOf(context)?.aborted) throw cancelled(context);
		if (!file.download_url) {
			if (refreshedForRefusal) {
				throw new NodeApiError(context.getNode(), { file: file.filename } as JsonObject, {
					message: `Sixtyfour gave no download link for result file ${fileLabel(file)}`,
					description: `${file.message ?? 'Signing the link failed.'} Try again in a minute.`,
				});
			}
			refreshedForRefusal = true;
			file = await refreshResultFile.call(context, runId, file);
			continue;
		}

		const outcome = await openResultFile.call(context, file.download_url);
		if (outcome.kind === 'open') {
			transferTries++;
			try {
				return await consumeUntilStopped(context, outcome.body, file, consume);
			} catch (error) {
				outcome.body.destroy();
				if (stopSignalOf(context)?.aborted) throw cancelled(context);
				lastFormatError = error instanceof CsvFormatError ? error : undefined;
				lastIncomplete = error instanceof IncompleteFileError ? error : undefined;
				lastProblem = (error as Error).message || 'the transfer broke off';
			}
		} else if (outcome.kind === 'refused') {
			if (refreshedForRefusal) {
				throw new NodeApiError(context.getNode(), { file: file.filename, status: outcome.status } as JsonObject, {
					message: `The storage host refused result file ${fileLabel(file)} (${outcome.status}), also with a fresh link`,
					description:
						'Signed result links are valid for 15 minutes. Check that this n8n instance\'s clock is right and try again.',
					httpCode: String(outcome.status),
				});
			}
			refreshedForRefusal = true;
			file = await refreshResultFile.call(context, runId, file);
			continue;
		} else {
			transferTries++;
			lastFormatError = undefined;
			lastIncomplete = undefined;
			lastProblem = outcome.reason;
		}

		if (transferTries >= MAX_TRANSFER_TRIES) {
			if (lastIncomplete) throw incomplete(context, runId, file, transferTries, lastIncomplete);
			if (lastFormatError) {
				throw new NodeOperationError(context.getNode(), lastFormatError.message, {
					description: `Result file ${fileLabel(file)} of run "${runId}" is not valid CSV, in ${transferTries} downloads. No rows were returned from it. Download it from the Sixtyfour app to inspect it.`,
				});
			}
			throw new NodeApiError(context.getNode(), { file: file.filename } as JsonObject, {
				message: `Downloading result file ${fileLabel(file)} failed after ${transferTries} tries (${lastProblem})`,
				description: 'The storage host did not deliver the whole file. Run this step again.',
			});
		}
		context.logger.debug(
			`Result file ${fileLabel(file)} of run "${runId}": ${lastProblem}; retrying with a fresh link (try ${transferTries + 1} of ${MAX_TRANSFER_TRIES})`,
		);
		if (!(await sleepUnlessCancelled(backoffDelay(transferTries, DEFAULT_RETRY_POLICY), stopSignalOf(context)))) {
			throw cancelled(context);
		}
		file = await refreshResultFile.call(context, runId, file);
	}
}
