import { describeApiFailure, fieldErrors, serverMessage } from '../../../../nodes/shared/helpers/apiFailure';

const base = { attempts: 1, waitedMs: 0, subject: {} };

describe('serverMessage', () => {
	it("takes Sixtyfour's own words from message, detail or error", () => {
		expect(serverMessage({ error: 'not_found', message: 'Workflow wf_x not found' })).toBe('Workflow wf_x not found');
		expect(serverMessage({ detail: 'Invalid key' })).toBe('Invalid key');
		expect(serverMessage({ error: 'bad_request' })).toBe('bad_request');
		expect(serverMessage('  plain text  ')).toBe('plain text');
		expect(serverMessage(undefined)).toBeUndefined();
		expect(serverMessage({})).toBeUndefined();
	});

	it('lists 422 field errors FastAPI-style', () => {
		const body = {
			detail: [
				{ loc: ['query', 'limit'], msg: 'Input should be less than or equal to 500', type: 'less_than_equal' },
				{ loc: ['body', 'webhook_payload', 2], msg: 'Input should be a valid dictionary', type: 'dict_type' },
			],
		};
		expect(fieldErrors(body)).toEqual([
			'limit: Input should be less than or equal to 500',
			'webhook_payload.2: Input should be a valid dictionary',
		]);
	});
});

describe('describeApiFailure', () => {
	it('gives a message and a what-to-do hint per status', () => {
		const cases: Array<[number, RegExp, RegExp]> = [
			[400, /refused the request: read_csv/, /webhook block/],
			[401, /did not accept the API key/, /Check the API key/],
			[402, /out of credits: no credits left/, /Add credits/],
			[403, /no access to workflow "wf_1"/, /organisation/],
			[404, /has no workflow "wf_1"/, /Check the ID/],
			[409, /conflict/, /Idempotency-Key/],
			[429, /Rate limited by Sixtyfour/, /requests a minute/],
			[503, /server error \(503\)/, /Try again later/],
		];
		for (const [status, message, hint] of cases) {
			const said = status === 400 ? 'read_csv' : 'no credits left';
			const described = describeApiFailure({
				...base,
				status,
				body: { error: 'x', message: said },
				subject: { workflowId: 'wf_1' },
			});
			expect(described.message).toMatch(message);
			expect(described.description).toMatch(hint);
		}
	});

	it('points a 429 at the retry options by their exact names only where the node has them', () => {
		expect(describeApiFailure({ ...base, status: 429, retryOptions: true }).description).toBe(
			'Sixtyfour allows 500 to 1,000 requests a minute per key. Run this workflow less often, use fewer runs in parallel, or raise Options → Max Tries and Options → Max Retry Wait (Seconds).',
		);
		expect(describeApiFailure({ ...base, status: 429 }).description).toBe(
			'Sixtyfour allows 500 to 1,000 requests a minute per key. Run this workflow less often or use fewer runs in parallel.',
		);
	});

	it('names the run of a 404 and the fields of a 422', () => {
		expect(describeApiFailure({ ...base, status: 404, subject: { runId: 'run/1' } }).message).toBe(
			'Sixtyfour has no run "run/1"',
		);
		const described = describeApiFailure({
			...base,
			status: 422,
			body: { detail: [{ loc: ['query', 'limit'], msg: 'too big' }] },
		});
		expect(described.message).toBe('Sixtyfour rejected these fields: limit: too big');
	});

	it('says how many tries a rate limit or server error took', () => {
		expect(describeApiFailure({ ...base, status: 429, attempts: 5, waitedMs: 31_400 }).message).toBe(
			'Rate limited by Sixtyfour after 5 tries over 31 s',
		);
		const unreachable = describeApiFailure({ ...base, networkError: 'ECONNRESET', attempts: 3, waitedMs: 2000 });
		expect(unreachable.message).toBe('Could not reach Sixtyfour after 3 tries over 2 s');
		expect(unreachable.description).toMatch(/^The connection failed \(ECONNRESET\)\. Check the Base URL/);
	});
});
