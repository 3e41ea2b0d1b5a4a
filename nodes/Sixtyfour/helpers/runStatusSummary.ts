import type { IDataObject } from 'n8n-workflow';

import type { LiveStatus } from '../../shared/helpers/apiTypes';

/** The live status reduced to what a workflow usually branches on. */
export function summarizeLiveStatus(status: LiveStatus): IDataObject {
	const current = status.blocks?.find((block) => block.sequence_number === status.current_block_sequence);
	return {
		job_id: status.run_id,
		run_id: status.run_id,
		workflow_id: status.workflow_id,
		status: status.overall_status,
		progress_percentage: status.overall_progress_percentage,
		current_block: status.current_block,
		current_block_sequence: status.current_block_sequence,
		completed_blocks: status.completed_blocks,
		total_blocks: status.total_blocks,
		processed_count: current?.processed_count ?? null,
		total_count: current?.total_count ?? null,
		started_at: status.started_at,
		completed_at: status.completed_at,
	};
}

/** The first block error of a failed run, for the error message. */
export function firstBlockError(status: LiveStatus): string | undefined {
	return status.blocks?.find((block) => block.error_message)?.error_message ?? undefined;
}
