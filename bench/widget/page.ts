/**
 * What the widget benchmark runs inside the page (installed by `addInitScript`,
 * so it is self-contained): history answers timed as their WebSocket frames
 * arrive, the scroll-back loop, keystroke and burst probes, and a node count of
 * the widget's shadow DOM.
 */

export interface BenchProbe {
  scrollBack(budgetMs: number): Promise<{
    frames: number[];
    pages: number[];
    /** History answers that arrived during the scroll. */
    answers: number;
    nodes: number;
    oldest: number;
    ms: number;
  }>;
  watchKeys(): void;
  keySettled(): Promise<void>;
  keys: number[];
  watchBurst(): void;
  burst(): {
    received: number;
    longest: number;
    longTasks: number;
    nodes: number;
    lastShown: boolean;
  };
  nodeCount(): number;
  /** The widget's WebSocket opened (the probes time WebSocket frames). */
  websocket: boolean;
}

declare global {
  interface Window {
    __bench: BenchProbe;
  }
}

export function inPage(): void {
  const answers: number[] = [];
  const Native = window.WebSocket;
  // Time each history answer as its frame arrives, before the widget's own listener runs.
  window.WebSocket = class extends Native {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      this.addEventListener('open', () => (probe.websocket = true));
      this.addEventListener('message', (event: MessageEvent) => {
        if (typeof event.data === 'string' && event.data.includes('"hasMore"'))
          answers.push(performance.now());
      });
    }
  };
  const root = () => document.querySelector('stock-chat')!.shadowRoot!;
  const frame = () => new Promise<number>((r) => requestAnimationFrame(r));
  const afterFrame = () =>
    new Promise<number>((resolve) =>
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve(performance.now());
        channel.port2.postMessage(null);
      }),
    );
  const seqs = () =>
    [...root().querySelectorAll<HTMLElement>('.message')]
      .map((m) => Number(m.dataset.seq))
      .filter((s) => s > 0);
  const nodeCount = () => {
    const walker = document.createTreeWalker(root(), NodeFilter.SHOW_ALL);
    let n = 0;
    while (walker.nextNode()) n += 1;
    return n;
  };
  let keyStart = 0;
  let received = 0;
  let longest = 0;
  let longTasks = 0;
  let burstNodes = 0;
  let lastText = '';

  const probe: BenchProbe = {
    websocket: false,
    keys: [],
    nodeCount,
    async scrollBack(budgetMs) {
      const list = root().querySelector<HTMLElement>('.messages')!;
      const frames: number[] = [];
      const pages: number[] = [];
      let nodes = nodeCount();
      const start = performance.now();
      let last = await frame();
      let oldest = Math.min(...seqs());
      const answersBefore = answers.length;
      let seenAnswers = answers.length;
      for (let i = 0; performance.now() - start < budgetMs && oldest > 1; i += 1) {
        list.scrollTop = Math.max(0, list.scrollTop - 300);
        const now = await frame();
        frames.push(now - last);
        last = now;
        const drawn = Math.min(...seqs());
        if (drawn < oldest && answers.length > seenAnswers) {
          pages.push(now - answers[answers.length - 1]);
          seenAnswers = answers.length;
        }
        oldest = Math.min(oldest, drawn);
        if (i % 20 === 0) nodes = Math.max(nodes, nodeCount());
      }
      return {
        frames,
        pages,
        answers: answers.length - answersBefore,
        nodes,
        oldest,
        ms: performance.now() - start,
      };
    },
    watchKeys() {
      const input = root().querySelector('textarea')!;
      input.addEventListener('keydown', (event) => (keyStart = event.timeStamp), { capture: true });
    },
    async keySettled() {
      const done = await afterFrame();
      probe.keys.push(done - keyStart);
    },
    watchBurst() {
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) {
          longest = Math.max(longest, entry.duration);
          if (entry.duration > 50) longTasks += 1;
        }
      }).observe({ type: 'longtask', buffered: false });
      const el = document.querySelector('stock-chat')!;
      el.addEventListener('stock-chat-message', (event) => {
        const { message, own } = (event as CustomEvent<{ message: { text: string }; own: boolean }>)
          .detail;
        if (own || !message.text.startsWith('burst ')) return;
        received += 1;
        lastText = message.text;
      });
      const sample = () => {
        burstNodes = Math.max(burstNodes, nodeCount());
        setTimeout(sample, 500);
      };
      sample();
    },
    burst() {
      const shown = [...root().querySelectorAll('[part~="message-text"]')].some(
        (n) => n.textContent === lastText,
      );
      return { received, longest, longTasks, nodes: burstNodes, lastShown: shown };
    },
  };
  window.__bench = probe;
}
