import type { ILoadOptionsFunctions, ResourceMapperFields } from 'n8n-workflow';

import { API_SOURCE_BLOCK, startFacts } from '../../shared/helpers/inputSchema';
import { getWorkflow } from '../../shared/transport/workflowRequests';
import { mapperFields } from '../helpers/mapperColumns';

/** What the mapper says when it has no columns to offer: the fields are then added under Other Fields. */
const FREE_MAPPING = 'add each field to send under Other Fields below';

/**
 * Workflow → Run's Columns: the columns the chosen workflow's webhook block declares
 * (`input_schema`), loaded when the workflow is chosen. Without a readable schema (the endpoint
 * missing or closed to the key, no schema, a shape the node does not read) there are no columns, and
 * the mapping is free, as with Mapped Fields.
 */
export async function getWorkflowColumns(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
	const workflowId = String(this.getNodeParameter('workflowId', '', { extractValue: true }) ?? '').trim();
	if (!workflowId) return { fields: [], emptyFieldsNotice: 'Choose a workflow first: its columns are listed here' };
	const read = await getWorkflow.call(this, workflowId);
	if (read.kind === 'unavailable') {
		return { fields: [], emptyFieldsNotice: `Sixtyfour does not show this workflow's columns (HTTP ${read.status}): ${FREE_MAPPING}` };
	}
	const facts = read.value && startFacts(read.value);
	if (facts?.firstBlock && facts.firstBlock !== API_SOURCE_BLOCK) {
		return {
			fields: [],
			emptyFieldsNotice: `This workflow starts with a ${facts.firstBlock} block, and only workflows that start with a ${API_SOURCE_BLOCK} block can be started through the API`,
		};
	}
	if (!facts?.columns) return { fields: [], emptyFieldsNotice: `This workflow declares no columns n8n can read: ${FREE_MAPPING}` };
	return { fields: mapperFields(facts.columns) };
}
