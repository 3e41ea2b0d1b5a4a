import type {
	EngineRequest,
	EngineResponse,
	FromAIArgument,
	IConnections,
	IDataObject,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { deepCopy, NodeConnectionTypes, traverseNodeParameters, Workflow } from 'n8n-workflow';

import type { HarnessCredentials } from './credentialsHelper';
import { nodeCredentialReferences } from './credentialsHelper';
import { createInputNodeType, inputNodeName, inputNodeType, runHarnessWorkflow } from './executeWorkflow';
import type { LogLine } from './logs';
import { HarnessNodeTypes } from './nodeTypes';

/**
 * A node used as an AI Agent's tool, run the way n8n 2.x runs one: an agent node asks the engine to
 * run the tool (an EngineRequest), the engine runs it as an ordinary node whose input item is the
 * agent's input item plus the model's arguments and toolCallId, resolves its $fromAI() parameters
 * from those arguments, and hands the agent the tool's output, or `{ error: message }` when it fails.
 */

const agentName = 'AI Agent';
const agentType = 'n8n-nodes-harness.agent';
export const TOOL_CALL_ID = 'call_harness_1';

/** The tool type n8n registers for a `usableAsTool` node (n8n's convertNodeToAiTool, reduced to what runs). */
export function asToolNodeType(nodeType: INodeType): INodeType {
	const description: INodeTypeDescription = deepCopy(nodeType.description);
	description.name += 'Tool';
	description.displayName += ' Tool';
	description.inputs = [];
	description.outputs = [NodeConnectionTypes.AiTool];
	delete description.usableAsTool;
	return { description, execute: nodeType.execute, methods: nodeType.methods };
}

/** The agent: asks for one tool call, then outputs what the tool answered. */
function agentNodeType(toolName: string, toolArgs: IDataObject): INodeType {
	return {
		description: {
			displayName: 'Harness Agent',
			name: agentType,
			group: ['transform'],
			version: 1,
			description: 'Calls its tool once with the arguments a test gives, as an AI Agent does',
			defaults: { name: agentName },
			inputs: [NodeConnectionTypes.Main, NodeConnectionTypes.AiTool],
			outputs: [NodeConnectionTypes.Main],
			properties: [],
		},
		async execute(this: IExecuteFunctions, response?: EngineResponse): Promise<INodeExecutionData[][] | EngineRequest> {
			const answered = response?.actionResponses[0];
			if (!answered) {
				return {
					actions: [
						{
							actionType: 'ExecutionNodeAction',
							nodeName: toolName,
							input: toolArgs,
							type: NodeConnectionTypes.AiTool,
							id: TOOL_CALL_ID,
							metadata: { itemIndex: 0 },
						},
					],
					metadata: {},
				};
			}
			const items = answered.data.data?.[NodeConnectionTypes.AiTool]?.[0] ?? [];
			return [[{ json: { toolOutput: items.map((item) => item.json) }, pairedItem: { item: 0 } }]];
		},
	};
}

export interface ToolCallOptions {
	/** The node as the user has it (it is registered as its tool type). */
	nodeType: INodeType;
	node: { name: string; type: string; parameters: INode['parameters']; typeVersion?: number };
	/** The agent's own input item, for example `{ chatInput }`. */
	agentInput: IDataObject;
	/** What the model sends as the tool's arguments. */
	toolArgs: IDataObject;
	credentials?: HarnessCredentials;
}

export interface ToolCallResult {
	/** The JSON of every item the tool handed the agent, as the model gets it. */
	toModel: IDataObject[];
	/** The tool node's parameters with n8n's defaults filled in, as the engine ran it. */
	parameters: INode['parameters'];
	/** The $fromAI() arguments in those parameters: what the model is offered as the tool's schema. */
	schema: FromAIArgument[];
	logs: LogLine[];
}

export async function runToolCall(options: ToolCallOptions): Promise<ToolCallResult> {
	const toolType = `${options.node.type}Tool`;
	const tool: INode = {
		id: 'tool-under-test',
		position: [250, 200],
		typeVersion: options.node.typeVersion ?? 2,
		credentials: nodeCredentialReferences(options.credentials ?? {}),
		...options.node,
		type: toolType,
	};
	const nodes: INode[] = [
		{ id: 'harness-input', name: inputNodeName, type: inputNodeType, typeVersion: 1, position: [0, 0], parameters: {} },
		{ id: 'agent', name: agentName, type: agentType, typeVersion: 1, position: [250, 0], parameters: {} },
		tool,
	];
	const connections: IConnections = {
		[inputNodeName]: { main: [[{ node: agentName, type: NodeConnectionTypes.Main, index: 0 }]] },
		[tool.name]: { ai_tool: [[{ node: agentName, type: NodeConnectionTypes.AiTool, index: 0 }]] },
	};
	const nodeTypes = new HarnessNodeTypes({
		[inputNodeType]: createInputNodeType([{ json: options.agentInput }]),
		[agentType]: agentNodeType(tool.name, options.toolArgs),
		[toolType]: asToolNodeType(options.nodeType),
	});
	// Parameters as the engine sees them, defaults filled in from the tool type's description.
	const resolved = new Workflow({ nodes: [deepCopy(tool)], connections: {}, active: false, nodeTypes }).getNode(tool.name)!.parameters;
	const schema: FromAIArgument[] = [];
	traverseNodeParameters(resolved, schema);

	const { run, logs } = await runHarnessWorkflow({ nodes, connections, nodeTypes, credentials: options.credentials ?? {} });
	const { error, runData } = run.data.resultData;
	// n8n 2.41 hands a failing tool's message to the agent as `{ error }` and goes on (workflow-execute's
	// handleNodeExecutionError); the n8n-core the harness runs on still stops there, so the harness does it.
	if (error && run.data.resultData.lastNodeExecuted === tool.name) return { toModel: [{ error: error.message }], parameters: resolved, schema, logs };
	if (error) throw Object.assign(new Error(`the agent's execution failed: ${error.message}`), { cause: error });
	const agentOutput = runData[agentName]?.at(-1)?.data?.main?.[0]?.[0]?.json.toolOutput as IDataObject[] | undefined;
	if (!agentOutput) throw new Error('the agent got no answer from its tool');
	return { toModel: agentOutput, parameters: resolved, schema, logs };
}
