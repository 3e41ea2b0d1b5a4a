// Runs as the runs list gives them, for the trigger's pure helpers: on 2026-02-12 from 09:00:00.
import type { RunSummary } from '../../../nodes/shared/helpers/apiTypes';
import type { PollState } from '../../../nodes/SixtyfourTrigger/helpers/pollState';

export function run(jobId: string, status: RunSummary['status'], completedAt: string | null, extra: Partial<RunSummary> = {}): RunSummary {
	return {
		job_id: jobId,
		workflow_id: 'wf_lead',
		workflow_name: 'Lead Enrichment',
		status,
		step: null,
		user_id: 'user_1',
		created_at: '2026-02-12T09:00:00Z',
		updated_at: completedAt ?? '2026-02-12T09:00:05Z',
		queued_at: '2026-02-12T09:00:00Z',
		started_at: '2026-02-12T09:00:01Z',
		completed_at: completedAt,
		duration_ms: null,
		status_reason: null,
		error_message: null,
		metrics: null,
		blocks_count: 2,
		...extra,
	};
}

/** Second `seconds` after 09:00:00, as the API writes it and as milliseconds. */
export const at = (seconds: number) => new Date(Date.UTC(2026, 1, 12, 9, 0, seconds)).toISOString();
export const ms = (seconds: number) => Date.UTC(2026, 1, 12, 9, 0, seconds);

/** A run queued at second `queued`, finished at second `done` (null: still running). */
export function queuedRun(jobId: string, queued: number, done: number | null, status?: RunSummary['status']): RunSummary {
	return run(jobId, status ?? (done === null ? 'running' : 'completed'), done === null ? null : at(done), { queued_at: at(queued), created_at: at(queued) });
}

/** A trigger state with only what a test sets. */
export const state = (partial: Partial<PollState>): PollState => ({ horizon: null, cursor: null, fired: {}, inFlight: {}, failedReads: {}, slowReads: {}, ...partial });
