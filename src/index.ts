// leapfrog's single public entry point: everything public is a named export from here.
export * from './ad/index';
export { makeRng, type Rng } from './random/rng';
export { densityModel, type CompiledModel, type LogDensityAndGradient } from './models/model';
