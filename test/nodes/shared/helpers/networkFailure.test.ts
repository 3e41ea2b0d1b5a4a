import { NodeApiError, type INode } from 'n8n-workflow';

import { networkFailure } from '../../../../nodes/shared/helpers/networkFailure';

const node: INode = { id: 'n', name: 'Sixtyfour', type: 'sixtyfour', typeVersion: 2, position: [0, 0], parameters: {} };

/** An error as n8n-core's request helper throws it: the client's error wrapped in a NodeApiError. */
function wrapped(cause: Error & { code?: string }): NodeApiError {
	return new NodeApiError(node, { message: cause.message, code: cause.code } as never, { message: 'The connection to the server was closed unexpectedly' });
}

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('networkFailure', () => {
	it.each([
		['a reset connection', withCode('socket hang up', 'ECONNRESET'), 'ECONNRESET'],
		['a refused connection, wrapped by n8n-core', wrapped(withCode('connect ECONNREFUSED 127.0.0.1:9', 'ECONNREFUSED')), 'ECONNREFUSED'],
		["the client's timeout", withCode('timeout of 1000ms exceeded', 'ECONNABORTED'), 'ECONNABORTED'],
		['a hang-up without a code', new Error('socket hang up'), 'socket hang up'],
	])('%s is a failure to reach Sixtyfour', (_, error, expected) => {
		expect(networkFailure(error)).toBe(expected);
	});

	it.each([
		// What n8n 2.41 throws when a poll the durable scheduler abandoned makes a request (its isolate released).
		['the isolate of an abandoned poll', new NodeApiError(node, {}, { message: 'No bridge acquired for this context. Call acquire() first.' })],
		['a header HTTP cannot carry', Object.assign(new TypeError('Invalid character in header content ["Idempotency-Key"]'), { code: 'ERR_INVALID_CHAR' })],
		['a credential that cannot be read', new Error('Credentials could not be decrypted')],
		['no error at all', undefined],
	])('%s is local: not a failure to reach Sixtyfour', (_, error) => {
		expect(networkFailure(error)).toBeUndefined();
	});
});
