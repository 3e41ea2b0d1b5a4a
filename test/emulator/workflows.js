// @ts-check
'use strict';

const { isoTime } = require('./clock');

/**
 * @typedef {import('./catalogue').Workflow} Workflow
 * @typedef {object} WorkflowEntry an entry of `GET /workflows`, every field the reference lists
 * @property {string} id
 * @property {string} user_uuid
 * @property {string} org_id
 * @property {string} name
 * @property {string} description
 * @property {string} status
 * @property {string} step
 * @property {string} created_at
 * @property {string} updated_at
 * @property {string | null} last_run_date
 */

/**
 * The category of a block: the reference names source, enrich and output as examples; the emulator
 * calls its first block the source, an outgoing_webhook the output, and every other block enrich.
 * @param {string} blockName
 * @param {number} sequence 1-based
 */
function blockType(blockName, sequence) {
	if (sequence === 1) return 'source';
	if (blockName === 'outgoing_webhook') return 'output';
	return 'enrich';
}

/**
 * The source block's specs: the webhook block declares the columns it expects (`input_schema`, in
 * whatever shape the catalogue entry gave, or not at all) and its dataframe type; a read_csv block
 * waits for the uploaded file's handle, which the API takes through specs_override. Other blocks'
 * specs are not documented, and the emulator leaves them empty.
 * @param {Workflow} workflow
 */
function sourceSpecs(workflow) {
	if (workflow.source === 'read_csv') return { resource_handle_id: null, dataframe_type: workflow.dataframeType };
	return {
		...(workflow.inputSchema === undefined ? {} : { input_schema: structuredClone(workflow.inputSchema) }),
		dataframe_type: workflow.dataframeType,
	};
}

/**
 * An entry of `GET /workflows`: the definition's fields without its block graph.
 * @param {Workflow} workflow
 * @param {{ userId: string, orgId: string, lastRunAt: number | null }} about
 * @returns {WorkflowEntry}
 */
function workflowEntry(workflow, about) {
	return {
		id: workflow.id,
		user_uuid: about.userId,
		org_id: about.orgId,
		name: workflow.name,
		description: workflow.description,
		status: workflow.status,
		step: workflow.step,
		created_at: workflow.createdAt,
		updated_at: workflow.updatedAt,
		last_run_date: about.lastRunAt === null ? null : isoTime(about.lastRunAt),
	};
}

/**
 * `GET /workflows/{workflow_id}`: the entry plus `workflow_definition: {blocks, edges}`, the blocks
 * chained one after another by unconditional edges.
 * @param {Workflow} workflow
 * @param {{ userId: string, orgId: string, lastRunAt: number | null }} about
 */
function workflowDetail(workflow, about) {
	const blocks = workflow.blocks.map((blockName, index) => ({
		sequence_number: index + 1,
		block_type: blockType(blockName, index + 1),
		block_name: blockName,
		block_id: `blk_${workflow.id}_${index + 1}`,
		specs: index === 0 ? sourceSpecs(workflow) : {},
	}));
	const edges = blocks.slice(1).map((block, index) => ({ from_block_id: blocks[index].block_id, to_block_id: block.block_id, condition: null }));
	return { ...workflowEntry(workflow, about), workflow_definition: { blocks, edges } };
}

module.exports = { workflowEntry, workflowDetail };
