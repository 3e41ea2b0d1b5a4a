import type { RunSummary } from '../../nodes/Sixtyfour/helpers/apiTypes';
import {
	finishedAt,
	latestFinishedRun,
	selectNewRuns,
} from '../../nodes/SixtyfourTrigger/helpers/finishedRuns';
import {
	advanceState,
	EMPTY_STATE,
	readPollState,
	stateEquals,
	type PollState,
} from '../../nodes/SixtyfourTrigger/helpers/pollState';
import { pageMayHaveOverflowed, statusFilterFor } from '../../nodes/SixtyfourTrigger/helpers/runQuery';
import { itemsForRun } from '../../nodes/SixtyfourTrigger/helpers/triggerItems';

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

describe('selectNewRuns', () => {
	const runs = [
		run('q', 'queued', null),
		run('late', 'completed', at(30)),
		run('f', 'failed', at(10)),
		run('b2', 'completed', at(20)),
		run('b1', 'completed', at(20)),
		run('x', 'cancelled', at(5)),
	];

	it('takes every finished run of the events while nothing has been seen, in completion order', () => {
		expect(selectNewRuns(runs, EMPTY_STATE, ['completed', 'failed']).map((r) => r.job_id)).toEqual(['f', 'b1', 'b2', 'late']);
		expect(selectNewRuns(runs, EMPTY_STATE, ['cancelled']).map((r) => r.job_id)).toEqual(['x']);
	});

	it('skips runs before the cursor and the ids seen at it', () => {
		const state: PollState = { cursor: at(20), idsAtCursor: ['b1'] };
		expect(selectNewRuns(runs, state, ['completed', 'failed', 'cancelled']).map((r) => r.job_id)).toEqual(['b2', 'late']);
	});

	it('lists a run once even if the page repeats it', () => {
		expect(selectNewRuns([runs[1], runs[1]], EMPTY_STATE, ['completed']).map((r) => r.job_id)).toEqual(['late']);
	});

	it('finds the latest matching run for the test event', () => {
		expect(latestFinishedRun(runs, ['failed', 'cancelled'])?.job_id).toBe('f');
		expect(latestFinishedRun(runs, ['completed'])?.job_id).toBe('late');
		expect(latestFinishedRun([runs[0]], ['completed'])).toBeUndefined();
	});
});

describe('advanceState', () => {
	it('moves the cursor to the last emitted completion and keeps only the ids there', () => {
		const emitted = [run('a', 'completed', at(1)), run('b', 'completed', at(2)), run('c', 'failed', at(2))];
		expect(advanceState({ cursor: at(1), idsAtCursor: ['z'] }, emitted)).toEqual({ cursor: at(2), idsAtCursor: ['b', 'c'] });
	});

	it('adds to the ids when the cursor stays where it was', () => {
		expect(advanceState({ cursor: at(2), idsAtCursor: ['b'] }, [run('c', 'completed', at(2))])).toEqual({
			cursor: at(2),
			idsAtCursor: ['b', 'c'],
		});
	});

	it('leaves the state as it is when nothing was emitted', () => {
		const state = { cursor: at(3), idsAtCursor: ['a'] };
		expect(advanceState(state, [])).toBe(state);
	});

	it('stays small however many runs go by', () => {
		let state = EMPTY_STATE;
		for (let i = 0; i < 5000; i++) state = advanceState(state, [run(`run_${i}`, 'completed', new Date(Date.UTC(2026, 1, 12) + i * 1000).toISOString())]);
		expect(state.idsAtCursor).toEqual(['run_4999']);
		expect(JSON.stringify(state).length).toBeLessThan(100);
	});
});

describe('readPollState and stateEquals', () => {
	it('reads a stored state and rejects what is not one', () => {
		expect(readPollState({ cursor: at(1), idsAtCursor: ['a'] })).toEqual({ cursor: at(1), idsAtCursor: ['a'] });
		expect(readPollState({ cursor: null, idsAtCursor: [] })).toEqual(EMPTY_STATE);
		expect(readPollState({})).toBeUndefined();
		expect(readPollState({ cursor: 'yesterday', idsAtCursor: [] })).toBeUndefined();
		expect(readPollState({ cursor: at(1), idsAtCursor: [1] })).toBeUndefined();
	});

	it('compares ids as a set', () => {
		expect(stateEquals({ cursor: at(1), idsAtCursor: ['a', 'b'] }, { cursor: at(1), idsAtCursor: ['b', 'a'] })).toBe(true);
		expect(stateEquals({ cursor: at(1), idsAtCursor: ['a'] }, { cursor: at(1), idsAtCursor: ['b'] })).toBe(false);
		expect(stateEquals({ cursor: at(1), idsAtCursor: [] }, { cursor: at(2), idsAtCursor: [] })).toBe(false);
	});
});

describe('statusFilterFor', () => {
	it('filters at Sixtyfour only for exactly one of completed or cancelled', () => {
		expect(statusFilterFor(['completed'])).toBe('completed');
		expect(statusFilterFor(['cancelled', 'cancelled'])).toBe('cancelled');
		expect(statusFilterFor(['failed'])).toBeUndefined();
		expect(statusFilterFor(['completed', 'cancelled'])).toBeUndefined();
		expect(statusFilterFor(['completed', 'failed'])).toBeUndefined();
	});
});

describe('pageMayHaveOverflowed', () => {
	const queued = (id: string, seconds: number, finished: number | null) =>
		run(id, finished === null ? 'running' : 'completed', finished === null ? null : at(finished), { queued_at: at(seconds) });
	const state: PollState = { cursor: at(10), idsAtCursor: ['seen'] };

	it('is false for a page that is not full', () => {
		expect(pageMayHaveOverflowed([queued('a', 20, 21)], 2, state)).toBe(false);
	});

	it('is false when the oldest run of a full page was already seen', () => {
		expect(pageMayHaveOverflowed([queued('a', 20, 21), queued('b', 1, 9)], 2, state)).toBe(false);
		expect(pageMayHaveOverflowed([queued('a', 20, null), queued('seen', 1, 10)], 2, state)).toBe(false);
	});

	it('is true when the oldest run of a full page is new or still going', () => {
		expect(pageMayHaveOverflowed([queued('a', 20, 21), queued('b', 11, 12)], 2, state)).toBe(true);
		expect(pageMayHaveOverflowed([queued('a', 20, 21), queued('b', 1, 12)], 2, state)).toBe(true);
		expect(pageMayHaveOverflowed([queued('a', 20, 21), queued('b', 1, null)], 2, state)).toBe(true);
		expect(pageMayHaveOverflowed([queued('a', 2, 3), queued('b', 1, 2)], 2, EMPTY_STATE)).toBe(true);
	});

	it('looks at every run queued at the oldest time', () => {
		expect(pageMayHaveOverflowed([queued('a', 1, 11), queued('b', 1, 9)], 2, state)).toBe(true);
	});
});

describe('itemsForRun', () => {
	const finished = run('run_1', 'completed', '2026-02-12T09:15:00Z');
	const file = (block: number, rows: object[]) => ({
		file: {
			filename: `results_block_${block}.csv`,
			block_number: block,
			row_count: rows.length,
			storage_bucket: null,
			created_at: null,
			message: null,
			download_url: null,
			download_expires_in_seconds: null,
		},
		rows: rows as Array<Record<string, string>>,
	});

	it('gives the metadata only when results are not included', () => {
		expect(itemsForRun(finished, 'row')).toEqual([{ json: { ...finished, finished_at: '2026-02-12T09:15:00.000Z' } }]);
	});

	it('gives one item per run with its rows', () => {
		const [item] = itemsForRun(finished, 'run', { files: [file(1, [{ a: '1' }]), file(2, [{ b: '2' }])] });
		expect(item.json.rows).toEqual([{ a: '1' }, { b: '2' }]);
		expect(item.json.result_files).toEqual([
			{ filename: 'results_block_1.csv', block_number: 1, row_count: 1, rows_read: 1 },
			{ filename: 'results_block_2.csv', block_number: 2, row_count: 1, rows_read: 1 },
		]);
	});

	it('gives one item per row with the run metadata, and one metadata item for a run without rows', () => {
		const metadata = {
			sixtyfour_job_id: 'run_1',
			sixtyfour_workflow_id: 'wf_lead',
			sixtyfour_workflow_name: 'Lead Enrichment',
			sixtyfour_status: 'completed',
			sixtyfour_finished_at: '2026-02-12T09:15:00.000Z',
		};
		expect(itemsForRun(finished, 'row', { files: [file(2, [{ name: 'Acme' }, { name: 'Beta' }])] })).toEqual([
			{ json: { name: 'Acme', ...metadata, sixtyfour_block_number: 2, sixtyfour_filename: 'results_block_2.csv' } },
			{ json: { name: 'Beta', ...metadata, sixtyfour_block_number: 2, sixtyfour_filename: 'results_block_2.csv' } },
		]);
		expect(itemsForRun(finished, 'row', { files: [], error: 'no block 3' })).toEqual([
			{ json: { ...metadata, sixtyfour_error_message: null, sixtyfour_results_error: 'no block 3' } },
		]);
	});
});
