import { ExecuteContext, RoutingNode } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialType,
	IDataObject,
	INode,
	INodeCredentialTestResult,
	INodeType,
} from 'n8n-workflow';
import { createRunExecutionData, NodeConnectionTypes, NodeHelpers, Workflow } from 'n8n-workflow';

import { createAdditionalData } from './additionalData';
import { HarnessCredentialsHelper, packageCredentialTypes, withCredentialDefaults } from './credentialsHelper';

export interface TestCredentialOptions {
	credentialType: ICredentialType;
	data: { apiKey: string; baseUrl: string };
}

interface RoutingFailure {
	message?: string;
	httpCode?: string | null;
	cause?: { code?: string; response?: { status: number; statusText?: string } };
}

/**
 * The failed response's status and the connection error's code, where n8n's tester reads them
 * (`error.cause`). n8n-workflow 2.11's published build drops `cause` from NodeApiError (a class
 * field re-initialises it after `super()`), so fall back to the `httpCode` it keeps.
 */
function failureOf(error: RoutingFailure): { status?: number; statusText?: string; code?: string } {
	if (error.cause?.response) {
		return { status: error.cause.response.status, statusText: error.cause.response.statusText };
	}
	if (error.cause?.code) return { code: error.cause.code };
	const httpCode = error.httpCode ?? '';
	if (/^\d{3}$/.test(httpCode)) return { status: Number(httpCode) };
	return httpCode ? { code: httpCode } : {};
}

let testCount = 0;

/** The value at a dotted path such as 'error.code', as lodash's `get` finds it for n8n. */
function valueAt(data: unknown, path: string): unknown {
	return path
		.split('.')
		.reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], data);
}

/**
 * n8n's "Test connection" for a credential with a declarative `test` request, following its
 * CredentialsTester: the request becomes the routing of a throwaway node's only parameter, a
 * RoutingNode sends it with the credential's authentication through n8n-core's HTTP helper, and
 * the test's rules turn the answer into OK or an error message.
 */
export async function testCredential(options: TestCredentialOptions): Promise<INodeCredentialTestResult> {
	const { credentialType } = options;
	const testRequest = credentialType.test;
	if (testRequest === undefined) {
		return { status: 'Error', message: 'No testing function found for this credential.' };
	}
	const credentialsDecrypted: ICredentialsDecrypted = {
		id: 'credential-under-test',
		name: `${credentialType.displayName} account`,
		type: credentialType.name,
		data: withCredentialDefaults(credentialType, options.data as ICredentialDataDecryptedObject),
	};

	const testNodeType: INodeType = {
		description: {
			displayName: 'No Operation, do nothing',
			name: 'n8n-nodes-base.noOp',
			group: ['organization'],
			version: 1,
			description: 'No Operation',
			defaults: { name: 'No Operation, do nothing' },
			inputs: [NodeConnectionTypes.Main],
			outputs: [NodeConnectionTypes.Main],
			credentials: [{ name: credentialType.name, required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					routing: { request: testRequest.request },
					default: '',
				},
			],
		},
	};
	const node: INode = {
		id: 'temp',
		parameters: {},
		name: 'Temp-Node',
		type: testNodeType.description.name,
		typeVersion: 1,
		position: [0, 0],
		credentials: {
			[credentialType.name]: { id: credentialsDecrypted.id, name: credentialsDecrypted.name },
		},
	};
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: {
			getByName: () => testNodeType,
			getByNameAndVersion: () => NodeHelpers.getVersionedNodeType(testNodeType),
			getKnownTypes: (): IDataObject => ({}),
		},
	});
	const additionalData = createAdditionalData({
		credentialsHelper: new HarnessCredentialsHelper(
			{ [credentialType.name]: options.data },
			{ ...packageCredentialTypes, [credentialType.name]: credentialType },
		),
		executionId: `harness-credential-test-${++testCount}`,
	});
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'internal',
		createRunExecutionData(),
		0,
		[],
		{ main: [[{ json: {} }]] },
		{ node, data: {}, source: null },
		[],
	);

	let response: Awaited<ReturnType<RoutingNode['runNode']>>;
	try {
		response = await new RoutingNode(context, testNodeType, credentialsDecrypted).runNode();
	} catch (caught) {
		const error = caught as RoutingFailure;
		const { status, statusText, code } = failureOf(error);
		if (status !== undefined) {
			for (const rule of testRequest.rules ?? []) {
				if (rule.type === 'responseCode' && rule.properties.value === status) {
					return { status: 'Error', message: rule.properties.message };
				}
			}
			if (status < 199 || status > 299) {
				return { status: 'Error', message: statusText || `Received HTTP status code: ${status}` };
			}
		} else if (code) {
			return { status: 'Error', message: code };
		}
		return { status: 'Error', message: String(error.message) };
	}
	const body = response?.[0]?.[0]?.json;
	for (const rule of testRequest.rules ?? []) {
		if (rule.type === 'responseSuccessBody' && valueAt(body, rule.properties.key) === rule.properties.value) {
			return { status: 'Error', message: rule.properties.message };
		}
	}
	return { status: 'OK', message: 'Connection successful!' };
}
