import { createHash } from 'crypto';

import { MAX_RUNS_WINDOW, isFinished, isRunStatus, type LiveStatus, type RunStatus, type RunSummary } from '../../shared/helpers/apiTypes';

/** How one waiting execution asks Sixtyfour, through its own context and credential. */
export interface StatusRequests {
	/** `GET /workflows/runs?limit=500`: the newest runs of the credential, newest first. */
	listRuns(): Promise<RunSummary[]>;
	liveStatus(runId: string): Promise<LiveStatus>;
}

/** A status as seen by a check, and when that check was made (a shared check may be a moment old). */
export interface SeenStatus {
	status: LiveStatus;
	atMs: number;
	/** Set while runs share the list: the next check comes this long after the shared one, on the
	 * shared checks' beat, so that every wait shares it again. */
	delayMs?: number;
}

/** The runs list tells no progress, so a run seen there can finish at any time: while runs share it,
 * the list is checked this often (one request for all of them), which bounds every run's lag. */
export const SHARED_CHECK_INTERVAL_MS = 9000;

/** Progress only a run's live status tells; while runs share the list, one of them (the one that has
 * gone longest without) gets its live status at most this often, so each shows progress now and then. */
export const SHARED_PROGRESS_EVERY_MS = 30_000;

/**
 * From a shared check to the next: to the next multiple of the interval on the clock, at least half
 * an interval on. Waits that joined at different moments so land on the same instants and share one
 * check, instead of each group keeping its own.
 */
export function untilSharedCheck(atMs: number): number {
	const next = Math.ceil((atMs + SHARED_CHECK_INTERVAL_MS / 2) / SHARED_CHECK_INTERVAL_MS) * SHARED_CHECK_INTERVAL_MS;
	return next - atMs;
}

export interface CheckTiming {
	now(): number;
	/** A check this young is as good as a new one (the wait's minimum poll interval). */
	reuseWithinMs: number;
	/** The asking wait's previous check: an older one tells it nothing new. */
	newerThanMs: number;
}

interface ListCheck {
	atMs: number;
	rows: Promise<Map<string, RunSummary>>;
}

/** The live status a runs-list row stands for: its (documented) status; progress only when it has finished. */
function statusFromRow(row: RunSummary, status: RunStatus): LiveStatus {
	return {
		run_id: row.job_id,
		workflow_id: row.workflow_id,
		overall_status: status,
		current_block: null,
		current_block_sequence: null,
		total_blocks: row.blocks_count ?? null,
		completed_blocks: null,
		started_at: row.started_at ?? null,
		completed_at: row.completed_at ?? null,
		last_updated: row.updated_at ?? null,
		overall_progress_percentage: row.status === 'completed' ? 100 : null,
		estimation_blocked_by: null,
		blocks: [],
		error_message: row.error_message ?? null,
		status_reason: row.status_reason ?? null,
	};
}

/**
 * The status checks of every run waited on through one credential in this n8n process. One wait
 * alone asks its run's live status (progress and status in one answer). Several share one
 * `GET /workflows/runs` (up to 500 runs) every SHARED_CHECK_INTERVAL_MS: a check younger than the
 * asking wait's minimum interval serves it, so 100 waits cost what 10 do. A run the list does not show (fallen out of its
 * 500-run window, or not listed yet) is asked about on its own. Every request goes out through the
 * waiting execution that makes it; a failed shared check fails only the wait that made it, the
 * others make their own.
 */
export class SharedStatusCheck {
	/** Each run waited on, and when its live status was last asked. */
	private readonly waiting = new Map<string, number>();
	private latest: ListCheck | undefined;
	private lastProgressAt = -Infinity;
	/** Runs waited on that a check saw finished: final, so any later wait on them can use it. */
	private readonly finished = new Map<string, SeenStatus>();

	get size(): number {
		return this.waiting.size;
	}

	join(runId: string): void {
		if (!this.waiting.has(runId)) this.waiting.set(runId, -Infinity);
	}

	leave(runId: string): void {
		this.waiting.delete(runId);
		this.finished.delete(runId);
		if (this.waiting.size === 0) this.latest = undefined;
	}

	/** The status of `runId` now, or as a check at most `reuseWithinMs` old (and newer than `newerThanMs`) saw it. */
	async check(runId: string, requests: StatusRequests, timing: CheckTiming): Promise<SeenStatus> {
		const known = this.finished.get(runId);
		if (known) return known;
		if (this.waiting.size <= 1) return await this.live(runId, requests, timing.now);
		const check = await this.listCheck(requests, timing);
		const row = check.rows.get(runId);
		// A row without a documented status tells nothing: the run's own live status is asked.
		if (row === undefined || !isRunStatus(row.status)) return await this.live(runId, requests, timing.now);
		if (isFinished(row.status)) return this.finished.get(runId) ?? { status: statusFromRow(row, row.status), atMs: check.atMs };
		const shared = { atMs: check.atMs, delayMs: untilSharedCheck(check.atMs) };
		if (row.status === 'running' && this.progressTurn(runId, timing.now())) {
			return { ...(await this.live(runId, requests, timing.now)), ...shared };
		}
		return { status: statusFromRow(row, row.status), ...shared };
	}

	private async live(runId: string, requests: StatusRequests, now: () => number): Promise<SeenStatus> {
		if (this.waiting.has(runId)) this.waiting.set(runId, now());
		const status = await requests.liveStatus(runId);
		return { status, atMs: now() };
	}

	/** The list's rows by run id; the runs waited on that it shows finished are remembered. */
	private index(runs: RunSummary[], atMs: number): Map<string, RunSummary> {
		const rows = new Map(runs.slice(0, MAX_RUNS_WINDOW).map((run) => [run.job_id, run]));
		for (const runId of this.waiting.keys()) {
			const row = rows.get(runId);
			if (row && isRunStatus(row.status) && isFinished(row.status) && !this.finished.has(runId)) {
				this.finished.set(runId, { status: statusFromRow(row, row.status), atMs });
			}
		}
		return rows;
	}

	/** Whether this run's live status is due: the shared budget allows one, and no run has waited longer. */
	private progressTurn(runId: string, nowMs: number): boolean {
		if (nowMs - this.lastProgressAt < SHARED_PROGRESS_EVERY_MS) return false;
		const own = this.waiting.get(runId) ?? nowMs;
		for (const other of this.waiting.values()) if (other < own) return false;
		this.lastProgressAt = nowMs;
		return true;
	}

	private async listCheck(requests: StatusRequests, timing: CheckTiming): Promise<{ atMs: number; rows: Map<string, RunSummary> }> {
		const { now } = timing;
		const latest = this.latest;
		if (latest && latest.atMs > timing.newerThanMs && latest.atMs >= now() - timing.reuseWithinMs) {
			try {
				return { atMs: latest.atMs, rows: await latest.rows };
			} catch {
				// Made through another execution (stopped, or refused): ask through this one.
			}
		}
		const atMs = now();
		const check: ListCheck = { atMs, rows: requests.listRuns().then((runs) => this.index(runs, atMs)) };
		this.latest = check;
		// A failed check is not one to share; the error itself reaches this wait below.
		check.rows.catch(() => {
			if (this.latest === check) this.latest = undefined;
		});
		return { atMs, rows: await check.rows };
	}
}

/** Which shared check a credential's waits join: its Base URL and a hash of its key, never the key itself. */
export function sharedCheckKey(baseUrl: string, apiKey: string): string {
	return `${baseUrl} ${createHash('sha256').update(apiKey).digest('hex')}`;
}

/** Shared checks per credential (Base URL and a hash of the API key): module state is per process. */
const checks = new Map<string, SharedStatusCheck>();

export function sharedStatusCheck(credentialKey: string): SharedStatusCheck {
	let check = checks.get(credentialKey);
	if (!check) {
		check = new SharedStatusCheck();
		checks.set(credentialKey, check);
	}
	return check;
}

/** Forgets a credential's check once nothing waits on it, so the map does not grow with every key seen. */
export function releaseSharedStatusCheck(credentialKey: string): void {
	if (checks.get(credentialKey)?.size === 0) checks.delete(credentialKey);
}
