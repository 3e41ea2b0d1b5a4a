import { createHmac, timingSafeEqual } from 'crypto';

/** Sixtyfour's documented replay window. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

export interface SignatureCheck {
	/** The Sixtyfour-Signature header as received; undefined when absent. */
	header: string | undefined;
	/** The request body exactly as it arrived: the signature covers these bytes, not re-serialised JSON. */
	rawBody: Uint8Array;
	/** The signing secret (sk_whsec_…); empty when none is configured. */
	secret: string;
	nowSeconds: number;
	toleranceSeconds: number;
	allowUnsigned: boolean;
}

export type SignatureVerdict =
	/** `signed` false: accepted without a signature because unsigned deliveries are allowed. */
	| { ok: true; signed: boolean }
	/** 400 for a header that cannot be read, 401 for one that does not prove the delivery. */
	| { ok: false; status: 400 | 401; reason: string };

interface ParsedHeader {
	timestamp: string;
	v1: string[];
}

/**
 * Reads `t=<unix seconds>,v1=<hex>[,v1=<hex>…]` as a list of segments, not a map: during a secret
 * rotation there are several v1 segments and every one must be tried. Other schemes are skipped.
 */
function parseHeader(header: string): ParsedHeader | string {
	const timestamps: string[] = [];
	const v1: string[] = [];
	for (const segment of header.split(',')) {
		const at = segment.indexOf('=');
		if (at <= 0) return 'a segment is not key=value';
		const key = segment.slice(0, at).trim();
		const value = segment.slice(at + 1).trim();
		if (key === 't') timestamps.push(value);
		else if (key === 'v1') v1.push(value);
	}
	if (timestamps.length !== 1) return timestamps.length === 0 ? 'no t= timestamp' : 'more than one t= timestamp';
	if (!/^\d{1,12}$/.test(timestamps[0])) return 't= is not a number of seconds';
	if (v1.length === 0) return 'no v1= signature';
	return { timestamp: timestamps[0], v1 };
}

/** Whether any v1 segment is the expected MAC. Every segment is compared, in constant time, whatever the earlier ones gave. */
function anySegmentMatches(expected: Buffer, segments: string[]): boolean {
	let matched = false;
	for (const segment of segments) {
		const given = /^[0-9a-fA-F]*$/.test(segment) ? Buffer.from(segment, 'hex') : Buffer.alloc(0);
		const equal = given.length === expected.length && timingSafeEqual(given, expected);
		matched = equal || matched;
	}
	return matched;
}

/**
 * Verifies a delivery's Sixtyfour-Signature: HMAC-SHA256, keyed with the secret's UTF-8 bytes, of
 * `"{t}.{raw body}"`, matching any v1 segment, with t within the tolerance of now. The reason names
 * what failed, never the secret, the expected MAC or the body.
 */
export function verifySignature(check: SignatureCheck): SignatureVerdict {
	const header = check.header?.trim() ?? '';
	const secret = check.secret.trim();
	if (header === '' || secret === '') {
		if (check.allowUnsigned) return { ok: true, signed: false };
		return {
			ok: false,
			status: 401,
			reason:
				header === ''
					? 'the delivery is unsigned (no Sixtyfour-Signature header) and unsigned deliveries are not allowed'
					: 'the credential has no Webhook Signing Secret to verify the signature with',
		};
	}
	const parsed = parseHeader(header);
	if (typeof parsed === 'string') return { ok: false, status: 400, reason: `malformed Sixtyfour-Signature header: ${parsed}` };

	const mac = createHmac('sha256', Buffer.from(secret, 'utf8'));
	mac.update(`${parsed.timestamp}.`, 'utf8');
	mac.update(check.rawBody);
	if (!anySegmentMatches(mac.digest(), parsed.v1)) {
		return { ok: false, status: 401, reason: `no v1 signature (of ${parsed.v1.length}) matches the signing secret` };
	}
	const age = check.nowSeconds - Number(parsed.timestamp);
	if (Math.abs(age) > check.toleranceSeconds) {
		return {
			ok: false,
			status: 401,
			reason: `the signature's timestamp is ${Math.abs(Math.round(age))} s ${age >= 0 ? 'old' : 'in the future'}, beyond the ${check.toleranceSeconds} s tolerance`,
		};
	}
	return { ok: true, signed: true };
}
