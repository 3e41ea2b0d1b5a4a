import type { LiveStatus, RunSummary } from '../../shared/helpers/apiTypes';

/**
 * A runs-list entry for a run known only by its live status (it has left every list the trigger
 * can read). Fields that only the runs list gives (workflow name, user, metrics, duration) are null.
 */
export function summaryFromLiveStatus(live: LiveStatus, queuedAt: number): RunSummary {
	const queued = new Date(queuedAt).toISOString();
	const failedBlock = live.blocks?.find((block) => block.error_message);
	return {
		job_id: live.run_id,
		workflow_id: live.workflow_id,
		workflow_name: null,
		status: live.overall_status,
		step: null,
		user_id: null,
		created_at: queued,
		updated_at: live.last_updated,
		queued_at: queued,
		started_at: live.started_at,
		completed_at: live.completed_at,
		duration_ms: null,
		status_reason: live.status_reason ?? null,
		error_message: live.error_message ?? failedBlock?.error_message ?? null,
		metrics: null,
		blocks_count: live.total_blocks,
	};
}
