import type { INodeListSearchItems } from 'n8n-workflow';

import type { WorkflowSummary } from './apiTypes';

/**
 * Workflows as the Workflow picker lists them, in the API's order:
 * "<name> · <status> · last run <date> (<id>)" ("never run" when the API says it never ran),
 * matching the filter on any of these, ignoring case. Only the id is relied on.
 */
export function workflowsForList(workflows: WorkflowSummary[], filter?: string): INodeListSearchItems[] {
	const needle = filter?.trim().toLowerCase() ?? '';
	const items: INodeListSearchItems[] = [];
	for (const workflow of workflows) {
		const lastRun =
			workflow.last_run_date === null ? 'never run' : workflow.last_run_date && `last run ${workflow.last_run_date}`;
		const label = [workflow.name?.trim() || workflow.id, workflow.status, lastRun].filter(Boolean).join(' · ');
		const name = `${label} (${workflow.id})`;
		if (!needle || name.toLowerCase().includes(needle)) items.push({ name, value: workflow.id });
	}
	return items;
}

/** Appended to each workflow listed from the runs history, so the list says where it came from. */
export const FROM_RUNS_HISTORY = ' · from runs history';
