// Building the DOM under the strict Content-Security-Policy the pages run under (no inline script or style, no
// eval): elements are made with createElement and text nodes only, so no markup is ever parsed, and no style or
// event-handler attribute is ever set (colours come from CSS classes, handlers from addEventListener).

const SVG_NS = 'http://www.w3.org/2000/svg';

/** An attribute's value: `true` sets it empty (`hidden`), null, undefined and false leave it out. */
export type AttributeValue = string | number | boolean | null | undefined;
export type Attributes = Readonly<Record<string, AttributeValue>>;
/** A child of an element: strings and numbers become text nodes; null, undefined and false are skipped. */
export type Child = Node | string | number | null | undefined | false;

/** The element of the page with this id, of this class (HTMLElement unless told); a missing one is a bug. */
export function byId(id: string): HTMLElement;
export function byId<T extends HTMLElement>(id: string, type: new () => T): T;
export function byId(id: string, type: new () => HTMLElement = HTMLElement): HTMLElement {
  const element = document.getElementById(id);
  if (!(element instanceof type)) throw new Error(`#${id} is missing from the page or is not a ${type.name}`);
  return element;
}

export function setAttributes(element: Element, attributes: Attributes): void {
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'style' || name.startsWith('on')) throw new Error(`refusing attribute ${name}`);
    element.setAttribute(name, value === true ? '' : String(value));
  }
}

/** An element with attributes and children (an array of children counts as its items). Never parses markup. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: (Child | readonly Child[])[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  setAttributes(element, attributes);
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === 'number' ? String(child) : child);
  }
  return element;
}

/** An SVG element with attributes and, if given, its text. */
export function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  text?: string,
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG_NS, tag);
  setAttributes(element, attributes);
  if (text !== undefined) element.textContent = text;
  return element;
}

/** Replaces what the container holds with these nodes (null, undefined and false are skipped). */
export function replace(container: Element, ...children: (Node | null | undefined | false | readonly Node[])[]): void {
  container.replaceChildren(...children.flat().filter((child): child is Node => Boolean(child)));
}
