/**
 * Parts of the widget that few readers use, loaded as chunks of their own on first
 * use from beside the widget's script. A view asks `get()`: the module once it has
 * arrived, else `undefined` (and the load starts); every element redraws when one
 * arrives or fails (`lazyLoaded`). A part's styles travel with it (`addStyles`).
 */
import type { CSSResult, ReactiveController, ReactiveControllerHost } from 'lit';
import { clock } from './clock.js';

/** Fires `change` when a lazily loaded module arrived or failed to. */
export const lazyLoaded = new EventTarget();

/** A failed load (offline, a deploy removed the chunk) is tried again after this long. */
const RETRY_MS = 5000;

export class Lazy<T> {
  private module: T | undefined;
  private loading = false;
  private failedAt = 0;

  constructor(private readonly load: () => Promise<T>) {}

  /** The last load failed, and no new one has started: the view says it cannot open. */
  get failed(): boolean {
    return this.failedAt > 0 && !this.loading;
  }

  /** The module, or `undefined` while it loads (or after a failure, until a retry is due). */
  get(): T | undefined {
    if (this.module || this.loading || clock.now() - this.failedAt < RETRY_MS) return this.module;
    this.loading = true;
    this.load().then(
      (module) => {
        this.module = module;
        this.done(0);
      },
      () => this.done(clock.now()),
    );
    return undefined;
  }

  private done(failedAt: number): void {
    this.loading = false;
    this.failedAt = failedAt;
    lazyLoaded.dispatchEvent(new Event('change'));
  }
}

/** Styles brought by the parts loaded so far, in load order. */
const partStyles: CSSStyleSheet[] = [];

/**
 * Adds the styles of a part loaded on first use (called by its chunk as it loads):
 * every widget adopts them, after its own, before it redraws with the part.
 */
export function addStyles(styles: CSSResult): void {
  partStyles.push(styles.styleSheet!);
}

/**
 * Redraws its host (by `redraw`, a full redraw by default) whenever a lazily loaded
 * module arrives or fails, after adopting the styles the module brought.
 */
export class LazyRedraw implements ReactiveController {
  constructor(
    private readonly host: ReactiveControllerHost & { readonly renderRoot: ParentNode },
    private readonly redraw: () => void = () => host.requestUpdate(),
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    lazyLoaded.addEventListener('change', this.onChange);
    this.adoptStyles();
  }

  hostDisconnected(): void {
    lazyLoaded.removeEventListener('change', this.onChange);
  }

  private readonly onChange = (): void => {
    this.adoptStyles();
    this.redraw();
  };

  private adoptStyles(): void {
    const root = this.host.renderRoot as ShadowRoot;
    const missing = partStyles.filter((sheet) => !root.adoptedStyleSheets.includes(sheet));
    if (missing.length) root.adoptedStyleSheets = [...root.adoptedStyleSheets, ...missing];
  }
}
