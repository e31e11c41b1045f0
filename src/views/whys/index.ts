// The 5 Whys: commands on the tree and the panel, and the tree rows.
export { registerWhys, type WhysWorkbench } from './registerWhys';
export { whyLeaves } from './whyLeaf';
