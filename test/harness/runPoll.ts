import { PollContext } from 'n8n-core';
import type { IDataObject, INodeExecutionData, INodeType, WorkflowActivateMode } from 'n8n-workflow';
import { ApplicationError, jsonParse } from 'n8n-workflow';

import { createAdditionalData } from './additionalData';
import type { HarnessCredentials } from './credentialsHelper';
import { HarnessCredentialsHelper } from './credentialsHelper';
import type { HarnessNode } from './executeWorkflow';
import type { LogLine } from './logs';
import { captureLogs } from './logs';
import { singleNodeWorkflow } from './singleNodeWorkflow';

export interface PollOptions {
	nodeType: INodeType;
	/** Name, parameters etc. of the trigger node; type and version default to the node type's. */
	node?: Partial<HarnessNode>;
	credentials?: HarnessCredentials;
	/** 'trigger': a scheduled poll of an active workflow; 'manual': the editor's "Fetch Test Event". */
	mode?: 'trigger' | 'manual';
	/** How the workflow was activated, as `this.getActivationMode()` reports it (default 'activate'). */
	activation?: WorkflowActivateMode;
	/** The node's static data (`this.getWorkflowStaticData('node')`) before this poll. */
	staticData?: IDataObject;
	/** The workflow's global static data (`this.getWorkflowStaticData('global')`) before this poll. */
	globalStaticData?: IDataObject;
	/**
	 * What `this.getPollBudgetMs()` answers, as n8n 2.38+ gives it (36 s under the durable scheduler
	 * at its defaults). n8n-core 2.11, the harness's, has no such method: absent, the poll runs as on n8n 1.x.
	 */
	pollBudgetMs?: number;
}

export interface PollResult {
	/** What `poll()` returned: null when it had nothing to emit. */
	items: INodeExecutionData[][] | null;
	/**
	 * The node's static data after the poll, as the next poll of the same activation sees it. In
	 * manual mode n8n polls a copy of the workflow, so the state given in comes back unchanged.
	 */
	staticData: IDataObject;
	/** The workflow's global static data after the poll (unchanged in manual mode, as n8n discards it). */
	globalStaticData: IDataObject;
	/**
	 * Whether the node wrote its static data (n8n's `__dataChanged` flag, which decides whether n8n
	 * saves the workflow's static data). Also reported in manual mode, where n8n discards the write.
	 */
	staticDataChanged: boolean;
	/** The error `poll()` threw: n8n reports it as a failed trigger. */
	error?: Error;
	logs: LogLine[];
}

let pollCount = 0;

/** Runs one `poll()` through a real PollContext, the way n8n runs an active poller or a test fetch. */
export async function runPoll(options: PollOptions): Promise<PollResult> {
	const { poll } = options.nodeType;
	if (poll === undefined) {
		throw new ApplicationError(`Node type "${options.nodeType.description.name}" has no poll()`);
	}
	const mode = options.mode ?? 'trigger';
	// Static data crosses polls as n8n stores it: as JSON.
	const asStored = (data: IDataObject) => jsonParse<IDataObject>(JSON.stringify(data));
	const given = asStored(options.staticData ?? {});
	const givenGlobal = asStored(options.globalStaticData ?? {});
	const { workflow, node } = singleNodeWorkflow({ ...options, nodeStaticData: asStored(given), globalStaticData: asStored(givenGlobal) });

	const credentials = options.credentials ?? {};
	const context = new PollContext(
		workflow,
		node,
		createAdditionalData({
			credentialsHelper: new HarnessCredentialsHelper(credentials),
			executionId: `harness-poll-${++pollCount}`,
		}),
		mode,
		mode === 'manual' ? 'manual' : (options.activation ?? 'activate'),
	);
	const { pollBudgetMs } = options;
	if (pollBudgetMs !== undefined) Object.assign(context, { getPollBudgetMs: () => pollBudgetMs });

	const { value, logs } = await captureLogs(async () => {
		try {
			return { items: await poll.call(context) };
		} catch (error) {
			return { items: null, error: error as Error };
		}
	});

	const staticDataChanged = workflow.staticData.__dataChanged === true;
	return {
		items: value.items,
		staticData: mode === 'manual' ? given : asStored(workflow.getStaticData('node', node)),
		globalStaticData: mode === 'manual' ? givenGlobal : asStored(workflow.getStaticData('global')),
		staticDataChanged,
		error: value.error,
		logs,
	};
}
