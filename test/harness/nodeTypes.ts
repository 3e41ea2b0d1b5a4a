import type { IDataObject, INodeType, INodeTypes, IVersionedNodeType } from 'n8n-workflow';
import { ApplicationError, NodeHelpers } from 'n8n-workflow';

/** The node-type registry a harness Workflow resolves its nodes from, as n8n's NodeTypes does. */
export class HarnessNodeTypes implements INodeTypes {
	constructor(
		private readonly types: Record<string, INodeType | IVersionedNodeType>,
		private readonly resolved: (type: string, nodeType: INodeType) => INodeType = (_type, nodeType) =>
			nodeType,
	) {}

	getByName(type: string): INodeType | IVersionedNodeType {
		const nodeType = this.types[type];
		if (nodeType === undefined) {
			throw new ApplicationError(`The harness knows no node type "${type}"`, {
				extra: { known: Object.keys(this.types) },
			});
		}
		return nodeType;
	}

	getByNameAndVersion(type: string, version?: number): INodeType {
		return this.resolved(type, NodeHelpers.getVersionedNodeType(this.getByName(type), version));
	}

	getKnownTypes(): IDataObject {
		return {};
	}
}

/** The version n8n gives a node that is added to a workflow today: the newest one. */
export function latestVersion(nodeType: INodeType | IVersionedNodeType): number {
	if ('nodeVersions' in nodeType) return nodeType.currentVersion;
	const { version } = nodeType.description;
	return Array.isArray(version) ? Math.max(...version) : version;
}
