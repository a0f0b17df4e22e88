// Parses Mermaid diagrams with the real `mermaid` package, many per process, for flowdsl's tests.
//
// Protocol: one JSON object per stdin line, `{"text": "<mermaid source>", "render": false}`; one
// JSON object per stdout line, in the same order:
//   {"ok": true, "type": "flowchart-v2", "graph": {...}}   the diagram parsed
//   {"ok": false, "error": "Parse error on line 3: ..."}    mermaid rejected it
// With `"render": true` the diagram is also drawn to SVG (layout included: ~40 ms, so only on
// request) and the reply carries `svg`, or `ok: false` with the error that stopped drawing.
// `graph` (flowcharts only) is what mermaid's own flowchart database holds after parsing, so
// tests can check structure and that no label smuggled in nodes, edges, classes or clicks:
//   vertices:  [{id, type, text, raw, classes, link, callback}]   text = what a reader sees
//   edges:     [{start, end, text, raw, stroke, type}]
//   subgraphs: [{id, title, raw, nodes, classes}]
//   classes:   {name: [style, ...]}
//   tooltips:  number of tooltips set (by `click` directives)
// `raw` is the label as mermaid stores it before display; `text` decodes mermaid's entity
// placeholders, then reads the label as HTML (entities decoded, tags dropped, `<br>` as a
// newline), as drawn.
import { createInterface } from 'node:readline';
import { JSDOM } from 'jsdom';

// mermaid sanitises labels with DOMPurify, which needs a DOM at import time: give it jsdom's.
const dom = new JSDOM('<!doctype html><html><body></body></html>', { pretendToBeVisual: true });
globalThis.window = dom.window;
globalThis.document = dom.window.document;
for (const name of ['CSSStyleSheet', 'Element', 'HTMLElement', 'SVGElement', 'DOMParser', 'MutationObserver']) {
  globalThis[name] ??= dom.window[name];
}
// jsdom has no layout engine: give text a plausible size so mermaid's layout (dagre) can run.
const extent = (node) => 8 * (node.textContent ?? '').length + 10;
dom.window.SVGElement.prototype.getBBox = function () {
  return { x: 0, y: 0, width: extent(this), height: 20 };
};
dom.window.SVGElement.prototype.getComputedTextLength = function () {
  return extent(this);
};
// mermaid waits until images in labels have loaded; jsdom loads none, so call them all loaded.
Object.defineProperty(dom.window.HTMLImageElement.prototype, 'complete', { get: () => true });
dom.window.HTMLElement.prototype.getBoundingClientRect = function () {
  const width = extent(this);
  return { x: 0, y: 0, width, height: 20, top: 0, left: 0, right: width, bottom: 20 };
};
const { default: mermaid } = await import('mermaid');
// 'loose' makes mermaid record `click` callbacks too, so an injected one is visible in `graph`.
mermaid.initialize({ startOnLoad: false, securityLevel: 'loose' });

const decoder = document.createElement('template');

// Mirrors mermaid's decodeEntities (its placeholders for `&#`, `&` and `;`), then reads the
// result as HTML the way an HTML label is drawn: entities decoded, markup reduced to its text,
// and mermaid's line breaks (`<br>`, `<br/>`) as "\n".
function display(raw) {
  if (typeof raw !== 'string') return raw ?? null;
  const html = raw.replace(/ﬂ°°/g, '&#').replace(/ﬂ°/g, '&').replace(/¶ß/g, ';');
  decoder.innerHTML = html.replace(/<br\s*\/?>/gi, '\n');
  return decoder.content.textContent;
}

function flowchart(db) {
  const vertices = [...db.getVertices().values()].map((v) => ({
    id: v.id,
    type: v.type ?? null,
    text: display(v.text),
    raw: v.text ?? null,
    classes: [...v.classes],
    link: v.link ?? null,
    callback: Boolean(v.haveCallback),
  }));
  const edges = db.getEdges().map((e) => ({
    start: e.start,
    end: e.end,
    text: display(e.text),
    raw: e.text ?? null,
    stroke: e.stroke,
    type: e.type,
  }));
  const subgraphs = db.getSubGraphs().map((s) => ({
    id: s.id,
    title: display(s.title),
    raw: s.title,
    nodes: [...s.nodes],
    classes: [...s.classes],
  }));
  const classes = Object.fromEntries([...db.getClasses()].map(([name, c]) => [name, [...c.styles]]));
  return { vertices, edges, subgraphs, classes, tooltips: db.tooltips?.size ?? 0 };
}

let renders = 0;
let stuck = false;
const RENDER_TIMEOUT_MS = 10000;

// A render that never settles would block mermaid's render queue for good: reply with the error,
// then exit so the harness starts a fresh process instead of hanging the test session.
async function draw(text) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => {
      stuck = true;
      reject(new Error(`render timed out after ${RENDER_TIMEOUT_MS} ms`));
    }, RENDER_TIMEOUT_MS);
  });
  try {
    return (await Promise.race([mermaid.render(`diagram${renders++}`, text), timeout])).svg;
  } finally {
    clearTimeout(timer);
  }
}

// mermaid.parse() keeps the diagram it builds to itself, but each diagram type's parser object is
// shared and holds the database of its latest parse in `parser.yy` (mermaid's Diagram.fromText):
// read it there instead of parsing every diagram twice.
const parsers = new Map();

async function database(type, text) {
  if (!parsers.has(type)) parsers.set(type, (await mermaid.mermaidAPI.getDiagramFromText(text)).parser);
  return parsers.get(type).parser.yy;
}

async function parse(text, render) {
  try {
    const { diagramType } = await mermaid.parse(text);
    const graph = diagramType.startsWith('flowchart') ? flowchart(await database(diagramType, text)) : null;
    const reply = { ok: true, type: diagramType, graph };
    if (render) reply.svg = await draw(text);
    return reply;
  } catch (error) {
    return { ok: false, error: String(error?.message ?? error) };
  }
}

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  if (!line.trim()) continue;
  let reply;
  try {
    const request = JSON.parse(line);
    reply = await parse(request.text, Boolean(request.render));
  } catch (error) {
    reply = { ok: false, error: `bad request: ${error.message}` };
  }
  process.stdout.write(`${JSON.stringify(reply)}\n`);
  if (stuck) process.exit(3);
}
