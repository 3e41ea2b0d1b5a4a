// @ts-check
// The credential through n8n's own credential test (the editor's "Retry"/"Save" check).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { API_KEY } from './session.mjs';

/** n8n 1.x reports a 401 with its own words instead of the credential's `rules` message. */
const N8N_1X_REFUSAL = 'Authorization failed - please check your credentials';
const RULE_MESSAGE = 'The API key was refused. Copy it again from the Sixtyfour app (Settings → API Keys).';

/** @param {() => import('./session.mjs').Session} session */
export function credentialTests(session) {
	test('credential test: the right key is OK', async () => {
		const { n8n, emu, say } = session();
		const answer = await n8n.client.testCredential({ data: { apiKey: API_KEY, baseUrl: emu.baseUrl } });
		say(`credential test with the right key: ${JSON.stringify(answer)}`);
		assert.equal(answer.status, 'OK');
	});

	test('credential test: a wrong key is refused with a clear message', async () => {
		const { n8n, emu, version, say } = session();
		const before = emu.requests.length;
		const answer = await n8n.client.testCredential({ data: { apiKey: `${API_KEY}-wrong`, baseUrl: emu.baseUrl } });
		say(`credential test with a wrong key: ${JSON.stringify(answer)}`);
		assert.equal(answer.status, 'Error');
		assert.equal(answer.message, version.startsWith('1.') ? N8N_1X_REFUSAL : RULE_MESSAGE);
		// It reached the emulator, which refused it (n8n may ask more than once).
		const asked = emu.requests.slice(before).filter((r) => r.path === '/workflows/runs');
		assert.ok(asked.length >= 1);
		for (const request of asked) {
			assert.deepEqual(
				[request.method, request.query.limit, request.headers['x-api-key'], request.status],
				['GET', '1', `${API_KEY}-wrong`, 401],
			);
		}
	});
}
