import type {
	IDataObject,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeApiError, NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { SixtyfourApi } from '../../credentials/SixtyfourApi.credentials';
import type { EchoServer } from './echoServer';
import { startEchoServer } from './echoServer';
import { executeWorkflow, runListSearch, runPoll, testCredential } from './index';

const apiKey = 'sk-harness-right-key';
let server: EchoServer;
let credentials: { sixtyfourApi: { apiKey: string; baseUrl: string } };

beforeAll(async () => {
	server = await startEchoServer({ apiKey });
	credentials = { sixtyfourApi: { apiKey, baseUrl: server.url } };
});
afterAll(async () => await server.close());
beforeEach(() => server.requests.splice(0));

function description(name: string, extra: Partial<INodeTypeDescription> = {}): INodeTypeDescription {
	return {
		displayName: name,
		name: `n8n-nodes-harness-test.${name}`,
		group: ['transform'],
		version: [1, 2],
		description: `Harness test node ${name}`,
		defaults: { name },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'sixtyfourApi', required: true }],
		properties: [{ displayName: 'Path', name: 'path', type: 'string', default: '/echo' }],
		...extra,
	};
}

/** Sends one authenticated request per item and returns what the server saw; `bad` items fail. */
class EchoNode implements INodeType {
	description = description('Echo');

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const { baseUrl } = await this.getCredentials<{ baseUrl: string }>('sixtyfourApi');
		const returnData: INodeExecutionData[] = [];
		const items = this.getInputData();
		for (let i = 0; i < items.length; i++) {
			if (items[i].json.bad === true) {
				const error = new NodeOperationError(this.getNode(), `Item ${i} is bad`, { itemIndex: i });
				if (!this.continueOnFail()) throw error;
				returnData.push({ json: { error: error.message }, pairedItem: { item: i } });
				continue;
			}
			const echoed = (await this.helpers.httpRequestWithAuthentication.call(this, 'sixtyfourApi', {
				method: 'GET',
				url: `${baseUrl}${this.getNodeParameter('path', i) as string}`,
				qs: { item: i },
				json: true,
			})) as { query: IDataObject; headers: IDataObject };
			returnData.push({
				json: { input: items[i].json, query: echoed.query, key: echoed.headers['x-api-key'] },
				pairedItem: { item: i },
			});
		}
		this.logger.info('Echoed items', { count: returnData.length, version: this.getNode().typeVersion });
		return [returnData];
	}
}

describe('executeWorkflow', () => {
	it('runs the node on the input items, with the credential header, and captures its logs', async () => {
		const result = await executeWorkflow({
			nodeTypes: { 'n8n-nodes-harness-test.Echo': new EchoNode() },
			node: { name: 'Echo', type: 'n8n-nodes-harness-test.Echo', parameters: {} },
			inputItems: [{ json: { company: 'Acme' } }, { json: { company: 'Zeta' } }],
			credentials,
		});

		expect(result.error).toBeUndefined();
		expect(result.items).toEqual([
			[
				{ json: { input: { company: 'Acme' }, query: { item: '0' }, key: apiKey }, pairedItem: { item: 0 } },
				{ json: { input: { company: 'Zeta' }, query: { item: '1' }, key: apiKey }, pairedItem: { item: 1 } },
			],
		]);
		expect(server.requests.map((request) => request.path)).toEqual(['/echo', '/echo']);
		expect(result.logs).toEqual([
			{ level: 'info', message: 'Echoed items', meta: { count: 2, version: 2 } },
		]);
		expect(Object.keys(result.runData)).toEqual(['Harness Input', 'Echo']);
	});

	it('feeds one empty item by default', async () => {
		const result = await executeWorkflow({
			nodeTypes: { 'n8n-nodes-harness-test.Echo': new EchoNode() },
			node: { name: 'Echo', type: 'n8n-nodes-harness-test.Echo', parameters: { path: '/other' } },
			credentials,
		});
		expect(result.items).toEqual([
			[{ json: { input: {}, query: { item: '0' }, key: apiKey }, pairedItem: { item: 0 } }],
		]);
		expect(server.requests.map((request) => request.path)).toEqual(['/other']);
	});

	it('surfaces the error the node threw, with its class', async () => {
		const result = await executeWorkflow({
			nodeTypes: { 'n8n-nodes-harness-test.Echo': new EchoNode() },
			node: { name: 'Echo', type: 'n8n-nodes-harness-test.Echo', parameters: { path: '/status/503' } },
			credentials,
		});
		expect(result.error).toBeInstanceOf(NodeApiError);
		expect((result.error as NodeApiError).httpCode).toBe('503');
		expect(result.items).toEqual([]);
		expect(result.runData.Echo[0].executionStatus).toBe('error');
	});

	it('gives error items under continueOnFail, and fails the run without it', async () => {
		const inputItems = [{ json: { n: 1 } }, { json: { bad: true } }];
		const options = {
			nodeTypes: { 'n8n-nodes-harness-test.Echo': new EchoNode() },
			node: { name: 'Echo', type: 'n8n-nodes-harness-test.Echo', parameters: {} },
			inputItems,
			credentials,
		};

		const continued = await executeWorkflow({ ...options, continueOnFail: true });
		expect(continued.error).toBeUndefined();
		expect(continued.items).toEqual([
			[
				{ json: { input: { n: 1 }, query: { item: '0' }, key: apiKey }, pairedItem: { item: 0 } },
				{ json: { error: 'Item 1 is bad' }, pairedItem: { item: 1 } },
			],
		]);

		const failed = await executeWorkflow(options);
		expect(failed.error).toBeInstanceOf(NodeOperationError);
		expect(failed.error?.message).toBe('Item 1 is bad');
	});

	it('reports a wrong key as the 401 NodeApiError n8n-core raises', async () => {
		const result = await executeWorkflow({
			nodeTypes: { 'n8n-nodes-harness-test.Echo': new EchoNode() },
			node: { name: 'Echo', type: 'n8n-nodes-harness-test.Echo', parameters: {} },
			credentials: { sixtyfourApi: { apiKey: 'sk-wrong', baseUrl: server.url } },
		});
		expect(result.error).toBeInstanceOf(NodeApiError);
		expect((result.error as NodeApiError).httpCode).toBe('401');
		// n8n-core retries a 401 once after pre-authentication, as in a real n8n.
		expect(server.requests.map((request) => request.headers['x-api-key'])).toEqual(['sk-wrong', 'sk-wrong']);
	});

	it('cancels through the signal: the node sees getExecutionCancelSignal() fire and its request aborted', async () => {
		const seen: { aborted?: boolean; requestError?: string } = {};

		class HangingNode implements INodeType {
			description = description('Hang');

			async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
				const { baseUrl } = await this.getCredentials<{ baseUrl: string }>('sixtyfourApi');
				const signal = this.getExecutionCancelSignal();
				const request = this.helpers.httpRequestWithAuthentication.call(this, 'sixtyfourApi', {
					url: `${baseUrl}/hang`,
				});
				try {
					await request;
				} catch (error) {
					seen.aborted = signal?.aborted;
					seen.requestError = (error as Error).message;
				}
				return [[{ json: { finished: true }, pairedItem: { item: 0 } }]];
			}
		}

		const controller = new AbortController();
		const running = executeWorkflow({
			nodeTypes: { 'n8n-nodes-harness-test.Hang': new HangingNode() },
			node: { name: 'Hang', type: 'n8n-nodes-harness-test.Hang', parameters: {} },
			credentials,
			signal: controller.signal,
		});
		await server.waitForRequest('/hang');
		controller.abort();
		const result = await running;

		expect(seen.aborted).toBe(true);
		expect(seen.requestError).toMatch(/cancel|abort/i);
		expect(server.requests.map((request) => request.path)).toEqual(['/hang']);
		expect(result.error?.name).toMatch(/Cancel/);
	});
});

/** A poller with n8n's contract: baseline first, emit only what is new, write state only on change. */
class CounterTrigger implements INodeType {
	description = description('CounterTrigger', {
		version: 1,
		inputs: [],
		polling: true,
		properties: [{ displayName: 'Total', name: 'total', type: 'number', default: 0 }],
	});

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const { baseUrl } = await this.getCredentials<{ baseUrl: string }>('sixtyfourApi');
		await this.helpers.httpRequestWithAuthentication.call(this, 'sixtyfourApi', { url: `${baseUrl}/runs` });
		const total = this.getNodeParameter('total') as number;
		if (this.getMode() === 'manual') return [[{ json: { sample: total } }]];

		const state = this.getWorkflowStaticData('node');
		if (state.seen === undefined) {
			state.seen = total;
			this.logger.debug('Baseline recorded', { seen: total });
			return null;
		}
		if (total === state.seen) return null;
		const fresh = Array.from({ length: total - (state.seen as number) }, (_, i) => ({
			json: { n: (state.seen as number) + i + 1 },
		}));
		state.seen = total;
		return [fresh];
	}
}

describe('runPoll', () => {
	const nodeType = new CounterTrigger();
	const poll = (total: number, staticData?: IDataObject, mode?: 'manual') =>
		runPoll({ nodeType, node: { parameters: { total } }, credentials, staticData, mode });

	it('carries static data between polls and tells whether the node wrote it', async () => {
		const baseline = await poll(3);
		expect(baseline).toMatchObject({ items: null, staticData: { seen: 3 }, staticDataChanged: true });
		expect(baseline.logs).toEqual([{ level: 'debug', message: 'Baseline recorded', meta: { seen: 3 } }]);

		const idle = await poll(3, baseline.staticData);
		expect(idle).toMatchObject({ items: null, staticData: { seen: 3 }, staticDataChanged: false });

		const fresh = await poll(5, idle.staticData);
		expect(fresh.items).toEqual([[{ json: { n: 4 } }, { json: { n: 5 } }]]);
		expect(fresh).toMatchObject({ staticData: { seen: 5 }, staticDataChanged: true });
		expect(server.requests.map((request) => request.headers['x-api-key'])).toEqual([apiKey, apiKey, apiKey]);
	});

	it('runs manual mode ("Fetch Test Event") without touching the stored state', async () => {
		const result = await poll(7, { seen: 2 }, 'manual');
		expect(result).toMatchObject({
			items: [[{ json: { sample: 7 } }]],
			staticData: { seen: 2 },
			staticDataChanged: false,
		});
	});

	it('returns the error a poll throws', async () => {
		const result = await runPoll({
			nodeType,
			node: { parameters: { total: 1 } },
			credentials: { sixtyfourApi: { apiKey: 'sk-wrong', baseUrl: server.url } },
			staticData: { seen: 0 },
		});
		expect(result.error).toBeInstanceOf(NodeApiError);
		expect(result).toMatchObject({ items: null, staticData: { seen: 0 }, staticDataChanged: false });
	});
});

describe('runListSearch', () => {
	class Searchable implements INodeType {
		description = description('Searchable');

		methods = {
			listSearch: {
				async searchThings(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string) {
					const { baseUrl } = await this.getCredentials<{ baseUrl: string }>('sixtyfourApi');
					await this.helpers.httpRequestWithAuthentication.call(this, 'sixtyfourApi', {
						url: `${baseUrl}/things`,
						qs: { filter },
					});
					const names = ['alpha', 'beta', 'gamma', 'delta'].filter((name) => name.includes(filter ?? ''));
					const start = Number(paginationToken ?? 0);
					return {
						results: names.slice(start, start + 2).map((name) => ({ name, value: name })),
						paginationToken: start + 2 < names.length ? String(start + 2) : undefined,
					};
				},
			},
		};
	}

	it('runs a listSearch method with credentials, filter and pagination', async () => {
		const nodeType = new Searchable();
		const first = await runListSearch({ nodeType, method: 'searchThings', credentials });
		expect(first).toEqual({
			results: [
				{ name: 'alpha', value: 'alpha' },
				{ name: 'beta', value: 'beta' },
			],
			paginationToken: '2',
		});
		const second = await runListSearch({ nodeType, method: 'searchThings', paginationToken: '2', credentials });
		expect(second.results.map((result) => result.value)).toEqual(['gamma', 'delta']);
		const filtered = await runListSearch({ nodeType, method: 'searchThings', filter: 'ta', credentials });
		expect(filtered).toEqual({ results: [{ name: 'beta', value: 'beta' }, { name: 'delta', value: 'delta' }] });
		expect(server.requests.map((request) => [request.query.filter, request.headers['x-api-key']])).toEqual([
			[undefined, apiKey],
			[undefined, apiKey],
			['ta', apiKey],
		]);
	});
});

describe('testCredential with the Sixtyfour API credential', () => {
	const credentialType = new SixtyfourApi();

	it('is OK with the right key and sends the test request with the key header', async () => {
		expect(await testCredential({ credentialType, data: { apiKey, baseUrl: `${server.url}/` } })).toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
		expect(server.requests).toHaveLength(1);
		expect(server.requests[0]).toMatchObject({
			method: 'GET',
			path: '/workflows/runs',
			query: { limit: '1' },
			headers: { 'x-api-key': apiKey },
		});
	});

	it("gives the credential's own message for a refused key", async () => {
		expect(await testCredential({ credentialType, data: { apiKey: 'sk-wrong', baseUrl: server.url } })).toEqual({
			status: 'Error',
			message: 'The API key was refused. Copy it again from the Sixtyfour app (Settings → API Keys).',
		});
	});

	it('names the connection error when nothing listens', async () => {
		const closed = await startEchoServer();
		await closed.close();
		expect(await testCredential({ credentialType, data: { apiKey, baseUrl: closed.url } })).toEqual({
			status: 'Error',
			message: 'ECONNREFUSED',
		});
	});
});
