import type { INodeListSearchItems } from 'n8n-workflow';

import type { RunSummary } from './apiTypes';

/**
 * Runs as a resource locator lists them, in the API's order (most recently queued first):
 * "<workflow name> · <status> · queued <time> (<job_id>)", matching the filter on any of these.
 * Only job_id is relied on; the other fields name the run when the API gives them.
 */
export function runsForList(runs: RunSummary[], filter?: string): INodeListSearchItems[] {
	const needle = filter?.trim().toLowerCase() ?? '';
	const items: INodeListSearchItems[] = [];
	for (const run of runs) {
		if (!run.job_id) continue;
		const parts = [run.workflow_name?.trim() || run.workflow_id, run.status, run.queued_at && `queued ${run.queued_at}`];
		const label = parts.filter(Boolean).join(' · ');
		const name = label ? `${label} (${run.job_id})` : run.job_id;
		if (!needle || name.toLowerCase().includes(needle)) items.push({ name, value: run.job_id });
	}
	return items;
}
