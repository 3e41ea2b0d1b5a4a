import type { ResultFile } from './apiTypes';

/** Which result files of a run the user wants. */
export type FileChoice = { kind: 'final' } | { kind: 'all' } | { kind: 'block'; blockNumber: number };

/**
 * The files to read, in block order. "Final" is the file of the highest block number: the run's
 * end product. An empty list means the run has produced nothing of that choice (yet).
 */
export function selectResultFiles(files: ResultFile[], choice: FileChoice): ResultFile[] {
	const ordered = [...files].sort((a, b) => a.block_number - b.block_number);
	switch (choice.kind) {
		case 'all':
			return ordered;
		case 'block':
			return ordered.filter((file) => file.block_number === choice.blockNumber);
		case 'final':
			return ordered.length ? [ordered[ordered.length - 1]] : [];
	}
}
