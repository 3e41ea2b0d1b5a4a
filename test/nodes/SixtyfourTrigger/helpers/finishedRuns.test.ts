import type { RunSummary } from '../../../../nodes/shared/helpers/apiTypes';
import { finishedAt, latestFinishedRun } from '../../../../nodes/SixtyfourTrigger/helpers/finishedRuns';

function run(jobId: string, status: RunSummary['status'], completedAt: string | null, extra: Partial<RunSummary> = {}): RunSummary {
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

const at = (seconds: number) => new Date(Date.UTC(2026, 1, 12, 9, 0, seconds)).toISOString();

/** A run queued at second `queued`, finished at second `done` (null: still running). */
function queuedRun(jobId: string, queued: number, done: number | null, status?: RunSummary['status']): RunSummary {
	return run(jobId, status ?? (done === null ? 'running' : 'completed'), done === null ? null : at(done), { queued_at: at(queued), created_at: at(queued) });
}

describe('finishedAt', () => {
	it('is completed_at for a finished run and undefined for one still going', () => {
		expect(finishedAt(run('a', 'completed', '2026-02-12T09:15:00Z'))).toBe(Date.parse('2026-02-12T09:15:00Z'));
		expect(finishedAt(run('b', 'running', null))).toBeUndefined();
		expect(finishedAt(run('c', 'queued', null))).toBeUndefined();
	});

	it('falls back to updated_at for a failed or cancelled run without completed_at', () => {
		expect(finishedAt(run('a', 'failed', null, { updated_at: '2026-02-12T09:20:00.5Z' }))).toBe(
			Date.parse('2026-02-12T09:20:00.500Z'),
		);
		expect(finishedAt(run('b', 'cancelled', null, { updated_at: 'not a date' }))).toBeUndefined();
	});

	it('reads microsecond timestamps to the millisecond', () => {
		expect(finishedAt(run('a', 'completed', '2026-02-12T09:15:00.123456Z'))).toBe(Date.parse('2026-02-12T09:15:00.123Z'));
	});
});

describe('latestFinishedRun', () => {
	it('finds the latest matching run for the test event', () => {
		const runs = [queuedRun('a', 1, 30), queuedRun('b', 2, 20), queuedRun('c', 3, 40, 'failed')];
		expect(latestFinishedRun(runs, ['completed'])?.job_id).toBe('a');
		expect(latestFinishedRun(runs, ['completed', 'failed'])?.job_id).toBe('c');
	});
});
