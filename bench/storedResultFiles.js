// @ts-check
'use strict';

// The emulator generates a synthetic result file afresh for every download, at about a tenth of the
// speed a parser reads it, so downloads of a 1M-row file would measure the generator, not the node.
// A storage host serves stored bytes. This memo sits in front of the emulator's CSV generator: a
// file's chunks are generated once, kept as bytes, and replayed on later downloads through the
// emulator's own storage route (signed links, headers, chunked transfer). It must be installed
// before the emulator is loaded, because the storage server takes the generator when it loads.
const csv = require('../test/emulator/csv');

/** Files with fewer rows are small enough to generate each time. */
const MIN_ROWS = 1000;

/** @type {Map<string, Buffer[]>} */
const stored = new Map();
let installed = false;

/** @param {import('../test/emulator/csv').CsvSource} source */
function fileKey(source) {
	const firstRow = source.rowCount > 0 ? csv.csvLine(csv.rowCells(source, 0)) : '';
	return `${source.columns.join(',')}|${source.rowCount}|${source.bom}|${firstRow}`;
}

function installStoredResultFiles() {
	if (installed) return;
	installed = true;
	const generate = csv.csvChunks;
	/** @type {typeof csv.csvChunks} */
	csv.csvChunks = function* storedChunks(source, endRow = source.rowCount, chunkChars) {
		if (endRow !== source.rowCount || source.rowCount < MIN_ROWS) {
			yield* generate(source, endRow, chunkChars);
			return;
		}
		const key = fileKey(source);
		const chunks = stored.get(key);
		if (chunks) {
			// Buffers, so replaying skips the UTF-8 encoding too, as a file served from disk would.
			yield* /** @type {any} */ (chunks);
			return;
		}
		/** @type {Buffer[]} */
		const generated = [];
		for (const chunk of generate(source, endRow, chunkChars)) {
			generated.push(Buffer.from(chunk));
			yield chunk;
		}
		stored.set(key, generated);
	};
}

module.exports = { installStoredResultFiles };
