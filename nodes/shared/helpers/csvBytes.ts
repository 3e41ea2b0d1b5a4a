// Byte-level steps of the CSV parser (csvParser.ts): reading the bytes of a download as text.

export function asBuffer(chunk: Uint8Array): Buffer {
	return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

export function isHighSurrogate(code: number): boolean {
	return code >= 0xd800 && code <= 0xdbff;
}

/** A byte is beyond ASCII: the first of a UTF-8 sequence, or one of its continuation bytes. */
function isHigh(bytes: Uint8Array, index: number): boolean {
	return bytes[index] >= 0x80;
}

/**
 * Where each run of bytes beyond ASCII starts in `bytes`, then a position past the end, so that a
 * cursor walking forward always finds a number. Reads four bytes at a time where it can: most
 * text is ASCII.
 */
function highByteRuns(bytes: Uint8Array, runs: number[]): void {
	runs.length = 0;
	const length = bytes.length;
	const noteRunStart = (index: number) => {
		if (isHigh(bytes, index) && (index === 0 || !isHigh(bytes, index - 1))) runs.push(index);
	};
	const head = Math.min(length, (4 - (bytes.byteOffset & 3)) & 3);
	for (let i = 0; i < head; i++) noteRunStart(i);
	const wordCount = (length - head) >> 2;
	const words = wordCount > 0 ? new Uint32Array(bytes.buffer, bytes.byteOffset + head, wordCount) : new Uint32Array(0);
	for (let w = 0; w < words.length; w++) {
		if ((words[w] & 0x80808080) === 0) continue;
		const first = head + w * 4;
		for (let i = first; i < first + 4; i++) noteRunStart(i);
	}
	for (let i = head + words.length * 4; i < length; i++) noteRunStart(i);
	runs.push(length + 1);
}

/**
 * The parser's decoding step: `bytes` as Latin-1 text, one character a byte, with `highByteRuns`
 * written to `runs`. The benchmark times it alone, to break the node's time down.
 */
export function decodeBatch(bytes: Buffer, runs: number[]): string {
	highByteRuns(bytes, runs);
	return bytes.toString('latin1');
}
