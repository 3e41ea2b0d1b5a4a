// @ts-check
'use strict';

const { createHmac, randomBytes, timingSafeEqual } = require('crypto');

/**
 * @typedef {'ok' | 'missing' | 'expired' | 'tampered'} SignatureCheck
 * @typedef {object} Signer
 * @property {(path: string, expires: number) => string} sign hex HMAC-SHA256 of the path and expiry
 * @property {(path: string, expires: string | null, signature: string | null, nowSeconds: number) => SignatureCheck} verify
 */

/**
 * Signs storage paths the way a cloud bucket's signed URLs work: the signature covers the path
 * and the expiry time, so changing either one invalidates the link.
 * @param {Buffer} [secret] a fresh random secret per emulator unless given
 * @returns {Signer}
 */
function createSigner(secret = randomBytes(32)) {
	/** @param {string} path @param {string} expires */
	const mac = (path, expires) => createHmac('sha256', secret).update(`${path}\n${expires}`).digest('hex');
	return {
		sign: (path, expires) => mac(path, String(expires)),
		verify(path, expires, signature, nowSeconds) {
			if (!expires || !signature) return 'missing';
			const expected = Buffer.from(mac(path, expires));
			const given = Buffer.from(signature);
			if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'tampered';
			return Number(expires) < nowSeconds ? 'expired' : 'ok';
		},
	};
}

module.exports = { createSigner };
