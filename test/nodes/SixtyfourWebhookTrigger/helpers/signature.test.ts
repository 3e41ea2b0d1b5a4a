import * as crypto from 'crypto';

// A spy that still compares: the test counts the constant-time comparisons.
jest.mock('crypto', () => {
	const actual = jest.requireActual<typeof import('crypto')>('crypto');
	return { ...actual, timingSafeEqual: jest.fn(actual.timingSafeEqual) };
});

import { verifySignature, type SignatureCheck } from '../../../../nodes/SixtyfourWebhookTrigger/helpers/signature';

const SECRET = `sk_whsec_${'ab12'.repeat(16)}`;
const NOW = 1_770_000_000;
const BODY = Buffer.from('{"event_id":"e1",  "run_id":"run_1","results":[{"name":"Zoë"}]}');

/** The signature Sixtyfour sends, computed here independently of the node's code. */
function sign(secret: string, timestamp: number | string, body: Uint8Array): string {
	return crypto.createHmac('sha256', Buffer.from(secret, 'utf8')).update(Buffer.concat([Buffer.from(`${timestamp}.`), body])).digest('hex');
}

function check(header: string | undefined, overrides: Partial<SignatureCheck> = {}): ReturnType<typeof verifySignature> {
	return verifySignature({ header, rawBody: BODY, secret: SECRET, nowSeconds: NOW, toleranceSeconds: 300, allowUnsigned: false, ...overrides });
}

describe('verifySignature', () => {
	test('a delivery signed with the secret over t and the raw body is accepted', () => {
		expect(check(`t=${NOW},v1=${sign(SECRET, NOW, BODY)}`)).toEqual({ ok: true, signed: true });
	});

	test('the MAC covers the raw bytes: the same JSON re-serialised does not verify', () => {
		const reserialised = Buffer.from(JSON.stringify(JSON.parse(BODY.toString())));
		expect(check(`t=${NOW},v1=${sign(SECRET, NOW, reserialised)}`)).toMatchObject({ ok: false, status: 401 });
	});

	test('rotation: any of several v1 segments may match, first or last', () => {
		const good = sign(SECRET, NOW, BODY);
		const old = sign('sk_whsec_old', NOW, BODY);
		expect(check(`t=${NOW},v1=${old},v1=${good}`)).toEqual({ ok: true, signed: true });
		expect(check(`t=${NOW},v1=${good},v1=${old}`)).toEqual({ ok: true, signed: true });
		expect(check(`t=${NOW}, v1=${old}, v0=zz, v1=${good}`)).toEqual({ ok: true, signed: true });
	});

	test('every v1 segment is compared with timingSafeEqual, also after one matched', () => {
		const compare = crypto.timingSafeEqual as jest.Mock;
		compare.mockClear();
		const good = sign(SECRET, NOW, BODY);
		expect(check(`t=${NOW},v1=${good},v1=${sign('other', NOW, BODY)},v1=${good}`)).toEqual({ ok: true, signed: true });
		expect(compare).toHaveBeenCalledTimes(3);
	});

	test('forged (another secret), tampered body and a changed t are 401', () => {
		expect(check(`t=${NOW},v1=${sign('sk_whsec_forged', NOW, BODY)}`)).toMatchObject({ ok: false, status: 401 });
		const tampered = Buffer.from(BODY.toString().replace('Zoë', 'Zoe'));
		expect(check(`t=${NOW},v1=${sign(SECRET, NOW, BODY)}`, { rawBody: tampered })).toMatchObject({ ok: false, status: 401 });
		expect(check(`t=${NOW - 1},v1=${sign(SECRET, NOW, BODY)}`)).toMatchObject({ ok: false, status: 401 });
		expect(check(`t=${NOW},v1=${sign(SECRET, NOW, BODY).slice(0, 40)}`)).toMatchObject({ ok: false, status: 401 });
		expect(check(`t=${NOW},v1=not-hex`)).toMatchObject({ ok: false, status: 401 });
	});

	test('the timestamp must fall within the tolerance, both ways; the tolerance is configurable', () => {
		const at = (t: number, toleranceSeconds = 300) => check(`t=${t},v1=${sign(SECRET, t, BODY)}`, { toleranceSeconds });
		expect(at(NOW - 300)).toEqual({ ok: true, signed: true });
		expect(at(NOW + 300)).toEqual({ ok: true, signed: true });
		expect(at(NOW - 301)).toMatchObject({ ok: false, status: 401, reason: expect.stringContaining('301 s old') });
		expect(at(NOW + 301)).toMatchObject({ ok: false, status: 401, reason: expect.stringContaining('in the future') });
		expect(at(NOW - 900, 1000)).toEqual({ ok: true, signed: true });
		expect(at(NOW - 61, 60)).toMatchObject({ ok: false, status: 401 });
	});

	test('a header that cannot be read is 400', () => {
		const mac = sign(SECRET, NOW, BODY);
		for (const header of [`v1=${mac}`, `t=${NOW}`, `t=${NOW},t=${NOW},v1=${mac}`, `t=soon,v1=${mac}`, `t=${NOW};v1=${mac}`, 'garbage']) {
			expect(check(header)).toMatchObject({ ok: false, status: 400, reason: expect.stringContaining('malformed') });
		}
	});

	test('unsigned deliveries are refused unless allowed; a signed one is still verified when they are allowed', () => {
		expect(check(undefined)).toMatchObject({ ok: false, status: 401, reason: expect.stringContaining('unsigned') });
		expect(check('')).toMatchObject({ ok: false, status: 401 });
		expect(check(undefined, { allowUnsigned: true })).toEqual({ ok: true, signed: false });
		expect(check(`t=${NOW},v1=${sign('forged', NOW, BODY)}`, { allowUnsigned: true })).toMatchObject({ ok: false, status: 401 });
	});

	test('without a secret in the credential every signed delivery is refused, and the reason says so', () => {
		expect(check(`t=${NOW},v1=${sign(SECRET, NOW, BODY)}`, { secret: '' })).toMatchObject({
			ok: false,
			status: 401,
			reason: expect.stringContaining('no Webhook Signing Secret'),
		});
	});

	test('the secret is keyed as UTF-8 and pasted whitespace around it is ignored', () => {
		const secret = 'sk_whsec_clé';
		expect(check(`t=${NOW},v1=${sign(secret, NOW, BODY)}`, { secret: ` ${secret}\n` })).toEqual({ ok: true, signed: true });
	});

	test('no reason names the secret, the expected MAC or the body', () => {
		const mac = sign(SECRET, NOW, BODY);
		const verdicts = [
			check(`t=${NOW},v1=${sign('forged', NOW, BODY)}`),
			check(`t=${NOW - 999},v1=${sign(SECRET, NOW - 999, BODY)}`),
			check('t=x'),
			check(undefined),
		];
		for (const verdict of verdicts) {
			const text = JSON.stringify(verdict);
			expect(text).not.toContain(SECRET);
			expect(text).not.toContain(mac);
			expect(text).not.toContain('Zoë');
		}
	});
});
