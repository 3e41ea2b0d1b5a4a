import { NodeOperationError, type IExecuteFunctions, type NodeApiError } from 'n8n-workflow';

import { API_SOURCE_BLOCK, startFacts, type StartFacts } from '../../shared/helpers/inputSchema';
import { asNodeError } from '../../shared/nodeError';
import { getWorkflow } from '../../shared/transport/workflowRequests';
import type { RunBatch } from '../helpers/runBatches';
import { recordsWithoutColumns } from '../helpers/recordsWithoutColumns';
import { warnWithHint } from './executionHint';

/**
 * Know before billing: each workflow's definition is read once per execution, before any run is
 * started. A workflow the API cannot start (first block not webhook) is refused without sending a
 * record; records that carry none of the columns the workflow expects are warned about, not refused,
 * since Sixtyfour passes other fields through. Where the definition cannot be read (the endpoint
 * missing or closed to the key, an unknown workflow) or tells neither, runs start as before.
 */

/** The workflow's facts, or undefined when its definition could not be read. */
async function readFacts(context: IExecuteFunctions, workflowId: string): Promise<StartFacts | undefined> {
	const read = await getWorkflow.call(context, workflowId);
	if (read.kind === 'unavailable') {
		context.logger.debug(`Sixtyfour GET /workflows/${workflowId} answered ${read.status}; starting without checking its definition`);
		return undefined;
	}
	return read.value && startFacts(read.value);
}

function refusal(context: IExecuteFunctions, workflowId: string, firstBlock: string, itemIndex: number): NodeOperationError {
	return new NodeOperationError(
		context.getNode(),
		`Workflow "${workflowId}" cannot be started through the API: its first block is "${firstBlock}", not "${API_SOURCE_BLOCK}"`,
		{
			itemIndex,
			description: `Nothing was sent and nothing billed. Sixtyfour starts only workflows whose first block is a ${API_SOURCE_BLOCK} block through the API: choose such a workflow, or make ${API_SOURCE_BLOCK} its first block in the Sixtyfour workflow editor.`,
		},
	);
}

/** A warning about records without the workflow's columns, and those columns (for an AI agent's model). */
export interface ColumnsWarning {
	message: string;
	columns: string[];
	/** Records that carry none of the columns, of `records` sent. */
	without: number;
	records: number;
}

function columnsWarning(workflowId: string, batches: RunBatch[], columns: string[]): ColumnsWarning | undefined {
	let records = 0;
	const items = new Set<number>();
	let without = 0;
	for (const batch of batches) {
		records += batch.records.length;
		for (const index of recordsWithoutColumns(batch.records, columns)) {
			without += 1;
			items.add(batch.recordItems[index]);
		}
	}
	if (without === 0) return undefined;
	const shown = [...items].slice(0, 5).join(', ') + (items.size > 5 ? ', …' : '');
	const message = `${without} of ${records} records sent to Sixtyfour workflow "${workflowId}" carry none of the columns it expects (${columns.join(', ')}), from input items ${shown}. Sixtyfour bills them and passes their fields through, but its blocks may find nothing to work on: send these columns (Fields to Send → Mapped Fields names them).`;
	return { message, columns, without, records };
}

export interface WorkflowChecks {
	/**
	 * Why each of these workflows gets no run: the API cannot start it, or (under Continue On Fail)
	 * its definition could not be read for another reason than the endpoint's absence.
	 */
	refused: Map<string, NodeApiError | NodeOperationError>;
	/** Each workflow whose records were warned about. */
	warned: Map<string, ColumnsWarning>;
}

/**
 * Checks every workflow of `batches`, warning (log and execution hint) as it goes. `withRecords`:
 * false when the runs carry no records (Records → None), so there are none to warn about.
 */
export async function checkWorkflows(
	this: IExecuteFunctions,
	batches: RunBatch[],
	withRecords: boolean,
): Promise<WorkflowChecks> {
	const refused = new Map<string, NodeApiError | NodeOperationError>();
	const warned = new Map<string, ColumnsWarning>();
	const workflowIds = [...new Set(batches.map((batch) => batch.workflowId))];
	for (const workflowId of workflowIds) {
		const own = batches.filter((batch) => batch.workflowId === workflowId);
		let facts: StartFacts | undefined;
		try {
			facts = await readFacts(this, workflowId);
		} catch (error) {
			// A failure Sixtyfour would give the start too (a wrong key, Sixtyfour unreachable): nothing is started.
			if (!this.continueOnFail()) throw asNodeError(this.getNode(), error, own[0].itemIndexes[0]);
			refused.set(workflowId, asNodeError(this.getNode(), error, own[0].itemIndexes[0]));
			continue;
		}
		if (facts?.firstBlock && facts.firstBlock !== API_SOURCE_BLOCK) {
			refused.set(workflowId, refusal(this, workflowId, facts.firstBlock, own[0].itemIndexes[0] ?? 0));
		} else if (facts?.columns && withRecords) {
			const warning = columnsWarning(workflowId, own, facts.columns.map((column) => column.name));
			if (warning) {
				warnWithHint(this, warning.message);
				warned.set(workflowId, warning);
			}
		}
	}
	return { refused, warned };
}
