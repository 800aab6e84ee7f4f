import type { Progress } from '../../src/browser.js';

/** One bar per chain, updated from sampleAsync's onProgress (warm-up, then sampling), and a status line. */

export interface ProgressView {
  update(progress: Progress): void;
  status(text: string, kind?: 'running' | 'done' | 'failed' | 'cancelled'): void;
}

export function createProgress(container: HTMLElement, chains: number, total: number, label: (chain: number) => string): ProgressView {
  const rows = Array.from({ length: chains }, (_, chain) => `<div class="chain" data-chain="${chain}"><span class="name">${label(chain)}</span><progress max="${total}" value="0"></progress><span class="phase">starting</span></div>`);
  container.innerHTML = `<p class="status" data-kind="running">Starting…</p>${rows.join('')}`;
  const status = container.querySelector<HTMLElement>('.status')!;
  return {
    update: (progress) => {
      const row = container.querySelector<HTMLElement>(`.chain[data-chain="${progress.chain}"]`);
      if (row === null) return;
      row.querySelector('progress')!.value = progress.iteration;
      const divergences = progress.divergences > 0 ? ` · ${progress.divergences} divergent` : '';
      row.querySelector('.phase')!.textContent = `${progress.phase === 'warmup' ? 'warm-up' : 'sampling'} ${progress.iteration}/${progress.totalIterations}${divergences}`;
      row.dataset.phase = progress.phase;
    },
    status: (text, kind = 'running') => {
      status.textContent = text;
      status.dataset.kind = kind;
    },
  };
}
