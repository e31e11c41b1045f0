// The 5 Whys: commands on the tree and the panel, and the tree rows. Registered at activation (contributeWhys),
// loaded on first use.
export { contributeWhys, type WhysFeature } from './contributeWhys';
export type { WhysWorkbench } from './loadWhys';
export { whyLeaves } from './whyLeaf';
