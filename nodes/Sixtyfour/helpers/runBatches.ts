import type { IDataObject } from 'n8n-workflow';

/** The records of one run to start. */
export interface RunBatch {
	workflowId: string;
	records: IDataObject[];
	/** Input items whose records are in this run, ascending, each once. */
	itemIndexes: number[];
	/** The input item of each record, index for index. */
	recordItems: number[];
	/** Each record's place among its item's records (0 for the first), index for index. */
	recordPlaces: number[];
}

interface WorkflowRecords {
	records: IDataObject[];
	/** The input item of each record, index for index. */
	itemIndexes: number[];
	places: number[];
	/** Items that give no records of their own but ask for this workflow's runs (fixed records), ascending. */
	alsoPaired: number[];
}

/**
 * Collects records into runs: one run per workflow for the whole input (never one per item by
 * accident), split into runs of at most `recordsPerRun` records when that is above 0. Workflows
 * keep the order in which they first appear. Records are kept in plain arrays per workflow, so
 * 100,000 items cost no more than the records themselves.
 */
export class RunPlan {
	private readonly byWorkflow = new Map<string, WorkflowRecords>();

	/** `place`: the record's place among the records its item gives (0 for an item's only record). */
	add(workflowId: string, record: IDataObject, itemIndex: number, place = 0): void {
		const group = this.group(workflowId);
		group.records.push(record);
		group.itemIndexes.push(itemIndex);
		group.places.push(place);
	}

	/**
	 * An input item that asks for the workflow's runs without records of its own: with fixed records,
	 * read once, every item of the workflow is paired with each of its runs.
	 */
	pair(workflowId: string, itemIndex: number): void {
		this.group(workflowId).alsoPaired.push(itemIndex);
	}

	has(workflowId: string): boolean {
		return this.byWorkflow.has(workflowId);
	}

	private group(workflowId: string): WorkflowRecords {
		let group = this.byWorkflow.get(workflowId);
		if (!group) {
			group = { records: [], itemIndexes: [], places: [], alsoPaired: [] };
			this.byWorkflow.set(workflowId, group);
		}
		return group;
	}

	get size(): number {
		let records = 0;
		for (const group of this.byWorkflow.values()) records += group.records.length;
		return records;
	}

	batches(recordsPerRun: number): RunBatch[] {
		const batches: RunBatch[] = [];
		for (const [workflowId, group] of this.byWorkflow) {
			const size = recordsPerRun > 0 ? recordsPerRun : group.records.length;
			for (let start = 0; start < group.records.length; start += size) {
				const end = Math.min(start + size, group.records.length);
				let itemIndexes: number[] = [];
				for (let i = start; i < end; i++) {
					const itemIndex = group.itemIndexes[i];
					if (itemIndexes[itemIndexes.length - 1] !== itemIndex) itemIndexes.push(itemIndex);
				}
				if (group.alsoPaired.length) itemIndexes = [...new Set([...itemIndexes, ...group.alsoPaired])].sort((a, b) => a - b);
				batches.push({
					workflowId,
					records: group.records.slice(start, end),
					itemIndexes,
					recordItems: group.itemIndexes.slice(start, end),
					recordPlaces: group.places.slice(start, end),
				});
			}
		}
		return batches;
	}
}
