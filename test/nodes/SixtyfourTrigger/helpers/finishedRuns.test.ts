import { finishedAt, latestFinishedRun } from '../../../../nodes/SixtyfourTrigger/helpers/finishedRuns';
import { queuedRun, run } from '../../../harness/kits/runSummaries';

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
