/** Response shapes of Sixtyfour's Workflows API, as in its reference. Optional fields are those the docs say may be absent. */

/** The runs list has no paging: its largest page (limit) is the whole window it shows. */
export const MAX_RUNS_WINDOW = 500;

export type RunStatus = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';

export const FINISHED_STATUSES: readonly RunStatus[] = ['completed', 'failed', 'cancelled'];

const RUN_STATUSES: readonly RunStatus[] = ['queued', 'running', ...FINISHED_STATUSES];

/** Whether a status is one the reference documents; an absent or unknown one is not. */
export function isRunStatus(status: string | null): status is RunStatus {
	return status !== null && (RUN_STATUSES as readonly string[]).includes(status);
}

/** Whether a status is one of the three finished ones; an absent or unknown status is not. */
export function isFinished(status: string | null): boolean {
	return status !== null && (FINISHED_STATUSES as readonly string[]).includes(status);
}

export interface RunStarted {
	status: string;
	workflow_id: string;
	job_id: string;
	cache_config: unknown;
	already_started?: boolean;
}

export interface RunSummary {
	job_id: string;
	workflow_id: string;
	workflow_name: string | null;
	/** As the API gave it: one of RunStatus, an unknown value passed on as it came, or null when absent. */
	status: RunStatus | (string & {}) | null;
	step: string | null;
	user_id: string | null;
	created_at: string | null;
	updated_at: string | null;
	queued_at: string | null;
	started_at: string | null;
	completed_at: string | null;
	duration_ms: number | null;
	status_reason: string | null;
	error_message: string | null;
	metrics: { total_records?: number; processed_records?: number; enrichment_rate?: number } | null;
	blocks_count: number | null;
}

export interface BlockStatus {
	block_name: string;
	sequence_number: number;
	status: string;
	started_at: string | null;
	completed_at: string | null;
	progress_percentage: number | null;
	current_step: string | null;
	processed_count: number | null;
	total_count: number | null;
	estimated_total_count: number | null;
	last_updated: string | null;
	error_message: string | null;
	metrics: Record<string, unknown> | null;
}

export interface LiveStatus {
	run_id: string;
	workflow_id: string;
	overall_status: RunStatus;
	current_block: string | null;
	current_block_sequence: number | null;
	total_blocks: number | null;
	completed_blocks: number | null;
	started_at: string | null;
	completed_at: string | null;
	last_updated: string | null;
	overall_progress_percentage: number | null;
	estimation_blocked_by: string | null;
	blocks: BlockStatus[];
	error_message?: string | null;
	status_reason?: string | null;
}

export interface CancelAnswer {
	job_id: string;
	status: RunStatus;
}

export interface ResultFile {
	/** Null when the answer names none: no name is made up. */
	filename: string | null;
	storage_bucket: string | null;
	row_count: number | null;
	/** Null when the answer gives none: the file's block is then unknown, not 0. */
	block_number: number | null;
	created_at: string | null;
	message: string | null;
	download_url: string | null;
	download_expires_in_seconds: number | null;
	file_size?: number | null;
	content_type?: string | null;
	/** Small results come inline; then no download is needed. */
	results?: Array<Record<string, unknown>> | null;
}

/**
 * An entry of GET /workflows. Only `id` is relied on; a field the answer leaves out reads as null.
 * `last_run_date` is null when the API says the workflow never ran, undefined when it does not say.
 */
export interface WorkflowSummary {
	id: string;
	name: string | null;
	description: string | null;
	/** The definition's lifecycle (draft, ready), not a run status. */
	status: string | null;
	step: string | null;
	created_at: string | null;
	updated_at: string | null;
	last_run_date?: string | null;
}

/** A block of a workflow definition; `specs` is block-specific and its shape not documented. */
export interface WorkflowBlock {
	sequence_number: number | null;
	block_type: string | null;
	block_name: string | null;
	block_id: string | null;
	specs: Record<string, unknown> | null;
}

/** GET /workflows/{workflow_id}: the summary plus its block graph, when the answer carries one. */
export interface WorkflowDetail extends WorkflowSummary {
	blocks: WorkflowBlock[] | null;
}
