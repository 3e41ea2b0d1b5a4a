// Byte-level steps of the CSV parser (csvParser.ts): reading the bytes of a download as text.

export function asBuffer(chunk: Uint8Array): Buffer {
	return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

export function isHighSurrogate(code: number): boolean {
	return code >= 0xd800 && code <= 0xdbff;
}

/** No character of `text` from `start` to `end` is beyond ASCII. */
export function isAsciiText(text: string, start: number, end: number): boolean {
	for (let i = start; i < end; i++) {
		if (text.charCodeAt(i) >= 0x80) return false;
	}
	return true;
}

/**
 * The parser's decoding step: `bytes` as Latin-1 text, one character a byte, so that offsets in
 * the text are offsets in the bytes. The benchmark times it alone, to break the node's time down.
 */
export function decodeBatch(bytes: Buffer): string {
	return bytes.toString('latin1');
}
