import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { matchFieldProblem } from '../helpers/rowMatching';
import { pathSegments, valueAtPath } from '../helpers/records';
import type { RunBatch } from '../helpers/runBatches';
import { ownValue } from '../../shared/helpers/ownProperty';
import { itemParameters } from '../../shared/parameterReader';
import type { RecordsSource } from '../settings/runSettings';

/** What to do when a field cannot tell records apart. */
const MATCH_FIELD_HINT =
	'Match by a field with a different value in every record, such as the CRM id, and send it with the records: Sixtyfour passes fields its workflow does not declare through to the rows. Records identical in every field sent may share a value: they get their rows in order.';

/** A record as messages name it, counted from 0 as n8n counts items: "the record of item 3", "record 2 of item 0". */
function recordName(batch: RunBatch, recordIndex: number, source: RecordsSource, fixedRecords: boolean): string {
	const item = batch.recordItems[recordIndex];
	if (source !== 'json') return `the record of item ${item}`;
	const place = batch.recordPlaces[recordIndex];
	return fixedRecords ? `record ${place}` : `record ${place} of item ${item}`;
}

/** By Field must identify every record of each run, but records identical in every field sent; checked before any run starts. */
export function checkMatchField(context: IExecuteFunctions, items: INodeExecutionData[], batches: RunBatch[], field: string, source: RecordsSource, fixedRecords: boolean): void {
	for (const batch of batches) {
		const problem = matchFieldProblem(batch.records, field);
		if (!problem) continue;
		const itemIndex = batch.recordItems[problem.recordIndex];
		const parameters = itemParameters(context, itemIndex);
		const name = recordName(batch, problem.recordIndex, source, fixedRecords);
		if (problem.kind === 'shared') {
			const other = recordName(batch, problem.otherIndex, source, fixedRecords);
			const reason = `${name} has the same "${field}" as ${other} (${JSON.stringify(problem.value)}) but differs from it in other fields, so their rows cannot be told apart`;
			throw parameters.invalid('Match Field', reason, MATCH_FIELD_HINT);
		}
		const sentAs = pathSegments(field).pop();
		if (sentAs && sentAs !== field && ownValue(batch.records[problem.recordIndex], sentAs) !== undefined) {
			throw parameters.invalid('Match Field', `${name} has no "${field}": a path is sent under its last name, "${sentAs}"`, `Set Match Field to "${sentAs}".`);
		}
		if (source === 'items' && valueAtPath(items[itemIndex].json, field) !== undefined) {
			throw parameters.invalid(
				'Match Field',
				`${name} has no "${field}": the input item has it, but it is not among the fields sent`,
				`Add "${field}" to the fields sent (Fields or Mapped Fields): Sixtyfour passes fields its workflow does not declare through to the rows, so they can be matched by it.`,
			);
		}
		throw parameters.invalid('Match Field', `${name} has no value in "${field}"`, MATCH_FIELD_HINT);
	}
}
