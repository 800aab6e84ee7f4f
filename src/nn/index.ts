// Neural-network layers on the AD core: dense layers and activations composed by
// `sequential` into a network whose parameters are a record of tensors.
export type { Layer } from './layer.js';
export { dense } from './dense.js';
export { activation, relu, reluLayer, tanhLayer } from './activation.js';
export { sequential, type Network, type NetworkParameters } from './sequential.js';
