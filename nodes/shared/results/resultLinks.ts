import { NodeApiError, NodeOperationError, type JsonObject } from 'n8n-workflow';

import { readEntries, readResultFileEntry } from '../helpers/apiAnswers';
import type { ResultFile } from '../helpers/apiTypes';
import { sleepUnlessCancelled } from '../helpers/cancellableSleep';
import {
	describeResultFile,
	selectResultFiles,
	type FileChoice,
	type ResultFileSelection,
} from '../helpers/resultFiles';
import { backoffDelay, DEFAULT_RETRY_POLICY } from '../helpers/retryPolicy';
import { sixtyfourApiRequest } from '../transport/sixtyfourRequest';
import type { ResultContext } from '../transport/resultFileDownload';
import { stopSignalOf, stoppedError } from '../transport/stopSignal';

/** Looks at the links again after about 1, 2, 4, 8, then every 15 s (jittered), until the wait is over. */
const FILE_WAIT_BACKOFF = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 1000, maxDelayMs: 15_000 };

/**
 * Sixtyfour uploads a run's result files after the run completes: for a few seconds the links
 * answer of a completed run is empty. A caller that knows the run completed says so here.
 */
export interface ResultFileWait {
	/**
	 * True: the run is known to be completed, so its files must come; while the links answer is
	 * empty, wait (up to maxFileWaitMs), then fail with a NodeApiError. A function is asked only when
	 * the answer is empty, once. False or absent: a run without files gives none (queued, running,
	 * failed runs).
	 */
	filesExpected?: boolean | (() => Promise<boolean>);
	/** Longest wait for the files of a run that expects them. 0 or absent: fail at once. */
	maxFileWaitMs?: number;
}

/**
 * The run's result files with freshly signed links (they expire after 15 minutes, so fetch right
 * before use). Every format is asked for, without the documented `format=csv` filter: the node has
 * to pick CSV out itself anyway (a server that ignores the filter would send every format), and
 * seeing the other formats lets it say why a run has no CSV instead of reporting nothing.
 */
export async function fetchResultLinks(this: ResultContext, runId: string): Promise<ResultFile[]> {
	const files = await sixtyfourApiRequest.call(this, {
		method: 'GET',
		path: ['workflows', 'runs', runId, 'results', 'download-links'],
		subject: { runId },
	});
	return readEntries(files, readResultFileEntry);
}

function listFiles(files: ResultFile[]): string {
	return files.map(describeResultFile).join(', ');
}

function blocksOf(files: ResultFile[]): string {
	const numbered = new Set(files.flatMap((file) => (file.block_number === null ? [] : [file.block_number])));
	const unnumbered = files.length - files.filter((file) => file.block_number !== null).length;
	const blocks = [...numbered].join(', ') || 'none yet';
	return unnumbered > 0 ? `${blocks}; ${unnumbered} file(s) give no block number: ${listFiles(files.filter((file) => file.block_number === null))}` : blocks;
}

/** The chosen CSV files, or the reason the choice cannot be read (a missing block, no CSV). */
function chosenFiles(context: ResultContext, runId: string, choice: FileChoice, selection: ResultFileSelection): ResultFile[] {
	const { chosen, csv, otherFormats, finalWithoutCsv, finalUnknown } = selection;
	if (chosen.length > 0) return chosen;
	const node = context.getNode();
	if (finalUnknown !== undefined) {
		throw new NodeOperationError(node, `Which result file of run "${runId}" holds the final results cannot be told`, {
			description: `${finalUnknown.length} of its ${csv.length + otherFormats.length} result files give no block number (${listFiles(finalUnknown)}). Choose All Files to read every CSV file, each row naming its file.`,
		});
	}
	if (csv.length === 0 && otherFormats.length > 0) {
		throw new NodeOperationError(node, `Run "${runId}" has no result file in CSV, the format this node reads`, {
			description: `Its result files: ${listFiles(otherFormats)}. Start the run with CSV among its Result Formats.`,
		});
	}
	if (finalWithoutCsv !== undefined) {
		const finals = otherFormats.filter((file) => file.block_number === finalWithoutCsv);
		throw new NodeOperationError(node, `The final results of run "${runId}" (block ${finalWithoutCsv}) are not in CSV`, {
			description: `Block ${finalWithoutCsv} has only ${listFiles(finals)}; this node reads CSV. Start the run with CSV among its Result Formats, or choose One Block.`,
		});
	}
	if (choice.kind === 'block') {
		const others = otherFormats.filter((file) => file.block_number === choice.blockNumber);
		throw new NodeOperationError(node, `Run "${runId}" has no result file for block ${choice.blockNumber}`, {
			description: `Blocks with result files: ${blocksOf(csv)}.${others.length ? ` Block ${choice.blockNumber} has only ${listFiles(others)}, which this node does not read.` : ''}`,
		});
	}
	return chosen;
}

/** "after 120 s", or "yet" for a caller that does not wait (the trigger looks again at its next poll). */
function notPublished(context: ResultContext, runId: string, maxWaitMs: number, waitedMs: number): NodeApiError {
	const after = maxWaitMs > 0 ? `after ${Math.round(waitedMs / 1000)} s` : 'yet';
	return new NodeApiError(context.getNode(), { run_id: runId, waited_ms: waitedMs } as JsonObject, {
		message: `Run "${runId}" completed but Sixtyfour has not published its result files ${after}; try Get Results later`,
		description:
			'Sixtyfour uploads result files shortly after a run completes. Get them later with Run → Get Results, or raise "Wait for Result Files" in Result Options.',
	});
}

/**
 * The chosen CSV files of a run, in block order. When the run is expected to have files and has
 * none yet, the links are asked again with a bounded backoff until they appear. A service publishes
 * a run's files together, so files in other formats only are the run's results, not a wait.
 */
export async function fetchChosenFiles(
	this: ResultContext,
	runId: string,
	choice: FileChoice,
	wait: ResultFileWait = {},
): Promise<ResultFile[]> {
	const started = Date.now();
	let expected = wait.filesExpected;
	for (let look = 1; ; look++) {
		const files = await fetchResultLinks.call(this, runId);
		if (files.length === 0 && typeof expected === 'function') expected = await expected();
		if (files.length > 0 || !expected) return chosenFiles(this, runId, choice, selectResultFiles(files, choice));

		const maxWaitMs = wait.maxFileWaitMs ?? 0;
		const waitedMs = Date.now() - started;
		const left = maxWaitMs - waitedMs;
		if (left <= 0) throw notPublished(this, runId, maxWaitMs, waitedMs);
		const delay = Math.min(backoffDelay(look, FILE_WAIT_BACKOFF), left);
		this.logger.debug(`Sixtyfour run ${runId} completed but has no result files yet; looking again in ${delay} ms`);
		if (!(await sleepUnlessCancelled(delay, stopSignalOf(this)))) {
			throw stoppedError(this, `The execution was stopped while waiting for the result files of run "${runId}"`);
		}
	}
}

/** The same file with a newly signed link. */
export async function refreshResultFile(
	this: ResultContext,
	runId: string,
	file: ResultFile,
): Promise<ResultFile> {
	const files = await fetchResultLinks.call(this, runId);
	return files.find((candidate) => sameFile(candidate, file)) ?? file;
}

/** The link without its query: a signed link's path names the stored object, its query the signature. */
const linkPath = (file: ResultFile) => file.download_url?.split('?')[0] ?? null;

/**
 * Whether two entries are the same file: by block and name, or, for an entry without a name, by the
 * stored object its link points at (nothing else tells two unnamed files apart).
 */
function sameFile(candidate: ResultFile, file: ResultFile): boolean {
	if (file.filename !== null) return candidate.block_number === file.block_number && candidate.filename === file.filename;
	return candidate.filename === null && linkPath(file) !== null && linkPath(candidate) === linkPath(file);
}
