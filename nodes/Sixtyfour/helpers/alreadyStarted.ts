import { count } from '../../shared/helpers/apiAnswers';
import type { LiveStatus, RunSummary } from '../../shared/helpers/apiTypes';

/**
 * A run Sixtyfour answers `already_started` for was started earlier with the same Idempotency-Key.
 * Before its rows are taken for this start's, what the API tells about it is compared with what
 * was sent: its workflow, and the number of records in its input.
 */

export interface SentStart {
	workflowId: string;
	records: number;
}

export interface StartedRunFacts {
	workflowId?: string;
	inputRecords?: number;
}

/** Statuses of a block that has not taken in its records yet: its counts may still read 0. */
const NOT_STARTED = ['pending', 'queued'];

/**
 * The records in a run's input, from its live status: the total of its first block (the webhook
 * block the records come in through). Undefined when the status does not say, or when that block
 * has not started and reads 0 (a count not known yet is no count).
 */
export function inputRecordsOf(status: LiveStatus): number | undefined {
	const blocks = Array.isArray(status.blocks) ? status.blocks : [];
	const first = blocks.reduce<(typeof blocks)[number] | undefined>(
		(earliest, block) => (earliest === undefined || block.sequence_number < earliest.sequence_number ? block : earliest),
		undefined,
	);
	if (!first) return undefined;
	const total = count(first.total_count) ?? count(first.metrics?.total_count);
	if (total === null) return undefined;
	return total === 0 && NOT_STARTED.includes(first.status) ? undefined : total;
}

/** The records of a run from its runs-list entry: `metrics.total_records`, unless it is queued and reads 0. */
export function listedRecordsOf(run: RunSummary): number | undefined {
	const total = count(run.metrics?.total_records);
	if (total === null) return undefined;
	return total === 0 && run.status === 'queued' ? undefined : total;
}

/** How the run differs from what was sent, as the end of "that run …"; undefined when nothing known differs. */
export function startedRunMismatch(sent: SentStart, facts: StartedRunFacts): string | undefined {
	if (facts.workflowId !== undefined && facts.workflowId !== sent.workflowId) {
		return `belongs to workflow "${facts.workflowId}", not "${sent.workflowId}"`;
	}
	if (facts.inputRecords !== undefined && facts.inputRecords !== sent.records) {
		return `was started with ${facts.inputRecords} records, not the ${sent.records} sent now`;
	}
	return undefined;
}
