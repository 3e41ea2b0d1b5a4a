import type { IDataObject } from 'n8n-workflow';

import { hasOwn, ownValue } from '../../shared/helpers/ownProperty';
import { readPollState, type PollState } from './pollState';

/*
 * Why the activation baseline is kept twice. The legacy poller keeps what the activation poll
 * stores in the node's static data. n8n's durable scheduler (on by default from n8n 2.45) runs the
 * activation poll as a test and keeps nothing it stages in the node's state, its poll cursor: only
 * scheduled polls commit it. A baseline recorded by the first scheduled poll would make every run
 * that finished between activation and that poll (up to a whole poll interval) count as history.
 * So the activation poll also writes its baseline into the workflow's global static data, which n8n
 * saves when it activates the workflow, under either poller; a later poll that finds no state of its
 * own starts from it instead of recording a new baseline. Once the node has a state, the copy is
 * dropped, and it is never read while the node's state exists.
 */

/** Key in the workflow's global static data, per node name (as n8n keys the node's own static data). */
function keyOf(nodeName: string): string {
	return `sixtyfourTriggerBaseline:${nodeName}`;
}

/** The baseline the activation poll recorded, when the node's own state was not kept. */
export function keptBaseline(workflowData: IDataObject, nodeName: string): PollState | undefined {
	const kept = ownValue(workflowData, keyOf(nodeName));
	return typeof kept === 'object' && kept !== null && !Array.isArray(kept) ? readPollState(kept as IDataObject) : undefined;
}

export function keepBaseline(workflowData: IDataObject, nodeName: string, baseline: PollState): void {
	workflowData[keyOf(nodeName)] = JSON.parse(JSON.stringify(baseline)) as IDataObject;
}

/** Drops the copy; writes nothing when there is none, so that n8n has nothing to save. */
export function dropBaseline(workflowData: IDataObject, nodeName: string): void {
	const key = keyOf(nodeName);
	if (hasOwn(workflowData, key)) delete workflowData[key];
}
