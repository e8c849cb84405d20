// Just enough of a DOM to run content/panel-render.js in Node: elements, text nodes,
// attributes, listeners. innerHTML and friends throw, so a renderer that used them fails.

class Node {
  constructor(doc) {
    this.ownerDocument = doc;
    this.childNodes = [];
    this.parentNode = null;
  }
  appendChild(child) {
    if (child.nodeType === 11) {
      for (const c of [...child.childNodes]) this.appendChild(c);
      return child;
    }
    if (child.parentNode) child.parentNode.childNodes.splice(child.parentNode.childNodes.indexOf(child), 1);
    child.parentNode = this;
    this.childNodes.push(child);
    return child;
  }
  get textContent() {
    return this.childNodes.map((c) => c.textContent).join('');
  }
}

class Text extends Node {
  constructor(doc, data) {
    super(doc);
    this.nodeType = 3;
    this.data = String(data);
  }
  get textContent() {
    return this.data;
  }
}

class Element extends Node {
  constructor(doc, tag) {
    super(doc);
    this.nodeType = 1;
    this.tagName = tag.toUpperCase();
    this.attributes = new Map();
    this.listeners = {};
  }
  setAttribute(name, value) {
    this.attributes.set(name, String(value));
  }
  getAttribute(name) {
    return this.attributes.has(name) ? this.attributes.get(name) : null;
  }
  removeAttribute(name) {
    this.attributes.delete(name);
  }
  remove() {
    if (this.parentNode) this.parentNode.childNodes.splice(this.parentNode.childNodes.indexOf(this), 1);
    this.parentNode = null;
  }
  addEventListener(type, fn) {
    (this.listeners[type] ||= []).push(fn);
  }
  set textContent(value) {
    this.childNodes = [new Text(this.ownerDocument, value)];
  }
  get textContent() {
    return super.textContent;
  }
  get children() {
    return this.childNodes.filter((c) => c.nodeType === 1);
  }
  /** All descendant elements, depth first. */
  *walk() {
    for (const c of this.children) {
      yield c;
      yield* c.walk();
    }
  }
  querySelectorAll(tag) {
    return [...this.walk()].filter((e) => e.tagName === tag.toUpperCase());
  }
}
for (const sink of ['innerHTML', 'outerHTML']) {
  Object.defineProperty(Element.prototype, sink, { get() { throw new Error(`${sink} used`); }, set() { throw new Error(`${sink} used`); } });
}
Element.prototype.insertAdjacentHTML = () => { throw new Error('insertAdjacentHTML used'); };

export function createDocument() {
  const doc = {
    createElement: (tag) => new Element(doc, tag),
    createTextNode: (data) => new Text(doc, data),
    write() { throw new Error('document.write used'); },
  };
  return doc;
}
