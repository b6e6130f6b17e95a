/**
 * The four Lit decorators the widget uses, for TypeScript's `experimentalDecorators`
 * only, which is how the widget is compiled. The build puts this module in place of
 * `lit/decorators.js` (widget/rollup.config.mjs), whose decorators also handle the
 * standard decorator proposal and cost about 1 KB gzip of the first load; the
 * effects are the same: `createProperty` on the class, a getter that queries the
 * render root, `customElements.define`.
 */
import type { PropertyDeclaration, ReactiveElement } from 'lit';

type ElementClass = typeof ReactiveElement;

export const customElement =
  (tagName: string) =>
  (element: CustomElementConstructor): void =>
    customElements.define(tagName, element);

export const property =
  (options?: PropertyDeclaration) =>
  (proto: object, name: PropertyKey): void =>
    (proto.constructor as ElementClass).createProperty(name, options);

export const state = (options?: PropertyDeclaration) =>
  property({ ...options, state: true, attribute: false });

export const query =
  (selector: string) =>
  (proto: object, name: PropertyKey): void => {
    Object.defineProperty(proto, name, {
      configurable: true,
      enumerable: true,
      get(this: ReactiveElement) {
        return this.renderRoot?.querySelector(selector) ?? null;
      },
    });
  };
