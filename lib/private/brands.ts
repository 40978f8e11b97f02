/** Marks a `DualStackVirtualNetwork`, which a subnet takes without importing it (no import cycle). */
export const DUAL_STACK_NETWORK = Symbol.for('aks-dualstack.DualStackVirtualNetwork');
