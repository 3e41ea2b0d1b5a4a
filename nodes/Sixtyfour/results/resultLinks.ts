import { NodeOperationError } from 'n8n-workflow';

import type { ResultFile } from '../helpers/apiTypes';
import { selectResultFiles, type FileChoice } from '../helpers/resultFiles';
import { sixtyfourApiRequest } from '../transport';
import type { ResultContext } from '../transport/resultFileDownload';

/** The run's result files with freshly signed links (they expire after 15 minutes, so fetch right before use). */
export async function fetchResultLinks(this: ResultContext, runId: string): Promise<ResultFile[]> {
	const files = await sixtyfourApiRequest.call(this, {
		method: 'GET',
		path: ['workflows', 'runs', runId, 'results', 'download-links'],
		subject: { runId },
	});
	return Array.isArray(files) ? files : [];
}

/** The chosen files of a run; a missing block is named with the blocks that do exist. */
export async function fetchChosenFiles(
	this: ResultContext,
	runId: string,
	choice: FileChoice,
): Promise<ResultFile[]> {
	const files = await fetchResultLinks.call(this, runId);
	const chosen = selectResultFiles(files, choice);
	if (choice.kind === 'block' && chosen.length === 0) {
		const blocks = files.map((file) => file.block_number).join(', ') || 'none yet';
		throw new NodeOperationError(
			this.getNode(),
			`Run "${runId}" has no result file for block ${choice.blockNumber}`,
			{ description: `Blocks with result files: ${blocks}.` },
		);
	}
	return chosen;
}

/** The same file with a newly signed link. */
export async function refreshResultFile(
	this: ResultContext,
	runId: string,
	file: ResultFile,
): Promise<ResultFile> {
	const files = await fetchResultLinks.call(this, runId);
	return (
		files.find((candidate) => candidate.block_number === file.block_number && candidate.filename === file.filename) ??
		file
	);
}
