import type { INodeProperties } from 'n8n-workflow';

import { operationProperty, type Operation } from '../operation';
import * as cancel from './cancel.operation';
import * as getMany from './getMany.operation';
import * as getResultLinks from './getResultLinks.operation';
import * as getResults from './getResults.operation';
import * as getStatus from './getStatus.operation';
import * as waitForCompletion from './waitForCompletion.operation';

/** The Run resource: a run by its job ID, or the runs list. Each operation works item by item. */
export const operations: Operation[] = [getMany, getStatus, waitForCompletion, getResults, getResultLinks, cancel];

export const description: INodeProperties[] = [
	operationProperty('run', operations, 'getStatus'),
	...operations.flatMap((operation) => operation.description),
];
