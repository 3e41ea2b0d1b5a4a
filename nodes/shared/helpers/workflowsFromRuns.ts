import type { INodeListSearchItems } from 'n8n-workflow';

import type { RunSummary } from './apiTypes';

/** Distinct workflows of a runs list, most recently run first, matching the filter on name or ID. */
export function workflowsFromRuns(runs: RunSummary[], filter?: string): INodeListSearchItems[] {
	const needle = filter?.trim().toLowerCase() ?? '';
	const seen = new Map<string, INodeListSearchItems>();
	for (const run of runs) {
		if (!run.workflow_id || seen.has(run.workflow_id)) continue;
		const name = run.workflow_name?.trim() || run.workflow_id;
		seen.set(run.workflow_id, { name: `${name} (${run.workflow_id})`, value: run.workflow_id });
	}
	return [...seen.values()].filter(
		(item) => !needle || item.name.toLowerCase().includes(needle) || String(item.value).toLowerCase().includes(needle),
	);
}
