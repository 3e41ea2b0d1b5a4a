// @ts-check
'use strict';

/**
 * @typedef {{ loc: (string | number)[], msg: string, type: string }} FieldError
 */

/** An API answer other than 200: thrown by the API model, written out by the HTTP layer. */
class ApiError extends Error {
	/**
	 * @param {number} status
	 * @param {unknown} body
	 */
	constructor(status, body) {
		super(`Sixtyfour emulator: HTTP ${status} ${JSON.stringify(body)}`);
		this.name = 'ApiError';
		this.status = status;
		this.body = body;
	}
}

/**
 * The `{error, message}` shape Sixtyfour uses for every error except validation.
 * @param {number} status
 * @param {string} error
 * @param {string} message
 */
function apiError(status, error, message) {
	return new ApiError(status, { error, message });
}

/**
 * FastAPI's 422: `{"detail": [{loc, msg, type}, ...]}`.
 * @param {FieldError[]} detail
 */
function validationError(detail) {
	return new ApiError(422, { detail });
}

/**
 * The field error FastAPI gives a value outside an enum.
 * @param {(string | number)[]} loc
 * @param {readonly string[]} values the allowed ones, in order
 * @returns {FieldError}
 */
function enumError(loc, values) {
	const quoted = values.map((v) => `'${v}'`);
	return { loc, msg: `Input should be ${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`, type: 'enum' };
}

module.exports = { ApiError, apiError, validationError, enumError };
