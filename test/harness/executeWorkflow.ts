import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import type {
	IConnections,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
	INodeType,
	IRun,
	IRunData,
	IVersionedNodeType,
	IWorkflowBase,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { createRunExecutionData, deepCopy, NodeConnectionTypes, Workflow } from 'n8n-workflow';

import { createAdditionalData } from './additionalData';
import type { HarnessCredentials } from './credentialsHelper';
import { HarnessCredentialsHelper, nodeCredentialReferences } from './credentialsHelper';
import type { LogLine } from './logs';
import { captureLogs, inInstance } from './logs';
import { HarnessNodeTypes, latestVersion } from './nodeTypes';

/** A node as a test writes it: name, type and parameters; the rest has n8n's defaults. */
export type HarnessNode = Omit<INode, 'id' | 'position' | 'typeVersion'> & Partial<INode>;

export interface ExecuteWorkflowOptions {
	/** The node types the workflow may use, by type name; the harness adds its own input node. */
	nodeTypes: Record<string, INodeType | IVersionedNodeType>;
	/** The node under test, with its parameters as a user would set them. */
	node: HarnessNode;
	/** Fed into the node from the harness's input node (default: one empty item). */
	inputItems?: INodeExecutionData[];
	credentials?: HarnessCredentials;
	/** Sets `onError: 'continueRegularOutput'` on the node (n8n's "Continue" setting). */
	continueOnFail?: boolean;
	/** Aborting it cancels the execution as n8n's "Stop" does: `this.getExecutionCancelSignal()` fires. */
	signal?: AbortSignal;
	/** n8n's execution mode (default 'manual', a run from the editor). */
	mode?: WorkflowExecuteMode;
	/** The n8n instance's id (`this.getInstanceId()`; default 'harness-instance'). */
	instanceId?: string;
	/** The execution's id (default a new one per execution), to repeat one as another instance would. */
	executionId?: string;
}

export interface ExecuteWorkflowResult {
	/** The node under test's output, per output index. */
	items: INodeExecutionData[][];
	/** The execution's error, as the node threw it when it came from the node under test. */
	error?: Error;
	runData: IRunData;
	/** What was logged through n8n's Logger during the execution (the node's `this.logger`). */
	logs: LogLine[];
}

export const inputNodeName = 'Harness Input';
export const inputNodeType = 'n8n-nodes-harness.input';

/** The source node: emits the test's items, each paired to the single item that started the run. */
export function createInputNodeType(items: INodeExecutionData[]): INodeType {
	return {
		description: {
			displayName: 'Harness Input',
			name: inputNodeType,
			group: ['input'],
			version: 1,
			description: 'Emits the items a test feeds into the node under test',
			defaults: { name: inputNodeName },
			inputs: [NodeConnectionTypes.Main],
			outputs: [NodeConnectionTypes.Main],
			properties: [],
		},
		async execute(this: IExecuteFunctions) {
			return [items.map((item) => ({ pairedItem: { item: 0 }, ...deepCopy(item) }))];
		},
	};
}

/**
 * Keeps the error a node throws as it was thrown: n8n-core stores only a plain copy of it in the run
 * data, which loses its class (NodeApiError, NodeOperationError) and so what a test wants to check.
 */
function recordingThrownErrors(nodeType: INodeType, record: (error: Error) => void): INodeType {
	const { execute } = nodeType;
	if (execute === undefined) return nodeType;
	return new Proxy(nodeType, {
		get(target, property, receiver) {
			if (property !== 'execute') return Reflect.get(target, property, receiver);
			return function (this: unknown, ...args: unknown[]) {
				const running = Promise.resolve().then(() =>
					(execute as (...a: unknown[]) => unknown).apply(this, args),
				);
				running.catch(record);
				return running;
			};
		},
	});
}

let executionCount = 0;

export interface HarnessWorkflowOptions {
	nodes: INode[];
	connections: IConnections;
	nodeTypes: HarnessNodeTypes;
	credentials: HarnessCredentials;
	mode?: WorkflowExecuteMode;
	signal?: AbortSignal;
	/** The n8n instance the execution runs in (what getInstanceId() answers). */
	instanceId?: string;
	executionId?: string;
}

/** Runs a workflow from its first node (the harness's input node) through n8n-core's WorkflowExecute. */
export async function runHarnessWorkflow(options: HarnessWorkflowOptions): Promise<{ run: IRun; logs: LogLine[] }> {
	const { nodes, connections, nodeTypes, credentials } = options;
	const workflowData = {
		id: 'harness-workflow',
		name: 'Harness workflow',
		active: false,
		isArchived: false,
		activeVersionId: null,
		nodes,
		connections,
		settings: { executionOrder: 'v1' as const },
		createdAt: new Date(),
		updatedAt: new Date(),
	} satisfies IWorkflowBase;
	const workflow = new Workflow({ ...workflowData, nodeTypes });

	const mode = options.mode ?? 'manual';
	const executionId = options.executionId ?? `harness-execution-${++executionCount}`;
	const additionalData = createAdditionalData({
		credentialsHelper: new HarnessCredentialsHelper(credentials),
		executionId,
		hooks: new ExecutionLifecycleHooks(mode, executionId, workflowData),
	});
	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [{ node: nodes[0], data: { main: [[{ json: {} }]] }, source: null }],
		},
	});

	const { value: run, logs } = await captureLogs(async () => await inInstance(options.instanceId ?? 'harness-instance', async () => {
		const execution = new WorkflowExecute(additionalData, mode, runExecutionData);
		const running = execution.processRunExecutionData(workflow);
		const cancel = () => running.cancel();
		if (options.signal?.aborted) cancel();
		options.signal?.addEventListener('abort', cancel, { once: true });
		try {
			return await running;
		} finally {
			options.signal?.removeEventListener('abort', cancel);
		}
	}));

	return { run, logs };
}

/** Runs the node under test inside a two-node workflow through n8n-core's WorkflowExecute. */
export async function executeWorkflow(options: ExecuteWorkflowOptions): Promise<ExecuteWorkflowResult> {
	const credentials = options.credentials ?? {};
	const nodeTypeUnderTest = options.nodeTypes[options.node.type];
	const node: INode = {
		id: 'node-under-test',
		position: [250, 0],
		typeVersion: nodeTypeUnderTest ? latestVersion(nodeTypeUnderTest) : 1,
		credentials: nodeCredentialReferences(credentials),
		...options.node,
		...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
	};
	const inputNode: INode = {
		id: 'harness-input',
		name: inputNodeName,
		type: inputNodeType,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const connections: IConnections = {
		[inputNodeName]: { main: [[{ node: node.name, type: NodeConnectionTypes.Main, index: 0 }]] },
	};

	let thrownByNode: Error | undefined;
	const nodeTypes = new HarnessNodeTypes(
		{ ...options.nodeTypes, [inputNodeType]: createInputNodeType(options.inputItems ?? [{ json: {} }]) },
		(type, nodeType) =>
			type === node.type ? recordingThrownErrors(nodeType, (error) => (thrownByNode = error)) : nodeType,
	);

	const { run, logs } = await runHarnessWorkflow({
		nodes: [inputNode, node],
		connections,
		nodeTypes,
		credentials,
		mode: options.mode,
		signal: options.signal,
		instanceId: options.instanceId,
		executionId: options.executionId,
	});

	const { runData, error: runError } = run.data.resultData;
	const output = runData[node.name]?.[0]?.data?.[NodeConnectionTypes.Main] ?? [];
	let error: Error | undefined;
	if (runError) {
		error = thrownByNode ?? Object.assign(new Error(runError.message), runError);
	}
	return { items: output.map((items) => items ?? []), error, runData, logs };
}
