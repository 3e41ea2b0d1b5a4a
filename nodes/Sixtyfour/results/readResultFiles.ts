import type { IBinaryData } from 'n8n-workflow';

import type { ResultFile } from '../helpers/apiTypes';
import type { FileChoice } from '../helpers/resultFiles';
import type { ResultContext } from '../transport/resultFileDownload';
import { fetchChosenFiles } from './resultLinks';
import { withResultFileBody } from './resultFileBody';

type BinarySource = Parameters<ResultContext['helpers']['prepareBinaryData']>[0];

export interface FileBinary {
	file: ResultFile;
	binary: IBinaryData;
}

/** A run's chosen result files as n8n binary data, streamed into n8n's binary store unparsed. */
export async function readResultFiles(
	this: ResultContext,
	runId: string,
	choice: FileChoice,
): Promise<FileBinary[]> {
	const files = await fetchChosenFiles.call(this, runId, choice);
	const result: FileBinary[] = [];
	for (const file of files) {
		const binary = await withResultFileBody(this, runId, file, async (body, signedFile) =>
			await this.helpers.prepareBinaryData(body as unknown as BinarySource, signedFile.filename, 'text/csv'),
		);
		result.push({ file, binary });
	}
	return result;
}
