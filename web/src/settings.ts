import type { AdviOptions, SamplerMethod } from '../../src/browser.js';

/**
 * The settings form: method and its settings, read into sampleAsync's or advi's options. The
 * inputs bound their values (min, max); what they let through is checked by leapfrog, whose
 * message then names the setting.
 */

export type Method = SamplerMethod | 'advi';

export interface McmcSettings {
  readonly method: SamplerMethod;
  readonly chains: number;
  readonly warmup: number;
  readonly draws: number;
  readonly seed: number;
  readonly adaptDelta: number;
  readonly maxTreeDepth: number;
  readonly metric: 'diag' | 'dense';
  readonly workers: number;
}

export type Settings = { readonly method: 'advi'; readonly options: AdviOptions } | ({ readonly kind: 'mcmc' } & McmcSettings);

/** Which settings each method shows (data-for on their labels). */
const SHOWN: Record<Method, readonly string[]> = {
  nuts: ['mcmc', 'nuts', 'hamiltonian'],
  hmc: ['mcmc', 'hamiltonian'],
  metropolis: ['mcmc'],
  advi: ['advi'],
};

export function initSettings(form: HTMLFormElement): void {
  const cores = Math.max(1, Math.min(16, navigator.hardwareConcurrency || 4));
  const workers = form.elements.namedItem('workers') as HTMLSelectElement;
  workers.innerHTML = Array.from({ length: Math.max(4, cores) }, (_, k) => `<option value="${k + 1}">${k + 1}</option>`).join('');
  workers.value = String(Math.min(4, cores));
  const method = form.elements.namedItem('method') as HTMLSelectElement;
  const adaptDelta = form.elements.namedItem('adaptDelta') as HTMLInputElement;
  const update = (): void => {
    const shown = SHOWN[method.value as Method];
    // Each sampler's own default target (leapfrog's and Stan's): 0.234 for Metropolis, 0.8 for HMC and NUTS.
    if (method.value === 'metropolis' && adaptDelta.value === '0.8') adaptDelta.value = '0.234';
    if (method.value !== 'metropolis' && adaptDelta.value === '0.234') adaptDelta.value = '0.8';
    for (const label of form.querySelectorAll<HTMLElement>('label[data-for]')) label.hidden = !shown.includes(label.dataset.for!);
  };
  method.addEventListener('change', update);
  update();
}

const numberOf = (form: HTMLFormElement, name: string): number => Number((form.elements.namedItem(name) as HTMLInputElement).value);
const textOf = (form: HTMLFormElement, name: string): string => (form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement).value;

export function readSettings(form: HTMLFormElement): Settings {
  const method = textOf(form, 'method') as Method;
  if (method === 'advi') {
    return { method, options: { algorithm: textOf(form, 'algorithm') as 'meanfield' | 'fullrank', draws: numberOf(form, 'draws'), seed: numberOf(form, 'seed') } };
  }
  return {
    kind: 'mcmc',
    method,
    chains: numberOf(form, 'chains'),
    warmup: numberOf(form, 'warmup'),
    draws: numberOf(form, 'draws'),
    seed: numberOf(form, 'seed'),
    adaptDelta: numberOf(form, 'adaptDelta'),
    maxTreeDepth: numberOf(form, 'maxTreeDepth'),
    metric: textOf(form, 'metric') as 'diag' | 'dense',
    workers: numberOf(form, 'workers'),
  };
}
