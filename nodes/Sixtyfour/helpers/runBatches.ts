import type { IDataObject } from 'n8n-workflow';

/** One record bound for a run, with the input item it came from. */
export interface PendingRecord {
	workflowId: string;
	record: IDataObject;
	itemIndex: number;
}

/** The records of one run to start. */
export interface RunBatch {
	workflowId: string;
	records: IDataObject[];
	/** Input items whose records are in this run, ascending, each once. */
	itemIndexes: number[];
}

/**
 * Groups records into runs: one run per workflow for the whole input (never one per item by
 * accident), split into runs of at most `recordsPerRun` records when that is above 0.
 * Workflows keep the order in which they first appear.
 */
export function planRunBatches(pending: PendingRecord[], recordsPerRun: number): RunBatch[] {
	const byWorkflow = new Map<string, PendingRecord[]>();
	for (const entry of pending) {
		const group = byWorkflow.get(entry.workflowId);
		if (group) group.push(entry);
		else byWorkflow.set(entry.workflowId, [entry]);
	}
	const batches: RunBatch[] = [];
	for (const [workflowId, entries] of byWorkflow) {
		const size = recordsPerRun > 0 ? recordsPerRun : entries.length;
		for (let start = 0; start < entries.length; start += size) {
			const slice = entries.slice(start, start + size);
			const records = new Array<IDataObject>(slice.length);
			const itemIndexes: number[] = [];
			for (let i = 0; i < slice.length; i++) {
				records[i] = slice[i].record;
				const itemIndex = slice[i].itemIndex;
				if (itemIndexes[itemIndexes.length - 1] !== itemIndex) itemIndexes.push(itemIndex);
			}
			batches.push({ workflowId, records, itemIndexes });
		}
	}
	return batches;
}

/** An Idempotency-Key for one run start, the same for every retry of it within this node execution. */
export function runIdempotencyKey(scope: string, batchIndex: number, userKey?: string): string {
	if (userKey) return batchIndex === 0 ? userKey : `${userKey}-${batchIndex + 1}`;
	return `n8n-${scope}-${batchIndex + 1}`;
}
